"""Requests for complement: the team asks a submitted dossier's holder for a document or an
answer before a date; the holder answers once, on time, a file passing the upload checks; both
are logged on the dossier and the dossier's readers read the answer."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eig.accounts.personal_data import Export, anonymise_dossier
from eig.calls.complements import answer_complement, request_complement
from eig.calls.models import ComplementRequest, Dossier
from eig.calls.personal_data import DossiersPart, file_ids_of
from eig.calls.reading import dossiers_holding
from eig.calls.services import start_dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.notifications.models import OutboxMessage
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES, PNG_BYTES
from tests.factories.reviews import closed_call, submitted_dossier

pytestmark = pytest.mark.django_db

NOW = timezone.now()
IN_A_WEEK = NOW + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def dossier():
    call = closed_call(slug="eig-9", title="Appel EIG 9", dossier_prefix="EIG9")
    return submitted_dossier(call, owner=UserFactory(first_name="Ada", email="ada@example.org"))


def ask(dossier, staff, kind="document", message="Votre dernier diplôme, s'il vous plaît.", due_at=IN_A_WEEK):
    return request_complement(dossier, kind, message, due_at, by=staff, now=NOW)


def pdf(name="diplome.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def verbs(dossier):
    return list(
        ActivityLog.objects.filter(target_type="calls.dossier", target_id=str(dossier.pk), verb__contains="complement")
        .order_by("id")
        .values_list("verb", flat=True)
    )


# --- Asking --------------------------------------------------------------------------------------


def test_a_request_emails_the_holder_once_in_the_dossiers_language_and_is_logged(dossier, staff):
    Dossier.objects.filter(pk=dossier.pk).update(language="en")
    dossier.refresh_from_db()
    request = ask(dossier, staff)
    message = OutboxMessage.objects.get(key=f"complement:{request.pk}")
    assert (message.recipient, message.language, message.template) == ("ada@example.org", "en", "complement_request")
    assert message.subject.startswith(f"Your dossier {dossier.number}: a document to provide by ")
    assert "Votre dernier diplôme, s'il vous plaît." in message.body_text
    assert f"/en/espace/dossiers/{dossier.number}/complements/{request.pk}/" in message.body_text
    entry = ActivityLog.objects.get(verb="dossier.complement_requested", target_id=str(dossier.pk))
    assert (entry.actor, entry.data["request"], entry.data["kind"]) == (staff, request.pk, "document")


def test_a_request_is_refused_on_a_draft(staff):
    call = application_call(slug="eig-10", dossier_prefix="EIG10")
    draft = start_dossier(call, owner=UserFactory())
    with pytest.raises(DomainError, match="porte sur un dossier déposé"):
        ask(draft, staff)
    assert not ComplementRequest.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("kind", "message", "due_at", "error"),
    [
        ("document", "  ", IN_A_WEEK, "Écrivez ce que vous demandez"),
        ("photo", "Un texte", IN_A_WEEK, "un document ou une réponse écrite"),
        ("answer", "Un texte", NOW, "doit être à venir"),
        ("answer", "Nul \x00", IN_A_WEEK, "caractère de contrôle"),
    ],
)
def test_a_request_without_its_words_or_with_a_past_date_is_refused(dossier, staff, kind, message, due_at, error):
    with pytest.raises(DomainError, match=error):
        ask(dossier, staff, kind=kind, message=message, due_at=due_at)


# --- Answering -----------------------------------------------------------------------------------


def test_the_holder_answers_a_question_once(dossier, staff):
    request = ask(dossier, staff, kind="answer", message="Êtes-vous disponible en septembre ?")
    answered = answer_complement(request, text="Oui, dès le 1er.", by=dossier.owner, now=NOW)
    assert (answered.answer_text, answered.answered_at, answered.answer_file) == ("Oui, dès le 1er.", NOW, None)
    with pytest.raises(DomainError, match="Vous avez déjà répondu à cette demande"):
        answer_complement(request, text="Finalement non.", by=dossier.owner, now=NOW)
    request.refresh_from_db()
    assert request.answer_text == "Oui, dès le 1er."
    assert verbs(dossier) == ["dossier.complement_requested", "dossier.complement_answered"]


def test_a_late_answer_is_refused_and_logged(dossier, staff):
    request = ask(dossier, staff, kind="answer")
    late = IN_A_WEEK + datetime.timedelta(seconds=1)
    with pytest.raises(DomainError, match="La date limite de réponse .* est passée"):
        answer_complement(request, text="Pardon du retard.", by=dossier.owner, now=late)
    request.refresh_from_db()
    assert request.answered_at is None and request.answer_text == ""
    assert verbs(dossier) == ["dossier.complement_requested", "dossier.complement_late_refused"]


def test_only_the_holder_answers(dossier, staff):
    request = ask(dossier, staff, kind="answer")
    for someone in (UserFactory(), staff):
        with pytest.raises(DomainError, match="Seule la personne titulaire"):
            answer_complement(request, text="Je réponds pour elle.", by=someone, now=NOW)
    assert ComplementRequest.objects.get().answered_at is None


def test_a_withdrawn_dossier_no_longer_answers(dossier, staff):
    request = ask(dossier, staff, kind="answer")
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.WITHDRAWN)
    with pytest.raises(DomainError, match="retiré"):
        answer_complement(request, text="Oui.", by=dossier.owner, now=NOW)


def test_a_document_request_needs_a_file_and_a_question_a_text(dossier, staff):
    document = ask(dossier, staff, kind="document")
    question = ask(dossier, staff, kind="answer")
    with pytest.raises(DomainError, match="Joignez le document demandé"):
        answer_complement(document, text="Le voici.", by=dossier.owner, now=NOW)
    with pytest.raises(DomainError, match="Écrivez votre réponse"):
        answer_complement(question, text="  ", file=pdf(), by=dossier.owner, now=NOW)


def test_a_document_is_stored_as_the_holders_file_and_read_with_the_dossier(dossier, staff):
    request = ask(dossier, staff)
    answered = answer_complement(request, text="Mon diplôme.", file=pdf(), by=dossier.owner, now=NOW)
    stored = answered.answer_file
    assert (stored.owner, stored.original_name, stored.mimetype) == (dossier.owner, "diplome.pdf", "application/pdf")
    # The dossier's readers (reviewers, jurors) reach it through the dossier, as its other files.
    assert dossier.pk in dossiers_holding(stored)
    assert str(stored.public_id) in file_ids_of(dossier)
    entry = ActivityLog.objects.get(verb="dossier.complement_answered")
    assert entry.data == {"request": request.pk, "file": str(stored.public_id)}


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(dossier, staff):
    request = ask(dossier, staff)
    with pytest.raises(DomainError, match="n'est pas un PDF valide"):
        answer_complement(request, file=pdf(content=b"MZ not a pdf at all"), by=dossier.owner, now=NOW)
    with pytest.raises(DomainError, match="Le format du fichier « script.exe » n'est pas accepté"):
        answer_complement(request, file=pdf(name="script.exe"), by=dossier.owner, now=NOW)
    assert not StoredFile.objects.exists()
    assert ComplementRequest.objects.get().answered_at is None


def test_a_file_over_the_platforms_size_cap_is_refused(dossier, staff, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    request = ask(dossier, staff)
    with pytest.raises(DomainError, match="la taille maximale est de"):
        answer_complement(request, file=pdf(content=PDF_BYTES + b"0" * 2048), by=dossier.owner, now=NOW)
    assert not StoredFile.objects.exists()


def test_an_image_is_accepted_as_a_document(dossier, staff):
    request = ask(dossier, staff)
    image = SimpleUploadedFile("scan.png", PNG_BYTES, content_type="image/png")
    assert answer_complement(request, file=image, by=dossier.owner, now=NOW).answer_file.mimetype == "image/png"


# --- Personal data -------------------------------------------------------------------------------


def test_past_retention_the_request_keeps_its_dates_and_loses_its_words_and_file(dossier, staff):
    request = ask(dossier, staff)
    answer_complement(request, text="Mon diplôme, au nom d'Ada.", file=pdf(), by=dossier.owner, now=NOW)
    assert anonymise_dossier(dossier, now=NOW) == 1
    request.refresh_from_db()
    assert (request.message, request.answer_text, request.answer_file) == ("", "", None)
    assert (request.kind, request.answered_at) == ("document", NOW)
    assert not StoredFile.objects.exists()


def test_the_holders_export_holds_the_request_and_the_answer(dossier, staff):
    request = ask(dossier, staff, kind="answer", message="Disponible en septembre ?")
    answer_complement(request, text="Oui.", by=dossier.owner, now=NOW)
    exported = DossiersPart().export(dossier.owner, Export(zipfile.ZipFile(io.BytesIO(), "w")))
    assert [(c["message"], c["answer"]) for c in exported[0]["complements"]] == [("Disponible en septembre ?", "Oui.")]
