"""The activity verbs of the alumni network, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "alumnus.created": _("Entrepreneur·e devenu ancien ou ancienne"),
        "alumnus.profile_saved": _("Profil d'ancien modifié"),
        "alumnus.public_profile_saved": _("Profil public d'un ancien modifié"),
        "invitation.sent": _("Invitation envoyée à un ancien"),
        "invitation.accepted": _("Invitation acceptée : place créée"),
        "invitation.declined": _("Invitation déclinée"),
        "invitation.withdrawn": _("Invitation retirée"),
    }
)
