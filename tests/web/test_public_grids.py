"""What candidates are told about how they are judged (issue 18, point 8): the method page of a
promotion, the page of a call's rules and the participate pages list, stage by stage, the criteria,
weights and scales of the grids the call actually uses (eig.juries.stages), never a text of their own;
a stage without its grid says so plainly."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.calls.models import Call
from eig.promotions.models import Phase
from eig.reviews.defaults import CANDIDATE_JURY, CANDIDATE_PRESCREENING, CHALLENGE_JURY
from eig.reviews.models import Criterion, Grid
from tests.factories import PageFactory, PhaseFactory
from tests.factories.juries import jury_call, jury_world
from tests.factories.reviews import closed_call, grid_of

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = "La grille de cette étape n'est pas encore publiée."


def text_of(response) -> str:
    """The page's text as a reader gets it: tags removed, spaces collapsed."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def method_url(call) -> str:
    return reverse("public:selection_method", kwargs={"slug": call.promotion.slug})


def section(text: str, start: str, end: str) -> str:
    """The part of the page's text between two headings."""
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def call():
    call = closed_call()
    grid_of(call, CANDIDATE_PRESCREENING)
    grid_of(call, CANDIDATE_JURY)
    return call


# --- The method page ----------------------------------------------------------------------------------


def test_the_method_page_lists_the_criteria_and_scales_of_each_stage(client, call):
    text = text_of(client.get(method_url(call)))
    prescreening = section(text, "Présélection des candidatures", "Auditions")
    auditions = section(text, "Auditions", "Qui est pris en compte")
    for label in CANDIDATE_PRESCREENING["criteria"]:
        assert label in prescreening
    for label in CANDIDATE_JURY["criteria"]:
        assert label in auditions
    assert "Chaque critère est noté de 1 à 5." in prescreening
    assert "La note de l'étape est la somme des notes : de 3 à 15 points." in prescreening
    assert "1 — non qualifié" in prescreening and "5 — expert" in prescreening
    assert "coup de cœur, avis neutre, avis défavorable" in prescreening
    assert "Chaque dossier est noté par 2 personnes" in prescreening
    assert "Chaque critère est noté de 0 à 4." in auditions
    assert "de 0 à 20 points" in auditions
    assert "0 — absent" in auditions and "4 — excellent" in auditions
    assert NOT_PUBLISHED not in text


def test_changing_a_criterions_label_changes_the_method_page(client, call):
    criterion = Criterion.objects.get(grid__call=call, grid__phase=Grid.Phase.JURY, order=1)
    criterion.label = "Capacité à livrer un service en dix mois"
    criterion.help_text = "Ce que la personne a déjà mené à terme."
    criterion.save()
    text = text_of(client.get(method_url(call)))
    assert "Capacité à livrer un service en dix mois" in text
    assert "Ce que la personne a déjà mené à terme." in text
    assert CANDIDATE_JURY["criteria"][0] not in text


def test_a_criterions_weight_is_its_coefficient_and_counts_in_the_total(client, call):
    Criterion.objects.filter(grid__call=call, grid__phase=Grid.Phase.JURY, order=2).update(weight=3)
    auditions = section(text_of(client.get(method_url(call))), "Auditions", "Qui est pris en compte")
    assert f"2 {CANDIDATE_JURY['criteria'][1]} 3" in auditions  # n°, label, coefficient
    assert "chacune multipliée par le coefficient de son critère : de 0 à 28 points" in auditions


def test_a_stage_without_its_grid_says_so_plainly_and_describes_no_default(client):
    call = closed_call()
    grid_of(call, CANDIDATE_PRESCREENING)
    text = text_of(client.get(method_url(call)))
    auditions = section(text, "Auditions", "Qui est pris en compte")
    assert NOT_PUBLISHED in auditions
    assert all(label not in text for label in CANDIDATE_JURY["criteria"])


def test_a_call_without_any_grid_says_so_for_both_stages(client):
    call = closed_call()
    text = text_of(client.get(method_url(call)))
    assert text.count(NOT_PUBLISHED) == 2
    assert "Chaque critère est noté" not in text


def test_the_auditions_stage_reads_the_grid_the_jury_fills(client):
    world = jury_world("candidates", jurors=1, auditions=0)
    assert CANDIDATE_JURY["criteria"][0] in text_of(client.get(method_url(world.call)))
    world.jury.grid = None  # a jury left without a grid has none to publish
    world.jury.save(update_fields=["grid"])
    text = text_of(client.get(method_url(world.call)))
    assert NOT_PUBLISHED in section(text, "Auditions", "Qui est pris en compte")
    assert CANDIDATE_JURY["criteria"][0] not in text


