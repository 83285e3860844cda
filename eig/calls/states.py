"""The states of a dossier: how it moves, what each state allows, how it reads.

A dossier is created as a draft (`services.start_dossier`); it is submitted, and submitted again
while the call is open (each submit a new version: « Déposé » does not close it); the person
withdraws it, draft or submitted, and a withdrawn dossier is never edited or submitted again.
"""

from eig.core.states import StateTable

from .models import Dossier

Status = Dossier.Status

DOSSIER = StateTable.build(
    Status,
    moves={
        Status.SUBMITTED: {Status.DRAFT, Status.SUBMITTED},  # a resubmission is a move to the same state
        Status.WITHDRAWN: {Status.DRAFT, Status.SUBMITTED},
    },
    groups={
        # Its answers may still change (while the call is open: the services check the clock).
        "editable": {Status.DRAFT, Status.SUBMITTED},
        # What reviewers, jurors and the selection read: a submitted version exists.
        "submitted": {Status.SUBMITTED},
        # Nothing happens to it any more.
        "closed": {Status.WITHDRAWN},
    },
    badges={Status.DRAFT: "info", Status.SUBMITTED: "success", Status.WITHDRAWN: "error"},
)
