"""The notifications app's own notification, registered for the email texts the programme team
edits (eig.notifications.texts; imported by NotificationsConfig.ready()): the message to a group
(broadcasts.py), whose subject and body are the team's words, given as two plain variables."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .texts import register_notification, sample_url


def _broadcast_sample() -> dict:
    return {
        "name": "Camille Dupont",
        "subject": gettext("Votre dossier n'est pas encore déposé"),
        "body": gettext("Il vous reste une semaine pour déposer votre dossier : pensez aux pièces justificatives."),
        "reference": "C-EIG10-0042",
        "url": sample_url("public:home"),
    }


register_notification(
    "broadcast",
    label=_("Message de l'équipe à un groupe (« Écrire à un groupe »)"),
    variables={
        "name": _("prénom et nom de la personne (vide si inconnus)"),
        "subject": _("objet écrit par l'équipe, tel quel"),
        "body": _("message écrit par l'équipe, tel quel"),
        "reference": _("numéro du dossier concerné (vide quand le groupe n'est pas fait de dossiers)"),
        "url": _("adresse du site"),
    },
    sample=_broadcast_sample,
)
