"""Mentoring notes (the team's mentors write them, each mentor's kind by default) and « signaler
une difficulté » (mentors and host agents): a signal for the programme team, and an email to it."""

import datetime

import pytest

from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.programme import mentoring
from eig.programme.models import MentorNote, Signal
from tests.factories import StaffFactory
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db


def _note(world, who, challenge=None, **given):
    fields = {"held_on": world.now.date(), "attendees": "Ada, Bob", "decisions": "Prioriser l'API"} | given
    return mentoring.write_note(challenge or world.alpha, author=world.user(who), now=world.now, **fields)


def test_an_operational_mentor_writes_notes_and_a_high_level_mentor_monthly_points_by_default():
    world = programme_world()
    assert _note(world, "olga").kind == MentorNote.Kind.NOTE
    assert _note(world, "hugo").kind == MentorNote.Kind.MONTHLY_POINT


def test_a_mentor_may_choose_the_other_kind():
    world = programme_world()
    assert _note(world, "olga", kind=MentorNote.Kind.MONTHLY_POINT).kind == MentorNote.Kind.MONTHLY_POINT


def test_writing_a_note_is_logged():
    world = programme_world()
    note = _note(world, "olga", difficulties="Accès aux données bloqué")
    log = ActivityLog.objects.get(verb="mentor_note.written")
    assert (log.target_id, log.actor) == (str(note.pk), world.user("olga"))
    assert (note.author, note.attendees, note.difficulties) == (
        world.user("olga"),
        "Ada, Bob",
        "Accès aux données bloqué",
    )


@pytest.mark.parametrize("who", ["paul", "agnes", "ada"])
def test_only_the_teams_mentors_write_its_notes(who):
    world = programme_world()
    with pytest.raises(DomainError, match="Seuls les mentors de l'équipe"):
        _note(world, who)
    assert not MentorNote.objects.exists()


def test_a_note_says_something_and_is_not_dated_in_the_future():
    world = programme_world()
    with pytest.raises(DomainError, match="au moins les décisions"):
        _note(world, "olga", decisions=" ", difficulties="")
    with pytest.raises(DomainError, match="dans le futur"):
        _note(world, "olga", held_on=world.now.date() + datetime.timedelta(days=2))
    assert not MentorNote.objects.exists()


@pytest.mark.parametrize("who", ["olga", "agnes"])
def test_a_mentor_or_a_host_agent_flags_a_difficulty_to_the_programme_team(who):
    world = programme_world()
    signal = mentoring.flag_difficulty(world.alpha, by=world.user(who), text="L'équipe n'a pas de poste de travail")
    assert (signal.kind, signal.challenge, signal.raised_by, signal.detail) == (
        Signal.Kind.DIFFICULTY,
        world.alpha,
        world.user(who),
        "L'équipe n'a pas de poste de travail",
    )
    assert signal.key.startswith("difficulty:")
    assert "Alpha" in signal.summary and world.user(who).get_full_name() in signal.summary
    assert ActivityLog.objects.filter(verb="signal.raised", target_id=str(signal.pk)).exists()


def test_each_difficulty_flagged_is_a_signal_of_its_own():
    world = programme_world()
    mentoring.flag_difficulty(world.alpha, by=world.user("olga"), text="Un")
    mentoring.flag_difficulty(world.alpha, by=world.user("olga"), text="Deux")
    assert Signal.objects.filter(kind=Signal.Kind.DIFFICULTY).count() == 2


def test_the_programme_team_is_told_by_email():
    world = programme_world()
    other = StaffFactory(email="autre@programme.example")
    signal = mentoring.flag_difficulty(world.alpha, by=world.user("agnes"), text="Contrats non signés")
    mails = OutboxMessage.objects.filter(template="programme_difficulty")
    assert sorted(m.recipient for m in mails) == sorted([world.staff.email, other.email])
    mail = mails.get(recipient=other.email)
    assert "Alpha" in mail.subject
    assert (
        "Contrats non signés" in mail.body_text
        and f"/equipe/programme/{world.promotion.slug}/signaux/" in mail.body_text
    )
    assert signal.pk


@pytest.mark.parametrize("who", ["ada", "paul", "bruno"])
def test_a_fellow_or_someone_outside_the_team_cannot_flag_a_difficulty(who):
    world = programme_world()
    with pytest.raises(DomainError, match="Seuls les mentors et l'administration d'accueil"):
        mentoring.flag_difficulty(world.alpha, by=world.user(who), text="Difficulté")
    assert not Signal.objects.exists()


def test_a_difficulty_needs_its_description():
    world = programme_world()
    with pytest.raises(DomainError, match="Décrivez la difficulté"):
        mentoring.flag_difficulty(world.alpha, by=world.user("olga"), text="  ")
