"""The activity verbs of the editorial content, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "content.legacy_imported": _("Ancien site importé"),
    }
)
