"""The evaluation's notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by ReviewsConfig.ready()): variables as services.py gives them
(invite_reviewer, decision_message_context)."""

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import SAMPLE_KEY, register_notification, sample_moment, sample_url

from .models import Decision, Grid


def _invitation_sample() -> dict:
    return {
        "grid": gettext("Présélection"),
        "call": gettext("Appel à candidatures EIG 10"),
        "closes_at": formats.date_format(sample_moment(day=20, hour=18, minute=0), "DATETIME_FORMAT"),
        "url": sample_url("evaluation:invitation", token=SAMPLE_KEY),
    }


register_notification(
    "reviewer_invitation",
    label=_("Invitation d'un évaluateur ou d'une évaluatrice"),
    variables={
        "grid": _("titre de la grille d'évaluation"),
        "call": _("titre de l'appel"),
        "closes_at": _("date et heure de fin de l'évaluation"),
        "url": _("lien personnel pour accepter l'invitation"),
    },
    sample=_invitation_sample,
)


def _decision_sample() -> dict:
    return {
        "call": gettext("Appel à candidatures EIG 10"),
        "phase": str(Grid.Phase.PRESCREENING.label),
        "number": "C-EIG10-0042",
        "admissible": False,
        "reason": str(Decision.Reason.RANKING.label),
        "note": gettext("Nous avons reçu cette année plus de 900 candidatures pour 40 places."),
    }


register_notification(
    "admissibility_decision",
    label=_("Décision d'admissibilité d'un dossier"),
    variables={
        "call": _("titre de l'appel"),
        "phase": _("phase de l'évaluation (Présélection, Jury)"),
        "number": _("numéro du dossier"),
        "admissible": _("vrai si le dossier est retenu pour la suite (à lire avec {% if admissible %})"),
        "reason": _("motif de la décision (ex. « Dossier incomplet »)"),
        "note": _("message de l'équipe joint à la décision (peut être vide)"),
    },
    sample=_decision_sample,
)