def test_the_method_page_reads_the_staffs_english(client, call):
    criterion = Criterion.objects.get(grid__call=call, grid__phase=Grid.Phase.JURY, order=1)
    criterion.label_en = "Drive and ability to deliver"
    criterion.save(update_fields=["label_en"])
    url = method_url(call)  # in French: a request to /en/ leaves English active in the test's thread
    english = text_of(client.get("/en" + url))
    assert "Drive and ability to deliver" in english
    assert "Auditions" in english and NOT_PUBLISHED not in english
    french = text_of(Client().get(url))
    assert CANDIDATE_JURY["criteria"][0] in french and "Drive and ability" not in french


def test_the_method_page_keeps_a_flat_query_count_whatever_the_number_of_criteria(client, call):
    url = method_url(call)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # the first request of the test process warms what every page reads once
    five = count()
    grid = Grid.objects.get(call=call, phase=Grid.Phase.JURY)
    Criterion.objects.bulk_create(Criterion(grid=grid, order=10 + i, label=f"Critère {i}") for i in range(20))
    assert count() == five


# --- The rules page and the participate pages -----------------------------------------------------------


def test_the_rules_page_of_a_call_shows_its_criteria_beside_its_text(client, call):
    page = PageFactory(kind="rules", body="## Article 1 — Objet\n\nLe présent appel.")
    Call.objects.filter(pk=call.pk).update(rules_page=page)
    text = text_of(client.get(page.get_absolute_url()))
    assert "Article 1 — Objet" in text
    criteria = text.split("Critères d'évaluation", 1)[1]
    assert f"« {call.title} »" in criteria
    assert CANDIDATE_PRESCREENING["criteria"][0] in criteria and CANDIDATE_JURY["criteria"][4] in criteria


def test_an_edited_criterion_reaches_the_cached_rules_page_at_once(call):
    page = PageFactory(kind="rules")
    Call.objects.filter(pk=call.pk).update(rules_page=page)
    cache.clear()
    anonymous = Client()
    assert CANDIDATE_JURY["criteria"][0] in text_of(anonymous.get(page.get_absolute_url()))
    assert anonymous.get(page.get_absolute_url())["X-Page-Cache"] == "hit"
    criterion = Criterion.objects.get(grid__call=call, grid__phase=Grid.Phase.JURY, order=1)
    criterion.label = "Un critère réécrit"
    criterion.save()
    text = text_of(anonymous.get(page.get_absolute_url()))
    assert "Un critère réécrit" in text and CANDIDATE_JURY["criteria"][0] not in text


def test_a_page_that_is_no_calls_rules_has_no_criteria(client, call):
    page = PageFactory(kind="other")
    assert "Critères d'évaluation" not in text_of(client.get(page.get_absolute_url()))


def test_the_rules_page_keeps_a_flat_query_count(client, call):
    page = PageFactory(kind="rules")
    Call.objects.filter(pk=call.pk).update(rules_page=page)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.get_absolute_url()).status_code == 200
        return len(queries)

    count()  # the first page reads the site's DSFR settings, kept under the content version
    before = count()
    grid = Grid.objects.get(call=call, phase=Grid.Phase.PRESCREENING)
    Criterion.objects.bulk_create(Criterion(grid=grid, order=10 + i, label=f"Critère {i}") for i in range(20))
    assert count() == before


def test_the_candidates_participate_page_lists_the_criteria_of_the_promotions_call(client, call):
    PhaseFactory(promotion=call.promotion, kind=Phase.Kind.APPLICATION_CALL)
    text = text_of(client.get(reverse("public:participate_candidates")))
    criteria = text.split("Critères d'évaluation", 1)[1]
    assert "Présélection des candidatures" in criteria and "Auditions" in criteria
    assert CANDIDATE_PRESCREENING["criteria"][2] in criteria and CANDIDATE_JURY["criteria"][3] in criteria


def test_the_administrations_participate_page_lists_the_challenge_jurys_criteria(client):
    challenges = jury_call("challenges")
    grid_of(challenges, CHALLENGE_JURY)
    PhaseFactory(promotion=challenges.promotion, kind=Phase.Kind.CHALLENGE_CALL)
    text = text_of(client.get(reverse("public:participate_administrations")))
    criteria = text.split("Critères d'évaluation", 1)[1]
    assert "Jury de sélection des défis" in criteria
    assert all(label in criteria for label in CHALLENGE_JURY["criteria"])
    assert "1 — pas satisfaisant" in criteria
    assert "Présélection des défis" not in criteria  # no grid installed for it: not a stage of this call
