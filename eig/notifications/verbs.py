"""The activity verbs of the outbox, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "notification.queued": _("Message mis en file d'envoi"),
        "notification.requeued": _("Message remis en file d'envoi"),
        "notification.sent": _("Message envoyé"),
        "notification.failed": _("Échec de l'envoi d'un message"),
        "email_text.saved": _("Texte d'une notification modifié"),
        "email_text.restored": _("Texte d'origine d'une notification rétabli"),
        # Messages to a group (broadcasts.py); « message envoyé » is also logged on each dossier concerned.
        "broadcast.drafted": _("Message groupé rédigé"),
        "broadcast.edited": _("Message groupé modifié"),
        "broadcast.sent": _("Message groupé envoyé"),
        "dossier.message_sent": _("Message envoyé"),
    }
)
