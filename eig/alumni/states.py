"""The states of an invitation of an alumnus: how it moves, how it reads.

Staff send it « en attente de réponse » (`services.invite`); the alumnus accepts it (the seat of
the existing flow is created: `services.accept`) or declines it; staff withdraw it while it is
still waiting. An answered or withdrawn invitation does not move again: staff send a new one.
"""

from eig.core.states import StateTable

from .models import Invitation

InvitationStatus = Invitation.Status

INVITATION = StateTable.build(
    InvitationStatus,
    moves={
        InvitationStatus.ACCEPTED: {InvitationStatus.PENDING},
        InvitationStatus.DECLINED: {InvitationStatus.PENDING},
        InvitationStatus.WITHDRAWN: {InvitationStatus.PENDING},
    },
    groups={
        "pending": {InvitationStatus.PENDING},
        "answered": {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED},
    },
    badges={
        InvitationStatus.PENDING: "new",
        InvitationStatus.ACCEPTED: "success",
        InvitationStatus.DECLINED: "warning",
        InvitationStatus.WITHDRAWN: "info",
    },
)
