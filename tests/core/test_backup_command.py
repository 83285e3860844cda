"""`manage.py backup`: the database copy first, then the private and public files (docs/deployment.md)."""

import hashlib
import io
import json
import sqlite3
import subprocess
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eig.accounts.models import User
from eig.core.management.commands import backup
from eig.files.models import StoredFile
from tests.factories.files import StoredFileFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the copy reads what is committed


@pytest.fixture
def roots(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "logo.png").write_bytes(b"public image")
    return tmp_path


def emails_in_copy(path) -> str:
    """The text of the database copy where the users' addresses are."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as copy:
            return " ".join(row[0] for row in copy.execute(f"SELECT email FROM {User._meta.db_table}"))
    return subprocess.run(["pg_restore", "--file=-", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_backup_holds_the_database_and_every_file_with_its_digest(roots):
    stored = StoredFileFactory(content=b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n")
    target = roots / "backup"

    call_command("backup", str(target), verbosity=0)

    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    database = target / ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")
    assert stored.owner.email in emails_in_copy(database)
    with tarfile.open(target / "private.tar") as tar:
        copied = tar.extractfile(stored.path).read()
    assert hashlib.sha256(copied).hexdigest() == StoredFile.objects.get(pk=stored.pk).sha256
    with tarfile.open(target / "media.tar") as tar:
        assert tar.extractfile("images/logo.png").read() == b"public image"
    assert manifest["private_files"] == 1 and manifest["media_files"] == 1
    for line in (target / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == digest
        assert manifest["artefacts"][name]["sha256"] == digest


def test_the_files_are_copied_once_the_database_copy_is_complete(roots, monkeypatch):
    """Files first, an upload arriving between the two copies would be a row without its file."""
    seen = []
    real_archive = backup.archive

    def archive(root, target):
        seen.append(sorted(p.name for p in target.parent.iterdir() if p.name.startswith("database.")))
        return real_archive(root, target)

    monkeypatch.setattr(backup, "archive", archive)
    StoredFileFactory()
    call_command("backup", str(roots / "backup"), verbosity=0)
    assert len(seen) == 2 and all(names for names in seen)


def test_a_backup_never_writes_over_another(roots):
    target = roots / "backup"
    target.mkdir()
    (target / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(target), stdout=io.StringIO())
