"""Hostile uploads (issue 13, point 8): each goes through the real upload path, the
candidate's « Pièces jointes » step (a raw multipart body, so the name arrives as a client
sent it) and the service under it (`attach_file` → eig.files), and is either refused with
a French message, leaving nothing stored, or stored inert: under a generated name inside
PRIVATE_MEDIA_ROOT, and served back as an attachment with `nosniff` and its sniffed type.
"""

import functools
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eig.calls.models import Question
from eig.calls.services import attach_file, start_dossier
from eig.files.models import StoredFile
from eig.files.validation import UploadRefused
from tests.factories import UserFactory
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
POLYGLOT = PDF_BYTES + b"<html><body><script>alert(document.domain)</script></body></html>\n"
SAFE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
CAP = 128 * 1024  # the platform's cap in these tests, below the questions' own 10 Mo


def zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """A few kilobytes that inflate to 64 Mo of zeros."""
    bomb = zip_of("zeros.bin", b"\0" * (64 * 1024 * 1024))
    assert len(bomb) < 100 * 1024
    return bomb


# (case, question key, file name, content, the French refusal)
REFUSED = [
    ("png_as_pdf", "cv", "cv.pdf", PNG_BYTES, "n'est pas un PDF valide"),
    ("zip_as_pdf", "cv", "cv.pdf", zip_of("cv.pdf", PDF_BYTES), "n'est pas un PDF valide"),
    ("exe_as_pdf", "cv", "cv.pdf", EXE_BYTES, "n'est pas un PDF valide"),
    ("html_as_pdf", "cv", "cv.pdf", HTML_BYTES, "n'est pas un PDF valide"),
    ("svg_with_script", "portfolio", "portfolio.svg", SVG_BYTES, "n'est pas accepté"),
    ("svg_as_png", "portfolio", "portfolio.png", SVG_BYTES, "n'est pas un PNG valide"),
    ("svg_as_pdf", "cv", "cv.pdf", SVG_BYTES, "n'est pas un PDF valide"),
    ("zip_bomb_as_pdf", "cv", "cv.pdf", "bomb", "n'est pas un PDF valide"),
    ("zip_bomb", "portfolio", "portfolio.zip", "bomb", "n'est pas accepté"),
    ("empty", "cv", "cv.pdf", b"", "est vide"),
    ("oversized", "cv", "cv.pdf", PDF_BYTES + b"0" * CAP, "la taille maximale est de"),
]
# (case, question key, file name, content, the stored name)
STORED = [
    ("pdf_html_polyglot", "cv", "cv.pdf", POLYGLOT, "cv.pdf"),
    ("traversal", "cv", "../../etc/passwd.pdf", PDF_BYTES, "passwd.pdf"),
    ("windows_traversal", "cv", "..\\..\\x.pdf", PDF_BYTES, "x.pdf"),
    ("absolute", "portfolio", "/etc/cron.d/x.png", PNG_BYTES, "x.png"),
    # Django's multipart parser drops non-printable characters from a name (the service refuses them).
    ("nul_in_name", "cv", "a\x00.pdf", PDF_BYTES, "a.pdf"),
]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    # The platform's cap, below the question's own 10 Mo: the smaller one holds.
    settings.UPLOAD_MAX_BYTES = CAP


@pytest.fixture
def dossier():
    call = application_call()
    return start_dossier(call, owner=UserFactory())


def content_of(content):
    return zip_bomb() if content == "bomb" else content


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A form body as a browser (or a script) sends it: the file name exactly as given."""
    boundary = "corpus-boundary-7f3a"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_upload(dossier, field, filename, content, on_commit):
    client = Client()
    client.force_login(dossier.owner)
    body, content_type = multipart(field, filename, content)
    url = reverse("candidates:step", kwargs={"number": dossier.number, "step": "pieces"})
    with on_commit(execute=True):  # the scan runs once the upload commits
        return client.generic("POST", url, body, content_type=content_type)


def files_on_disk(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def raw_upload(name: str, content: bytes) -> SimpleUploadedFile:
    """An upload whose name is the raw string (UploadedFile strips a POSIX path on its own)."""
    upload = SimpleUploadedFile("x", content)
    upload._name = name
    return upload


@pytest.mark.parametrize(("case", "key", "name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_upload_is_refused_in_french_and_nothing_is_kept(
    dossier, settings, tmp_path, django_capture_on_commit_callbacks, case, key, name, content, message
):
    content = content_of(content)

    response = post_upload(dossier, key, name, content, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not StoredFile.objects.exists() and not dossier.answers.exists()
    assert files_on_disk(tmp_path) == []
    # The service under the view refuses it the same way (the name as the client sent it).
    question = Question.objects.get(step__call=dossier.call, key=key)
    with pytest.raises(UploadRefused) as refusal:
        attach_file(dossier, question, raw_upload(name, content), by=dossier.owner)
    assert message in str(refusal.value)
    assert files_on_disk(tmp_path) == []


@pytest.mark.parametrize(("case", "key", "name", "content", "stored_name"), STORED, ids=[s[0] for s in STORED])
def test_an_accepted_hostile_upload_is_stored_under_a_generated_name_and_served_inert(
    dossier, settings, tmp_path, django_capture_on_commit_callbacks, case, key, name, content, stored_name
):
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()

    response = post_upload(dossier, key, name, content, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert stored.original_name == stored_name
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}", stored.path)  # generated, never the given name
    full = (private / stored.path).resolve()
    assert full.parent.parent == private
    assert files_on_disk(tmp_path) == [full] and full.read_bytes() == content
    client = Client()
    client.force_login(dossier.owner)
    download = client.get(stored.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{stored_name}"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] in SAFE_TYPES
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "stored_name"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("..\\..\\x.pdf", "x.pdf"), ("/etc/cron.d/../x.pdf", "x.pdf")],
)
def test_the_service_never_uses_a_given_path(dossier, settings, tmp_path, name, stored_name):
    question = Question.objects.get(step__call=dossier.call, key="cv")

    stored = attach_file(dossier, question, raw_upload(name, PDF_BYTES), by=dossier.owner)

    assert stored.original_name == stored_name
    assert files_on_disk(tmp_path) == [(Path(settings.PRIVATE_MEDIA_ROOT) / stored.path).resolve()]


def test_a_name_with_a_nul_is_refused_by_the_service_in_french(dossier, tmp_path):
    question = Question.objects.get(step__call=dossier.call, key="cv")

    with pytest.raises(UploadRefused, match="caractère de contrôle"):
        attach_file(dossier, question, raw_upload("a\x00.pdf", PDF_BYTES), by=dossier.owner)
    assert files_on_disk(tmp_path) == [] and not StoredFile.objects.exists()


def test_the_platform_cap_bounds_a_question_that_allows_more(dossier, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    question = Question.objects.get(step__call=dossier.call, key="cv")
    assert question.max_bytes > settings.UPLOAD_MAX_BYTES
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * settings.UPLOAD_MAX_BYTES)

    with pytest.raises(UploadRefused, match="la taille maximale est de 0,01 Mo"):
        attach_file(dossier, question, upload, by=dossier.owner)
