"""The state table of a challenge proposal (eig.core.states.StateTable).

The selection runs draft → submitted → pre-selected (or not) → auditioned → selected (or not)
by the jury → validated by the programme → published. Each move has one service in
eig.proposals.services (submit_proposal, decide, validate_proposal, publish_proposal), which asks
this table and nothing else; the agents' pages, the staff pages and their templates read the
same groups and badges. No service withdraws a proposal: « withdrawn » is reached from nowhere.

The list of a call's selected challenges (ChallengeSelection) has its own table below,
CHALLENGE_SELECTION, read by eig.proposals.approval and the approvers' pages.
"""

from django.utils.translation import gettext as _

from eig.core.states import StateTable

from .models import ChallengeSelection, Proposal

State = Proposal.State

PROPOSAL = StateTable.build(
    State,
    moves={
        State.SUBMITTED: {State.DRAFT},  # submit_proposal (a resubmit keeps « submitted »)
        # decide(): the staff's decisions of the selection.
        State.PRESELECTED: {State.SUBMITTED},
        State.NOT_PRESELECTED: {State.SUBMITTED},
        State.AUDITIONED: {State.PRESELECTED},
        State.SELECTED: {State.AUDITIONED},
        State.NOT_SELECTED: {State.AUDITIONED, State.PRESELECTED},
        State.VALIDATED: {State.SELECTED},  # validate_proposal: the challenge is drafted
        State.PUBLISHED: {State.VALIDATED},  # publish_proposal: the challenge goes public
    },
    groups={
        # Until the selection starts, the agents may change and resubmit the dossier; after, it is
        # what the programme and the jury read: frozen (hooks.selection_has_started).
        "editable": {State.DRAFT, State.SUBMITTED},
        # The moves decide() takes, each with a comment and a notification (the others have their service).
        "decisions": {
            State.PRESELECTED,
            State.NOT_PRESELECTED,
            State.AUDITIONED,
            State.SELECTED,
            State.NOT_SELECTED,
        },
        # Where a proposal ends: nothing moves it any more.
        "closed": {State.NOT_PRESELECTED, State.NOT_SELECTED, State.PUBLISHED, State.WITHDRAWN},
    },
    badges={
        State.DRAFT: "info",
        State.SUBMITTED: "new",
        State.PRESELECTED: "success",
        State.NOT_PRESELECTED: "error",
        State.AUDITIONED: "new",
        State.SELECTED: "success",
        State.NOT_SELECTED: "error",
        State.VALIDATED: "success",
        State.PUBLISHED: "success",
        State.WITHDRAWN: "error",
    },
)


SelectionState = ChallengeSelection.State

# The list of a call's selected challenges (eig.proposals.approval): staff submit it (a new row each
# time), an approver approves or returns it; a change to the list outdates a submitted or approved one.
CHALLENGE_SELECTION = StateTable.build(
    SelectionState,
    moves={
        SelectionState.APPROVED: {SelectionState.SUBMITTED},
        SelectionState.RETURNED: {SelectionState.SUBMITTED},
        SelectionState.OUTDATED: {SelectionState.SUBMITTED, SelectionState.APPROVED},
    },
    groups={
        # The list standing for the call (one at most: one_live_challenge_selection_per_call).
        "live": {SelectionState.SUBMITTED, SelectionState.APPROVED},
        "awaiting_decision": {SelectionState.SUBMITTED},
        # Decided by an approver (an approved list later outdated was decided too: its approvals say so).
        "decided": {SelectionState.APPROVED, SelectionState.RETURNED},
        # Its challenges may be public and offered to candidates.
        "final": {SelectionState.APPROVED},
    },
    badges={
        SelectionState.SUBMITTED: "new",
        SelectionState.APPROVED: "success",
        SelectionState.RETURNED: "warning",
        SelectionState.OUTDATED: "error",
    },
)


def frozen_reason(state) -> str | None:
    """Why a proposal in `state` may no longer change (French), or None while it may."""
    if PROPOSAL.is_in(state, "editable"):
        return None
    return _(
        "La sélection de cette proposition a commencé (« %(state)s ») : son dossier ne peut plus être modifié."
    ) % {"state": PROPOSAL.label(state)}
