"""Stored files for tests: built through the real service, so they sit in the
private storage with their true hash; the scan verdict is then set directly
(the scan runs on commit, which a test transaction never reaches)."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.files.models import StoredFile
from eig.files.services import store_upload
from eig.files.validation import KNOWN_TYPES
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


class StoredFileFactory(factory.Factory):
    class Meta:
        model = StoredFile

    owner = factory.SubFactory(UserFactory)
    name = "cv.pdf"
    content = PDF_BYTES
    scan_status = StoredFile.ScanStatus.CLEAN

    @classmethod
    def _create(cls, model_class, owner, name, content, scan_status):
        stored = store_upload(SimpleUploadedFile(name, content), owner=owner, allowed_types=set(KNOWN_TYPES))
        model_class.objects.filter(pk=stored.pk).update(scan_status=scan_status)
        stored.refresh_from_db()
        return stored
