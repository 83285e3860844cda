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
        # Calls set up from the staff pages (setup.py).
        "call.created": _("Appel créé"),
        "call.duplicated": _("Appel copié d'un appel précédent"),
        "call.dates_changed": _("Dates de l'appel modifiées"),
    }
)

# The form builder (eig.calls.builder): each change of a call's form, logged on the call.
BUILDER_VERBS = register_verbs(
    {
        "call_form.step_added": _("Étape ajoutée au formulaire"),
        "call_form.step_edited": _("Étape du formulaire modifiée"),
        "call_form.step_deleted": _("Étape du formulaire supprimée"),
        "call_form.step_moved": _("Étape du formulaire déplacée"),
        "call_form.question_added": _("Question ajoutée au formulaire"),
        "call_form.question_edited": _("Question du formulaire modifiée"),
        "call_form.question_reworded": _("Formulation d'une question corrigée (l'ancienne est conservée)"),
        "call_form.question_deleted": _("Question du formulaire supprimée"),
        "call_form.question_moved": _("Question du formulaire déplacée"),
    }
)

# Requests for complement (eig.calls.complements), logged on the dossier.
COMPLEMENT_VERBS = register_verbs(
    {
        "dossier.complement_requested": _("Complément demandé"),
        "dossier.complement_answered": _("Complément fourni"),
        "dossier.complement_late_refused": _("Réponse à une demande de complément refusée : délai dépassé"),
    }
)
