"""The proposals' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by ProposalsConfig.ready()): variables as services.py gives them
(_notify_agent, _notify_administration)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_url

from .models import Proposal

_AGENT = {
    "first_name": _("prénom de l'agent"),
    "administration": _("nom de l'administration"),
    "url": _("lien vers l'espace de l'administration"),
}


def _agent_sample() -> dict:
    return {
        "first_name": "Dominique",
        "administration": gettext("Direction interministérielle du numérique"),
        "url": sample_url("administrations:space"),
    }


register_notification(
    "agent_confirmed",
    label=_("Agent confirmé pour une administration"),
    variables=_AGENT,
    sample=_agent_sample,
)
register_notification(
    "agent_refused",
    label=_("Demande d'un agent refusée"),
    variables={**_AGENT, "reason": _("motif du refus donné par l'équipe (peut être vide)")},
    sample=lambda: _agent_sample() | {"reason": gettext("Cette adresse n'appartient pas à l'administration.")},
)

_PROPOSAL = {
    "first_name": _("prénom de l'agent qui reçoit le message"),
    "reference": _("numéro du dossier de la proposition"),
    "title": _("nom du projet proposé"),
    "administration": _("nom de l'administration qui propose"),
    "call_title": _("titre de l'appel à défis"),
    "url": _("lien vers la proposition dans l'espace de l'administration"),
}


def _proposal_sample() -> dict:
    return {
        "first_name": "Dominique",
        "reference": "D-EIG10-0007",
        "title": gettext("Mieux orienter les usagers des services publics"),
        "administration": gettext("Direction interministérielle du numérique"),
        "call_title": gettext("Appel à défis EIG 10"),
        "url": sample_url("administrations:proposal", number="D-EIG10-0007"),
    }


register_notification(
    "proposal_decision",
    label=_("Nouvel état d'une proposition de défi"),
    variables={
        **_PROPOSAL,
        "state": _("nouvel état de la proposition (ex. « Présélectionnée », « Publiée »)"),
        "comment": _("commentaire de l'équipe, ou adresse du défi publié (peut être vide)"),
    },
    sample=lambda: (
        _proposal_sample()
        | {
            "state": str(Proposal.State.PRESELECTED.label),
            "comment": gettext("Le jury des défis se réunira le 2 avril."),
        }
    ),
)
register_notification(
    "proposal_question",
    label=_("Question de l'équipe sur une proposition de défi"),
    variables={**_PROPOSAL, "question": _("question posée par l'équipe du programme")},
    sample=lambda: (
        _proposal_sample()
        | {"question": gettext("Quelles données le projet utilisera-t-il, et sont-elles déjà accessibles ?")}
    ),
)

# The list of a call's selected challenges before the approvers (approval.py: submit_selection, _decide).
register_notification(
    "challenge_selection_review",
    label=_("Défis retenus soumis aux valideurs"),
    variables={
        "name": _("nom de la personne qui valide"),
        "call": _("titre de l'appel à défis"),
        "count": _("nombre de défis retenus"),
        "titles": _("les défis retenus, un par ligne, avec leur administration"),
        "submitted_by": _("personne de l'équipe qui la soumet (peut être vide)"),
        "digest": _("empreinte SHA-256 de la version soumise"),
        "url": _("lien vers la liste à examiner"),
    },
    sample=lambda: {
        "name": "Sacha Durand",
        "call": gettext("Appel à défis EIG 10"),
        "count": 2,
        "titles": "\n".join(
            [
                gettext("- Mieux orienter les usagers (Direction interministérielle du numérique)"),
                gettext("- Carte des îlots de chaleur (Ville de Lyon)"),
            ]
        ),
        "submitted_by": "Lou Bernard",
        "digest": "9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a3f7a9c2e",
        "url": sample_url("approvals:challenges_detail", selection=3),
    },
)
register_notification(
    "challenge_selection_decision",
    label=_("Décision des valideurs sur les défis retenus"),
    variables={
        "call": _("titre de l'appel à défis"),
        "approved": _("vrai si la liste est approuvée (à lire avec {% if approved %})"),
        "approver": _("personne qui a décidé"),
        "comment": _("commentaire de la personne qui a décidé (peut être vide)"),
        "url": _("lien vers la page des défis retenus de l'appel"),
    },
    sample=lambda: {
        "call": gettext("Appel à défis EIG 10"),
        "approved": True,
        "approver": "Sacha Durand",
        "comment": gettext("Les défis sont conformes aux délibérations du jury."),
        "url": sample_url("staff:challenge_selection", slug="appel-defis-eig-10"),
    },
)
