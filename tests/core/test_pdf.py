"""The one PDF pipeline (eig.core.pdf, issue 14 point 3): a document fetches nothing, whatever
its HTML references, and the receipt, the proposal's PDF and the jury's schedule go through it."""

import io
import struct
import zlib

import pytest
from pypdf import PdfReader

from eig.calls.models import DossierVersion
from eig.calls.receipt_pdf import render_receipt_pdf
from eig.core import pdf
from eig.juries.models import Jury
from eig.proposals.models import Proposal
from eig.web.staff.jury_pdf import render_schedule_pdf
from eig.web.staff.proposal_pdf import render_proposal_pdf
from tests.factories import AdministrationFactory
from tests.factories.calls import application_call
from tests.factories.juries import jury_call, jury_world
from tests.factories.reviews import submitted_dossier

MARKER = "Ce paragraphe reste visible"


def png() -> bytes:
    """A valid PNG of one red pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def hostile(tmp_path):
    """A document referencing an image and stylesheets by file:// and https://, and the local files."""
    image = tmp_path / "pixel.png"
    image.write_bytes(png())
    sheet = tmp_path / "hide.css"
    sheet.write_text(".hidden { display: none; }")
    html = f"""<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="{sheet.as_uri()}">
      <link rel="stylesheet" href="https://cdn.example/hide.css">
      <style>@import url("{sheet.as_uri()}"); body {{ background: url("http://tracker.example/bg.png"); }}</style>
    </head><body>
      <img src="{image.as_uri()}" alt=""><img src="https://tracker.example/pixel.png" alt="">
      <p class="hidden">{MARKER}</p>
    </body></html>"""
    return html, [image.as_uri(), sheet.as_uri(), "https://cdn.example/hide.css", "https://tracker.example/pixel.png"]


def images_and_text(document: bytes) -> tuple[int, str]:
    pages = PdfReader(io.BytesIO(document)).pages
    return sum(len(page.images) for page in pages), " ".join(page.extract_text() for page in pages)


def test_a_document_fetches_none_of_the_urls_it_references(hostile, monkeypatch):
    html, urls = hostile
    asked, opened = [], []

    def refusing(url, headers=None):
        asked.append(url)
        return pdf.refuse_every_url(url, headers)

    monkeypatch.setattr("eig.core.pdf.refuse_every_url", refusing)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *args, **kwargs: opened.append(args))
    document = pdf.write_pdf(html)
    assert document.startswith(b"%PDF-")
    assert set(urls) <= set(asked)  # each was asked of the fetcher, which refused it
    assert opened == []  # nothing left the process
    images, text = images_and_text(document)
    assert images == 0  # the local image was not embedded
    assert MARKER in " ".join(text.split())  # nor was the local stylesheet applied


def test_the_same_document_with_weasyprints_own_fetcher_would_read_the_disk(hostile):
    """The control of the test above: its assertions do catch a fetch."""
    from weasyprint import HTML  # at call time, as eig.core.pdf does: Pango is slow to load

    html, _urls = hostile
    images, text = images_and_text(HTML(string=html, base_url="about:blank").write_pdf())
    assert images == 1 and MARKER not in text


def test_the_refusal_is_a_value_error_weasyprint_leaves_out():
    with pytest.raises(pdf.RefusedURL, match="file:///etc/passwd"):
        pdf.refuse_every_url("file:///etc/passwd")
    assert issubclass(pdf.RefusedURL, ValueError)


# --- The three documents --------------------------------------------------------------------


@pytest.fixture
def through_the_pipeline(monkeypatch):
    """The stylesheets of each document write_pdf made."""
    made = []
    write = pdf.write_pdf

    def recording(html, *, stylesheet=None):
        made.append(pdf.stylesheets(stylesheet))
        return write(html, stylesheet=stylesheet)

    monkeypatch.setattr("eig.core.pdf.write_pdf", recording)
    return made


@pytest.mark.django_db
def test_the_receipt_renders_through_the_pipeline(through_the_pipeline):
    dossier = submitted_dossier(application_call())
    content = {"answers": {a.question.key: a.value for a in dossier.answers.select_related("question")}}
    version = DossierVersion.objects.create(
        dossier=dossier, number=1, submitted_at=dossier.submitted_at, content=content, digest="0" * 64
    )
    assert render_receipt_pdf(version).startswith(b"%PDF-")
    assert through_the_pipeline == [["pdf/base.css", "calls/receipt_pdf.css"]]


@pytest.mark.django_db
def test_the_proposal_pdf_renders_through_the_pipeline(through_the_pipeline):
    dossier = submitted_dossier(jury_call(Jury.Kind.CHALLENGES))
    proposal = Proposal.objects.create(dossier=dossier, administration=AdministrationFactory())
    assert render_proposal_pdf(proposal).startswith(b"%PDF-")
    assert through_the_pipeline == [["pdf/base.css", "staff/proposal_pdf.css"]]


@pytest.mark.django_db
def test_the_jury_schedule_renders_through_the_pipeline(through_the_pipeline):
    world = jury_world()
    assert render_schedule_pdf(world.jury, "salle").startswith(b"%PDF-")
    assert through_the_pipeline == [["pdf/base.css", "staff/juries/schedule_pdf.css"]]
