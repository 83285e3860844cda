"""One reading of an answer (issue 14 point 1): every output shows the same answer the same way.

Per question kind, the four styles of eig.calls.display (screen, PDF, text, personal-data)
say the same words, in French and in English; then the outputs themselves (the staff
page, the PDF receipt, the CSV export, the personal-data export) carry those words.
"""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from eig.accounts.personal_data import export_personal_data
from eig.applications.services import set_wishes
from eig.calls.defaults import install_form
from eig.calls.display import Style, answer_steps, display, shown
from eig.calls.models import Question, Step
from eig.calls.receipt_pdf import receipt_html
from eig.calls.services import attach_file, questions_of, save_step, start_dossier, submit_dossier
from eig.challenges.models import Position
from eig.files.models import StoredFile
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.factories.files import PDF_BYTES

K = Question.Kind
pytestmark = pytest.mark.django_db

LANGUAGES = [  # a PDF of 77 bytes: tests/factories/files.py
    ("fr", "3 mars 2024", "77\xa0octets"),
    ("en", "March 3, 2024", "77\xa0bytes"),
]
COLUMNS = [["nom", "Nom"], ["role", "Fonction"]]
TEAM = [{"nom": "Camille Martin", "role": "Cheffe de projet"}, {"nom": "Ada", "role": ""}]


def question(kind, **options) -> Question:
    return Question(key=kind, kind=kind, label=f"Question {kind}", **options)


def stored_cv() -> StoredFile:
    return StoredFile(public_id=uuid.uuid4(), original_name="cv.pdf", size=77, scan_status=StoredFile.ScanStatus.CLEAN)


def words(kind, language) -> list[tuple[Question, object, str]]:
    """(question, value, the words every style must say) for `kind`, in `language`."""
    _code, date, size = next(entry for entry in LANGUAGES if entry[0] == language)
    with translation.override(language):
        yes, no = translation.gettext("Oui"), translation.gettext("Non")
        declared, undeclared = translation.gettext("Déclaré sur l'honneur"), translation.gettext("Non déclaré")
    choices = [["python", "Python"], ["r", "Langage R"], ["sql", "SQL"]]
    return {
        K.SHORT_TEXT: [(question(K.SHORT_TEXT), "Lyon", "Lyon")],
        K.LONG_TEXT: [(question(K.LONG_TEXT), "Première ligne.\nSeconde ligne.", "Première ligne.\nSeconde ligne.")],
        K.SINGLE_CHOICE: [
            (question(K.SINGLE_CHOICE, choices=choices), "r", "Langage R"),  # the label, not the value
            (question(K.SINGLE_CHOICE, choices=choices), "cobol", "cobol"),  # no longer offered: as stored
        ],
        K.MULTIPLE_CHOICE: [(question(K.MULTIPLE_CHOICE, choices=choices), ["python", "sql"], "Python, SQL")],
        K.YES_NO: [(question(K.YES_NO), True, yes), (question(K.YES_NO), False, no)],
        K.URL: [(question(K.URL), "https://forge.example.org/ada", "https://forge.example.org/ada")],
        K.EMAIL: [(question(K.EMAIL), "ada@example.org", "ada@example.org")],
        K.NUMBER: [(question(K.NUMBER), 7, "7")],
        K.DATE: [(question(K.DATE), "2024-03-03", date)],
        K.DECLARATION: [(question(K.DECLARATION), True, declared), (question(K.DECLARATION), False, undeclared)],
        K.FILE: [(question(K.FILE), "cv", f"cv.pdf ({size})")],
        K.TABLE: [
            (
                question(K.TABLE, choices=COLUMNS),
                TEAM,
                "Nom : Camille Martin ; Fonction : Cheffe de projet\nNom : Ada",  # an empty cell is left out
            )
        ],
    }[kind]


