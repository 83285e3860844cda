"""The calls' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by CallsConfig.ready()): variables as receipts.py gives them."""

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_moment, sample_url


def _receipt_sample() -> dict:
    moment = sample_moment()
    return {
        "first_name": "Camille",
        "call_title": gettext("Appel à candidatures EIG 10"),
        "reference": "C-EIG10-0042",
        "version": 2,
        "submitted_on": f"{formats.date_format(moment, 'j F Y')} {moment:%H:%M:%S}",
        "digest": "3f7a9c2e1b5d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a",
        "kind": "applications",
        "url": sample_url("candidates:space"),
    }


register_notification(
    "dossier_receipt",
    label=_("Accusé de réception d'un dossier déposé"),
    variables={
        "first_name": _("prénom de la personne qui dépose"),
        "call_title": _("titre de l'appel"),
        "reference": _("numéro du dossier (ex. C-EIG10-0042)"),
        "version": _("numéro de la version déposée (1, 2…)"),
        "submitted_on": _("date et heure du dépôt, à la seconde (heure de Paris)"),
        "digest": _("empreinte SHA-256 du contenu déposé"),
        "kind": _("« applications » pour une candidature, « challenges » pour une proposition de défi"),
        "url": _("lien vers l'espace de la personne (« Mon espace » ou l'espace de l'administration)"),
    },
    sample=_receipt_sample,
)


def _complement_sample() -> dict:
    due = sample_moment(day=20, hour=12, minute=0)
    return {
        "first_name": "Camille",
        "call_title": gettext("Appel à candidatures EIG 10"),
        "reference": "C-EIG10-0042",
        "kind": "document",
        "message": gettext("Merci de nous transmettre votre dernier diplôme (PDF)."),
        # As complements.due_text writes it.
        "due_on": gettext("%(date)s à %(time)s") % {"date": formats.date_format(due, "j F Y"), "time": f"{due:%H:%M}"},
        "url": sample_url("candidates:complement", number="C-EIG10-0042", complement=1),
    }


register_notification(
    "complement_request",
    label=_("Demande de complément sur un dossier"),
    variables={
        "first_name": _("prénom de la personne titulaire du dossier"),
        "call_title": _("titre de l'appel"),
        "reference": _("numéro du dossier (ex. C-EIG10-0042)"),
        "kind": _("« document » pour un document à fournir, « answer » pour une réponse écrite"),
        "message": _("ce que l'équipe demande, tel qu'elle l'a écrit"),
        "due_on": _("date et heure limites de la réponse (heure de Paris)"),
        "url": _("lien vers la page de la demande dans l'espace de la personne"),
    },
    sample=_complement_sample,
)
