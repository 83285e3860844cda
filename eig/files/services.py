"""Storing an upload and scanning it: the only way a StoredFile is made."""

import hashlib
import logging
import os
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eig.core.activity import log_activity

from .models import StoredFile
from .scanners import get_scanner
from .storage import private_storage, random_name
from .validation import sanitize_name, too_big, validate_upload

logger = logging.getLogger(__name__)


def _write_and_hash(uploaded_file, full_path, max_bytes) -> tuple[int, str]:
    """Stream the upload to disk chunk by chunk, hashing as it goes.

    The size is counted again here: a file that grew past the limit since it
    was validated is refused, not trusted on its declared size.
    """
    digest = hashlib.sha256()
    size = 0
    os.makedirs(os.path.dirname(full_path), mode=0o700, exist_ok=True)
    # O_EXCL: a random name never overwrites an existing file.
    fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            uploaded_file.seek(0)
            for chunk in uploaded_file.chunks():
                size += len(chunk)
                if size > max_bytes:
                    raise too_big(sanitize_name(uploaded_file.name), size, max_bytes)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(full_path)
        raise
    return size, digest.hexdigest()


def upload_limit(max_bytes=None) -> int:
    """The size an upload may reach: a question may ask for less than the platform's
    UPLOAD_MAX_BYTES, never more (the setting is what the server is sized for)."""
    cap = settings.UPLOAD_MAX_BYTES
    return cap if max_bytes is None else min(max_bytes, cap)


def store_upload(uploaded_file, *, owner, allowed_types, max_bytes=None) -> StoredFile:
    """Validate an upload, write it to the private storage, record and scan it.

    The file stays "pending" (never served) until the scanner clears it; the
    scan runs once the transaction commits, so a rolled-back upload is not scanned.
    """
    max_bytes = upload_limit(max_bytes)
    mimetype = validate_upload(uploaded_file, allowed_types=allowed_types, max_bytes=max_bytes)
    storage = private_storage()
    path = random_name()
    full_path = storage.path(path)  # safe_join: always inside PRIVATE_MEDIA_ROOT
    size, sha256 = _write_and_hash(uploaded_file, full_path, max_bytes)
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                owner=owner,
                original_name=sanitize_name(uploaded_file.name),
                path=path,
                mimetype=mimetype,
                size=size,
                sha256=sha256,
            )
            log_activity("file.stored", stored, actor=owner, name=stored.original_name, size=size, mimetype=mimetype)
            transaction.on_commit(partial(scan_stored_file, stored.pk), robust=True)
    except BaseException:
        storage.delete(path)
        raise
    return stored


def scan_stored_file(stored_file_id: int) -> StoredFile:
    """Run the configured scanner on a stored file and record its verdict."""
    stored = StoredFile.objects.get(pk=stored_file_id)
    with private_storage().open(stored.path, "rb") as fileobj:
        result = get_scanner().scan(fileobj)
    stored.scan_status = result.status
    stored.scan_detail = result.detail
    stored.scanned_at = timezone.now()
    stored.save(update_fields=["scan_status", "scan_detail", "scanned_at"])
    if result.status != StoredFile.ScanStatus.CLEAN:
        logger.error("File %s scan %s: %s", stored.public_id, result.status, result.detail)
    log_activity("file.scanned", stored, status=result.status, detail=result.detail)
    return stored
