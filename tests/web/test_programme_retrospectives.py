"""The weekly retrospective's pages: « Mes bilans », a week's dossier of the kit (only its author
reaches it), and the team's retrospectives week by week, read by every part of the team but a
programme-only answer, which only staff and its author read. Flat query count on the team page."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from eig.calls.models import Call
from eig.calls.services import start_dossier
from eig.programme.models import Fellow, Retrospective, Signal
from eig.programme.weeks import current_week, period_of, week_label, week_of
from eig.web.programme import retrospectives as retrospective_pages
from eig.web.programme.todo import registered, todos_for
from tests.factories import UserFactory
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import answers, weeks_ago, write

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


def team_url(world, challenge=None) -> str:
    return reverse("programme:team_retrospectives", kwargs={"challenge": (challenge or world.alpha).pk})


def start_url(week) -> str:
    return reverse("programme:retrospective_start", kwargs={"period": period_of(week)})


# --- « Mes bilans » and a week's dossier ---------------------------------------------------------------


def test_my_retrospectives_list_the_weeks_from_the_start_the_current_first(world):
    write(world, "ada", weeks_ago(world, 1))
    response = client_of(world.user("ada")).get(reverse("programme:retrospectives"))
    assert response.status_code == 200
    periods = re.findall(r'id="semaine-(\d{4}-W\d{2})"', response.content.decode())
    ada = world.fellows["ada"]
    assert periods[0] == period_of(current_week(world.now))
    assert periods[-1] == period_of(week_of(ada.started_on))
    page = text_of(response)
    assert "Déposé" in page and "À remplir" in page


def test_my_retrospectives_answer_404_to_someone_who_is_no_fellow(world):
    assert client_of(world.user("olga")).get(reverse("programme:retrospectives")).status_code == 404


def test_a_fellow_not_started_is_told_their_retrospectives_begin_with_their_start(world):
    response = client_of(world.user("bob")).get(reverse("programme:retrospectives"))
    assert "commencent avec votre prise de poste" in text_of(response)


def test_a_fellow_fills_and_submits_a_week_through_the_kits_pages(world):
    ada = client_of(world.user("ada"))
    week = weeks_ago(world, 0)
    response = ada.post(start_url(week))
    retrospective = Retrospective.objects.get(fellow=world.fellows["ada"], week=week)
    number = retrospective.dossier.number
    step_url = reverse("programme:retrospective_step", args=[number, "semaine"])
    assert response["Location"] == step_url
    step = ada.get(step_url)
    assert step.status_code == 200 and week_label(week) in text_of(step)
    data = {**answers(mood=2, help_text="Un accès au serveur"), "reserve_programme": "false", "action": "next"}
    data |= {f"{key}__present": "1" for key in answers()}
    saved = ada.post(step_url, data)
    assert saved.status_code == 302
    submitted = ada.post(reverse("programme:retrospective_submit", args=[number]))
    assert submitted["Location"] == reverse("programme:retrospective_receipt", args=[number, 1])
    receipt = ada.get(submitted["Location"])
    assert "L'équipe du programme est prévenue" in text_of(receipt)
    retrospective.refresh_from_db()
    assert (retrospective.mood, retrospective.asks_help, retrospective.programme_only) == (2, True, False)
    assert Signal.objects.get().kind == Signal.Kind.HELP_ASKED


def test_a_week_before_the_start_is_refused_with_a_message(world):
    ada = world.fellows["ada"]
    response = client_of(ada.user).post(start_url(week_of(ada.started_on) - datetime.timedelta(weeks=1)), follow=True)
    assert "précède votre prise de poste" in text_of(response)
    assert not Retrospective.objects.exists()


def test_a_period_that_is_not_an_iso_week_answers_404(world):
    url = reverse("programme:retrospective_start", kwargs={"period": "semaine-7"})
    assert client_of(world.user("ada")).post(url).status_code == 404


@pytest.mark.parametrize("who", ["bob", "cleo", "olga", "agnes"])
def test_nobody_but_its_author_reaches_a_retrospectives_dossier_pages(world, who):
    number = write(world, "ada", weeks_ago(world, 1)).dossier.number
    client = client_of(world.user(who))
    for name, args in [("retrospective_dossier", [number]), ("retrospective_step", [number, "semaine"])]:
        assert client.get(reverse(f"programme:{name}", args=args)).status_code == 404
    assert client.post(reverse("programme:retrospective_submit", args=[number])).status_code == 404


def test_the_dossier_of_another_form_is_not_reached_as_a_retrospective(world):
    ada = world.user("ada")
    onboarding = start_dossier(world.calls[Call.Kind.FELLOW_ONBOARDING], owner=ada, now=world.now)
    assert client_of(ada).get(reverse("programme:retrospective_dossier", args=[onboarding.number])).status_code == 404


def test_a_fellow_who_has_left_reads_their_retrospectives_without_changing_them(world):
    retrospective = write(world, "ada", weeks_ago(world, 1))
    Fellow.objects.filter(pk=world.fellows["ada"].pk).update(status=Fellow.Status.LEFT, left_on=world.now.date())
    client = client_of(world.user("ada"))
    overview = client.get(reverse("programme:retrospective_dossier", args=[retrospective.dossier.number]))
    assert "ne peuvent plus être modifiés" in text_of(overview)
    assert 'action="' + reverse("programme:retrospective_submit", args=[retrospective.dossier.number]) not in (
        overview.content.decode()
    )
    mine = text_of(client.get(reverse("programme:retrospectives")))
    assert "Vous avez quitté le programme" in mine and "Remplir" not in mine


def test_the_weeks_retrospective_is_a_todo_until_it_is_submitted(world):
    assert retrospective_pages.retrospective_todos in registered()
    today = world.now.date()
    (todo,) = [t for t in todos_for(world.user("ada"), today) if t.kind == "retrospective"]
    assert todo.label == "Bilan de la semaine à remplir"
    assert todo.url == reverse("programme:retrospectives") + f"#semaine-{period_of(week_of(today))}"
    write(world, "ada", week_of(today))
    assert [t for t in todos_for(world.user("ada"), today) if t.kind == "retrospective"] == []
    assert [t for t in todos_for(world.user("bob"), today) if t.kind == "retrospective"] == []


# --- The team's retrospectives ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ada", "bob", "olga", "hugo", "agnes"])
def test_every_part_of_the_team_reads_its_retrospectives(world, who):
    write(world, "ada", weeks_ago(world, 1), mood=4)
    page = text_of(client_of(world.user(who)).get(team_url(world)))
    assert "Ada Lovelace" in page and "Livrer le prototype" in page and "4 — Bien" in page


def test_the_programme_team_reads_every_teams_retrospectives(world):
    write(world, "cleo", weeks_ago(world, 1))
    page = text_of(client_of(world.staff).get(team_url(world, world.beta)))
    assert "Cléo Durand" in page and "Livrer le prototype" in page


@pytest.mark.parametrize("who", ["cleo", "paul", "bruno"])
def test_someone_of_another_team_gets_404(world, who):
    write(world, "ada", weeks_ago(world, 1))
    assert client_of(world.user(who)).get(team_url(world)).status_code == 404


def test_someone_outside_every_team_gets_404(world):
    assert client_of(UserFactory()).get(team_url(world)).status_code == 404


@pytest.mark.parametrize("who", ["bob", "olga", "agnes"])
def test_a_programme_only_retrospective_is_hidden_from_the_team_mentors_and_host(world, who):
    write(world, "ada", weeks_ago(world, 2), mood=4)
    write(world, "ada", weeks_ago(world, 1), mood=1, help_text="Mon secret", programme_only=True)
    page = text_of(client_of(world.user(who)).get(team_url(world)))
    assert "Réservé à l'équipe du programme</p>" not in page
    assert "Mon secret" not in page and period_of(weeks_ago(world, 1)) not in page
    assert "1/5" not in page  # nor in the state of mind's picture
    assert period_of(weeks_ago(world, 2)) in page


@pytest.mark.parametrize("who", ["staff", "ada"])
def test_staff_and_the_author_read_a_programme_only_retrospective_with_its_badge(world, who):
    write(world, "ada", weeks_ago(world, 1), mood=1, programme_only=True)
    reader = world.staff if who == "staff" else world.user("ada")
    page = text_of(client_of(reader).get(team_url(world)))
    assert period_of(weeks_ago(world, 1)) in page
    assert "Réservé à l'équipe du programme</p>" in page
    assert "État d'esprit : 1/5" in page


def test_the_weeks_come_newest_first_four_to_a_page(world):
    for n in range(5, -1, -1):
        write(world, "ada", weeks_ago(world, n))
    client = client_of(world.user("olga"))
    first = client.get(team_url(world)).content.decode()
    shown = re.findall(r'<section class="fr-mb-6w" id="semaine-(\d{4}-W\d{2})"', first)
    assert shown == [period_of(weeks_ago(world, n)) for n in range(4)]
    second = client.get(team_url(world) + "?page=2").content.decode()
    assert re.findall(r'<section class="fr-mb-6w" id="semaine-(\d{4}-W\d{2})"', second) == [
        period_of(weeks_ago(world, n)) for n in (4, 5)
    ]


def test_a_draft_is_not_read_by_the_team(world):
    write(world, "ada", weeks_ago(world, 1), submit=False)
    assert "Aucun bilan déposé" in text_of(client_of(world.user("olga")).get(team_url(world)))


def test_the_state_of_mind_picture_describes_each_fellows_weeks(world):
    write(world, "ada", weeks_ago(world, 2), mood=2)
    write(world, "ada", weeks_ago(world, 1), mood=5)
    page = text_of(client_of(world.user("hugo")).get(team_url(world)))
    assert f"{week_label(weeks_ago(world, 2))} : 2/5 ; {week_label(weeks_ago(world, 1))} : 5/5" in page


def _team_of(world, size: int):
    """The Alpha team grown to `size` fellows in post, each with three submitted weeks."""
    for i in range(size - 1):
        user = UserFactory(email=f"fellow{i}@programme.example")
        world.fellows[f"f{i}"] = Fellow.objects.create(
            promotion=world.promotion,
            challenge=world.alpha,
            user=user,
            name=f"Fellow {i}",
            start_date=world.fellows["ada"].start_date,
            started_on=world.fellows["ada"].started_on,
            status=Fellow.Status.ACTIVE,
        )
    for key in ["ada", *(f"f{i}" for i in range(size - 1))]:
        for n in (3, 2, 1):
            write(world, key, weeks_ago(world, n), programme_only=(n == 2 and key != "ada"))


@pytest.mark.parametrize("size", [2, 10])
def test_the_team_page_reads_in_a_flat_number_of_queries(world, size, django_assert_num_queries):
    _team_of(world, size)
    client = client_of(world.user("olga"))
    with django_assert_num_queries(15):
        assert client.get(team_url(world)).status_code == 200
