"""The activity verbs of a candidate's wishes, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "dossier.wishes_set": _("Vœux enregistrés"),
        "dossier.wish_window_opened": _("Recueil des vœux ouvert"),
        "dossier.late_wishes_refused": _("Vœux refusés : recueil clos"),
    }
)
