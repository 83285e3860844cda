"""store_upload: validates, writes inside the private root under a random name,
hashes while streaming, logs, and scans once the transaction commits."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.files.services import store_upload
from eig.files.validation import PDF, UploadRefused
from tests.factories import UserFactory
from tests.factories.files import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def test_the_sha256_is_the_contents(private_root):
    content = PDF_BYTES + b"x" * 200_000  # several chunks
    stored = store_upload(SimpleUploadedFile("cv.pdf", content), owner=UserFactory(), allowed_types=PDF)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert (Path(private_root) / stored.path).read_bytes() == content


def test_a_large_upload_on_disk_is_streamed_and_hashed(private_root):
    content = PDF_BYTES + b"y" * (3 * 1024 * 1024)
    upload = TemporaryUploadedFile("cv.pdf", "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    stored = store_upload(upload, owner=UserFactory(), allowed_types=PDF)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_a_traversal_name_is_sanitised_and_the_file_lands_inside_the_private_root(private_root):
    stored = store_upload(SimpleUploadedFile("../../etc/passwd.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    assert stored.original_name == "passwd.pdf"
    on_disk = (Path(private_root) / stored.path).resolve()
    assert on_disk.is_file()
    assert Path(private_root).resolve() in on_disk.parents
    assert "passwd" not in stored.path


def test_the_stored_path_is_random_and_never_the_persons_file_name(private_root):
    first = store_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    second = store_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    assert first.path != second.path
    assert "cv" not in first.path
    assert len(first.path.split("/")[-1]) == 32


def test_a_stored_file_is_pending_and_logged(private_root):
    owner = UserFactory()
    stored = store_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), owner=owner, allowed_types=PDF)
    assert stored.scan_status == StoredFile.ScanStatus.PENDING
    entry = ActivityLog.objects.get(verb="file.stored")
    assert (entry.target_id, entry.actor, entry.data["name"]) == (str(stored.pk), owner, "cv.pdf")


def test_the_scan_runs_when_the_transaction_commits(private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = store_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES), owner=UserFactory(), allowed_types=PDF)
    stored.refresh_from_db()
    assert stored.scan_status == StoredFile.ScanStatus.CLEAN
    assert ActivityLog.objects.filter(verb="file.scanned", target_id=str(stored.pk)).exists()


def test_a_refused_upload_writes_nothing(private_root):
    with pytest.raises(UploadRefused):
        store_upload(SimpleUploadedFile("cv.pdf", PNG_BYTES), owner=UserFactory(), allowed_types=PDF)
    assert not StoredFile.objects.exists()
    assert not [p for p in Path(private_root).rglob("*") if p.is_file()]


def test_a_file_that_grows_past_the_limit_while_streaming_is_refused_and_removed(private_root):
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"z" * 5000)
    upload.size = 10  # a lying declared size passes the first check; the stream is counted again
    with pytest.raises(UploadRefused) as caught:
        store_upload(upload, owner=UserFactory(), allowed_types=PDF, max_bytes=1000)
    assert str(caught.value).startswith("Le fichier « cv.pdf » pèse")
    assert not [p for p in Path(private_root).rglob("*") if p.is_file()]
    assert not StoredFile.objects.exists()


def test_the_private_root_may_not_overlap_the_public_media_root(settings):
    from eig.files.checks import private_root_is_not_public

    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    assert [e.id for e in private_root_is_not_public(None)] == ["files.E001"]
    settings.PRIVATE_MEDIA_ROOT = Path(settings.BASE_DIR) / "var" / "private"
    assert private_root_is_not_public(None) == []
