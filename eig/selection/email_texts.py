"""The selection's notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by SelectionConfig.ready()): variables as services.py gives them
(freeze, _decide, _offer_context, _outcome_context)."""

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_moment, sample_url

from .services import PROFILE_PEOPLE


def _call() -> str:
    return gettext("Appel à candidatures EIG 10")


def _run() -> str:
    return gettext("Appel à candidatures EIG 10 — Composition optimale des équipes #3")


register_notification(
    "selection_review",
    label=_("Proposition de promotion soumise aux valideurs"),
    variables={
        "name": _("nom de la personne qui valide"),
        "call": _("titre de l'appel"),
        "run": _("nom de la proposition de promotion"),
        "summary": _("résumé de la proposition"),
        "frozen_by": _("personne de l'équipe qui la soumet (peut être vide)"),
        "digest": _("empreinte SHA-256 de la version soumise"),
        "url": _("lien vers la proposition à examiner"),
    },
    sample=lambda: {
        "name": "Sacha Durand",
        "call": _call(),
        "run": _run(),
        "summary": gettext("40 personnes placées dans 14 équipes ; 12 sur liste d'attente."),
        "frozen_by": "Lou Bernard",
        "digest": "9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a3f7a9c2e",
        "url": sample_url("approvals:detail", run=3),
    },
)
register_notification(
    "selection_decision",
    label=_("Décision des valideurs sur une proposition de promotion"),
    variables={
        "call": _("titre de l'appel"),
        "run": _("nom de la proposition de promotion"),
        "approved": _("vrai si la proposition est approuvée (à lire avec {% if approved %})"),
        "approver": _("personne qui a décidé"),
        "comment": _("commentaire de la personne qui a décidé (peut être vide)"),
        "url": _("lien vers la proposition"),
    },
    sample=lambda: {
        "call": _call(),
        "run": _run(),
        "approved": True,
        "approver": "Sacha Durand",
        "comment": gettext("Les équipes sont équilibrées."),
        "url": sample_url("staff:selection_detail", slug="eig-10-candidatures", run=3),
    },
)

_OUTCOME = {
    "name": _("nom de la personne candidate"),
    "call": _("titre de l'appel"),
    "explanation": _("comment la décision a été prise, pour cette personne"),
    "url": _("lien vers l'espace candidat"),
}


def _outcome_sample() -> dict:
    return {
        "name": "Camille Martin",
        "call": _call(),
        "explanation": gettext(
            "Le jury vous a classée 3e sur le défi « Mieux orienter les usagers » ; deux personnes mieux "
            "classées ont demandé ce poste en premier vœu."
        ),
        "url": sample_url("candidates:space"),
    }


register_notification(
    "selection_offer",
    label=_("Proposition de poste à une personne retenue"),
    variables={
        **_OUTCOME,
        "challenge": _("titre du défi"),
        "administration": _("administration du défi"),
        "profile": _("profil du poste (ex. « designer »)"),
        "deadline": _("date et heure limites de la réponse"),
        "url": _("lien vers la proposition, pour l'accepter ou la décliner"),
    },
    sample=lambda: (
        _outcome_sample()
        | {
            "challenge": gettext("Mieux orienter les usagers des services publics"),
            "administration": gettext("Direction interministérielle du numérique"),
            "profile": str(PROFILE_PEOPLE["design"]),
            "deadline": formats.date_format(sample_moment(day=30, hour=12, minute=0), "DATETIME_FORMAT"),
            "explanation": gettext("Le jury vous a classée 1re sur ce défi, votre premier vœu."),
            "url": sample_url("candidates:offer", offer=12),
        }
    ),
)
register_notification(
    "selection_waiting_list",
    label=_("Liste d'attente après les auditions"),
    variables=_OUTCOME,
    sample=_outcome_sample,
)
register_notification(
    "selection_refusal",
    label=_("Candidature non retenue après les auditions"),
    variables=_OUTCOME,
    sample=_outcome_sample,
)
