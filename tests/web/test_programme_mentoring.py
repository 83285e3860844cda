"""The team's mentoring page: every part of the team reads the notes; the team's mentors write them;
mentors and host agents flag a difficulty to the programme team (a signal, a confirmation)."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from eig.programme import mentoring
from eig.programme.models import MentorNote, Signal
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def url(name, world, challenge=None) -> str:
    return reverse(f"programme:{name}", kwargs={"challenge": (challenge or world.alpha).pk})


def note_data(world, **given) -> dict:
    return {
        "kind": MentorNote.Kind.NOTE,
        "held_on": world.now.date().isoformat(),
        "attendees": "Ada, Olga",
        "decisions": "Ouvrir l'API en premier",
        "difficulties": "",
    } | given


@pytest.mark.parametrize("who", ["ada", "bob", "olga", "hugo", "agnes"])
def test_every_part_of_the_team_reads_its_mentoring_notes(world, who):
    mentoring.write_note(world.alpha, author=world.user("hugo"), held_on=world.now.date(), decisions="Cap sur la v1")
    page = text_of(client_of(world.user(who)).get(url("team_notes", world)))
    assert "Point mensuel" in page and "Cap sur la v1" in page and "Hugo Haut" in page


def test_staff_read_every_teams_notes(world):
    assert client_of(world.staff).get(url("team_notes", world, world.beta)).status_code == 200


@pytest.mark.parametrize("who", ["cleo", "paul", "bruno"])
def test_another_teams_members_get_404(world, who):
    assert client_of(world.user(who)).get(url("team_notes", world)).status_code == 404


def test_a_mentor_sees_the_note_form_with_their_kind_and_the_difficulty_form(world):
    page = client_of(world.user("hugo")).get(url("team_notes", world)).content.decode()
    assert 'action="' + url("team_note_add", world) + '"' in page
    assert '<option value="monthly_point" selected>' in page
    assert 'action="' + url("team_difficulty", world) + '"' in page


def test_a_fellow_sees_neither_form_and_a_host_only_the_difficulty_form(world):
    fellow = client_of(world.user("ada")).get(url("team_notes", world)).content.decode()
    assert url("team_note_add", world) not in fellow and url("team_difficulty", world) not in fellow
    host = client_of(world.user("agnes")).get(url("team_notes", world)).content.decode()
    assert url("team_note_add", world) not in host and url("team_difficulty", world) in host


def test_a_mentor_writes_a_note(world):
    response = client_of(world.user("olga")).post(url("team_note_add", world), note_data(world), follow=True)
    note = MentorNote.objects.get()
    assert (note.author, note.kind, note.decisions) == (world.user("olga"), "note", "Ouvrir l'API en premier")
    assert "Note de mentorat enregistrée" in text_of(response)


def test_a_note_refused_keeps_what_was_typed(world):
    response = client_of(world.user("olga")).post(
        url("team_note_add", world), note_data(world, decisions="", attendees="Ada, Bob, Olga")
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "au moins les décisions" in page and 'value="Ada, Bob, Olga"' in page
    assert not MentorNote.objects.exists()


@pytest.mark.parametrize("who", ["ada", "agnes"])
def test_a_fellow_or_a_host_cannot_write_a_note(world, who):
    assert client_of(world.user(who)).post(url("team_note_add", world), note_data(world)).status_code == 404
    assert not MentorNote.objects.exists()


@pytest.mark.parametrize("who", ["olga", "agnes"])
def test_a_mentor_or_a_host_flags_a_difficulty_and_is_told_it_reached_the_programme_team(world, who):
    response = client_of(world.user(who)).post(
        url("team_difficulty", world), {"text": "Les accès ne sont pas ouverts"}, follow=True
    )
    assert "transmis à l'équipe du programme" in text_of(response)
    signal = Signal.objects.get()
    assert (signal.kind, signal.challenge, signal.detail) == (
        Signal.Kind.DIFFICULTY,
        world.alpha,
        "Les accès ne sont pas ouverts",
    )


def test_a_fellow_cannot_flag_a_difficulty(world):
    assert client_of(world.user("ada")).post(url("team_difficulty", world), {"text": "x"}).status_code == 404
    assert not Signal.objects.exists()


def test_an_empty_difficulty_is_refused(world):
    response = client_of(world.user("olga")).post(url("team_difficulty", world), {"text": " "})
    assert response.status_code == 400
    assert not Signal.objects.exists()
