"""The activity verbs of the dossier engine, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "dossier.started": _("Dossier commencé"),
        "dossier.step_saved": _("Étape enregistrée"),
        "dossier.file_attached": _("Fichier joint"),
        "dossier.file_removed": _("Fichier retiré"),
        "dossier.submitted": _("Dossier déposé"),
        "dossier.withdrawn": _("Dossier retiré"),
        "dossier.late_start_refused": _("Ouverture refusée : appel clos"),
        "dossier.late_edit_refused": _("Modification refusée : appel clos"),
        "dossier.late_submit_refused": _("Dépôt refusé : appel clos"),
    }
)
