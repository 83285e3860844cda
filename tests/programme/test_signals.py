"""Signals: raised once by their key; detected from the retrospectives (low state of mind two weeks
running, two weeks missing) and the objectives (off track); followed by the programme team to a
closing note, every move logged."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme import signals
from eig.programme.models import Fellow, Measure, Objective, Signal
from eig.programme.weeks import period_of
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import weeks_ago, write

pytestmark = pytest.mark.django_db


def _raise(world, key="help:1"):
    return signals.raise_signal(
        Signal.Kind.HELP_ASKED,
        key=key,
        promotion=world.promotion,
        challenge=world.alpha,
        fellow=world.fellows["ada"],
        summary="Ada demande de l'aide",
        detail="",
        now=world.now,
    )


def _signals(kind):
    return list(Signal.objects.filter(kind=kind).order_by("pk"))


def _all_weeks_written(world, key, *, but=()):
    """The fellow submits every week from their start, except the weeks `but` (weeks ago)."""
    fellow = world.fellows[key]
    n = 0
    while weeks_ago(world, n) >= fellow.started_on - datetime.timedelta(days=fellow.started_on.weekday()):
        if n not in but:
            write(world, key, weeks_ago(world, n), mood=4)
        n += 1


def test_raising_the_same_key_twice_makes_one_signal_and_one_log_entry():
    world = programme_world()
    first, created = _raise(world)
    again, created_again = _raise(world)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert ActivityLog.objects.filter(verb="signal.raised", target_id=str(first.pk)).count() == 1


def test_a_low_mood_two_weeks_running_raises_a_signal_naming_the_fellow_and_the_weeks():
    world = programme_world()
    write(world, "ada", weeks_ago(world, 2), mood=2)
    write(world, "ada", weeks_ago(world, 1), mood=1)
    counts = signals.detect(world.promotion, now=world.now)
    (signal,) = _signals(Signal.Kind.LOW_MOOD)
    assert counts[Signal.Kind.LOW_MOOD] == 1
    assert signal.key == f"mood:{world.fellows['ada'].pk}:{period_of(weeks_ago(world, 1))}"
    assert signal.fellow == world.fellows["ada"] and signal.challenge == world.alpha
    assert "Ada Lovelace" in signal.summary and "1/5" in signal.summary and "2/5" in signal.summary


def test_detecting_again_raises_nothing_new():
    world = programme_world()
    write(world, "ada", weeks_ago(world, 2), mood=2)
    write(world, "ada", weeks_ago(world, 1), mood=2)
    signals.detect(world.promotion, now=world.now)
    assert signals.detect(world.promotion, now=world.now)[Signal.Kind.LOW_MOOD] == 0
    assert len(_signals(Signal.Kind.LOW_MOOD)) == 1


def test_one_low_week_raises_nothing():
    world = programme_world()
    write(world, "ada", weeks_ago(world, 2), mood=4)
    write(world, "ada", weeks_ago(world, 1), mood=1)
    signals.detect(world.promotion, now=world.now)
    assert _signals(Signal.Kind.LOW_MOOD) == []


def test_the_threshold_is_the_promotions_setting():
    world = programme_world()
    world.promotion.programme_setup.low_mood_threshold = 3
    world.promotion.programme_setup.save()
    write(world, "ada", weeks_ago(world, 2), mood=3)
    write(world, "ada", weeks_ago(world, 1), mood=3)
    signals.detect(world.promotion, now=world.now)
    assert len(_signals(Signal.Kind.LOW_MOOD)) == 1


def test_a_pending_low_mood_signal_covers_the_weeks_that_follow_until_it_is_closed():
    world = programme_world()
    for n in (3, 2):
        write(world, "ada", weeks_ago(world, n), mood=1)
    signals.detect(world.promotion, now=world.now)
    write(world, "ada", weeks_ago(world, 1), mood=1)
    signals.detect(world.promotion, now=world.now)
    (signal,) = _signals(Signal.Kind.LOW_MOOD)
    signals.close(signal, by=world.staff, note="Appel avec Ada", now=world.now)
    write(world, "ada", weeks_ago(world, 0), mood=2)
    signals.detect(world.promotion, now=world.now)
    assert [s.key.rsplit(":", 1)[1] for s in _signals(Signal.Kind.LOW_MOOD)] == [
        period_of(weeks_ago(world, 2)),
        period_of(weeks_ago(world, 0)),
    ]


def test_two_full_weeks_missing_raise_a_signal_for_each_fellow_in_post():
    world = programme_world()
    _all_weeks_written(world, "ada", but=(2, 1))
    _all_weeks_written(world, "cleo")
    counts = signals.detect(world.promotion, now=world.now)
    (signal,) = _signals(Signal.Kind.MISSING)
    assert counts[Signal.Kind.MISSING] == 1
    assert signal.fellow == world.fellows["ada"]
    assert signal.key == f"missing:{world.fellows['ada'].pk}:{period_of(weeks_ago(world, 1))}"
    assert "Ada Lovelace" in signal.summary


def test_one_week_missing_or_the_current_week_not_yet_written_raises_nothing():
    world = programme_world()
    _all_weeks_written(world, "ada", but=(1, 0))
    _all_weeks_written(world, "cleo", but=(2,))
    signals.detect(world.promotion, now=world.now)
    assert _signals(Signal.Kind.MISSING) == []


def test_a_fellow_not_started_or_started_last_week_owes_no_missing_weeks():
    world = programme_world()
    Fellow.objects.filter(pk=world.fellows["cleo"].pk).update(started_on=weeks_ago(world, 1))
    signals.detect(world.promotion, now=world.now)
    assert [s.fellow.name for s in _signals(Signal.Kind.MISSING)] == ["Ada Lovelace"]  # not Bob, not Cléo


def _objective(world, *courses):
    objective = Objective.objects.create(challenge=world.alpha, title="Usagers servis", indicator="Dossiers", target=40)
    for days, course in enumerate(courses):
        Measure.objects.create(
            objective=objective, on=world.now.date() - datetime.timedelta(days=30 - days), value=days, course=course
        )
    return objective


def test_an_objective_whose_latest_measure_is_off_track_raises_a_signal():
    world = programme_world()
    objective = _objective(world, Measure.Course.ON_TRACK, Measure.Course.OFF_TRACK)
    counts = signals.detect(world.promotion, now=world.now)
    (signal,) = _signals(Signal.Kind.OFF_TRACK)
    latest = objective.measures.order_by("-on").first()
    assert counts[Signal.Kind.OFF_TRACK] == 1
    assert (signal.key, signal.challenge, signal.fellow) == (f"off_track:{latest.pk}", world.alpha, None)
    assert "Usagers servis" in signal.summary and "Alpha" in signal.summary


def test_an_objective_back_on_track_raises_nothing():
    world = programme_world()
    _objective(world, Measure.Course.OFF_TRACK, Measure.Course.ON_TRACK)
    signals.detect(world.promotion, now=world.now)
    assert _signals(Signal.Kind.OFF_TRACK) == []


def test_a_signal_is_acknowledged_followed_up_and_closed_with_a_note_each_move_logged():
    world = programme_world()
    signal, _created = _raise(world)
    signals.acknowledge(signal, by=world.staff, now=world.now)
    signals.follow_up(signal, by=world.staff, note="Rendez-vous fixé", now=world.now)
    signals.follow_up(signal, by=world.staff, note="Relance de la DSI", now=world.now)
    closed = signals.close(signal, by=world.staff, note="Accès obtenu", now=world.now)
    assert (closed.state, closed.note, closed.handled_by, closed.closed_at) == (
        Signal.State.CLOSED,
        "Accès obtenu",
        world.staff,
        world.now,
    )
    verbs = list(
        ActivityLog.objects.filter(target_id=str(signal.pk), target_type="programme.signal")
        .order_by("id")
        .values_list("verb", "data__note")
    )
    assert verbs == [
        ("signal.raised", None),
        ("signal.acknowledged", None),
        ("signal.followed_up", "Rendez-vous fixé"),
        ("signal.followed_up", "Relance de la DSI"),
        ("signal.closed", "Accès obtenu"),
    ]


def test_closing_needs_a_note():
    world = programme_world()
    signal, _created = _raise(world)
    with pytest.raises(DomainError, match="se clôt avec une note"):
        signals.close(signal, by=world.staff, note="  ", now=world.now)
    signal.refresh_from_db()
    assert signal.state == Signal.State.OPEN
    assert not ActivityLog.objects.filter(verb="signal.closed").exists()


def test_a_closed_signal_does_not_reopen():
    world = programme_world()
    signal, _created = _raise(world)
    signals.close(signal, by=world.staff, note="Réglé", now=world.now)
    with pytest.raises(DomainError):
        signals.acknowledge(signal, by=world.staff, now=world.now)


def test_only_the_programme_team_moves_a_signal():
    world = programme_world()
    signal, _created = _raise(world)
    with pytest.raises(DomainError, match="Seule l'équipe du programme"):
        signals.acknowledge(signal, by=world.user("olga"), now=world.now)
    signal.refresh_from_db()
    assert signal.state == Signal.State.OPEN


def test_the_periodic_command_detects_in_every_promotion_in_its_programme():
    world = programme_world()
    out = StringIO()
    call_command("detect_signals", stdout=out)
    assert f"{world.promotion.slug}: low_mood=0 missing=2 off_track=0" in out.getvalue()
    assert {s.fellow.name for s in _signals(Signal.Kind.MISSING)} == {"Ada Lovelace", "Cléo Durand"}
