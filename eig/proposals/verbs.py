"""The activity verbs of challenge proposals and administration agents, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "agent.joined": _("Demande de rattachement à une administration"),
        "agent.confirmed": _("Rattachement confirmé"),
        "agent.refused": _("Rattachement refusé"),
        "agent.domain_allowed": _("Domaine de messagerie autorisé"),
        "agent.domain_removed": _("Domaine de messagerie retiré"),
        "administration.siret_set": _("SIRET de l'administration enregistré"),
        "proposal.started": _("Proposition commencée"),
        "proposal.submitted": _("Proposition déposée"),
        # services.decide logs "proposal.<state reached>", one per decision it allows.
        "proposal.preselected": _("Présélectionnée"),
        "proposal.not_preselected": _("Non présélectionnée"),
        "proposal.auditioned": _("Auditionnée"),
        "proposal.selected": _("Retenue par le jury"),
        "proposal.not_selected": _("Non retenue"),
        "proposal.question_asked": _("Question posée"),
        "proposal.question_answered": _("Réponse à une question"),
        "proposal.validated": _("Validée : défi créé en brouillon"),
        "proposal.published": _("Publiée"),
        # The list of a call's selected challenges, before the approvers (approval.py).
        "challenge_selection.submitted": _("Défis retenus soumis aux valideurs"),
        "challenge_selection.approved": _("Défis retenus approuvés"),
        "challenge_selection.returned": _("Défis retenus renvoyés avec un commentaire"),
        "challenge_selection.outdated": _("Défis retenus modifiés depuis leur soumission"),
    }
)
