"""`manage.py backup DIRECTORY`: the backup of docs/deployment.md, taken while the site runs.

The database first, then the files. An upload is written to disk before its
StoredFile row commits (eig/files/services.py), so every file the database copy
points at was already on disk when the file copy began: a restored dossier never
points at a missing file. (Files copied first, an upload arriving between the two
copies would leave a row without its file.) A file deleted between the two
copies is one whose row was deleted after the database copy (a purge): run
`purge_personal_data --apply` again after a restore.

- PostgreSQL: `pg_dump --format=custom` of the site's database (one consistent
  snapshot, taken when it starts; `pg_restore` reads it into an empty database).
- SQLite: the online backup API (`sqlite3.Connection.backup`, in one step: one
  read transaction, consistent, writers go on in WAL mode).
- Files: PRIVATE_MEDIA_ROOT (CVs, portfolios…) and MEDIA_ROOT, each in a tar archive.

The directory gets `database.dump` or `database.sqlite3`, `private.tar`,
`media.tar`, `SHA256SUMS` (checked with `sha256sum -c SHA256SUMS` before a
restore) and `manifest.json` (the backup point: when the database copy began).
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def archive(root: Path, target: Path) -> int:
    """`root`'s tree in the tar archive `target` (empty when `root` does not exist); the number of files.

    Files come and go while the site runs: one deleted after it was listed is
    skipped; one still being written is copied as far as it goes (its row is not
    in the database copy, which was taken before).
    """
    count = 0
    with tarfile.open(target, "w") as tar:
        if not root.is_dir():
            return 0
        for directory, subdirectories, files in os.walk(root):
            subdirectories.sort()
            base = Path(directory)
            relative = base.relative_to(root)
            if relative != Path("."):
                try:
                    tar.add(base, arcname=str(relative), recursive=False)
                except FileNotFoundError:
                    continue
            for name in sorted(files):
                try:
                    tar.add(base / name, arcname=str(relative / name), recursive=False)
                except FileNotFoundError:
                    continue
                count += 1
    return count


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup), then PRIVATE_MEDIA_ROOT and MEDIA_ROOT, "
        "into a new directory; safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new (or empty) directory for this backup")
        parser.add_argument("--pg-dump", default="pg_dump", help="pg_dump to run (its major version ≥ the server's)")

    def handle(self, directory, pg_dump, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty: each backup goes into a new directory.")
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        vendor = connection.vendor
        started = time.time()
        if vendor == "postgresql":
            database = target / "database.dump"
            self._pg_dump(database, pg_dump)
        elif vendor == "sqlite":
            database = target / "database.sqlite3"
            self._sqlite_backup(database)
        else:
            raise CommandError(f"no backup procedure for {vendor}")
        database_done = time.time()
        private_files = archive(Path(settings.PRIVATE_MEDIA_ROOT), target / "private.tar")
        media_files = archive(Path(settings.MEDIA_ROOT), target / "media.tar")
        finished = time.time()
        artefacts = [database, target / "private.tar", target / "media.tar"]
        sums = {path.name: _sha256(path) for path in artefacts}
        (target / "SHA256SUMS").write_text("".join(f"{digest}  {name}\n" for name, digest in sums.items()))
        manifest = {
            "vendor": vendor,
            # The backup point: the database copy holds every transaction committed before it.
            "started_at": _iso(started),
            "started_at_epoch": started,
            "database_seconds": round(database_done - started, 3),
            "files_seconds": round(finished - database_done, 3),
            "finished_at": _iso(finished),
            "finished_at_epoch": finished,
            "private_files": private_files,
            "media_files": media_files,
            "artefacts": {path.name: {"bytes": path.stat().st_size, "sha256": sums[path.name]} for path in artefacts},
        }
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if options["verbosity"] >= 1:
            size = sum(path.stat().st_size for path in artefacts)
            self.stdout.write(
                f"backup point {manifest['started_at']}: {vendor} database in {manifest['database_seconds']} s, "
                f"{private_files} private and {media_files} public files in {manifest['files_seconds']} s, "
                f"{size / 1e6:.1f} MB in {target}"
            )

    def _pg_dump(self, path: Path, pg_dump: str) -> None:
        db = connection.settings_dict
        command = [pg_dump, "--format=custom", f"--file={path}", f"--dbname={db['NAME']}"]
        if db.get("HOST"):
            command.append(f"--host={db['HOST']}")
        if db.get("PORT"):
            command.append(f"--port={db['PORT']}")
        if db.get("USER"):
            command.append(f"--username={db['USER']}")
        env = {**os.environ}
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = str(db["PASSWORD"])
        if (db.get("OPTIONS") or {}).get("sslmode"):
            env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
        done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 — our settings, no shell
        if done.returncode != 0:
            raise CommandError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")

    def _sqlite_backup(self, path: Path) -> None:
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            # pages=-1: the whole database in one step, under one read transaction (a consistent copy).
            connection.connection.backup(destination, pages=-1)
        finally:
            destination.close()
