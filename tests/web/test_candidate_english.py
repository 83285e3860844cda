"""An English-speaking candidate (issue 18, point 3): under /en/ the call's title, its steps, questions,
help and choices read in English (French where the team wrote no English), the checklist too; the
values stored are the same in both languages; the dossier submitted in English keeps its language,
and its receipt — the email, its PDF, the page — is in English."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eig.applications.services import set_wishes
from eig.calls.models import Dossier, Question, Step
from eig.calls.receipt_pdf import receipt_html
from eig.calls.services import attach_file, save_step, start_dossier
from eig.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def call():
    """The default application form, its call, first step and civility question written in English too."""
    call = application_call(title="Appel à candidatures EIG 10")
    call.title_en = "Call for applications EIG 10"
    call.save()
    Step.objects.filter(call=call, slug="identite").update(title_en="Identity")
    civility = Question.objects.get(step__call=call, key="civilite")
    civility.label_en = "Title"
    civility.help_text_en = "As you wish to be addressed."
    civility.choices_en = {"madame": "Ms", "monsieur": "Mr", "non_precise": "I'd rather not say"}
    civility.save()
    return call


@pytest.fixture
def candidate():
    return UserFactory(email="sam@example.org", first_name="Sam")


@pytest.fixture
def client(candidate):
    client = Client()
    client.force_login(candidate)
    return client


def english(name, *args) -> str:
    with translation.override("en"):
        return reverse(f"candidates:{name}", args=args)


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def complete(dossier, candidate, *, but=()):
    """Every answer a submit needs (the default form's, its CV and one wish), except the steps in `but`."""
    call = dossier.call
    for slug, answers in COMPLETE_ANSWERS.items():
        if slug not in but:
            assert save_step(dossier, call.steps.get(slug=slug), answers, by=candidate) == {}
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("cv.pdf", PDF_BYTES), by=candidate)
    set_wishes(dossier, [call.promotion.challenges.get().positions.first().pk], by=candidate)


def test_the_step_reads_in_english_with_the_same_values(client, candidate, call):
    dossier = start_dossier(call, owner=candidate)
    response = client.get(english("step", dossier.number, "identite"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Identity" in page and "As you wish to be addressed." in page
    assert re.search(r'value="non_precise"[^>]*>\s*<label class="fr-label" for="[^"]+">I&#x27;d rather not say', page)
    assert ">Ms</label>" in page and ">Madame</label>" not in page
    assert '<span lang="fr">Prénom</span>' in page  # no English label written: the French one, marked French


def test_an_answer_given_in_english_is_stored_as_in_french(client, candidate, call):
    dossier = start_dossier(call, owner=candidate)
    identity = {**COMPLETE_ANSWERS["identite"], "civilite": "monsieur"}
    client.post(english("step", dossier.number, "identite"), {**identity, "action": "save"})
    assert dossier.answers.get(question__key="civilite").value == "monsieur"


def test_the_overview_and_its_checklist_read_in_english(client, candidate, call):
    dossier = start_dossier(call, owner=candidate)
    complete(dossier, candidate, but=["identite"])
    page = client.get(english("dossier", dossier.number)).content.decode()
    assert ">1. Identity" in page  # the steps' menu
    checklist = html.unescape(page[page.index('id="checklist"') :].split("</ul>")[0])
    assert "<li>Title</li>" in checklist and "<li>Prénom</li>" in checklist  # no English label: the French


def test_a_dossier_submitted_in_english_gets_its_receipt_in_english(client, candidate, call):
    dossier = start_dossier(call, owner=candidate)
    complete(dossier, candidate)
    response = client.post(english("submit", dossier.number))
    dossier.refresh_from_db()
    assert response["Location"] == english("receipt", dossier.number, 1)
    assert dossier.language == "en"

    message = OutboxMessage.objects.get(key=f"receipt:{dossier.pk}:1")
    assert message.language == "en"
    assert message.subject == 'Receipt of your application "Call for applications EIG 10"'
    assert "Call for applications EIG 10" in message.body_text and "/en/" in message.body_text
    assert message.attachments[0]["args"]["language"] == "en"

    version = dossier.versions.get()
    receipt = html.unescape(receipt_html(version))
    assert "Submission receipt" in receipt and "Call for applications EIG 10" in receipt
    assert "<dt>Title</dt>" in receipt and "<dd>I'd rather not say</dd>" in receipt

    page = text(client.get(response["Location"]))
    assert "Call for applications EIG 10" in page


def test_a_dossier_submitted_in_french_keeps_its_receipt_in_french(client, candidate, call):
    dossier = start_dossier(call, owner=candidate)
    complete(dossier, candidate)
    client.post(reverse("candidates:submit", args=[dossier.number]))
    assert Dossier.objects.get(pk=dossier.pk).language == "fr"
    message = OutboxMessage.objects.get(key=f"receipt:{dossier.pk}:1")
    assert message.language == "fr" and "Appel à candidatures EIG 10" in message.subject
    assert "<dd>Je préfère ne pas répondre</dd>" in html.unescape(receipt_html(dossier.versions.get()))
