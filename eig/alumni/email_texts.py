"""The alumni's notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by AlumniConfig.ready()): variables as services.py gives them."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_url

from .models import Invitation

register_notification(
    "alumni_welcome",
    label=_("Bienvenue parmi les anciens"),
    variables={
        "name": _("nom de l'ancien ou de l'ancienne"),
        "promotion": _("promotion close (ex. EIG 9)"),
        "challenge": _("titre du défi de son équipe"),
        "url": _("lien vers sa page d'ancien"),
        "directory_url": _("lien vers l'annuaire des anciens"),
    },
    sample=lambda: {
        "name": "Camille Martin",
        "promotion": "EIG 9",
        "challenge": gettext("Mieux orienter les usagers des services publics"),
        "url": sample_url("alumni:profile"),
        "directory_url": sample_url("alumni:directory"),
    },
)
register_notification(
    "alumni_invitation",
    label=_("Invitation d'un ancien ou d'une ancienne par l'équipe"),
    variables={
        "name": _("nom de l'ancien ou de l'ancienne"),
        "kind": _("ce à quoi l'équipe invite (ex. « Siéger dans un jury »)"),
        "seat": _("la place proposée (ex. « le jury « Jury des candidatures EIG 10 » »)"),
        "message": _("message de l'équipe (peut être vide)"),
        "url": _("lien vers ses invitations"),
    },
    sample=lambda: {
        "name": "Camille Martin",
        "kind": str(Invitation.Kind.JURY.label),
        "seat": gettext("le jury « %(jury)s »") % {"jury": gettext("Jury des candidatures EIG 10")},
        "message": gettext("Votre regard d'ancienne nous serait précieux."),
        "url": sample_url("alumni:invitations"),
    },
)
