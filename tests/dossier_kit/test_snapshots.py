"""Snapshots of every output of a dossier holding one answer of each question kind (issue 14, acceptance).

Written before the dossier kit moves code: after the change the outputs may differ only where the
old ones disagreed with one another. One snapshot per output (tests/dossier_kit/snapshots/):

- the pages that fill a dossier: each step and the wishes (candidate), each step (administration);
- the overviews: the candidate's « dossier » page, the administration's proposal page;
- the receipts: the page and the PDF's text, for both;
- the readers: the staff dossier and proposal pages, the reviewer's review page, the juror's
  audition page (both kinds of jury), the proposal PDF for the jury's kit, the jury's schedule PDF;
- the exports: the dossier's and the proposal's row in the staff CSV and XLSX, and the dossier part
  of the personal-data export (donnees.json) of the candidate and of the agent.

UPDATE_SNAPSHOTS=1 rewrites the files (see snapshot.py).
"""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from eig.accounts.personal_data import export_personal_data

from .snapshot import assert_snapshot, csv_row, html_text, json_text, pdf_text, xlsx_row
from .world import CANDIDATE_NUMBER, FORM, PROPOSAL_NUMBER

pytestmark = pytest.mark.django_db

STEPS = [slug for slug, _title, _questions in FORM]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user, url: str, *, status: int = 200):
    response = client_of(user).get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def page(user, url: str) -> str:
    return html_text(get(user, url).content)


def pdf(user, url: str) -> str:
    response = get(user, url)
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


# --- Filling: the step pages ---------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_candidate_step(world, step):
    url = reverse("candidates:step", kwargs={"number": CANDIDATE_NUMBER, "step": step})
    assert_snapshot(f"candidate_step_{step}", page(world.candidate, url))


def test_candidate_wishes_step(world):
    url = reverse("candidates:wishes", kwargs={"number": CANDIDATE_NUMBER})
    assert_snapshot("candidate_step_wishes", page(world.candidate, url))


@pytest.mark.parametrize("step", STEPS)
def test_administration_step(world, step):
    url = reverse("administrations:step", kwargs={"number": PROPOSAL_NUMBER, "step": step})
    assert_snapshot(f"administration_step_{step}", page(world.agent, url))


# --- Overviews and receipts ------------------------------------------------------------------------


def test_candidate_overview(world):
    url = reverse("candidates:dossier", kwargs={"number": CANDIDATE_NUMBER})
    assert_snapshot("candidate_overview", page(world.candidate, url))


def test_administration_overview(world):
    url = reverse("administrations:proposal", kwargs={"number": PROPOSAL_NUMBER})
    assert_snapshot("administration_overview", page(world.agent, url))


def test_candidate_receipt_page(world):
    url = reverse("candidates:receipt", kwargs={"number": CANDIDATE_NUMBER, "version": world.version.number})
    assert_snapshot("candidate_receipt", page(world.candidate, url))


def test_candidate_receipt_pdf(world):
    url = reverse("candidates:receipt_pdf", kwargs={"number": CANDIDATE_NUMBER, "version": world.version.number})
    assert_snapshot("candidate_receipt_pdf", pdf(world.candidate, url))


def test_administration_receipt_page(world):
    kwargs = {"number": PROPOSAL_NUMBER, "version": world.proposal_version.number}
    assert_snapshot("administration_receipt", page(world.agent, reverse("administrations:receipt", kwargs=kwargs)))


def test_administration_receipt_pdf(world):
    kwargs = {"number": PROPOSAL_NUMBER, "version": world.proposal_version.number}
    assert_snapshot(
        "administration_receipt_pdf", pdf(world.agent, reverse("administrations:receipt_pdf", kwargs=kwargs))
    )


# --- Readers ---------------------------------------------------------------------------------------


def test_staff_dossier_detail(world):
    url = reverse("staff:dossier_detail", kwargs={"slug": world.application_call.slug, "number": CANDIDATE_NUMBER})
    assert_snapshot("staff_dossier_detail", page(world.staff, url))


def test_staff_proposal_detail(world):
    url = reverse("staff:proposal_detail", kwargs={"slug": world.challenge_call.slug, "number": PROPOSAL_NUMBER})
    assert_snapshot("staff_proposal_detail", page(world.staff, url))


def test_staff_proposal_pdf(world):
    url = reverse("staff:proposal_pdf", kwargs={"slug": world.challenge_call.slug, "number": PROPOSAL_NUMBER})
    assert_snapshot("staff_proposal_pdf", pdf(world.staff, url))


@pytest.mark.parametrize("audience", ["candidate", "proposal"])
def test_staff_jury_schedule_pdf(world, audience):
    """The jury's schedule (eig/web/staff/jury_pdf.py): the dossier's number and who is heard, no answers."""
    call = world.juries[audience].call
    url = reverse("staff:jury_pdf", kwargs={"slug": call.slug}) + "?par=jour"
    assert_snapshot(f"staff_jury_schedule_pdf_{audience}", pdf(world.staff, url))


@pytest.mark.parametrize("audience", ["candidate", "proposal"])
def test_reviewer_review_page(world, audience):
    reviewer = world.reviewers[audience]
    number = CANDIDATE_NUMBER if audience == "candidate" else PROPOSAL_NUMBER
    url = reverse("evaluation:review", kwargs={"grid": reviewer.grid_id, "number": number})
    assert_snapshot(f"reviewer_review_{audience}", page(reviewer.user, url))


@pytest.mark.parametrize("audience", ["candidate", "proposal"])
def test_juror_audition_page(world, audience):
    url = reverse("juries:audition", kwargs={"audition": world.auditions[audience].pk})
    assert_snapshot(f"juror_audition_{audience}", page(world.jurors[audience].user, url))


# --- Exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_dossier_export_row(world, fmt):
    content = get(world.staff, reverse(f"staff:export_{fmt}", kwargs={"slug": world.application_call.slug})).content
    text = csv_row(content, CANDIDATE_NUMBER) if fmt == "csv" else xlsx_row(content, CANDIDATE_NUMBER)
    assert_snapshot(f"staff_export_dossier_{fmt}", text)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_proposal_export_row(world, fmt):
    url = reverse(f"staff:proposal_export_{fmt}", kwargs={"slug": world.challenge_call.slug})
    content = get(world.staff, url).content
    text = csv_row(content, PROPOSAL_NUMBER) if fmt == "csv" else xlsx_row(content, PROPOSAL_NUMBER)
    assert_snapshot(f"staff_export_proposal_{fmt}", text)


@pytest.mark.parametrize("audience", ["candidate", "agent"])
def test_personal_data_export(world, audience):
    """The dossier part of donnees.json (the dossier, its answers and versions) and the file it holds."""
    user = world.candidate if audience == "candidate" else world.agent
    with zipfile.ZipFile(io.BytesIO(export_personal_data(user))) as archive:
        data = json.loads(archive.read("donnees.json"))
    assert_snapshot(f"personal_data_{audience}", json_text({"dossiers": data["dossiers"], "files": data["files"]}))
