"""A promotion's end (eig.results.closing): what is left before closing (warnings, never blockers
but « already closed »), and closing: fellows in post finish, challenges in progress end, a Closing,
the log, the `promotion_closed` signal — once."""

import datetime

import pytest
from django.utils import timezone

from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme.models import Fellow
from eig.results import closing
from eig.results.models import Closing, Deliverable, Handover
from eig.results.signals import promotion_closed
from tests.factories import ChallengeFactory
from tests.factories.closing import handover_outcome, published_deliverable, results_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return results_world()


def _keys(checklist):
    return {item.key: item.count for item in checklist.items}


def test_the_checklist_counts_what_is_left(world):
    Deliverable.objects.create(challenge=world.alpha, kind="dataset", title="Données", url="https://data.example/1")
    handover_outcome(world.alpha, Handover.Outcome.CONTINUED)

    checklist = closing.closing_checklist(world.promotion, world.now)

    last_day = closing.end_date(world.promotion)
    assert _keys(checklist) == {
        "fellows_onboarding": 1,  # Bob never started
        "fellows_active": 2,  # Ada and Cléo
        "handover_outcome": 1,  # Bêta
        "deliverables_to_review": 1,
        "programme_not_over": (last_day - timezone.localdate(world.now)).days,
        "photo_missing": None,
    }
    assert checklist.may_close and checklist.blockers == []
    messages = " ".join(item.message for item in checklist.items)
    assert "1 entrepreneur·e n'a jamais pris son poste" in messages
    assert "1 équipe n'a pas de devenir enregistré" in messages


def test_a_promotion_with_nothing_left_lists_only_what_closing_does(world):
    Fellow.objects.filter(user=world.user("bob")).update(status=Fellow.Status.LEFT)
    for team in (world.alpha, world.beta):
        handover_outcome(team, Handover.Outcome.STOPPED)
    published_deliverable(world.alpha)
    world.promotion.photo = "promotions/photo.png"
    world.promotion.save()

    checklist = closing.closing_checklist(world.promotion, _after_the_end(world))

    assert [(item.key, item.level) for item in checklist.items] == [("fellows_active", "info")]
    assert checklist.warnings == []


def _after_the_end(world):
    return timezone.make_aware(datetime.datetime.combine(closing.end_date(world.promotion), datetime.time(18)))


def test_closing_finishes_the_fellows_in_post_and_the_challenges_in_progress(world):
    selected = ChallengeFactory(promotion=world.promotion, status=Challenge.Status.SELECTED)

    done = closing.close_promotion(world.promotion, by=world.staff, now=world.now)

    statuses = dict(Fellow.objects.filter(promotion=world.promotion).values_list("user__email", "status"))
    assert statuses == {
        "ada@programme.example": Fellow.Status.FINISHED,
        "cleo@programme.example": Fellow.Status.FINISHED,
        "bob@programme.example": Fellow.Status.ONBOARDING,  # never started: closing leaves him as he is
    }
    ada = world.fellows["ada"]
    ada.refresh_from_db()
    assert ada.left_on == timezone.localdate(world.now)  # the programme has not reached its last day
    for challenge in (world.alpha, world.beta):
        challenge.refresh_from_db()
        assert challenge.status == Challenge.Status.FINISHED
    selected.refresh_from_db()
    assert selected.status == Challenge.Status.SELECTED
    assert Closing.objects.get(promotion=world.promotion) == done
    assert (done.closed_at, done.closed_by) == (world.now, world.staff)
    log = ActivityLog.objects.get(verb="promotion.closed")
    assert log.target_id == str(world.promotion.pk) and log.data["fellows_finished"] == 2
    assert ActivityLog.objects.filter(verb="fellow.finished").count() == 2


def test_fellows_finish_on_the_programme_s_last_day_when_it_has_passed():
    world = results_world(started_days=330)
    last_day = closing.end_date(world.promotion)
    assert last_day < timezone.localdate(world.now)

    closing.close_promotion(world.promotion, by=world.staff, now=world.now)

    assert set(Fellow.objects.filter(status=Fellow.Status.FINISHED).values_list("left_on", flat=True)) == {last_day}


def test_closing_sends_the_signal_once_and_refuses_a_second_time_in_french(world):
    heard = []

    def listener(sender, closing, by, **kwargs):
        heard.append((closing.promotion_id, by))

    promotion_closed.connect(listener)
    try:
        closing.close_promotion(world.promotion, by=world.staff, now=world.now)
        with pytest.raises(DomainError, match="Cette promotion est déjà close depuis le"):
            closing.close_promotion(world.promotion, by=world.staff, now=world.now)
    finally:
        promotion_closed.disconnect(listener)

    assert heard == [(world.promotion.pk, world.staff)]
    assert Closing.objects.count() == 1
    assert ActivityLog.objects.filter(verb="promotion.closed").count() == 1


def test_a_closed_promotion_s_checklist_says_it_is_closed(world):
    closing.close_promotion(world.promotion, by=world.staff, now=world.now)

    checklist = closing.closing_checklist(world.promotion, world.now)

    assert not checklist.may_close
    assert checklist.items == []
    assert checklist.blockers[0].startswith("Cette promotion est déjà close depuis le")
