"""The states of a selection run and of an offer: how each moves, what each allows, how it reads.

A run is computed as a draft (`services.run_selection`); staff submit it to the approvers
(`freeze`), from a draft or after it was returned; an approver approves it (final: the
promotion's reference) or returns it with a comment (`approve`, `return_run`). Only a draft may
be deleted; the approvers never see one.

An offer is sent pending (`send_offers`, `confirm_replacement`); the laureate accepts or declines
it before the deadline (`respond`), or it expires (`expire_offers`); staff withdraw a pending or
accepted offer (`withdraw_offer`). A declined, expired or withdrawn offer leaves its position
vacant, to be replaced from the waiting list.
"""

from eig.core.states import StateTable

from .models import Offer, SelectionRun

RunState = SelectionRun.State

SELECTION_RUN = StateTable.build(
    RunState,
    moves={
        RunState.FROZEN: {RunState.DRAFT, RunState.RETURNED},
        RunState.APPROVED: {RunState.FROZEN},
        RunState.RETURNED: {RunState.FROZEN},
    },
    groups={
        # Staff's work in progress, deleted at will (a returned run stays on record: approvers read it).
        "deletable": {RunState.DRAFT},
        # What the approvers' pages show: submitted to them, or decided.
        "seen_by_approvers": {RunState.FROZEN, RunState.APPROVED, RunState.RETURNED},
        "awaiting_decision": {RunState.FROZEN},
        "decided": {RunState.APPROVED, RunState.RETURNED},
        # Offers, replacements and the publication come from it, and nothing changes it any more.
        "final": {RunState.APPROVED},
    },
    badges={RunState.DRAFT: "info", RunState.FROZEN: "new", RunState.APPROVED: "success", RunState.RETURNED: "warning"},
)

OfferStatus = Offer.Status

OFFER = StateTable.build(
    OfferStatus,
    moves={
        OfferStatus.ACCEPTED: {OfferStatus.PENDING},
        OfferStatus.DECLINED: {OfferStatus.PENDING},
        OfferStatus.EXPIRED: {OfferStatus.PENDING},
        OfferStatus.WITHDRAWN: {OfferStatus.PENDING, OfferStatus.ACCEPTED},
    },
    groups={
        "awaiting_answer": {OfferStatus.PENDING},
        # The offer holds its position (as the database's one_live_offer_per_position constraint says).
        "live": {OfferStatus.PENDING, OfferStatus.ACCEPTED},
        # Its position needs a replacement.
        "vacated": {OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN},
    },
    badges={
        OfferStatus.PENDING: "new",
        OfferStatus.ACCEPTED: "success",
        OfferStatus.DECLINED: "warning",
        OfferStatus.EXPIRED: "warning",
        OfferStatus.WITHDRAWN: "error",
    },
)
