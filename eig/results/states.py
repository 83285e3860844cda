"""The states of a deliverable: how it moves, what each allows, how it reads (eig.core.states).

A team declares a deliverable « à relire » (`deliverables.propose`); staff publish it (it becomes
an achievement of the challenge's public page) or return it to the team with a note; the team
corrects a returned one, which goes back « à relire ». A team that edits a published deliverable
takes it off the public page until staff read it again; staff unpublish one (back « à relire »).
The team withdraws (deletes) a deliverable until it is published.
"""

from eig.core.states import StateTable

from .models import Deliverable

DeliverableStatus = Deliverable.Status

DELIVERABLE = StateTable.build(
    DeliverableStatus,
    moves={
        # The team's edit (a returned one corrected, a published one taken back) and staff's unpublish.
        DeliverableStatus.PROPOSED: {
            DeliverableStatus.PROPOSED,
            DeliverableStatus.RETURNED,
            DeliverableStatus.PUBLISHED,
        },
        DeliverableStatus.RETURNED: {DeliverableStatus.PROPOSED},
        DeliverableStatus.PUBLISHED: {DeliverableStatus.PROPOSED, DeliverableStatus.RETURNED},
    },
    groups={
        "to_review": {DeliverableStatus.PROPOSED},
        # The team may still withdraw it (delete it): never once it is on the public page.
        "withdrawable": {DeliverableStatus.PROPOSED, DeliverableStatus.RETURNED},
        "public": {DeliverableStatus.PUBLISHED},
    },
    badges={
        DeliverableStatus.PROPOSED: "new",
        DeliverableStatus.RETURNED: "warning",
        DeliverableStatus.PUBLISHED: "success",
    },
)
