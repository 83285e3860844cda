"""The activity log of a dossier, in words the programme team reads."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

VERBS = {
    "dossier.started": _("Dossier commencé"),
    "dossier.step_saved": _("Étape enregistrée"),
    "dossier.file_attached": _("Fichier joint"),
    "dossier.file_removed": _("Fichier retiré"),
    "dossier.wishes_set": _("Vœux enregistrés"),
    "dossier.submitted": _("Dossier déposé"),
    "dossier.withdrawn": _("Dossier retiré"),
    "dossier.wish_window_opened": _("Recueil des vœux ouvert"),
    "dossier.late_start_refused": _("Ouverture refusée : appel clos"),
    "dossier.late_edit_refused": _("Modification refusée : appel clos"),
    "dossier.late_submit_refused": _("Dépôt refusé : appel clos"),
    "dossier.late_wishes_refused": _("Vœux refusés : recueil clos"),
    "proposal.started": _("Proposition commencée"),
    "proposal.submitted": _("Proposition déposée"),
    "proposal.preselected": _("Présélectionnée"),
    "proposal.not_preselected": _("Non présélectionnée"),
    "proposal.auditioned": _("Auditionnée"),
    "proposal.selected": _("Retenue par le jury"),
    "proposal.not_selected": _("Non retenue"),
    "proposal.validated": _("Validée : défi créé en brouillon"),
    "proposal.published": _("Publiée"),
    "proposal.question_asked": _("Question posée"),
    "proposal.question_answered": _("Réponse à une question"),
}


@dataclass(frozen=True)
class Entry:
    at: object
    verb: str
    label: str
    actor: str
    details: str


def describe(entry) -> Entry:
    details = " ; ".join(f"{key} : {value}" for key, value in sorted((entry.data or {}).items()) if value != [])
    actor = entry.actor.email if entry.actor else ""
    return Entry(entry.at, entry.verb, str(VERBS.get(entry.verb, entry.verb)), actor, details)
