"""The activity verbs of uploaded files, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "file.stored": _("Fichier déposé"),
        "file.scanned": _("Fichier analysé par l'antivirus"),
    }
)
