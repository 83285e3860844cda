"""A request for complement across its pages: the team asks from the dossier page, the holder
finds it in « Mon espace » and on their dossier, answers once (a text, a file), and the
reviewers read the answer with the dossier; anyone else gets 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.calls.complements import answer_complement, request_complement
from eig.calls.models import ComplementRequest
from eig.calls.services import start_dossier
from eig.files.models import StoredFile
from eig.notifications.models import OutboxMessage
from eig.reviews.models import Assignment
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db


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


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def ask(dossier, staff, kind="answer", message="Êtes-vous disponible en septembre ?"):
    return request_complement(dossier, kind, message, timezone.now() + datetime.timedelta(days=7), by=staff)


def answer_url(request):
    return reverse("candidates:complement", kwargs={"number": request.dossier.number, "complement": request.pk})


def staff_dossier_url(dossier):
    return reverse("staff:dossier_detail", kwargs={"slug": dossier.call.slug, "number": dossier.number})


def complement_url(dossier):
    return reverse("staff:dossier_complement", kwargs={"slug": dossier.call.slug, "number": dossier.number})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- The team asks ------------------------------------------------------------------------------


def test_the_team_asks_from_the_dossier_page(dossier, staff):
    client = client_of(staff)
    assert "Demander un complément" in client.get(staff_dossier_url(dossier)).content.decode()
    due = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT12:00")
    response = client.post(
        complement_url(dossier), {"kind": "document", "message": "Votre diplôme, s'il vous plaît.", "due_at": due}
    )
    assert response.status_code == 302 and response["Location"].endswith("#complements")
    request = ComplementRequest.objects.get()
    assert (request.kind, request.asked_by, request.dossier) == ("document", staff, dossier)
    assert OutboxMessage.objects.filter(key=f"complement:{request.pk}").exists()
    page = client.get(staff_dossier_url(dossier)).content.decode()
    assert "Votre diplôme, s&#x27;il vous plaît." in page and "Sans réponse" in page
    assert "Complément demandé" in page  # the activity log


def test_a_request_with_a_past_date_is_shown_again_with_its_error(dossier, staff):
    response = client_of(staff).post(
        complement_url(dossier), {"kind": "answer", "message": "Une question ?", "due_at": "2020-01-01T12:00"}
    )
    assert response.status_code == 409
    assert response.context["complement_form"].non_field_errors() == ["La date limite de réponse doit être à venir."]
    assert not ComplementRequest.objects.exists()


def test_no_request_on_a_draft(staff):
    call = application_call(slug="eig-10", dossier_prefix="EIG10")
    draft = start_dossier(call, owner=UserFactory())
    client = client_of(staff)
    assert "Demander un complément" not in client.get(staff_dossier_url(draft)).content.decode()
    due = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT12:00")
    response = client.post(complement_url(draft), {"kind": "answer", "message": "Une question ?", "due_at": due})
    assert response.status_code == 409
    assert not ComplementRequest.objects.exists()


# --- The holder answers --------------------------------------------------------------------------


def test_the_holder_sees_the_request_and_answers_it_once(dossier, staff):
    request = ask(dossier, staff)
    client = client_of(dossier.owner)
    space = client.get(reverse("candidates:space")).content.decode()
    assert "Êtes-vous disponible en septembre ?" in space and answer_url(request) in space
    overview = client.get(reverse("candidates:dossier", args=[dossier.number])).content.decode()
    assert "Demandes de l'équipe du programme" in overview and "Réponse attendue" in overview
    assert client.get(answer_url(request)).status_code == 200
    response = client.post(answer_url(request), {"text": "Oui, dès le 1er septembre."}, follow=True)
    assert messages_of(response) == ["Votre réponse est envoyée : elle est jointe à votre dossier."]
    assert "Réponse envoyée" in response.content.decode()
    # The answer is shown as sent; a second one is refused.
    page = client.get(answer_url(request)).content.decode()
    assert "Oui, dès le 1er septembre." in page and "Envoyer ma réponse" not in page
    response = client.post(answer_url(request), {"text": "Finalement non."})
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [
        "Vous avez déjà répondu à cette demande : une réponse envoyée ne se modifie pas."
    ]
    assert ComplementRequest.objects.get().answer_text == "Oui, dès le 1er septembre."
    # Answered, it leaves « Mon espace »'s list of what is asked.
    assert answer_url(request) not in client.get(reverse("candidates:space")).content.decode()


def test_a_document_with_the_wrong_content_is_refused_beside_the_file_field(dossier, staff):
    request = ask(dossier, staff, kind="document", message="Votre diplôme.")
    client = client_of(dossier.owner)
    fake = SimpleUploadedFile("diplome.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(answer_url(request), {"file": fake})
    assert response.status_code == 409
    assert response.context["form"].errors["file"][0].startswith("Ce fichier n'est pas un PDF valide")
    response = client.post(answer_url(request), {"file": SimpleUploadedFile("diplome.pdf", PDF_BYTES)})
    assert response.status_code == 302
    assert ComplementRequest.objects.get().answer_file.original_name == "diplome.pdf"


def test_a_document_request_without_a_file_is_shown_again(dossier, staff):
    request = ask(dossier, staff, kind="document", message="Votre diplôme.")
    response = client_of(dossier.owner).post(answer_url(request), {"text": "Le voici."})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Joignez le document demandé."]


def test_past_its_date_the_request_says_so_and_takes_no_answer(dossier, staff):
    request = ask(dossier, staff)
    ComplementRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    client = client_of(dossier.owner)
    response = client.get(answer_url(request))
    assert "est passée" in response.context["refusal"]
    assert "Envoyer ma réponse" not in response.content.decode()
    assert client.post(answer_url(request), {"text": "En retard."}).status_code == 409


def test_anyone_but_the_holder_gets_404(dossier, staff):
    request = ask(dossier, staff)
    for someone in (UserFactory(), staff):
        client = client_of(someone)
        assert client.get(answer_url(request)).status_code == 404
        assert client.post(answer_url(request), {"text": "Je réponds pour elle."}).status_code == 404
    # A request of another dossier, under the holder's own dossier number: 404 too.
    other = submitted_dossier(dossier.call, owner=UserFactory())
    elsewhere = ask(other, staff)
    url = reverse("candidates:complement", kwargs={"number": dossier.number, "complement": elsewhere.pk})
    assert client_of(dossier.owner).get(url).status_code == 404
    assert ComplementRequest.objects.filter(answered_at__isnull=False).count() == 0


# --- The reviewers read the answer ---------------------------------------------------------------


def test_an_assigned_reviewer_reads_the_answer_and_downloads_its_file(dossier, staff):
    grid = grid_of(dossier.call)
    seat = seated_reviewer(grid)
    Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)
    request = ask(dossier, staff, kind="document", message="Votre diplôme.")
    answered = answer_complement(
        request, text="Le voici.", file=SimpleUploadedFile("diplome.pdf", PDF_BYTES), by=dossier.owner
    )
    # The scan runs once the upload's transaction commits, which a test's never does: cleared here.
    StoredFile.objects.filter(pk=answered.answer_file_id).update(scan_status=StoredFile.ScanStatus.CLEAN)
    client = client_of(seat.user)
    page = client.get(reverse("evaluation:review", kwargs={"grid": grid.pk, "number": dossier.number}))
    content = page.content.decode()
    assert "Demandes de complément" in content and "Le voici." in content
    assert answered.answer_file.get_absolute_url() in content
    assert client.get(answered.answer_file.get_absolute_url()).status_code == 200
    # A reviewer of another dossier does not.
    stranger = seated_reviewer(grid)
    assert client_of(stranger.user).get(answered.answer_file.get_absolute_url()).status_code == 404