def data_as_words(data) -> str:
    """The personal-data style read back as words: a list of labels, rows of {column: cell}."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return "\n".join(" ; ".join(f"{label} : {cell}" for label, cell in row.items() if cell) for row in data)
    if isinstance(data, list):
        return ", ".join(data)
    return data


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", list(K))
def test_every_style_says_the_same_words_for_each_kind(kind, language):
    cv = stored_cv()
    files = {str(cv.public_id): cv}
    for q, value, expected in words(kind, language):
        value = str(cv.public_id) if kind == K.FILE else value
        with translation.override(language):
            screen = display(q, value, files, Style.SCREEN)
            printed = display(q, value, files, Style.PDF)
            text = display(q, value, files, Style.TEXT)
            data = display(q, value, files, Style.DATA)
        assert screen.text == printed.text == text == data_as_words(data) == expected, (kind, value)


def test_a_table_reads_as_rows_under_its_column_labels_on_screen_and_in_print():
    answer = shown(question(K.TABLE, choices=COLUMNS), TEAM)
    assert answer.table.columns == ["Nom", "Fonction"]
    assert answer.table.rows == [["Camille Martin", "Cheffe de projet"], ["Ada", ""]]
    assert display(question(K.TABLE, choices=COLUMNS), TEAM, style=Style.DATA) == [
        {"Nom": "Camille Martin", "Fonction": "Cheffe de projet"},
        {"Nom": "Ada", "Fonction": ""},
    ]


def test_a_file_on_screen_carries_its_name_size_and_download_link():
    cv = stored_cv()
    answer = shown(question(K.FILE), str(cv.public_id), {str(cv.public_id): cv})
    assert (answer.file.name, answer.file.size, answer.file.is_servable) == ("cv.pdf", "77\xa0octets", True)
    assert answer.file.url == reverse("files:download", kwargs={"file_id": cv.public_id})


def test_a_file_that_cannot_be_found_reads_the_same_in_every_style():
    q, value = question(K.FILE), str(uuid.uuid4())
    assert shown(q, value, {}).missing_file
    assert {display(q, value, {}, style).text for style in (Style.SCREEN, Style.PDF)} == {"Fichier introuvable"}
    assert display(q, value, {}, Style.TEXT) == display(q, value, {}, Style.DATA) == "Fichier introuvable"


@pytest.mark.parametrize("kind", list(K))
def test_an_empty_answer_has_no_words_in_any_style(kind):
    for empty in (None, "", []):
        assert shown(question(kind, choices=COLUMNS), empty).is_empty
        assert display(question(kind, choices=COLUMNS), empty, style=Style.TEXT) == ""
        assert display(question(kind, choices=COLUMNS), empty, style=Style.DATA) is None


def test_a_table_of_empty_rows_is_empty():
    assert shown(question(K.TABLE, choices=COLUMNS), [{"nom": "", "role": ""}]).is_empty


# --- The outputs themselves ------------------------------------------------------------------

# One optional question of each kind the default form lacks, in a step of their own.
KIT = [
    ("langues", K.MULTIPLE_CHOICE, "Langages pratiqués", {"choices": [["python", "Python"], ["r", "Langage R"]]}),
    ("naissance", K.DATE, "Date de disponibilité", {}),
    ("courriel", K.EMAIL, "Adresse de contact", {}),
    ("references", K.TABLE, "Vos références", {"choices": COLUMNS}),
]
KIT_ANSWERS = {
    "langues": ["python", "r"],
    "naissance": "2024-03-03",
    "courriel": "ada@example.org",
    "references": TEAM,
}


@pytest.fixture
def submitted(settings, tmp_path):
    """A dossier holding an answer of each kind (the default form and the kit), submitted."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    call = application_call(positions=1)
    install_form(call, [("kit", "Chaque type de question", [(*q, {**o, "required": False}) for *q, o in KIT])])
    Step.objects.filter(call=call, slug="kit").update(order=99)
    owner = UserFactory(email="ada@example.org")
    dossier = start_dossier(call, owner=owner)
    steps = {step.slug: step for step in call.steps.all()}
    for slug, data in {**COMPLETE_ANSWERS, "kit": KIT_ANSWERS}.items():
        assert save_step(dossier, steps[slug], data, by=owner) == {}
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("cv-ada.pdf", PDF_BYTES), by=owner)
    StoredFile.objects.update(scan_status=StoredFile.ScanStatus.CLEAN)
    set_wishes(dossier, [Position.objects.get(challenge__promotion=call.promotion).pk], by=owner)
    return submit_dossier(dossier, by=owner)


