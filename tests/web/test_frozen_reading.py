"""Submitted means frozen for readers (issue 14 point 5, security review F1).

A candidate may edit a submitted dossier while the call is open, but what staff, reviewers,
jurors and the exports read is the latest submitted version until the candidate submits
again; readers see that a newer draft exists, the candidate sees that it is not submitted.
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.calls.models import DossierVersion, Question
from eig.calls.reading import submitted_answers, submitted_answers_by_dossier
from eig.calls.services import attach_file, questions_of, save_step, submit_dossier
from eig.challenges.models import Position
from eig.files.models import StoredFile
from eig.reviews.models import Assignment
from tests.factories import StaffFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES, StoredFileFactory
from tests.factories.juries import jury_world
from tests.factories.reviews import grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db

SUBMITTED = escape("Servir l'intérêt général.")  # as the pages print it
EDITED = "Texte réécrit après le dépôt, jamais déposé."
MARK = 'id="newer-draft"'
NOTICE = "Le candidat a modifié son dossier depuis son dépôt"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def inside(call) -> datetime.datetime:
    """A moment while the call is open (the jury's call is closed by now)."""
    return call.opens_at + datetime.timedelta(days=1)


def submit(dossier):
    """Attach the CV and submit through the service: version 1 holds the default answers."""
    call, owner = dossier.call, dossier.owner
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("cv.pdf", PDF_BYTES), by=owner, now=inside(call))
    return submit_dossier(dossier, by=owner, now=inside(call))


def edit_after_submit(dossier):
    """The F1 reproduction: a required answer emptied, the motivation rewritten, no resubmit."""
    steps = {step.slug: step for step in dossier.call.steps.all()}
    owner, now = dossier.owner, inside(dossier.call)
    assert save_step(dossier, steps["identite"], {"nom": ""}, by=owner, now=now) == {}
    assert save_step(dossier, steps["motivation"], {"motivation": EDITED}, by=owner, now=now) == {}
    assert not dossier.answers.filter(question__key="nom").exists()


def resubmit(dossier):
    steps = {step.slug: step for step in dossier.call.steps.all()}
    owner, now = dossier.owner, inside(dossier.call)
    save_step(dossier, steps["identite"], {"nom": "Byron"}, by=owner, now=now)
    return submit_dossier(dossier, by=owner, now=now)


def positions_of(call):
    return list(Position.objects.filter(challenge__promotion=call.promotion).order_by("order"))


@pytest.fixture
def world():
    """An open call, one submitted dossier (version 1) and a reviewer assigned to it."""
    call = application_call()
    dossier = submitted_dossier(call, wishes=positions_of(call)[:1])
    version = submit(dossier)
    grid = grid_of(call)
    seat = seated_reviewer(grid)
    Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)
    urls = {
        "staff": reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number}),
        "review": reverse("evaluation:review", kwargs={"grid": grid.pk, "number": dossier.number}),
        "csv": reverse("staff:export_csv", kwargs={"slug": call.slug}),
    }
    return {"call": call, "dossier": dossier, "version": version, "seat": seat, "urls": urls}


def csv_row(client, url, number) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *body = rows
    return dict(zip(header, next(row for row in body if row[0] == number), strict=True))


# --- Staff ------------------------------------------------------------------------------------------


def test_the_staff_page_shows_the_submitted_answers_and_says_a_newer_draft_exists(world):
    dossier, staff = world["dossier"], client_of(StaffFactory())
    edit_after_submit(dossier)

    html = staff.get(world["urls"]["staff"]).content.decode()

    assert SUBMITTED in html and EDITED not in html
    assert "Lovelace" in html.split('id="step-identite"')[1].split("</section>")[0]  # the emptied answer, as submitted
    assert MARK in html and NOTICE in html and f"version {world['version'].number} déposée" in html
    # The team may read the draft on demand; it says it is not what was submitted.
    draft = staff.get(world["urls"]["staff"] + "?lire=brouillon").content.decode()
    assert EDITED in draft and "Vous lisez le brouillon non déposé" in draft


def test_the_csv_row_is_the_submitted_version_not_the_draft(world):
    dossier, version = world["dossier"], world["version"]
    edit_after_submit(dossier)

    row = csv_row(client_of(StaffFactory()), world["urls"]["csv"], dossier.number)

    submitted = version.content["answers"]
    assert row["Nom"] == submitted["nom"] == "Lovelace"
    for question in questions_of(world["call"]):
        if question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            assert row[question.label] == (submitted[question.key] or ""), question.key
    assert EDITED not in row.values()


# --- Reviewer and juror -----------------------------------------------------------------------------


def test_the_reviewer_reads_the_submitted_answers_and_only_that_a_newer_draft_exists(world):
    dossier = world["dossier"]
    edit_after_submit(dossier)

    html = client_of(world["seat"].user).get(world["urls"]["review"]).content.decode()

    assert SUBMITTED in html and EDITED not in html
    assert "Lovelace" in html  # the name as submitted, though the draft emptied it
    assert MARK in html and NOTICE in html
    assert "lire=brouillon" not in html  # no way to the draft's content


