"""The PDF receipt of a submitted dossier: what it says, and that the receipt email carries it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.applications.services import set_wishes
from eig.calls.defaults import install_application_form
from eig.calls.models import Call, Question
from eig.calls.receipt_pdf import receipt_html, render_receipt_pdf
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier
from eig.challenges.models import Challenge
from eig.notifications.models import OutboxMessage
from eig.notifications.sending import deliver
from tests.factories import ChallengeFactory, PositionFactory, PromotionFactory, UserFactory, profile
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime.datetime(2017, 9, 27, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2017, 10, 27, 17, 0, tzinfo=PARIS)
SUBMITTED = datetime.datetime(2017, 10, 10, 12, 34, 56, tzinfo=PARIS)

ANSWERS = {
    "identite": {
        "civilite": "madame",
        "prenom": "Ada",
        "nom": "Lovelace",
        "telephone": "01 23 45 67 89",
        "ville": "Lyon",
    },
    "parcours": {
        "profession": "data_scientist",
        "experience_annees": "7",
        "parcours": "Analyste, puis data scientist.\nSept ans dans le secteur public.",
        "projet": "Un outil libre de suivi des crues.",
    },
    "motivation": {"motivation": "Servir l'intérêt général.", "contribution": "Des modèles de prévision."},
    "disponibilite": {"disponible": True, "mobilite": False},
    "declarations": {
        "personne_physique": True,
        "pas_agent_public": True,
        "pas_jury": True,
        "pas_etudiant": True,
        "donnees_personnelles": True,
    },
}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def draft_dossier():
    promotion = PromotionFactory(number=2)
    call = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.APPLICATIONS,
        title="Appel à candidatures EIG 2",
        slug="appel-eig-2",
        opens_at=OPENS,
        closes_at=CLOSES,
        dossier_prefix="EIG2",
    )
    install_application_form(call)
    challenge = ChallengeFactory(promotion=promotion, title="Signaux Faibles", status=Challenge.Status.RECRUITING)
    position = PositionFactory(challenge=challenge, profile=profile("datascience"))
    owner = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    dossier = start_dossier(call, owner=owner, now=SUBMITTED)
    for slug, data in ANSWERS.items():
        assert save_step(dossier, call.steps.get(slug=slug), data, by=owner, now=SUBMITTED) == {}
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("cv-ada.pdf", PDF_BYTES), by=owner, now=SUBMITTED)
    set_wishes(dossier, [position.pk], by=owner, now=SUBMITTED)
    return dossier, owner


@pytest.fixture
def submitted():
    dossier, owner = draft_dossier()
    return submit_dossier(dossier, by=owner, now=SUBMITTED)


def test_the_receipt_names_the_dossier_its_version_time_digest_and_candidate(submitted):
    html = receipt_html(submitted)
    assert "Récépissé de dépôt" in html
    assert "Entrepreneurs d&#x27;intérêt général" in html
    assert "Appel à candidatures EIG 2" in html
    assert submitted.dossier.number in html
    assert "10 octobre 2017 à 12:34:56 (heure de Paris)" in html
    assert f'<p class="digest">{submitted.digest}</p>' in html
    assert "Ada Lovelace — ada@example.org" in html


def test_the_receipt_lists_the_answers_with_labels_and_choice_labels(submitted):
    html = receipt_html(submitted)
    assert "<dt>Profession</dt>" in html
    assert "<dd>Data scientist</dd>" in html  # the label of the value "data_scientist"
    assert "<dd>Madame</dd>" in html
    assert "Analyste, puis data scientist.<br>Sept ans dans le secteur public." in html
    assert "<dd>cv-ada.pdf (77\xa0octets)</dd>" in html  # a file answer shows its name and size, not its id
    assert "Déclaré sur l&#x27;honneur" in html
    assert "Non renseigné" in html  # the optional portfolio was left empty


def test_the_receipt_lists_the_ranked_wishes(submitted):
    html = receipt_html(submitted)
    assert "Vœux, par ordre de préférence" in html
    assert "<li>Signaux Faibles — " in html


def test_the_receipt_reads_the_frozen_version_not_the_live_answers(submitted):
    dossier = submitted.dossier
    dossier.answers.filter(question__key="ville").update(value="Marseille")
    html = receipt_html(submitted)
    assert "<dd>Lyon</dd>" in html and "Marseille" not in html


def test_the_receipt_is_a_pdf(submitted):
    pdf = render_receipt_pdf(submitted)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5000


def test_the_receipt_pdf_reads_back_with_its_number_time_and_digest(submitted):
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_receipt_pdf(submitted))).pages)
    flat = " ".join(text.split())
    assert submitted.dossier.number in flat
    assert "12:34:56" in flat and "heure de Paris" in flat
    assert submitted.digest in flat.replace(" ", "")
    assert "Lyon" in flat and "Data scientist" in flat


def test_submitting_sends_the_receipt_email_with_the_pdf_attached(mailoutbox, django_capture_on_commit_callbacks):
    dossier, owner = draft_dossier()
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_dossier(dossier, by=owner, now=SUBMITTED)
    (email,) = mailoutbox
    assert email.to == ["ada@example.org"]
    (attachment,) = email.attachments
    assert attachment.filename == f"recepisse-{dossier.number}-v1.pdf"
    assert attachment.mimetype == "application/pdf"
    assert attachment.content.startswith(b"%PDF-")
    assert OutboxMessage.objects.get(key=f"receipt:{dossier.pk}:{version.number}").status == OutboxMessage.Status.SENT


def test_the_queued_receipt_names_its_pdf_renderer_and_renders_it_when_sent(submitted, mailoutbox):
    message = OutboxMessage.objects.get(key=f"receipt:{submitted.dossier.pk}:1")
    assert message.attachments == [
        {
            "filename": f"recepisse-{submitted.dossier.number}-v1.pdf",
            "mimetype": "application/pdf",
            "renderer": "calls.receipt_pdf",
            "args": {"version_id": submitted.pk, "language": "fr"},
        }
    ]
    assert deliver(message.pk) == "sent"
    (email,) = mailoutbox
    (attachment,) = email.attachments
    assert attachment.filename == f"recepisse-{submitted.dossier.number}-v1.pdf"
    assert attachment.mimetype == "application/pdf"
    assert attachment.content.startswith(b"%PDF-")
