"""The English versions in the browser (issue 18 point 3): staff, signed in with their second factor,
open « Versions anglaises » from their space, write a challenge's English title and a position's
mission beside the French text; an English-speaking visitor reads them on /en/defis/…, the texts left
untranslated in French marked lang="fr". An agent of the challenge's administration opens the same form
from their space. axe-core passes on the three pages."""

import pytest
from django.urls import reverse

from eig.challenges.models import Challenge
from tests.factories import AdministrationFactory, ChallengeFactory, PositionFactory, StaffFactory, UserFactory, profile
from tests.factories.agents import confirmed_agent

from .audit import check_accessibility, check_no_browser_problems
from .steps import click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_and_an_agent_write_a_challenges_english_and_a_visitor_reads_it(page, browser_context, live_server):
    administration = AdministrationFactory(name="Direction des données")
    challenge = ChallengeFactory(
        title="Hopkins",
        summary="Lutter contre la fraude",
        body="Un défi.",
        status=Challenge.Status.RECRUITING,
        administration=administration,
    )
    PositionFactory(challenge=challenge, profile=profile("dev"), mission="Construire l'outil", skills="")
    public_url = challenge.get_absolute_url()

    sign_in(browser_context, live_server, StaffFactory())
    visit(page, live_server.url + reverse("staff:call_list"))
    follow(page, "Versions anglaises des défis, profils et pages")
    assert page.get_by_role("cell", name="À traduire").count() == 1
    check_accessibility(page, "translations-list")
    follow(page, "Hopkins")
    page.get_by_label("Titre, en anglais").fill("Hopkins: fighting fraud")
    page.get_by_label("Mission, en anglais").fill("Build the tool")
    check_accessibility(page, "translations-edit")
    click(page, "Enregistrer la version anglaise")
    assert page.get_by_text("Version anglaise enregistrée.").is_visible()

    browser_context.clear_cookies()
    visit(page, live_server.url + "/en" + public_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Hopkins: fighting fraud"
    assert page.get_by_text("Build the tool").is_visible()
    assert page.locator('p.fr-text--lead[lang="fr"]').inner_text() == "Lutter contre la fraude"
    check_no_browser_problems(page)

    agent = UserFactory(email="agnes@agents.example")
    confirmed_agent(agent, administration)
    sign_in(browser_context, live_server, agent)
    visit(page, live_server.url + reverse("administrations:space"))
    follow(page, "Écrire la version anglaise")
    page.get_by_label("Résumé en une ligne, en anglais").fill("Fight fraud with data")
    check_accessibility(page, "translations-agent")
    click(page, "Enregistrer la version anglaise")
    challenge.refresh_from_db()
    assert challenge.summary_en == "Fight fraud with data"
