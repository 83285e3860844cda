"""The handover plan's pages: the team's plan page (/programme/equipes/<challenge>/perennisation/), the
kit's pages of its shared dossier, the host's confirmation, the to-dos of « Mon programme », the
programme team's pages (/equipe/programme/<promotion>/perennisation/) and the block « Après le
programme » of the public challenge page."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from eig.calls.models import Answer, Call
from eig.programme.access import membership
from eig.results import handover as services
from eig.results.models import Handover
from eig.web.programme.tabs import visible_tabs
from eig.web.programme.todo import todos_for
from tests.factories import ChallengeFactory
from tests.factories.handover import ANSWERS, confirmed, extra_team, fill, handover_world, started, submitted
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

PRIVATE = ANSWERS["budget"]  # a plan's answer: never on the public page


@pytest.fixture
def world():
    return handover_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def plan_url(world, team="alpha"):
    return reverse("programme:handover", kwargs={"challenge": getattr(world, team).pk})


def confirm_url(world, team="alpha"):
    return reverse("programme:handover_confirm", kwargs={"challenge": getattr(world, team).pk})


def staff_url(world, name="results_handovers", **kwargs):
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


def handover_todos(user):
    return [t for t in todos_for(user, timezone.localdate()) if t.kind == "handover"]


# --- The plan's page --------------------------------------------------------------------------------------


def test_before_mid_promotion_the_page_says_from_which_day_the_plan_opens():
    world = programme_world()  # 35 days into the programme
    opens = services.opens_on(world.promotion)
    page = text(client_of(world.user("ada")).get(plan_url(world)))
    assert "Pas encore ouvert" in page
    assert f"Le plan s'ouvre à mi-parcours du programme, le {opens.day} " in page
    assert "Commencer le plan" not in page
    refused = client_of(world.user("ada")).post(
        reverse("programme:handover_start", kwargs={"challenge": world.alpha.pk})
    )
    assert refused.status_code == 302
    assert not Handover.objects.exists()
    assert "s'ouvre à mi-parcours du programme" in text(client_of(world.user("ada")).get(plan_url(world)))


def test_a_fellow_starts_the_plan_and_the_second_fellow_joins_the_same_dossier(world):
    page = text(client_of(world.user("ada")).get(plan_url(world)))
    assert "À commencer" in page and "Commencer le plan" in page
    start = reverse("programme:handover_start", kwargs={"challenge": world.alpha.pk})
    response = client_of(world.user("ada")).post(start)
    handover = Handover.objects.get(challenge=world.alpha)
    assert response["Location"] == reverse("programme:handover_step", args=[handover.dossier.number, "reprise"])
    again = client_of(world.user("bob")).post(start)
    assert again.status_code == 302 and handover.dossier.number in again["Location"]
    assert Handover.objects.count() == 1


def test_fellows_fill_and_submit_the_plan_through_the_kit_pages_without_an_email(world, mailoutbox):
    handover = started(world)
    number = handover.dossier.number
    client = client_of(world.user("bob"))
    step = reverse("programme:handover_step", args=[number, "reprise"])
    assert client.get(step).status_code == 200
    saved = client.post(step, {**{k: ANSWERS[k] for k in ("reprise", "budget", "recrutement")}, "action": "next"})
    assert saved.status_code == 302
    client.post(
        reverse("programme:handover_step", args=[number, "hebergement"]),
        {"hebergement_code": ANSWERS["hebergement_code"], "hebergement_donnees": ANSWERS["hebergement_donnees"]},
    )
    overview = text(client.get(reverse("programme:handover_dossier", args=[number])))
    assert "Toutes les réponses obligatoires sont données." in overview and "Déposer le plan" in overview
    submitted_response = client.post(reverse("programme:handover_submit", args=[number]))
    assert submitted_response["Location"] == reverse("programme:handover_receipt", args=[number, 1])
    receipt = text(client.get(submitted_response["Location"]))
    assert "Le plan de pérennisation de l'équipe est déposé." in receipt
    assert mailoutbox == []
    page = text(client.get(plan_url(world)))
    assert "Déposé, en attente de l'administration" in page
    assert ANSWERS["recrutement"] in page


@pytest.mark.parametrize("who", ["olga", "agnes"])
def test_mentors_and_host_agents_read_the_plan_but_do_not_write_in_it(world, who):
    handover = started(world)
    number = handover.dossier.number
    client = client_of(world.user(who))
    overview = client.get(reverse("programme:handover_dossier", args=[number]))
    assert overview.status_code == 200
    assert "seul·es ses entrepreneur·es le remplissent" in text(overview)
    assert "Déposer le plan" not in text(overview)
    step = reverse("programme:handover_step", args=[number, "reprise"])
    assert client.get(step).status_code == 200
    assert client.post(step, {"reprise": "Écrit par un lecteur"}).status_code == 404
    assert client.post(reverse("programme:handover_submit", args=[number])).status_code == 404
    assert not Answer.objects.filter(dossier=handover.dossier).exists()


def test_staff_read_a_team_plan_through_the_kit_pages(world):
    handover = submitted(world)
    client = client_of(world.staff)
    assert client.get(reverse("programme:handover_dossier", args=[handover.dossier.number])).status_code == 200
    assert client.get(reverse("programme:handover_receipt", args=[handover.dossier.number, 1])).status_code == 200
    assert client.get(plan_url(world)).status_code == 200


def test_anyone_outside_the_team_gets_404_on_its_plan_pages(world):
    handover = submitted(world)
    number = handover.dossier.number
    for key in ("cleo", "paul", "bruno"):  # Bêta's fellow, mentor and host agent
        client = client_of(world.user(key))
        assert client.get(plan_url(world)).status_code == 404
        assert client.get(reverse("programme:handover_dossier", args=[number])).status_code == 404
        assert client.get(reverse("programme:handover_receipt", args=[number, 1])).status_code == 404
        assert client.get(confirm_url(world)).status_code == 404


def test_every_member_of_the_team_sees_the_handover_tab(world):
    for key in ("ada", "olga", "agnes"):
        labels = [t.label for t in visible_tabs(membership(world.user(key), world.alpha))]
        assert "Pérennisation" in labels


# --- The host's confirmation ---------------------------------------------------------------------------------


def test_the_host_agent_reads_the_submitted_plan_and_confirms_it(world):
    submitted(world)
    agnes = client_of(world.agents["agnes"])
    page = text(agnes.get(plan_url(world)))
    assert "Relire et confirmer le plan" in page
    confirm_page = agnes.get(confirm_url(world))
    assert confirm_page.status_code == 200
    shown = text(confirm_page)
    assert ANSWERS["reprise"] in shown and "Confirmer la version 1 du plan" in shown
    response = agnes.post(confirm_url(world), {"version": "1"})
    assert response["Location"] == plan_url(world)
    page = text(agnes.get(plan_url(world)))
    assert "Confirmé par l'administration" in page
    assert "Version 1 confirmée par Agnès Hôte pour l'administration d'accueil" in page
    assert "Relire et confirmer le plan" not in page


def test_a_confirmation_of_a_version_replaced_since_is_refused_with_a_message(world):
    handover = confirmed(world)
    ada = world.user("ada")
    fill(handover.dossier, {"budget": "80 000 € par an"}, by=ada)
    services.submit_plan(handover, by=ada)
    agnes = client_of(world.agents["agnes"])
    response = agnes.post(confirm_url(world), {"version": "1"})
    assert response.status_code == 409
    assert "relisez-la avant de la confirmer" in text(response)
    assert "Confirmer la version 2 du plan" in text(response)
    assert services.handover_of(world.alpha).confirmed_at is None


@pytest.mark.parametrize("who", ["ada", "olga"])
def test_the_confirmation_page_exists_for_host_agents_only(world, who):
    submitted(world)
    assert client_of(world.user(who)).get(confirm_url(world)).status_code == 404
    assert client_of(world.user(who)).post(confirm_url(world), {"version": "1"}).status_code == 404


def test_staff_do_not_confirm_for_the_host(world):
    submitted(world)
    assert client_of(world.staff).post(confirm_url(world), {"version": "1"}).status_code == 404
    assert services.handover_of(world.alpha).confirmed_at is None


def test_the_confirmation_page_of_a_plan_not_submitted_leads_back_to_the_plan(world):
    started(world)
    response = client_of(world.agents["agnes"]).get(confirm_url(world))
    assert response["Location"] == plan_url(world)


# --- « Mon programme » ---------------------------------------------------------------------------------------


def test_fellows_have_the_plan_to_fill_once_open_until_it_is_submitted(world):
    [todo] = handover_todos(world.user("ada"))
    assert todo.label == "Remplir le plan de pérennisation" and todo.url == plan_url(world)
    started(world)
    assert len(handover_todos(world.user("bob"))) == 1
    submitted(world)
    assert handover_todos(world.user("ada")) == []
    assert "Remplir le plan de pérennisation" in text(client_of(world.user("cleo")).get(reverse("programme:home")))


def test_no_plan_to_fill_before_mid_promotion():
    world = programme_world()
    assert handover_todos(world.user("ada")) == []


def test_host_agents_have_the_submitted_plan_to_confirm_until_they_do(world):
    assert handover_todos(world.agents["agnes"]) == []
    submitted(world)
    [todo] = handover_todos(world.agents["agnes"])
    assert todo.label == "Confirmer le plan de pérennisation" and todo.url == confirm_url(world)
    assert "Confirmer le plan de pérennisation" in text(client_of(world.agents["agnes"]).get(reverse("programme:home")))
    assert handover_todos(world.agents["bruno"]) == []
    services.confirm(services.handover_of(world.alpha), by=world.agents["agnes"])
    assert handover_todos(world.agents["agnes"]) == []


# --- The programme team's pages ----------------------------------------------------------------------------------


def test_staff_list_every_team_with_its_plan_confirmation_and_outcome(world):
    confirmed(world)
    services.record_outcome(
        services.handover_for(world.beta),
        outcome=Handover.Outcome.TAKEN_OVER,
        taken_over_by="Agence nationale",
        by=world.staff,
    )
    page = text(client_of(world.staff).get(staff_url(world)))
    assert "Plans confirmés : 1/2" in page and "Devenirs enregistrés : 1/2" in page
    alpha = page.split(f'id="team-{world.alpha.pk}"')[1].split("</tr>")[0]
    assert "Confirmé par l'administration" in alpha and "Agnès Hôte" in alpha and "à enregistrer" in alpha
    beta = page.split(f'id="team-{world.beta.pk}"')[1].split("</tr>")[0]
    assert "À commencer" in beta and "Repris par une autre structure" in beta and "Agence nationale" in beta


@pytest.mark.parametrize("teams", [2, 6])
def test_the_list_keeps_a_flat_query_count(world, teams, django_assert_num_queries):
    confirmed(world)
    for n in range(teams - 2):
        extra_team(world, n)
    client = client_of(world.staff)
    with django_assert_num_queries(8):
        response = client.get(staff_url(world))
    assert response.status_code == 200
    assert len(re.findall(r'<tr id="team-', response.content.decode())) == teams


def test_staff_read_the_plan_and_record_a_stopped_outcome_with_its_reason(world):
    submitted(world)
    client = client_of(world.staff)
    url = staff_url(world, "results_handover", challenge=world.alpha.pk)
    page = text(client.get(url))
    assert "Le plan déposé (version 1)" in page and ANSWERS["hebergement_donnees"] in page
    refused = client.post(url, {"outcome": "stopped", "reason_fr": ""})
    assert refused.status_code == 400
    assert "pourquoi le défi s'arrête" in text(refused)
    assert not services.handover_of(world.alpha).outcome
    response = client.post(
        url, {"outcome": "stopped", "reason_fr": "Le besoin a disparu.", "reason_en": "The need went away."}
    )
    assert response["Location"] == url
    handover = services.handover_of(world.alpha)
    assert handover.outcome == "stopped" and handover.outcome_reason_en == "The need went away."
    page = text(client.get(url))
    assert "Devenir du défi : Arrêté" in page and "Modifier le devenir" in page


def test_staff_record_the_outcome_of_a_team_that_wrote_no_plan(world):
    client = client_of(world.staff)
    url = staff_url(world, "results_handover", challenge=world.beta.pk)
    assert "L’équipe n’a pas encore déposé son plan." in text(client.get(url))
    client.post(url, {"outcome": "continued", "reason_fr": "Le ministère poursuit."})
    assert Handover.objects.get(challenge=world.beta).outcome == "continued"


def test_a_taken_over_outcome_without_a_structure_is_refused(world):
    client = client_of(world.staff)
    url = staff_url(world, "results_handover", challenge=world.beta.pk)
    response = client.post(url, {"outcome": "taken_over"})
    assert response.status_code == 400 and "structure qui reprend" in text(response)
    assert not Handover.objects.exists()


def test_the_staff_page_of_a_challenge_that_is_no_team_of_the_promotion_is_404(world):
    client = client_of(world.staff)
    elsewhere = ChallengeFactory()
    no_team = ChallengeFactory(promotion=world.promotion)
    assert client.get(staff_url(world, "results_handover", challenge=elsewhere.pk)).status_code == 404
    assert client.get(staff_url(world, "results_handover", challenge=no_team.pk)).status_code == 404


def test_an_outcome_locks_the_plan_on_the_team_pages(world):
    handover = submitted(world)
    services.record_outcome(handover, outcome=Handover.Outcome.CONTINUED, by=world.staff)
    client = client_of(world.user("ada"))
    page = text(client.get(plan_url(world)))
    assert "Devenir du défi : Poursuivi par l'administration" in page
    assert "Modifier le plan" not in page
    overview = text(client.get(reverse("programme:handover_dossier", args=[handover.dossier.number])))
    assert "reste consultable mais ne change plus" in overview
    step = reverse("programme:handover_step", args=[handover.dossier.number, "risques"])
    response = client.post(step, {"risques": "Tardif"})
    assert response.status_code == 409


# --- The public challenge page -------------------------------------------------------------------------------------


def public_url(world, language="fr"):
    with translation.override(language):
        return reverse("public:challenge_detail", kwargs={"promotion": world.promotion.slug, "slug": "alpha"})


def test_the_public_page_shows_nothing_of_the_plan_before_an_outcome(world, client):
    confirmed(world)
    page = text(client.get(public_url(world)))
    assert "Après le programme" not in page
    assert PRIVATE not in page


def test_the_public_page_shows_the_outcome_who_took_over_and_why_in_french(world, client):
    handover = confirmed(world)
    services.record_outcome(
        handover,
        outcome=Handover.Outcome.TAKEN_OVER,
        taken_over_by="Agence nationale des données",
        reason_fr="L'agence reprend le service pour tout le territoire.",
        reason_en="The agency takes the service over nationwide.",
        by=world.staff,
    )
    page = text(client.get(public_url(world)))
    assert "Après le programme" in page
    assert "Repris par une autre structure" in page
    assert "Repris par Agence nationale des données." in page
    assert "L'agence reprend le service pour tout le territoire." in page
    assert "The agency takes the service over" not in page
    assert PRIVATE not in page and ANSWERS["reprise"] not in page


def test_the_english_public_page_reads_the_english_reason_or_falls_back_to_french(world, client):
    services.record_outcome(
        services.handover_for(world.alpha),
        outcome=Handover.Outcome.STOPPED,
        reason_fr="Le besoin a disparu.",
        reason_en="The need went away.",
        by=world.staff,
    )
    services.record_outcome(
        services.handover_for(world.beta),
        outcome=Handover.Outcome.STOPPED,
        reason_fr="Le ministère a changé de priorité.",
        by=world.staff,
    )
    english = text(client.get(public_url(world, "en")))
    assert "The need went away." in english and "Le besoin a disparu." not in english
    with translation.override("en"):
        beta_url = reverse("public:challenge_detail", kwargs={"promotion": world.promotion.slug, "slug": "beta"})
    beta = client.get(beta_url).content.decode()
    assert '<p lang="fr">Le ministère a changé de priorité.</p>' in html.unescape(beta)


def test_the_outcome_costs_the_public_page_no_query(world, client):
    with CaptureQueriesContext(connection) as before:
        client.get(public_url(world))
    services.record_outcome(
        services.handover_for(world.alpha), outcome=Handover.Outcome.CONTINUED, reason_fr="Suite.", by=world.staff
    )
    with CaptureQueriesContext(connection) as after:
        assert "Après le programme" in text(client.get(public_url(world)))
    assert len(after) == len(before)


def test_the_form_is_the_promotion_handover_call(world):
    call = Call.objects.get(promotion=world.promotion, kind=Call.Kind.HANDOVER)
    assert started(world).dossier.call == call
