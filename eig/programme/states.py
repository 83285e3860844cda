"""The states of a fellow and of a signal: how each moves, what each allows, how it reads.

A fellow is created « arrivée en préparation » when their offer is accepted
(`fellows.make_fellow`); staff or the fellow confirm the start (`fellows.confirm_start`: « en
poste »); at the promotion's end staff close the programme (`fellows.finish`); a fellow who leaves
early is recorded by staff (`departures.record_departure`), before or after starting.

A signal is raised « nouveau » (`signals.raise_signal`); the programme team acknowledges it, follows
it up, and closes it with a note (`signals.move`): a closed signal does not reopen; a new
occurrence raises a new signal.
"""

from eig.core.states import StateTable

from .models import Fellow, Signal

FellowStatus = Fellow.Status

FELLOW = StateTable.build(
    FellowStatus,
    moves={
        FellowStatus.ACTIVE: {FellowStatus.ONBOARDING},
        FellowStatus.LEFT: {FellowStatus.ONBOARDING, FellowStatus.ACTIVE},
        FellowStatus.FINISHED: {FellowStatus.ACTIVE},
    },
    groups={
        # In the team: named on its page, writes retrospectives, counted in the overview.
        "in_team": {FellowStatus.ONBOARDING, FellowStatus.ACTIVE},
        "not_started": {FellowStatus.ONBOARDING},
        "writes_retrospectives": {FellowStatus.ACTIVE},
        "gone": {FellowStatus.LEFT, FellowStatus.FINISHED},
    },
    badges={
        FellowStatus.ONBOARDING: "new",
        FellowStatus.ACTIVE: "success",
        FellowStatus.LEFT: "warning",
        FellowStatus.FINISHED: "info",
    },
)

SignalState = Signal.State

SIGNAL = StateTable.build(
    SignalState,
    moves={
        SignalState.ACKNOWLEDGED: {SignalState.OPEN},
        # Followed up again: each follow-up note is logged, the latest shown on the signal.
        SignalState.FOLLOWED_UP: {SignalState.OPEN, SignalState.ACKNOWLEDGED, SignalState.FOLLOWED_UP},
        SignalState.CLOSED: {SignalState.OPEN, SignalState.ACKNOWLEDGED, SignalState.FOLLOWED_UP},
    },
    groups={
        "pending": {SignalState.OPEN, SignalState.ACKNOWLEDGED, SignalState.FOLLOWED_UP},
        "closed": {SignalState.CLOSED},
    },
    badges={
        SignalState.OPEN: "error",
        SignalState.ACKNOWLEDGED: "new",
        SignalState.FOLLOWED_UP: "info",
        SignalState.CLOSED: "success",
    },
)
