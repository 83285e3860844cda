"""The private storage: a FileSystemStorage at PRIVATE_MEDIA_ROOT, outside the
static and public media roots, with no URL (files are served by the download
view after a permission check). Read lazily, so tests can point it elsewhere."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=settings.PRIVATE_MEDIA_ROOT,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def random_name() -> str:
    """A random path: a two-character fan-out directory, then a uuid; never the
    person's file name, which could be guessed or carry a path."""
    token = uuid.uuid4().hex
    return f"{token[:2]}/{token}"
