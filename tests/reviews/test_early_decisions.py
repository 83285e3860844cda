"""Results never leave early (issue 13, point 4; field test, item 2).

Admissibility or rejection notices (eig.reviews.services.decide) are refused while the call is
still open: candidates may still change their dossier. Staff may override only by typing
EARLY_SEND_PHRASE; such a send is logged under a verb of its own.
"""

import datetime

import pytest
from django.utils import timezone

from eig.calls.models import Call
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.reviews import services
from eig.reviews.models import Decision
from tests.factories import StaffFactory
from tests.factories.reviews import closed_call, grid_of, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_call_grid():
    """A grid of a call that closes in three weeks, with one dossier already submitted."""
    call = closed_call()
    dossier = submitted_dossier(call)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + datetime.timedelta(days=21))
    call.refresh_from_db()
    return grid_of(call), dossier


def decide(grid, dossier, **kwargs):
    return services.decide(grid, [dossier], admissible=False, reason="profile", by=StaffFactory(), **kwargs)


def test_a_rejection_notice_is_refused_while_the_call_is_open(open_call_grid):
    grid, dossier = open_call_grid

    with pytest.raises(services.CallStillOpen, match="L'appel est encore ouvert jusqu'au"):
        decide(grid, dossier)

    assert not Decision.objects.exists()
    assert not OutboxMessage.objects.filter(template="admissibility_decision").exists()


def test_a_wrong_phrase_is_refused(open_call_grid):
    grid, dossier = open_call_grid

    with pytest.raises(services.CallStillOpen, match="La phrase tapée ne correspond pas"):
        decide(grid, dossier, early_confirmation="ENVOYER")

    assert not Decision.objects.exists()


def test_the_typed_phrase_sends_before_the_closing_and_is_logged(open_call_grid):
    grid, dossier = open_call_grid

    # Case, accents and extra spaces aside: what a person types on any keyboard.
    decide(grid, dossier, early_confirmation="  envoyer avant la  cloture ")

    assert Decision.objects.get(dossier=dossier).admissible is False
    assert OutboxMessage.objects.filter(template="admissibility_decision", recipient=dossier.owner.email).count() == 1
    entry = ActivityLog.objects.get(verb="call.decisions_sent_before_closing")
    assert (entry.target_id, entry.data["dossiers"], entry.data["grid"]) == (
        str(grid.call_id),
        [dossier.number],
        grid.pk,
    )


def test_after_the_closing_no_phrase_is_asked_and_nothing_is_logged_as_early(open_call_grid):
    grid, dossier = open_call_grid

    decide(grid, dossier, now=grid.call.closes_at)

    assert Decision.objects.filter(dossier=dossier).exists()
    assert not ActivityLog.objects.filter(verb="call.decisions_sent_before_closing").exists()
