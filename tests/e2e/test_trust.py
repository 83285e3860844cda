"""Issue 13 in the browser: an agent waits until the programme team confirms them, the team's
queue and rules pages, and the site's own 400 page in both languages. Each page passes axe-core."""

import pytest
from django.urls import reverse

from eig.proposals.models import Agent
from eig.proposals.services import allow_email_domain
from tests.factories import AdministrationFactory, StaffFactory, UserFactory

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_agent_waits_for_the_team_which_confirms_them_from_its_queue(page, browser_context, live_server):
    administration = AdministrationFactory(name="Direction interministérielle du numérique", slug="dinum")
    staff = StaffFactory(email="equipe@eig.example")
    allow_email_domain(administration, "numerique.gouv.fr", by=staff)
    agent_user = UserFactory(email="camille.martin@gmail.com", first_name="Camille", last_name="Martin")

    sign_in(browser_context, live_server, agent_user)
    page.goto(reverse("administrations:join"))
    screenshot(page, "fr-agent-join")
    check_accessibility(page, "fr-agent-join")
    page.get_by_label("Une administration déjà inscrite").select_option(label=administration.name)
    page.get_by_label("Votre fonction").fill("Cheffe de projet données")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("En attente de confirmation").first.wait_for()
    screenshot(page, "fr-agent-waiting")
    check_accessibility(page, "fr-agent-waiting")
    agent = Agent.objects.get(user=agent_user)
    assert not agent.confirmed  # a webmail address: nothing confirms it but the team

    sign_in(browser_context, live_server, staff)
    page.goto(reverse("staff:agent_queue"))
    row = page.get_by_role("row").filter(has_text="camille.martin@gmail.com")
    assert row.get_by_text("Cheffe de projet données").is_visible()
    screenshot(page, "fr-staff-agent-queue")
    check_accessibility(page, "fr-staff-agent-queue")

    page.goto(reverse("staff:agent_rules", kwargs={"slug": administration.slug}))
    assert page.get_by_text("numerique.gouv.fr").first.is_visible()
    screenshot(page, "fr-staff-agent-rules")
    check_accessibility(page, "fr-staff-agent-rules")

    page.goto(reverse("staff:agent_queue"))
    page.get_by_role("row").filter(has_text="camille.martin@gmail.com").get_by_role("button", name="Confirmer").click()
    page.get_by_text("Aucune demande en attente.").wait_for()
    agent.refresh_from_db()
    assert (agent.confirmed, agent.confirmed_via) == (True, Agent.Via.STAFF)
    check_no_browser_problems(page)


@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/en", "en")])
def test_an_unreadable_request_gets_the_sites_own_400_page_in_the_visitors_language(page, prefix, lang):
    too_many_fields = "&".join(f"f{i}=1" for i in range(1100))
    response = page.goto(prefix + reverse("public:challenge_list") + "?" + too_many_fields)

    assert response.status == 400
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).is_visible()
    screenshot(page, f"{lang}-error-400")
    check_accessibility(page, f"{lang}-error-400")
    # The document answers 400 by design (the console says so); its resources must still load.
    assert [f for f in page.problems.failed_requests if not f.startswith(page.url + ":")] == []
    assert [c for c in page.problems.console_errors if "status of 400" not in c] == []
