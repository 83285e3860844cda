"""From a proposal to a wish, in the browser: an agent fills and submits a challenge
proposal; staff pre-select it and ask a question; the agent answers; staff hear it,
select, validate and publish it; its page is public with its positions, and a
candidate chooses one of them as a wish in the open call for applications."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Call
from eig.proposals.approval import approve_selection, submit_selection
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES

from .audit import check_accessibility, check_no_browser_problems, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXTS = {
    "nom_projet": "Signaux faibles",
    "resume": "Détecter plus tôt les entreprises en difficulté.",
    "porteur_operationnel": "Direction générale des entreprises",
    "porteur_administratif": "Direction générale des entreprises",
    "adresse": "139 rue de Bercy, 75012 Paris",
    **{
        key: f"Notre réponse sur « {key} »."
        for key in [
            "contexte",
            "solution",
            "benefices",
            "existant",
            "obstacles",
            "juridique",
            "avancement",
            "ouverture",
            "acteurs",
            "pourquoi",
            "besoins",
            "transformation",
        ]
    },
    "mission_1": "Construire le modèle de détection.",
    "mission_2": "Construire le service pour les agents.",
    "ressources": "Des postes, un accès aux serveurs.",
    "donnees": "Les données de l'Urssaf et de la Banque de France.",
    "equipe_projet-0-nom": "Camille Martin",
    "equipe_projet-0-fonction": "Cheffe de projet",
    "equipe_projet-0-implication": "50",
    **{
        f"{prefix}_{field}": value
        for prefix, who in [
            ("mentor1", "Camille Martin"),
            ("mentor_haut_niveau", "Hélène Roux"),
            ("rh", "Paul Girard"),
            ("gestion", "Lina Faure"),
        ]
        for field, value in [
            ("nom", who),
            ("fonction", "Cheffe de service"),
            ("courriel", f"{prefix}@dge.gouv.fr"),
            ("telephone", "01 02 03 04 05"),
        ]
    },
}
CHOICES = {
    "nombre_eig": "2",
    "profil_1": "datascience",
    "profil_2": "dev",
    "donnees_accessibles": "oui",
    "cofinancement": "non",
}


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    now = timezone.now()
    promotion = PromotionFactory()
    challenges = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis EIG 9",
        slug="appel-defis",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=3),
        dossier_prefix="DEFI",
    )
    install_challenge_form(challenges)
    applications = application_call(promotion=promotion, positions=0, slug="appel-candidatures")
    agent = UserFactory(email="camille@dge.gouv.fr", first_name="Camille")
    administration = AdministrationFactory(name="Direction générale des entreprises", town="Paris")
    confirmed_agent(agent, administration)
    return {
        "call": challenges,
        "applications": applications,
        "agent": agent,
        "staff": StaffFactory(email="equipe@example.org"),
        "candidate": UserFactory(email="ada@example.org"),
    }


def act_as(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.clear_cookies()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser_context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def click_label_of(page, selector):
    page.locator(f"label[for='{page.locator(selector).get_attribute('id')}']").click()


def fill_step(page):
    """Fill whatever this step asks, as a person would, then save and go on."""
    for name, value in TEXTS.items():
        field = page.locator(f"[name='{name}']")
        if field.count():
            field.fill(value)
    for name, value in CHOICES.items():
        if page.locator(f"input[name='{name}'][value='{value}']").count():
            click_label_of(page, f"input[name='{name}'][value='{value}']")
    for name in ["pitch", "simulation_paie"]:
        if page.locator(f"input[name='{name}']").count():
            page.locator(f"input[name='{name}']").set_input_files(
                {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
            )
    for name in ["hors_les_murs", "open_source", "donnees_fournies"]:
        if page.locator(f"input[name='{name}']").count():
            click_label_of(page, f"input[name='{name}']")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Enregistrer et (continuer|vérifier)$")).click()


def decide(page, label):
    form = page.locator("form").filter(has=page.get_by_role("button", name=label, exact=True))
    form.locator("label").filter(has_text=f"Je confirme : « {label} »").click()
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()
    assert page.get_by_text("Décision enregistrée").is_visible()


def test_a_proposal_becomes_a_challenge_whose_position_a_candidate_wishes_for(
    page, browser_context, live_server, world
):
    call = world["call"]

    # The agent proposes a challenge.
    act_as(browser_context, live_server, world["agent"])
    page.goto(reverse("administrations:space"))
    with page.expect_navigation():
        page.get_by_role("link", name="Proposer un défi").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer la proposition").click()
    screenshot(page, "fr-proposal-step")
    check_accessibility(page, "fr-proposal-step")
    for _ in range(6):
        fill_step(page)
    assert page.get_by_text("La proposition est complète.").is_visible()
    check_accessibility(page, "fr-proposal-overview")
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer la proposition").click()
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.SUBMITTED
    number = proposal.dossier.number

    # Staff pre-select it and ask a question.
    act_as(browser_context, live_server, world["staff"])
    page.goto(reverse("staff:proposal_detail", args=[call.slug, number]))
    check_accessibility(page, "fr-staff-proposal")
    decide(page, "Présélectionner")
    page.get_by_label("Poser une question").fill("Quelles données seront prêtes à l'arrivée des EIG ?")
    with page.expect_navigation():
        page.get_by_role("button", name="Poser une question").click()

    # The agent answers.
    act_as(browser_context, live_server, world["agent"])
    page.goto(reverse("administrations:proposal", args=[number]))
    assert page.get_by_text("Quelles données seront prêtes à l'arrivée des EIG ?").is_visible()
    page.get_by_label("Votre réponse").fill("Les données de l'Urssaf, dès le premier jour.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la réponse").click()
    screenshot(page, "fr-proposal-answered")

    # Staff hear it, select, validate and publish.
    act_as(browser_context, live_server, world["staff"])
    page.goto(reverse("staff:proposal_detail", args=[call.slug, number]))
    assert page.get_by_text("Les données de l'Urssaf, dès le premier jour.").is_visible()
    for label in ["Marquer comme auditionnée", "Retenir (décision du jury)", "Valider"]:
        decide(page, label)
    # The call's selected challenges go to the approvers before any is published (issue 18; their own
    # journey in the browser is test_challenge_validation.py): submitted and approved here by the services.
    approver = UserFactory(roles=[Role.APPROVER.value])
    selection = submit_selection(call, by=world["staff"])
    approve_selection(selection, approver=approver, comment="", seen_digest=selection.digest)
    page.reload()
    decide(page, "Publier")
    screenshot(page, "fr-staff-proposal-published")
    check_no_browser_problems(page)
    proposal.refresh_from_db()
    challenge = proposal.challenge
    assert proposal.state == Proposal.State.PUBLISHED

    # The challenge page is public, with its positions.
    browser_context.clear_cookies()
    page.goto(challenge.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Signaux faibles"
    assert page.get_by_text("Construire le modèle de détection.").first.is_visible()
    check_accessibility(page, "fr-published-challenge")

    # A candidate wishes for one of its positions.
    act_as(browser_context, live_server, world["candidate"])
    page.goto(reverse("candidates:apply", args=[world["applications"].slug]))
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer mon dossier").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer").click()
    position = challenge.positions.get(profile__code="datascience")
    page.get_by_label("Vœu n° 1").select_option(str(position.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer").click()
    assert list(Wish.objects.values_list("position", flat=True)) == [position.pk]
    check_no_browser_problems(page)
