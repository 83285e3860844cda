"""The survey pages: « Mes questionnaires » and answering through the kit's pages (/programme/
questionnaires/), the to-do of « Mon programme », the programme team's list with the create form and
the response rates, a survey's results with small groups hidden (/equipe/programme/<promotion>/
questionnaires/); 404 to whoever may not see; flat query counts."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Dossier
from eig.results.models import Participation, Response, Survey
from eig.web.programme.todo import todos_for
from tests.factories import PromotionFactory, UserFactory
from tests.factories.programme import programme_world
from tests.factories.surveys import MID_TERM_ANSWERS, answer, responses, survey_of

pytestmark = pytest.mark.django_db

FELLOWS, MENTORS = Survey.Audience.FELLOWS, Survey.Audience.MENTORS


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def step_url(dossier, slug) -> str:
    return reverse("programme:survey_step", args=[dossier.number, slug])


def staff_url(world, name="results_surveys", **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


# --- « Mes questionnaires » -------------------------------------------------------------------------------


def test_my_surveys_say_what_to_answer_what_was_answered_and_what_closed(world):
    now = world.now
    open_one = survey_of(world)
    named = survey_of(world, moment=Survey.Moment.END, anonymous=False)
    answer(named, world.user("ada"))
    closed = survey_of(
        world,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=10),
        reminder_days=(),
    )
    page = text(client_of(world.user("ada")).get(reverse("programme:surveys")))
    sections = {
        survey.pk: page.split(f'id="questionnaire-{survey.pk}"')[1].split("</section>")[0]
        for survey in (open_one, named, closed)
    }
    assert "À remplir" in sections[open_one.pk] and "Répondre" in sections[open_one.pk]
    assert "Anonyme : vos réponses sont conservées sans aucun lien avec vous" in sections[open_one.pk]
    assert f"Répondu le {timezone.localdate():%-d}" in sections[named.pk]
    assert "Nominatif : l'équipe du programme sait qui a répondu quoi" in sections[named.pk]
    assert "Relire mes réponses" in sections[named.pk]
    assert "Clos" in sections[closed.pk] and "Répondre" not in sections[closed.pk]


def test_mentors_and_host_agents_reach_their_surveys(world):
    survey_of(world)
    for key in ("olga", "agnes"):
        response = client_of(world.user(key)).get(reverse("programme:surveys"))
        assert response.status_code == 200
        assert "Questionnaire à mi-parcours" in text(response)


def test_my_surveys_is_404_to_someone_asked_nothing_outside_the_programme(world):
    survey_of(world)
    assert client_of(UserFactory()).get(reverse("programme:surveys")).status_code == 404
    assert client_of(world.staff).get(reverse("programme:surveys")).status_code == 404


def test_a_person_of_the_programme_asked_nothing_yet_is_told_so(world):
    page = client_of(world.user("olga")).get(reverse("programme:surveys"))
    assert "Aucun questionnaire ne vous est adressé pour l'instant." in text(page)


# --- Answering through the kit's pages ----------------------------------------------------------------------


def _fill_through_the_pages(client, dossier):
    first = client.post(
        step_url(dossier, "programme"),
        {
            "satisfaction": "4",
            "recommandation": "8",
            "mentorat": "beaucoup",
            "rythme": "bien",
            "objectifs_atteignables": "true",
            "action": "next",
        },
    )
    assert first.status_code == 302, text(first)
    second = client.post(
        step_url(dossier, "mots"),
        {"mieux_marche": "Les sessions", "a_changer": "Plus de mentorat", "action": "next"},
    )
    assert second.status_code == 302
    assert second["Location"] == reverse("programme:survey_dossier", args=[dossier.number])


def test_answering_an_anonymous_survey_ends_on_my_surveys_with_a_thank_you_and_no_draft_left(world):
    survey = survey_of(world)
    ada = world.user("ada")
    client = client_of(ada)
    started = client.post(reverse("programme:survey_start", kwargs={"survey": survey.pk}))
    dossier = Dossier.objects.get(call=survey.call, owner=ada)
    assert started["Location"] == step_url(dossier, "programme")
    _fill_through_the_pages(client, dossier)
    overview = text(client.get(reverse("programme:survey_dossier", args=[dossier.number])))
    assert "Vos réponses sont complètes." in overview and "votre brouillon est effacé" in overview

    submitted = client.post(reverse("programme:survey_submit", args=[dossier.number]), follow=True)
    assert submitted.redirect_chain == [(reverse("programme:surveys"), 302)]
    page = text(submitted)
    assert "Merci ! Vos réponses sont enregistrées, sans aucun lien avec vous" in page
    assert "Répondu le" in page and "Relire mes réponses" not in page
    assert not Dossier.objects.filter(call=survey.call).exists()
    response = Response.objects.get(survey=survey)
    assert response.dossier_id is None and response.answers["a_changer"] == "Plus de mentorat"
    # The draft's pages are gone with it.
    assert client.get(reverse("programme:survey_dossier", args=[dossier.number])).status_code == 404
    again = client.post(reverse("programme:survey_start", kwargs={"survey": survey.pk}), follow=True)
    assert "on n'y répond qu'une fois" in text(again)


def test_answering_a_named_survey_shows_the_kits_receipt_and_then_reads_only(world):
    survey = survey_of(world, anonymous=False)
    client = client_of(world.user("ada"))
    client.post(reverse("programme:survey_start", kwargs={"survey": survey.pk}))
    dossier = Dossier.objects.get(call=survey.call, owner=world.user("ada"))
    _fill_through_the_pages(client, dossier)
    submitted = client.post(reverse("programme:survey_submit", args=[dossier.number]))
    assert submitted["Location"] == reverse("programme:survey_receipt", args=[dossier.number, 1])
    receipt = text(client.get(submitted["Location"]))
    assert "Merci : vos réponses au questionnaire sont déposées." in receipt and "Aucun courriel" in receipt
    overview = text(client.get(reverse("programme:survey_dossier", args=[dossier.number])))
    assert "vos réponses ne changent plus" in overview and "Déposer mes réponses" not in overview
    refused = client.post(step_url(dossier, "mots"), {"a_changer": "Autre chose", "action": "save"})
    assert refused.status_code == 409
    assert Response.objects.get(dossier=dossier).answers["a_changer"] == "Plus de mentorat"


def test_submitting_incomplete_answers_goes_back_to_the_overview_with_what_is_missing(world):
    survey = survey_of(world)
    client = client_of(world.user("ada"))
    client.post(reverse("programme:survey_start", kwargs={"survey": survey.pk}))
    dossier = Dossier.objects.get(call=survey.call)
    response = client.post(reverse("programme:survey_submit", args=[dossier.number]), follow=True)
    assert response.redirect_chain == [(reverse("programme:survey_dossier", args=[dossier.number]), 302)]
    assert "Le dossier est incomplet. Il manque : Dans l'ensemble" in text(response)
    assert not Response.objects.exists()


def test_starting_is_404_to_someone_not_asked_and_a_post_only(world):
    survey = survey_of(world, audiences=[FELLOWS])
    start = reverse("programme:survey_start", kwargs={"survey": survey.pk})
    assert client_of(world.user("olga")).post(start).status_code == 404
    assert client_of(world.staff).post(start).status_code == 404
    assert client_of(world.user("ada")).get(start).status_code == 405
    assert (
        client_of(world.user("ada")).post(reverse("programme:survey_start", kwargs={"survey": 999999})).status_code
        == 404
    )


def test_a_closed_survey_is_not_started(world):
    now = world.now
    survey = survey_of(
        world, opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1), reminder_days=()
    )
    response = client_of(world.user("ada")).post(
        reverse("programme:survey_start", kwargs={"survey": survey.pk}), follow=True
    )
    assert "Ce questionnaire est clos depuis le" in text(response)
    assert not Dossier.objects.filter(call=survey.call).exists()


def test_nobody_else_reaches_a_persons_answers(world):
    survey = survey_of(world, anonymous=False)
    answer(survey, world.user("ada"))
    dossier = Dossier.objects.get(call=survey.call)
    for user in (world.user("bob"), world.user("olga"), world.staff):
        client = client_of(user)
        assert client.get(reverse("programme:survey_dossier", args=[dossier.number])).status_code == 404
        assert client.get(step_url(dossier, "programme")).status_code == 404
        assert client.get(reverse("programme:survey_receipt", args=[dossier.number, 1])).status_code == 404
        assert client.post(reverse("programme:survey_submit", args=[dossier.number])).status_code == 404


def test_my_programme_asks_to_answer_an_open_survey_until_it_is_answered(world):
    survey = survey_of(world)
    today = timezone.localdate()
    [todo] = [t for t in todos_for(world.user("ada"), today) if t.kind == "survey"]
    assert todo.label == f"Répondre au questionnaire « {survey.call.title} »"
    assert todo.url == reverse("programme:surveys") + f"#questionnaire-{survey.pk}"
    assert todo.detail.startswith("Jusqu'au ")
    answer(survey, world.user("ada"))
    assert [t for t in todos_for(world.user("ada"), today) if t.kind == "survey"] == []
    assert [t.kind for t in todos_for(world.user("agnes"), today)].count("survey") == 1
    home = text(client_of(world.user("olga")).get(reverse("programme:home")))
    assert f"Répondre au questionnaire « {survey.call.title} »" in home


# --- The programme team's pages ----------------------------------------------------------------------------


def test_staff_create_a_survey_with_its_audiences_privacy_dates_and_reminders(world):
    client = client_of(world.staff)
    response = client.post(
        staff_url(world),
        {
            "moment": "end",
            "audiences": ["fellows", "hosts"],
            "privacy": "named",
            "opens_at": "2030-06-01T09:00",
            "closes_at": "2030-06-20T18:00",
            "reminder_days": "7, 2",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == staff_url(world, "results_survey", survey=survey.pk)
    assert (survey.moment, survey.audiences, survey.anonymous, survey.reminder_days) == (
        "end",
        ["fellows", "hosts"],
        False,
        [7, 2],
    )
    assert timezone.localtime(survey.call.opens_at).strftime("%Y-%m-%d %H:%M") == "2030-06-01 09:00"
    assert Participation.objects.filter(survey=survey).count() == 5  # three fellows, two host agents


def test_the_create_form_says_what_is_wrong_and_keeps_what_was_typed(world):
    response = client_of(world.staff).post(
        staff_url(world),
        {
            "moment": "mid_term",
            "audiences": ["fellows"],
            "privacy": "anonymous",
            "opens_at": "2030-06-01T09:00",
            "closes_at": "2030-06-05T18:00",
            "reminder_days": "sept",
        },
    )
    assert response.status_code == 400
    assert "Écrivez des nombres de jours séparés par des virgules" in text(response)
    response = client_of(world.staff).post(
        staff_url(world),
        {
            "moment": "mid_term",
            "audiences": ["fellows"],
            "privacy": "anonymous",
            "opens_at": "2030-06-01T09:00",
            "closes_at": "2030-06-05T18:00",
            "reminder_days": "10",
        },
    )
    assert response.status_code == 400
    assert "Un rappel part entre l'ouverture et la clôture" in text(response)
    assert 'value="2030-06-05T18:00"' in response.content.decode()
    assert not Survey.objects.exists()


def test_the_list_shows_each_surveys_response_rate_per_audience(world):
    survey = survey_of(world)
    answer(survey, world.user("ada"))
    answer(survey, world.user("olga"))
    page = text(client_of(world.staff).get(staff_url(world)))
    assert '<svg role="img"' in page and f'id="rates-{survey.pk}-title"' in page
    assert "Entrepreneur·es : 1 réponse sur 3 personnes interrogées (33 %)." in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+) %</td></tr>', page)
    assert rows == [
        ("Entrepreneur·es", "3", "1", "33"),
        ("Mentors", "3", "1", "33"),
        ("Administrations d'accueil", "2", "0", "0"),
        ("Ensemble", "8", "2", "25"),
    ]


def _results_world(world, fellows=5, mentors=2):
    survey = survey_of(world, audiences=[FELLOWS, MENTORS])
    responses(survey, FELLOWS, [MID_TERM_ANSWERS | {"mieux_marche": f"Texte entrepreneur {n}"} for n in range(fellows)])
    responses(
        survey,
        MENTORS,
        [MID_TERM_ANSWERS | {"satisfaction": "1", "mieux_marche": f"Texte mentor {n}"} for n in range(mentors)],
    )
    return survey


def test_the_results_show_the_groups_of_5_and_hide_the_smaller_ones(world):
    survey = _results_world(world, fellows=5, mentors=2)
    page = text(client_of(world.staff).get(staff_url(world, "results_survey", survey=survey.pk)))
    satisfaction = page.split('id="question-satisfaction-heading"')[1].split("</section>")[0]
    assert (
        "<caption>Réponses à « Dans l'ensemble, êtes-vous satisfait·e du programme ? », par public</caption>"
        in satisfaction
    )
    assert '<th scope="col">Entrepreneur·es</th>' in satisfaction
    assert '<th scope="col">Mentors</th>' not in satisfaction and '<th scope="col">Ensemble</th>' not in satisfaction
    assert re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', satisfaction) == [
        ("1 — Pas du tout satisfait·e", "0 (0 %)"),
        ("2 — Peu satisfait·e", "0 (0 %)"),
        ("3 — Moyennement satisfait·e", "0 (0 %)"),
        ("4 — Satisfait·e", "5 (100 %)"),
        ("5 — Très satisfait·e", "0 (0 %)"),
        ("Réponses", "5"),
        ("Moyenne", "4"),
    ]
    assert "Moins de 5 réponses : masqué — Mentors, Ensemble." in satisfaction
    assert "Texte entrepreneur 0" in page and "Texte entrepreneur 4" in page
    assert "Texte mentor" not in page


def test_a_question_with_every_group_under_5_answers_shows_nothing_of_it(world):
    survey = _results_world(world, fellows=4, mentors=0)
    page = text(client_of(world.staff).get(staff_url(world, "results_survey", survey=survey.pk)))
    assert "Texte entrepreneur" not in page and "<svg" not in page.split('id="results-title"')[1]
    assert "Moins de 5 réponses : masqué — Entrepreneur·es, Mentors, Ensemble." in page


def test_each_questions_chart_is_an_accessible_image_with_its_table(world):
    survey = _results_world(world, fellows=6, mentors=5)
    content = client_of(world.staff).get(staff_url(world, "results_survey", survey=survey.pk)).content.decode()
    chart = content.split('id="question-satisfaction-heading"')[1].split("</svg>")[0]
    assert '<svg role="img" aria-labelledby="question-satisfaction-title question-satisfaction-desc"' in chart
    assert '<title id="question-satisfaction-title">' in chart
    desc = html.unescape(re.search(r'<desc id="question-satisfaction-desc">([^<]+)</desc>', chart).group(1))
    assert desc.startswith("Entrepreneur·es, 6 réponses : 1 — Pas du tout satisfait·e : 0 (0 %)")
    assert "Ensemble, 11 réponses" in desc
    assert content.count("<caption>") >= 6
    assert reverse("admin:calls_step_changelist") + f"?call__id__exact={survey.call_id}" in content


def test_a_survey_of_another_promotion_is_404_here(world):
    survey = survey_of(world)
    other = PromotionFactory()
    url = reverse("staff:results_survey", kwargs={"promotion": other.slug, "survey": survey.pk})
    assert client_of(world.staff).get(url).status_code == 404


def test_the_promotions_overview_links_to_its_surveys(world):
    page = client_of(world.staff).get(reverse("staff:programme_overview", kwargs={"promotion": world.promotion.slug}))
    assert staff_url(world) in page.content.decode()


# --- Flat query counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_reads_a_flat_number_of_queries(world, count, django_assert_num_queries):
    for _ in range(count):
        answer(survey_of(world), world.user("ada"))
    client = client_of(world.staff)
    client.get(staff_url(world))
    # Session, user, second factor, promotion, surveys, rates, the site's settings.
    with django_assert_num_queries(7):
        client.get(staff_url(world))


@pytest.mark.parametrize(("fellows", "mentors"), [(5, 2), (12, 9)])
def test_the_results_read_a_flat_number_of_queries(world, fellows, mentors, django_assert_num_queries):
    survey = _results_world(world, fellows=fellows, mentors=mentors)
    client = client_of(world.staff)
    url = staff_url(world, "results_survey", survey=survey.pk)
    client.get(url)
    # Session, user, second factor, promotion, survey, responses, rates; the site's DSFR settings under the
    # content version (one read of the version row). The questions are the call's form the process keeps.
    with django_assert_num_queries(8):
        client.get(url)


@pytest.mark.parametrize("count", [2, 6])
def test_my_surveys_reads_a_flat_number_of_queries(world, count, django_assert_num_queries):
    for _ in range(count):
        answer(survey_of(world, anonymous=False), world.user("ada"))
    client = client_of(world.user("ada"))
    client.get(reverse("programme:surveys"))
    with django_assert_num_queries(5):
        client.get(reverse("programme:surveys"))
