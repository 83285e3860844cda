"""The weekly retrospective: one dossier of the kit per fellow and ISO week; what its submission
records (mood, help asked, for the programme team only) and the « help asked » signal it raises once."""

import datetime

import pytest

from eig.calls import services as dossier_services
from eig.calls.models import Dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme import retrospectives
from eig.programme.fellows import finish
from eig.programme.models import Retrospective, Signal
from eig.programme.weeks import current_week, period_of, week_from_period, week_of
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import STEP, answers, weeks_ago, write

pytestmark = pytest.mark.django_db


def test_a_week_is_its_monday_and_reads_as_its_iso_week():
    assert week_of(datetime.date(2027, 2, 18)) == datetime.date(2027, 2, 15)
    assert period_of(datetime.date(2027, 2, 15)) == "2027-W07"
    assert period_of(datetime.date(2026, 12, 28)) == "2026-W53"
    assert week_from_period("2027-W07") == datetime.date(2027, 2, 15)
    assert week_from_period("2027-07") is None


def test_opening_a_week_starts_the_fellows_dossier_of_that_iso_week_once():
    world = programme_world()
    ada = world.fellows["ada"]
    week = weeks_ago(world, 1)
    first = retrospectives.open_retrospective(ada, week, by=ada.user, now=world.now)
    again = retrospectives.open_retrospective(ada, week + datetime.timedelta(days=3), by=ada.user, now=world.now)
    assert again.pk == first.pk
    assert first.week == week
    assert (first.dossier.owner, first.dossier.call, first.dossier.period) == (
        ada.user,
        world.retrospective_call,
        period_of(week),
    )
    assert Dossier.objects.filter(call=world.retrospective_call, owner=ada.user).count() == 1


def test_each_week_has_its_own_dossier():
    world = programme_world()
    ada = world.fellows["ada"]
    one = retrospectives.open_retrospective(ada, weeks_ago(world, 1), by=ada.user, now=world.now)
    two = retrospectives.open_retrospective(ada, weeks_ago(world, 0), by=ada.user, now=world.now)
    assert one.dossier_id != two.dossier_id


def test_a_week_before_the_start_is_refused():
    world = programme_world()
    ada = world.fellows["ada"]
    with pytest.raises(DomainError, match="précède votre prise de poste"):
        retrospectives.open_retrospective(
            ada, week_of(ada.started_on) - datetime.timedelta(weeks=1), by=ada.user, now=world.now
        )
    assert not Retrospective.objects.exists()


def test_a_week_to_come_is_refused():
    world = programme_world()
    ada = world.fellows["ada"]
    with pytest.raises(DomainError, match="pas encore commencé"):
        retrospectives.open_retrospective(ada, weeks_ago(world, -1), by=ada.user, now=world.now)


def test_a_fellow_not_started_writes_no_retrospective():
    world = programme_world()
    bob = world.fellows["bob"]
    with pytest.raises(DomainError, match="une fois en poste"):
        retrospectives.open_retrospective(bob, weeks_ago(world, 0), by=bob.user, now=world.now)


def test_nobody_else_opens_a_fellows_retrospective():
    world = programme_world()
    with pytest.raises(DomainError, match="Seul·e l'entrepreneur·e"):
        retrospectives.open_retrospective(world.fellows["ada"], weeks_ago(world, 0), by=world.staff, now=world.now)


def test_the_weeks_owed_run_from_the_start_to_the_current_week_newest_first():
    world = programme_world()
    ada = world.fellows["ada"]
    weeks = retrospectives.owed_weeks(ada, now=world.now)
    assert weeks[0] == current_week(world.now)
    assert weeks[-1] == week_of(ada.started_on)
    assert all(a - b == datetime.timedelta(weeks=1) for a, b in zip(weeks, weeks[1:], strict=False))
    assert retrospectives.owed_weeks(world.fellows["bob"], now=world.now) == []


def test_submitting_copies_the_mood_help_and_programme_only_answer_and_logs_it():
    world = programme_world()
    retrospective = write(
        world, "ada", weeks_ago(world, 1), mood=4, help_text="Un accès aux données", programme_only=True
    )
    assert (retrospective.mood, retrospective.asks_help, retrospective.programme_only) == (4, True, True)
    assert retrospective.submitted_at == world.now
    log = ActivityLog.objects.get(verb="retrospective.submitted")
    assert log.target_id == str(retrospective.pk)
    assert log.data["week"] == period_of(retrospective.week)


def test_submitting_without_help_asks_none_and_is_read_by_the_team():
    world = programme_world()
    retrospective = write(world, "ada", weeks_ago(world, 1), mood=3)
    assert (retrospective.mood, retrospective.asks_help, retrospective.programme_only) == (3, False, False)
    assert not Signal.objects.exists()


def test_help_asked_raises_one_signal_naming_the_fellow_and_the_week():
    world = programme_world()
    retrospective = write(world, "ada", weeks_ago(world, 1), help_text="Un accès aux données")
    signal = Signal.objects.get()
    assert (signal.kind, signal.key, signal.fellow, signal.challenge) == (
        Signal.Kind.HELP_ASKED,
        f"help:{retrospective.pk}",
        world.fellows["ada"],
        world.alpha,
    )
    assert "Ada Lovelace" in signal.summary and period_of(retrospective.week) in signal.summary
    assert signal.detail == "Un accès aux données"
    assert ActivityLog.objects.filter(verb="signal.raised", target_id=str(signal.pk)).count() == 1


def test_a_resubmission_that_keeps_the_help_does_not_raise_it_again():
    world = programme_world()
    week = weeks_ago(world, 1)
    write(world, "ada", week, help_text="Un accès aux données")
    later = world.now + datetime.timedelta(hours=2)
    write(world, "ada", week, help_text="Un accès aux données, vite", now=later)
    assert Signal.objects.count() == 1
    assert ActivityLog.objects.filter(verb="retrospective.submitted").count() == 2


def test_a_resubmission_that_adds_help_raises_it():
    world = programme_world()
    week = weeks_ago(world, 1)
    write(world, "ada", week)
    assert not Signal.objects.exists()
    retrospective = write(
        world, "ada", week, help_text="Un mentor disponible", now=world.now + datetime.timedelta(hours=1)
    )
    assert retrospective.asks_help
    assert Signal.objects.get().kind == Signal.Kind.HELP_ASKED


def test_the_same_content_submitted_twice_is_recorded_once():
    world = programme_world()
    retrospective = write(world, "ada", weeks_ago(world, 1))
    retrospectives.submit_retrospective(
        retrospective, by=world.user("ada"), now=world.now + datetime.timedelta(minutes=1)
    )
    assert ActivityLog.objects.filter(verb="retrospective.submitted").count() == 1


def test_a_fellow_who_has_left_can_no_longer_change_their_retrospectives():
    world = programme_world()
    retrospective = write(world, "ada", weeks_ago(world, 1), submit=False)
    ada = finish(world.fellows["ada"], on=world.now.date(), by=world.staff)
    step = retrospective.dossier.call.steps.get(slug=STEP)
    with pytest.raises(DomainError, match="quitté le programme"):
        dossier_services.save_step(retrospective.dossier, step, answers(mood=5), by=ada.user, now=world.now)
    with pytest.raises(DomainError, match="une fois en poste"):
        retrospectives.open_retrospective(ada, weeks_ago(world, 0), by=ada.user, now=world.now)