def test_the_juror_reads_the_submitted_answers_and_only_that_a_newer_draft_exists():
    world = jury_world("candidates", auditions=1)
    audition, juror = world.auditions[0], world.jurors[1]
    submit(audition.dossier)
    edit_after_submit(audition.dossier)
    url = reverse("juries:audition", kwargs={"audition": audition.pk})

    html = client_of(juror.user).get(url).content.decode()

    assert SUBMITTED in html and EDITED not in html
    assert MARK in html and NOTICE in html and "lire=brouillon" not in html

    resubmit(audition.dossier)
    html = client_of(juror.user).get(url).content.decode()
    assert EDITED in html and SUBMITTED not in html and MARK not in html


# --- Resubmitting -----------------------------------------------------------------------------------


def test_after_resubmitting_every_reader_shows_the_new_version_without_the_mark(world):
    dossier = world["dossier"]
    staff = client_of(StaffFactory())
    edit_after_submit(dossier)
    assert MARK in staff.get(world["urls"]["staff"]).content.decode()
    version = resubmit(dossier)

    assert version.number == world["version"].number + 1
    for html in (
        staff.get(world["urls"]["staff"]).content.decode(),
        client_of(world["seat"].user).get(world["urls"]["review"]).content.decode(),
    ):
        assert EDITED in html and SUBMITTED not in html and MARK not in html and "Byron" in html
    row = csv_row(staff, world["urls"]["csv"], dossier.number)
    motivation = Question.objects.get(step__call=world["call"], key="motivation").label
    assert row["Nom"] == "Byron" and row[motivation] == EDITED == version.content["answers"]["motivation"]


# --- The candidate ----------------------------------------------------------------------------------


def test_mon_espace_and_the_dossier_page_say_the_changes_are_not_submitted_with_the_deadline(world):
    dossier = world["dossier"]
    candidate = client_of(dossier.owner)
    before = candidate.get(reverse("candidates:space")).content.decode()
    assert "ne sont pas déposées" not in before

    edit_after_submit(dossier)

    deadline = timezone.localtime(world["call"].closes_at).strftime("%H:%M")  # TIME_ZONE is Europe/Paris
    for url in (reverse("candidates:space"), reverse("candidates:dossier", kwargs={"number": dossier.number})):
        html = candidate.get(url).content.decode()
        assert "Vos modifications depuis le dernier dépôt ne sont pas déposées" in html, url
        assert f"à {deadline} (heure de Paris) pour qu'elles soient prises en compte" in html, url
    space = candidate.get(reverse("candidates:space")).content.decode()
    assert "Déposé — vos dernières modifications ne sont pas déposées" in space


# --- The shared read --------------------------------------------------------------------------------


def test_a_versions_file_resolves_only_to_a_file_of_the_dossiers_owner(world):
    dossier, version = world["dossier"], world["version"]
    someone_elses = StoredFileFactory(name="piece-d-autrui.pdf")
    # A forged version (as old data might hold): its text names another person's file.
    DossierVersion.objects.filter(pk=version.pk).update(
        content={**version.content, "answers": {**version.content["answers"], "cv": str(someone_elses.public_id)}}
    )
    questions = questions_of(world["call"])

    read = submitted_answers(dossier, questions)
    _answers, files = submitted_answers_by_dossier(type(dossier).objects.filter(pk=dossier.pk), questions)

    assert str(someone_elses.public_id) not in read.files and files.get(dossier.pk, {}) == {}
    assert client_of(StaffFactory()).get(world["urls"]["staff"]).content.decode().count("piece-d-autrui.pdf") == 0


def test_the_csv_export_reads_the_versions_of_many_dossiers_in_a_flat_number_of_queries(world):
    staff = client_of(StaffFactory())

    def count():
        with CaptureQueriesContext(connection) as context:
            assert staff.get(world["urls"]["csv"]).status_code == 200
        return len(context.captured_queries)

    with_one = count()
    for n in range(5):
        dossier = submitted_dossier(world["call"], last=f"Nom {n}", wishes=positions_of(world["call"])[:1])
        submit(dossier)
        if n % 2:
            edit_after_submit(dossier)
    assert count() == with_one


def test_a_cv_replaced_after_submitting_is_not_what_the_reviewer_opens(world):
    """The reviewer judges the submitted CV: its link stays on the page and still downloads; the
    replacement, a draft, is not shown."""
    dossier, call = world["dossier"], world["call"]
    submitted_cv = dossier.answers.get(question__key="cv").stored_file
    cv = Question.objects.get(step__call=call, key="cv")
    attach_file(dossier, cv, SimpleUploadedFile("nouveau-cv.pdf", PDF_BYTES), by=dossier.owner, now=inside(call))
    StoredFile.objects.update(scan_status=StoredFile.ScanStatus.CLEAN)  # the scan runs on commit
    reviewer = client_of(world["seat"].user)

    html = reviewer.get(world["urls"]["review"]).content.decode()

    assert submitted_cv.get_absolute_url() in html and "nouveau-cv.pdf" not in html
    assert reviewer.get(submitted_cv.get_absolute_url()).status_code == 200
