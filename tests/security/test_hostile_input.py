"""Hostile input (security review F6, F7, F8): control characters never reach the database,
numbers are written with the digits 0 to 9, an unreadable upload gets the site's own error
page, and a file is downloaded only through the answer it is attached to."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eig.calls.answers import clean_answer
from eig.calls.models import Answer, Question
from eig.calls.services import attach_file
from eig.files.models import StoredFile
from eig.files.services import store_upload
from eig.files.validation import PDF, UploadRefused
from eig.proposals.models import Agent
from eig.reviews.models import Assignment
from eig.web.staff.forms import InviteJurorForm
from tests.factories import AdministrationFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES, StoredFileFactory
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier
from tests.web.test_administration_proposals import challenge_call
from tests.web.test_administration_proposals import start as start_proposal
from tests.web.test_administration_proposals import step_url as proposal_step_url
from tests.web.test_candidate_dossier import start, step_url

pytestmark = pytest.mark.django_db

CONTROL = "Ce texte contient un caractère non autorisé (caractère de contrôle)"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def confirmed_agent(administration, email):
    """An agent the programme confirmed (however the confirmation came)."""
    from eig.proposals import services as proposal_services

    user = UserFactory(email=email)
    proposal_services.join_administration(user, administration, function="Cheffe de projet")
    Agent.objects.filter(user=user).update(confirmed=True, refused=False)
    return user


def saved(dossier) -> dict:
    return {a.question.key: a.value for a in Answer.objects.filter(dossier=dossier).select_related("question")}


# --- F7: control characters ------------------------------------------------------------------


def question(kind, **kwargs) -> Question:
    return Question(kind=kind, key="q", label="Motivation", required=False, **kwargs)


@pytest.mark.parametrize(
    ("kind", "value", "options"),
    [
        (Question.Kind.SHORT_TEXT, "abc\x00def", {}),
        (Question.Kind.LONG_TEXT, "ligne\x07cloche", {}),
        (Question.Kind.LONG_TEXT, "effacement\x7f", {}),
        (Question.Kind.LONG_TEXT, "contrôle C1\x85", {}),
        (Question.Kind.URL, "https://exemple.fr/\x00", {}),
        (Question.Kind.EMAIL, "ada\x00@example.org", {}),
        (Question.Kind.NUMBER, "3\x00", {}),
        (Question.Kind.DATE, "2020-01-01\x00", {}),
        (Question.Kind.SINGLE_CHOICE, "oui\x00", {"choices": [["oui", "Oui"]]}),
        (Question.Kind.MULTIPLE_CHOICE, ["oui", "non\x00"], {"choices": [["oui", "Oui"], ["non", "Non"]]}),
        (Question.Kind.TABLE, [{"nom": "Ada\x00", "role": "dev"}], {"choices": [["nom", "Nom"], ["role", "Rôle"]]}),
    ],
)
def test_every_kind_of_answer_refuses_a_control_character_with_a_french_message(kind, value, options):
    with pytest.raises(ValidationError) as error:
        clean_answer(question(kind, **options), value)
    assert error.value.messages == ["Motivation : ce texte contient un caractère non autorisé (caractère de contrôle)."]


@pytest.mark.parametrize(
    "text",
    [
        "Première ligne\r\nSeconde ligne\tavec une tabulation",
        "مرحبا بالعالم — שלום עולם",  # right-to-left scripts
        "Équipe 👩‍💻 « données » 日本語",  # accents, emoji joined by ZWJ, CJK
    ],
)
def test_ordinary_unicode_text_stays_valid(text):
    assert clean_answer(question(Question.Kind.LONG_TEXT), text) == text.replace("\r\n", "\n")


def test_a_nul_posted_to_a_candidate_step_is_refused_and_nothing_already_saved_changes(client, candidate):
    dossier = start(client, application_call())
    client.post(step_url(dossier, "parcours"), {"parcours": "Mon parcours", "experience_annees": "7"})

    response = client.post(
        step_url(dossier, "parcours"),
        {"parcours": "abc\x00def", "experience_annees": "8", "action": "next"},
    )

    assert response.status_code == 200  # the step again, with the error: no 500 on PostgreSQL
    assert f"{CONTROL[0].lower()}{CONTROL[1:]}" in response.content.decode()
    values = saved(dossier)
    assert values["parcours"] == "Mon parcours"  # kept as it was
    assert values["experience_annees"] == 8  # the valid answer of the step is saved
    assert not any("\x00" in str(v) for v in values.values())


def test_an_autosave_with_a_nul_answers_the_error_and_stores_nothing(client, candidate):
    dossier = start(client, application_call())

    response = client.post(step_url(dossier, "parcours"), {"parcours": "abc\x00def"}, headers={"X-Autosave": "1"})

    assert response.status_code == 200
    assert "caractère de contrôle" in response.json()["errors"]["parcours"]
    assert "parcours" not in saved(dossier)


def test_a_nul_in_a_table_cell_of_a_proposal_is_refused(client, private_media):
    administration = AdministrationFactory(name="Direction du numérique", slug="dinum")
    agent = confirmed_agent(administration, "grace@numerique.gouv.fr")
    client.force_login(agent)
    proposal = start_proposal(client, challenge_call(), administration)

    response = client.post(
        proposal_step_url(proposal, "equipe"),
        {"equipe_projet-0-nom": "Ada\x00", "equipe_projet-0-fonction": "Cheffe", "nombre_eig": "2", "action": "save"},
    )

    assert response.status_code == 200 and "caractère de contrôle" in response.content.decode()
    assert "equipe_projet" not in saved(proposal.dossier) and saved(proposal.dossier)["nombre_eig"] == "2"


def test_an_agents_answer_to_a_staff_question_refuses_a_nul(client):
    from eig.proposals import services as proposal_services
    from tests.factories import StaffFactory

    administration = AdministrationFactory(name="Direction du numérique", slug="dinum")
    client.force_login(confirmed_agent(administration, "grace@numerique.gouv.fr"))
    proposal = start_proposal(client, challenge_call(), administration)
    question = proposal_services.ask_question(proposal, "Quel est le budget ?", by=StaffFactory())
    url = reverse("administrations:answer", args=[proposal.dossier.number, question.pk])

    response = client.post(url, {"answer": "Deux cent\x00mille euros."}, follow=True)

    assert CONTROL in response.content.decode()
    question.refresh_from_db()
    assert question.answer == "" and question.answered_at is None


def test_the_function_an_agent_types_when_joining_refuses_a_control_character(client):
    client.force_login(UserFactory(email="ada@commune.fr"))

    response = client.post(
        reverse("administrations:join"),
        {"name": "Mairie de Lyon", "kind": "local", "town": "Lyon", "function": "Directrice\x00"},
    )

    assert response.status_code == 200
    assert not Agent.objects.exists()
    assert response.context["form"].errors["function"] == [
        "Ce texte contient un caractère non autorisé (caractère de contrôle)."
    ]


def test_a_jurors_name_typed_by_the_staff_refuses_a_control_character():
    for name in ["name", "organisation"]:
        with pytest.raises(ValidationError) as error:
            InviteJurorForm.base_fields[name].clean("Ada\x1bLovelace")
        assert error.value.messages == ["Ce texte contient un caractère non autorisé (caractère de contrôle)."]


def test_a_file_name_with_a_control_character_is_refused_by_the_upload_service(private_media):
    with pytest.raises(UploadRefused) as error:
        store_upload(SimpleUploadedFile("cv\x00.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    assert "caractère de contrôle" in str(error.value)
    assert not StoredFile.objects.exists()


def test_over_http_a_file_name_never_brings_a_control_character_to_the_database(client, candidate, private_media):
    # Django's multipart parser already drops non-printable characters from file names.
    dossier = start(client, application_call())
    client.post(step_url(dossier, "pieces"), {"cv": SimpleUploadedFile("cv\x00\x07ada.pdf", PDF_BYTES)})
    assert StoredFile.objects.get().original_name == "cvada.pdf"


# --- F7: digits of other scripts ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["٣", "۳", "３", "-٣٠"])
def test_a_number_written_with_other_digits_than_0_to_9_is_refused(value):
    with pytest.raises(ValidationError) as error:
        clean_answer(question(Question.Kind.NUMBER), value)
    assert error.value.messages == ["Motivation : écrivez le nombre avec les chiffres de 0 à 9."]


@pytest.mark.parametrize(("value", "number"), [("3", 3), (" 42 ", 42), ("-7", -7)])
def test_a_number_written_with_0_to_9_is_read(value, number):
    assert clean_answer(question(Question.Kind.NUMBER), value) == number


def test_arabic_indic_digits_posted_to_a_step_are_refused_and_the_saved_number_kept(client, candidate):
    dossier = start(client, application_call())
    client.post(step_url(dossier, "parcours"), {"experience_annees": "7"})

    response = client.post(step_url(dossier, "parcours"), {"experience_annees": "٣", "action": "next"})

    assert response.status_code == 200 and "chiffres de 0 à 9" in response.content.decode()
    assert saved(dossier)["experience_annees"] == 7


@pytest.mark.parametrize("script", ["arabic-indic", "letters"])
def test_a_wish_is_a_position_number_in_digits_0_to_9(client, candidate, script):
    call = application_call()
    dossier = start(client, call)
    position = call.promotion.challenges.get().positions.first()
    # The offered position's own number in Arabic-Indic digits: int() would read it as that position.
    value = "".join(chr(0x660 + int(d)) for d in str(position.pk)) if script == "arabic-indic" else "abc"

    response = client.post(reverse("candidates:wishes", args=[dossier.number]), {"voeu_1": value})

    assert response.status_code == 409 and "n&#x27;est pas proposé par cet appel" in response.content.decode()
    assert not dossier.wishes.exists()


# --- F8: a file name too long for the request ------------------------------------------------

BOUNDARY = "eig-hostile-boundary"


def multipart(file_name: str) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="action"\r\n\r\nsave\r\n'
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="cv"; filename="{file_name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF_BYTES
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def client_of(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def post_raw(client, url, file_name):
    return client.post(url, multipart(file_name), content_type=f"multipart/form-data; boundary={BOUNDARY}")


@pytest.mark.parametrize("length", [1000, 4000])
@pytest.mark.parametrize("enforce_csrf", [False, True])
def test_a_file_name_too_long_gets_the_sites_own_400_page_in_french(candidate, private_media, length, enforce_csrf):
    dossier = start(client_of(candidate), application_call())
    client = client_of(candidate, enforce_csrf_checks=enforce_csrf)  # with checks, the CSRF middleware reads first
    client.cookies.load({"csrftoken": "x" * 32})

    response = post_raw(client, step_url(dossier, "pieces"), "x" * length + ".pdf")

    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="fr"' in page and "Requête incorrecte" in page and "Erreur 400" in page
    assert "renommez-le avec un nom court" in page
    assert "Bad Request" not in page
    assert not StoredFile.objects.exists() and "cv" not in saved(dossier)


def test_the_400_page_follows_the_language_of_the_url(client, candidate, private_media):
    dossier = start(client, application_call())

    response = post_raw(client, "/en" + step_url(dossier, "pieces"), "x" * 4000 + ".pdf")

    assert response.status_code == 400
    assert '<html lang="en"' in response.content.decode()


def test_a_long_but_acceptable_file_name_is_cut_keeping_its_extension(client, candidate, private_media):
    dossier = start(client, application_call())

    response = post_raw(client, step_url(dossier, "pieces"), "y" * 300 + ".pdf")

    assert response.status_code == 302
    assert StoredFile.objects.get().original_name == "y" * 96 + ".pdf"


# --- F6: downloads go through the answer's link to the file ---------------------------------


def clean(stored: StoredFile) -> StoredFile:
    StoredFile.objects.filter(pk=stored.pk).update(scan_status=StoredFile.ScanStatus.CLEAN)
    return stored


def test_an_agent_who_pastes_another_persons_file_id_into_a_text_answer_cannot_download_it(client, private_media):
    administration = AdministrationFactory(name="Direction du numérique", slug="dinum")
    agent = confirmed_agent(administration, "grace@numerique.gouv.fr")
    client.force_login(agent)
    call = challenge_call()
    proposal = start_proposal(client, call, administration)
    someone_elses = StoredFileFactory(owner=UserFactory(email="ada@example.org"), name="cv-ada.pdf")

    response = client.post(
        proposal_step_url(proposal, "projet"), {"nom_projet": str(someone_elses.public_id), "action": "save"}
    )
    pitch = Question.objects.get(step__call=call, key="pitch")
    own = clean(attach_file(proposal.dossier, pitch, SimpleUploadedFile("pitch.pdf", PDF_BYTES), by=agent))
    colleague = confirmed_agent(administration, "dominique@numerique.gouv.fr")
    client.force_login(colleague)  # not the owner of either file: only the proposal grants

    assert response.status_code == 302 and saved(proposal.dossier)["nom_projet"] == str(someone_elses.public_id)
    assert client.get(someone_elses.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200


def test_a_reviewer_cannot_download_a_file_named_in_a_text_answer_of_their_dossier(private_media):
    call = closed_call()
    grid = grid_of(call)
    other = StoredFileFactory(owner=UserFactory(email="bob@example.org"), name="cv-bob.pdf")
    dossier = submitted_dossier(call, answers={"parcours": str(other.public_id)})
    cv = StoredFileFactory(owner=dossier.owner, name="cv-ada.pdf")
    Answer.objects.create(
        dossier=dossier, question=Question.objects.get(step__call=call, key="cv"), value=str(cv.public_id)
    )
    # Only attach_file links an answer to its file.
    Answer.objects.filter(dossier=dossier, question__key="cv").update(stored_file=cv)
    seat = seated_reviewer(grid)
    Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)
    client = client_of(seat.user)

    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(cv.get_absolute_url()).status_code == 200


def test_the_migration_links_only_file_answers_whose_file_the_dossiers_owner_owns(private_media):
    call = closed_call()
    dossier = submitted_dossier(call)
    own = StoredFileFactory(owner=dossier.owner)
    foreign = StoredFileFactory(owner=UserFactory(email="bob@example.org"))
    cv = Question.objects.get(step__call=call, key="cv")
    Answer.objects.create(dossier=dossier, question=cv, value=str(own.public_id))
    other_dossier = submitted_dossier(call, first="Eve", last="Pirate")
    Answer.objects.create(dossier=other_dossier, question=cv, value=str(foreign.public_id))
    Answer.objects.filter(dossier=dossier, question__key="parcours").update(value=str(foreign.public_id))
    Answer.objects.filter(dossier=dossier, question__key="nom").update(value=str(uuid.uuid4()))
    migration = importlib.import_module("eig.calls.migrations.0004_answer_stored_file")

    migration.link_file_answers(apps, None)

    linked = {(a.dossier_id, a.question.key): a.stored_file_id for a in Answer.objects.exclude(stored_file=None)}
    assert linked == {(dossier.pk, "cv"): own.pk}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # seed data (profiles) restored after
def test_through_a_real_http_server_a_4000_character_file_name_gets_the_french_400_page(live_server, private_media):
    import requests

    candidate = UserFactory(email="ada@example.org")
    client = client_of(candidate)
    dossier = start(client, application_call())
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    url = live_server.url + step_url(dossier, "pieces")
    session.get(url)  # the CSRF cookie, as a browser gets it

    response = session.post(
        url,
        data={"action": "save", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"cv": ("x" * 4000 + ".pdf", PDF_BYTES, "application/pdf")},
        headers={"Referer": url},
        timeout=30,
    )

    assert response.status_code == 400
    assert "Requête incorrecte" in response.text and "Bad Request" not in response.text
    assert not StoredFile.objects.exists()


def test_too_many_fields_get_the_same_400_page(client, candidate, settings):
    dossier = start(client, application_call())
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10

    response = client.post(step_url(dossier, "parcours"), {f"champ{i}": "x" for i in range(20)})

    assert response.status_code == 400 and "Requête incorrecte" in response.content.decode()
    assert "parcours" not in saved(dossier)
