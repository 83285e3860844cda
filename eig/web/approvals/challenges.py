"""The selected challenges of a call for challenges before the approvers (a `Kind` of kit.py).

Staff submit the call's list (eig.proposals.approval.submit_selection: its content and SHA-256
digest are frozen); an approver reads it — each challenge's title, administration and positions
as submitted, with its summary, and whether the call's list still reads so — then approves it
(its challenges may then be published and offered to the candidates) or returns it with a
comment. Every list was submitted to them: none answers 404 here but one that does not exist.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.challenges.models import Challenge, Profile
from eig.proposals import approval, queries
from eig.proposals.models import ChallengeSelection
from eig.proposals.states import CHALLENGE_SELECTION

from .kit import Kind


@dataclass(frozen=True)
class ListedChallenge:
    """A challenge of the list as it was submitted, with its summary as it reads now."""

    pk: int
    title: str
    administration: str
    profiles: list[str]
    summary: str


def listed(selection: ChallengeSelection) -> list[ListedChallenge]:
    """The submitted challenges by title, with their positions' profiles; two queries."""
    labels = dict(Profile.objects.values_list("code", "label"))
    summaries = dict(
        Challenge.objects.filter(pk__in=[item["id"] for item in selection.content])
        .order_by()
        .values_list("pk", "summary")
    )
    rows = [
        ListedChallenge(
            pk=item["id"],
            title=item["title"],
            administration=item["administration"]["name"],
            profiles=[labels.get(p["profile"], p["profile"]) for p in item["positions"]],
            summary=summaries.get(item["id"], ""),
        )
        for item in selection.content
    ]
    return sorted(rows, key=lambda row: (row.title.casefold(), row.pk))


def _get(pk) -> ChallengeSelection:
    return get_object_or_404(ChallengeSelection.objects.select_related("call__promotion", "submitted_by"), pk=pk)


def _changes(selection: ChallengeSelection) -> approval.Changes:
    """What changed in the call's list since the submission, read once per page."""
    if not hasattr(selection, "changes_now"):
        selection.changes_now = approval.changes_since(selection)
    return selection.changes_now


def _intact(selection: ChallengeSelection) -> bool:
    """The stored list matches its digest and the call's list still reads so."""
    return selection.is_intact() and not _changes(selection)


def _context(selection: ChallengeSelection) -> dict:
    return {"challenges": listed(selection), "changes": _changes(selection)}


def _consequences(selection: ChallengeSelection) -> list[str]:
    return [
        _(
            "La liste des %(count)s défi(s) retenu(s) par l'appel « %(call)s » sera approuvée : l'équipe du "
            "programme pourra publier ces défis et les proposer aux candidats."
        )
        % {"count": len(selection.content), "call": selection.call.title},
        _(
            "Toute modification ultérieure de la liste (un défi ajouté ou retiré, un titre, une administration "
            "ou un poste changé) retirera ces défis de la publication jusqu'à une nouvelle approbation."
        ),
    ]


CHALLENGE_LISTS = Kind(
    template="approvals/challenges_detail.html",
    url_kwarg="selection",
    detail_name="approvals:challenges_detail",
    decide_name="approvals:challenges_decide",
    get=_get,
    title=lambda selection: _("Défis retenus : %(call)s") % {"call": selection.call.title},
    context=_context,
    intact=_intact,
    approvals=queries.challenge_approvals_of,
    can_decide=lambda selection: CHALLENGE_SELECTION.is_in(selection.state, "awaiting_decision"),
    ensure_decidable=approval.ensure_decidable,
    approve=approval.approve_selection,
    return_=approval.return_selection,
    confirm_title=lambda selection: _("Confirmer l'approbation : %(selection)s") % {"selection": selection},
    consequences=_consequences,
    back_label=gettext_lazy("Revenir à la liste des défis"),
    approved_message=gettext_lazy(
        "Liste approuvée : l'équipe du programme peut publier ces défis et les proposer aux candidats."
    ),
    returned_message=gettext_lazy("Liste renvoyée à l'équipe du programme avec votre commentaire."),
)
