"""A promotion's annual report in the browser (issue 17, point 2): staff open it from the promotion's
overview, read its charts (images with a name and a description, each beside its table) with axe
passing, and download its PDF; once the promotion is closed, a visitor follows the results page to
the public report (the funnel's whole, no breakdown) and downloads its PDF too.

The promotion is tests/factories/annual_report.py's: 14 applications (6 women who finished the
programme, 6 men who submitted, 2 « ne se prononce pas »), a team with its achievements, a
challenge never made public.
"""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.factories.annual_report import close_report_world, report_world

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def download_pdf(page, link: str) -> tuple[str, bytes]:
    """Follow the page's PDF link as a person does; the file's suggested name and its bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    download = info.value
    assert download.failure() is None
    return download.suggested_filename, download.path().read_bytes()


def test_staff_read_the_annual_report_and_download_its_pdf(page, browser_context, live_server):
    world = report_world()
    sign_in(browser_context, live_server, StaffFactory(email="equipe@rapport.example"))

    visit(page, reverse("staff:programme_overview", kwargs={"promotion": world.promotion.slug}))
    follow(page, "Rapport annuel", exact=True)
    assert page.url.endswith(reverse("staff:reporting_annual_report", kwargs={"slug": world.promotion.slug}))
    assert page.get_by_role("heading", level=1, name="Rapport annuel de la promotion EIG Rapport").is_visible()
    assert page.get_by_role("heading", name="Rapport provisoire").is_visible()
    # Each chart is an image named by its title, beside its table.
    assert page.get_by_role("img", name="Candidatures à chaque étape").is_visible()
    assert page.get_by_role("img", name="Répartition à chaque étape — Par civilité déclarée").is_visible()
    assert page.get_by_role("img", name="Défis proposés, présélectionnés et sélectionnés par ministère").is_visible()
    civility = page.get_by_role("table", name="Par civilité déclarée : effectif à chaque étape")
    assert civility.get_by_role("row", name="Monsieur").get_by_role("cell").first.inner_text() == "masqué"
    assert page.get_by_role("link", name="Le code du guichet").is_visible()
    screenshot(page, "fr-staff-annual-report")
    check_accessibility(page, "fr-staff-annual-report")

    name, content = download_pdf(page, "Télécharger en PDF")
    assert name == "rapport-annuel-eig-rapport.pdf"
    assert content.startswith(b"%PDF")
    check_no_browser_problems(page)


def test_a_visitor_reads_the_public_report_of_a_closed_promotion(page, browser_context, live_server):
    world = report_world(slug="eig-publie")
    close_report_world(world)
    browser_context.clear_cookies()

    visit(page, reverse("public:promotion_results", kwargs={"slug": world.promotion.slug}))
    follow(page, "Le rapport annuel de la promotion")
    assert page.get_by_role("heading", level=1, name="Rapport annuel de la promotion EIG Rapport").is_visible()
    assert page.get_by_role("img", name="Candidatures à chaque étape").is_visible()
    assert page.get_by_role("img", name="Répartition à chaque étape — Par civilité déclarée").count() == 0
    assert page.get_by_text("Défi secret").count() == 0
    screenshot(page, "fr-public-annual-report")
    check_accessibility(page, "fr-public-annual-report")

    name, content = download_pdf(page, "Télécharger le rapport en PDF")
    assert name == "rapport-annuel-eig-publie.pdf"
    assert content.startswith(b"%PDF")
    check_no_browser_problems(page)
