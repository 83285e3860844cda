"""A mentor's « Mon programme » lists the retrospectives of their teams asking for help, this week or
last week, to read (eig/web/programme/mentoring.py `help_todos`)."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.web.programme.mentoring import help_todos
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import weeks_ago, write

pytestmark = pytest.mark.django_db

LABEL = "Lire le bilan de Ada Lovelace (Alpha), qui demande de l'aide"


@pytest.fixture
def world():
    return programme_world()


def labels(user, world) -> list[str]:
    return [todo.label for todo in help_todos(user, timezone.localdate(world.now))]


def test_a_mentor_is_asked_to_read_a_retrospective_of_their_team_asking_for_help_last_week(world):
    retrospective = write(world, "ada", weeks_ago(world, 1), help_text="Un accès aux données")

    [todo] = help_todos(world.user("olga"), timezone.localdate(world.now))

    assert todo.label == LABEL
    expected = reverse("programme:team_retrospectives", kwargs={"challenge": world.alpha.pk})
    assert todo.url == f"{expected}#retro-{retrospective.pk}"
    assert labels(world.user("hugo"), world) == [LABEL]


def test_the_to_do_is_on_the_mentor_s_mon_programme(world):
    write(world, "ada", weeks_ago(world, 0), help_text="Un accès aux données")
    client = Client()
    client.force_login(world.user("olga"))

    page = html.unescape(client.get(reverse("programme:home")).content.decode())

    assert LABEL in page


def test_help_asked_two_weeks_ago_or_more_is_no_longer_a_to_do(world):
    write(world, "ada", weeks_ago(world, 2), help_text="Un accès aux données")

    assert labels(world.user("olga"), world) == []


def test_a_retrospective_for_the_programme_team_only_is_not_the_mentor_s_to_read(world):
    write(world, "ada", weeks_ago(world, 1), help_text="Un souci personnel", programme_only=True)

    assert labels(world.user("olga"), world) == []


def test_another_team_s_mentor_and_the_team_s_fellows_and_host_get_no_such_to_do(world):
    write(world, "ada", weeks_ago(world, 1), help_text="Un accès aux données")

    for key in ("paul", "ada", "agnes"):
        assert labels(world.user(key), world) == [], key


def test_a_retrospective_without_help_asked_is_no_to_do(world):
    write(world, "ada", weeks_ago(world, 1))

    assert labels(world.user("olga"), world) == []