def expected_words(version) -> dict[str, str]:
    """{question key: its words} of the submitted version, as the one reading says them."""
    dossier = version.dossier
    questions = questions_of(dossier.call)
    files = {str(f.public_id): f for f in StoredFile.objects.filter(owner=dossier.owner)}
    given = version.content["answers"]
    return {q.key: display(q, given.get(q.key), files, Style.TEXT) for q in questions}


def printed(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def test_the_kit_dossier_reads_each_kind_in_its_agreed_words(submitted):
    said = expected_words(submitted)
    assert said["civilite"] == "Je préfère ne pas répondre"
    assert said["experience_annees"] == "7"
    assert said["disponible"] == "Oui"
    assert said["personne_physique"] == "Déclaré sur l'honneur"
    assert said["langues"] == "Python, Langage R"
    assert said["naissance"] == "3 mars 2024"
    assert said["cv"] == "cv-ada.pdf (77\xa0octets)"
    assert said["references"] == "Nom : Camille Martin ; Fonction : Cheffe de projet\nNom : Ada"
    assert said["forge"] == ""  # left empty


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_receipt_prints_every_answer_in_the_same_words(submitted, language):
    with translation.override(language):
        said = expected_words(submitted)
    html = receipt_html(submitted, language=language)
    for key, text in said.items():
        if key == "references":
            assert "<td>Camille Martin</td><td>Cheffe de projet</td>" in html  # rows under the columns
        elif text:
            assert f"<dd>{printed(text)}</dd>" in html, key
    assert ("<dd>March 3, 2024</dd>" if language == "en" else "<dd>3 mars 2024</dd>") in html


def test_the_staff_page_shows_every_answer_in_the_same_words(submitted):
    said = expected_words(submitted)
    client = Client()
    client.force_login(StaffFactory())
    dossier = submitted.dossier
    response = client.get(reverse("staff:dossier_detail", kwargs={"slug": dossier.call.slug, "number": dossier.number}))
    html = response.content.decode()
    shown_texts = {a.question.key: a.text for block in response.context["steps"] for a in block["answers"]}
    assert shown_texts == said
    for key, text in said.items():
        if key == "references":
            assert "<td>Camille Martin</td><td>Cheffe de projet</td>" in html
        elif text:
            assert printed(text) in html, key


def test_the_csv_export_holds_the_same_words(submitted):
    said = expected_words(submitted)
    client = Client()
    client.force_login(StaffFactory())
    call = submitted.dossier.call
    response = client.get(reverse("staff:export_csv", kwargs={"slug": call.slug}))
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    for q in questions_of(call):
        if q.key == "cv":
            assert cells[q.label].startswith(said["cv"] + " — http://testserver/fichiers/")
        else:
            assert cells[q.label] == said[q.key], q.key


def test_the_personal_data_export_holds_the_same_words(submitted):
    said = expected_words(submitted)
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(submitted.dossier.owner)))
    [exported] = json.loads(archive.read("donnees.json"))["dossiers"]
    answers = {a["key"]: a for a in exported["answers"]}
    for key, text in said.items():
        if key in answers:
            assert data_as_words(answers[key]["display"]) == text, key
    assert answers["langues"]["display"] == ["Python", "Langage R"]
    assert answers["references"]["value"] == TEAM  # the stored value stays beside its words


def test_the_pdf_and_screen_steps_are_the_same_reading(submitted):
    questions = questions_of(submitted.dossier.call)
    files = {str(f.public_id): f for f in StoredFile.objects.all()}
    answers = {q.pk: submitted.content["answers"].get(q.key) for q in questions}
    steps = answer_steps(questions, answers, files)
    assert [block["step"].slug for block in steps][-1] == "kit"
    assert [a.text for block in steps for a in block["answers"]] == list(expected_words(submitted).values())
