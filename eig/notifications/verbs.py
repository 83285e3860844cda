"""The activity verbs of the outbox, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "notification.queued": _("Message mis en file d'envoi"),
        "notification.requeued": _("Message remis en file d'envoi"),
        "notification.sent": _("Message envoyé"),
        "notification.failed": _("Échec de l'envoi d'un message"),
    }
)
