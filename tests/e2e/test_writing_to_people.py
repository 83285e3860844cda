"""Writing to people, in the browser (issue 18): the team reminds the incomplete drafts of an open
call (previewed, then delivered once each, whatever the clicks), asks one candidate for a document,
and the candidate answers it from their space. Every page passes axe-core with a clean console."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from eig.calls.models import ComplementRequest, Dossier
from eig.calls.services import start_dossier
from eig.notifications.models import OutboxMessage
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import click, follow, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.clear_cookies()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser_context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    call = application_call(slug="eig-10", title="Appel à candidatures EIG 10", dossier_prefix="EIG10")
    drafts = [
        start_dossier(call, owner=UserFactory(first_name=f, last_name="Test", email=f"{f.lower()}@example.org"))
        for f in ("Ada", "Bea")
    ]
    submitted = start_dossier(call, owner=UserFactory(first_name="Cid", last_name="Test", email="cid@example.org"))
    Dossier.objects.filter(pk=submitted.pk).update(
        status=Dossier.Status.SUBMITTED, submitted_at=call.opens_at + datetime.timedelta(days=1), version=1
    )
    submitted.refresh_from_db()
    return call, drafts, submitted


def test_the_team_reminds_the_incomplete_drafts_and_asks_a_candidate_for_a_document(
    page, browser_context, live_server, world, tmp_path
):
    call, drafts, submitted = world
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))

    visit(page, reverse("staff:message_list"))
    check_accessibility(page, "fr-staff-messages")
    follow(page, "Écrire un nouveau message")
    page.locator("label.fr-label").filter(has_text="Brouillons incomplets d'un appel ouvert").click()
    check_accessibility(page, "fr-staff-message-audience")
    click(page, "Continuer")
    page.get_by_label("Appel (ouvert)").select_option("eig-10")
    page.get_by_label("Objet").fill("Plus que dix jours pour déposer")
    page.get_by_label("Message").fill("Votre dossier n'est pas encore complet.\nPensez aux pièces jointes : {{ cv }}.")
    check_accessibility(page, "fr-staff-message-compose")
    click(page, "Aperçu")
    assert page.get_by_role("heading", name="2 destinataires").is_visible()
    assert page.get_by_text("Pensez aux pièces jointes : {{ cv }}.").first.is_visible()
    screenshot(page, "fr-staff-message-preview")
    check_accessibility(page, "fr-staff-message-preview")
    # A double click on « Envoyer »: each person still gets one message.
    page.get_by_role("button", name="Envoyer le message aux 2 personnes").dblclick()
    expect(page.get_by_text("Ce message est envoyé :")).to_be_visible()
    assert sorted(OutboxMessage.objects.filter(template="broadcast").values_list("recipient", flat=True)) == [
        "ada@example.org",
        "bea@example.org",
    ]
    check_accessibility(page, "fr-staff-message-sent")

    # A request for complement on the submitted dossier.
    visit(page, reverse("staff:dossier_detail", args=[call.slug, submitted.number]))
    page.get_by_label("Message à la personne").fill("Votre dernier diplôme, s'il vous plaît.")
    click(page, "Demander un complément", exact=True)
    assert page.get_by_text("Demande de complément envoyée").is_visible()
    check_accessibility(page, "fr-staff-dossier-complement")
    request = ComplementRequest.objects.get()
    check_no_browser_problems(page)

    # The candidate answers from their space.
    sign_in(browser_context, live_server, submitted.owner)
    visit(page, reverse("candidates:space"))
    check_accessibility(page, "fr-candidate-space-complement")
    follow(page, "Répondre")
    check_accessibility(page, "fr-candidate-complement")
    document = tmp_path / "diplome.pdf"
    document.write_bytes(PDF_BYTES)
    page.get_by_label("Le document demandé").set_input_files(str(document))
    click(page, "Envoyer ma réponse")
    assert page.get_by_text("Votre réponse est envoyée").is_visible()
    check_accessibility(page, "fr-candidate-dossier-complement-answered")
    request.refresh_from_db()
    assert request.answer_file.original_name == "diplome.pdf"
    check_no_browser_problems(page)
