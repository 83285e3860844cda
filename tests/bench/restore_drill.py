"""A backup and restore drill: the documented backup taken during a deadline rush, restored into a new instance.

On a fresh database (SQLite, then PostgreSQL under a unique name), the deadline
rush's candidates (deadline_rush.py, used as a library) sign in, fill, upload
and submit. Once 30 % of them hold their receipt, `manage.py backup` (the
procedure of docs/deployment.md: the database, then the private and public
files) runs while the others go on. When the rush is over the site is stopped,
as a lost machine would be, and the backup is restored by the documented
commands into a new instance (a new database, new media directories, the same
SECRET_KEY) which gunicorn then serves.

The backup point is the moment the database copy began (`started_at` in the
backup's manifest): pg_dump's snapshot and SQLite's backup step are taken just
after it, so every submission acknowledged to its client before that moment
must be in the restored instance, with its version and its CV (same SHA-256
in the database, on disk, and in the frozen version). Submissions acknowledged
after it are the data a restore from this backup loses (the RPO); the RTO runs
from the start of the restore to the restored instance serving its home page
and a candidate's signed-in receipt page.

Knobs (environment; the defaults are the figures of docs/benchmarks.md):
RESTORE_DRILL_CANDIDATES=300 (the deadline rush's), RESTORE_DRILL_BACKUP_AT=0.3 (the share of
receipts when `manage.py backup` is launched; its database copy begins a few
seconds later, once Django has started), RESTORE_DRILL_DATABASES=sqlite,postgresql.
"""

import json
import os
import random
import secrets
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.bench.deadline_rush import (
    CANDIDATES,
    PASSWORD,
    POSTGRES_ADMIN_URL,
    SIGN_IN,
    STEP_SAVE,
    SUBMIT,
    UPLOAD,
    WORKERS,
    Candidate,
    PostgresRushSite,
    RushSite,
    _rush_json,
    percentile,
    recreate_postgres_database,
    rush,
)
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import HOST, cpu_busy, get, wait_until_quiet

BACKUP_AT = 0.3  # the share of the candidates holding their receipt when the backup starts
BACKUP_WAIT = 240  # seconds the backup waits for that share before it starts anyway
PG_HOST, PG_USER = "127.0.0.1", "postgres"
QUIET_WAIT = 60  # at most this long waiting for other work on the machine to calm down


def knobs(environ=None) -> dict:
    environ = os.environ if environ is None else environ
    databases = [d.strip() for d in environ.get("RESTORE_DRILL_DATABASES", "sqlite,postgresql").split(",")]
    if not set(databases) <= {"sqlite", "postgresql"} or not databases:
        raise ValueError("RESTORE_DRILL_DATABASES: sqlite, postgresql or both")
    return {
        "candidates": int(environ.get("RESTORE_DRILL_CANDIDATES", CANDIDATES)),
        "backup_at": float(environ.get("RESTORE_DRILL_BACKUP_AT", BACKUP_AT)),
        "databases": databases,
    }


def run(command: list, *, cwd=None, timeout: float = 300) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(map(str, command))}` failed ({done.returncode}):\n{done.stderr[-3000:]}")


def drop_postgres_database(name: str) -> None:
    import psycopg  # at call time: SQLite-only machines run the drill without it

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- The sites ------------------------------------------------------------------------


class DrillPostgresSite(PostgresRushSite):
    """The rush's PostgreSQL site on a database of its own (dropped by the drill at the end)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.database_name = f"eig_restore_drill_{secrets.token_hex(4)}"


class RestoredSite(RushSite):
    """A new instance made from a backup by the commands of docs/deployment.md, then served by gunicorn.

    `prepare` is the restore: check the archive, load the database, unpack the
    files, migrate (nothing to do when the code is the backup's). Each step is timed.
    """

    ready_path = "/"  # the home page reads the database (the page-cache version)

    def __init__(self, *, backup: Path, vendor: str, **kwargs):
        super().__init__(**kwargs)
        self.backup = backup
        self.vendor = vendor
        self.database_name = f"eig_restore_drill_{secrets.token_hex(4)}_restored" if vendor == "postgresql" else None
        self.steps = {}

    def database_url(self):
        if self.vendor == "postgresql":
            return f"postgres://{PG_USER}@{PG_HOST}:5432/{self.database_name}"
        return super().database_url()

    def _timed(self, label, function, *args, **kwargs):
        started = time.monotonic()
        function(*args, **kwargs)
        self.steps[label] = time.monotonic() - started

    def prepare(self):
        self._timed("sha256sum -c SHA256SUMS", run, ["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=self.backup)
        if self.vendor == "postgresql":
            pg = [f"--host={PG_HOST}", f"--username={PG_USER}"]
            self._timed("createdb", run, ["createdb", *pg, self.database_name])
            restore = ["pg_restore", *pg, "--no-owner", "--no-acl", "--jobs=2", f"--dbname={self.database_name}"]
            self._timed("pg_restore", run, [*restore, str(self.backup / "database.dump")])
        else:
            self._timed("cp database.sqlite3", run, ["cp", str(self.backup / "database.sqlite3"), self.sqlite_path])
        for archive, root in (("private.tar", self.env["PRIVATE_MEDIA_ROOT"]), ("media.tar", self.env["MEDIA_ROOT"])):
            os.makedirs(root, mode=0o700, exist_ok=True)
            self._timed(f"tar -xf {archive}", run, ["tar", "-xf", str(self.backup / archive), "-C", root])
        self._timed("migrate", self.manage, "migrate", "--noinput", "-v0")

    @property
    def sqlite_path(self) -> str:
        return str(self.tmp / "bench.sqlite3")  # GunicornSite.database_url's file

    def files(self) -> dict:
        return _rush_json(self.python("-m", "tests.bench._restore_drill_db", "files"))


# --- The backup, during the rush --------------------------------------------------------


class BackupDuringRush:
    """The rush's controller: once `threshold` clients hold their receipt, `manage.py backup` runs."""

    def __init__(self, site, directory: Path, threshold: int):
        self.site, self.directory, self.threshold = site, directory, threshold
        self.manifest = None
        self.error = None
        self.receipts_at_launch = 0

    def __call__(self, candidates):
        give_up = time.monotonic() + BACKUP_WAIT
        while sum(c.receipt for c in candidates) < self.threshold and time.monotonic() < give_up:
            time.sleep(0.1)
        self.receipts_at_launch = sum(c.receipt for c in candidates)
        # Wall clock against this process's monotonic clock (the clients' samples): the manifest is in epoch seconds.
        self.offset = time.time() - time.monotonic()
        self.launched = time.monotonic()
        try:
            self.site.manage("backup", str(self.directory), timeout=600)
        except Exception as error:  # noqa: BLE001 — reported as a figure, the rush goes on
            self.error = error
            return
        self.returned = time.monotonic()
        self.manifest = json.loads((self.directory / "manifest.json").read_text())
        self.point = self.manifest["started_at_epoch"] - self.offset
        self.done = self.manifest["finished_at_epoch"] - self.offset


def acknowledged(candidate, category: str) -> float | None:
    """When the client read the 302 of its `category` request (monotonic), or None."""
    times = [s.at + s.seconds for s in candidate.samples if s.category == category and s.status == 302]
    return times[-1] if times else None


def compare(candidates, point: float, restored: dict) -> dict:
    """What the clients were told before the backup point, against the restored instance."""
    out = {
        "submitted_before": 0,
        "missing_dossiers": 0,
        "missing_versions": 0,
        "missing_files": 0,
        "uploads_before": 0,
        "missing_uploads": 0,
        "submitted_after": 0,
        "lost_after": 0,
        "last_lost": None,
        "last_before": None,
    }
    for c in candidates:
        dossiers = restored["candidates"].get(c.email, {}).get("dossiers", [])
        dossier = dossiers[0] if dossiers else {}
        cv_intact = dossier.get("cv_sha256_recorded") == c.cv_sha256 and dossier.get("cv_sha256_on_disk") == c.cv_sha256
        uploaded = acknowledged(c, UPLOAD)
        if uploaded is not None and uploaded < point:
            out["uploads_before"] += 1
            out["missing_uploads"] += not cv_intact
        submitted = acknowledged(c, SUBMIT) if c.receipt else None
        if submitted is None:
            continue
        in_restore = dossier.get("status") == "submitted"
        if submitted < point:
            out["submitted_before"] += 1
            out["last_before"] = max(out["last_before"] or submitted, submitted)
            out["missing_dossiers"] += not in_restore
            out["missing_versions"] += in_restore and dossier.get("versions", 0) < 1
            # The CV: in the database and on disk with the SHA-256 sent, and in the frozen version.
            out["missing_files"] += in_restore and not (cv_intact and dossier.get("version_cv") == dossier.get("cv"))
        else:
            out["submitted_after"] += 1
            if not in_restore:
                out["lost_after"] += 1
                out["last_lost"] = max(out["last_lost"] or submitted, submitted)
    return out


def signed_in_dossier_page(site, email: str, number: str) -> tuple[int, bool]:
    """A candidate signs in on `site` and opens their receipt page: (status, page names the dossier)."""
    probe = Candidate(
        index=0, email=email, cv=b"", port=site.port, deadline=time.monotonic() + 60, rng=random.Random(0)
    )
    probe.get("/compte/login/")
    status, _location, _ = probe.post(SIGN_IN, "/compte/login/", {"login": email, "password": PASSWORD})
    if status != 302:
        return status, False
    text = probe.get(f"/espace/dossiers/{number}/recepisse/1/")
    last = probe.samples[-1].status
    if probe.conn is not None:
        probe.conn.close()
    return last, number in text


def drill(vendor: str, parameters: dict, scratch: Path) -> tuple[list[Figure], list[str]]:
    count = parameters["candidates"]
    site_class = DrillPostgresSite if vendor == "postgresql" else RushSite
    backup_dir = scratch / f"backup-{vendor}"
    databases = []
    try:
        with site_class(workers=WORKERS, candidates=count) as site:
            label = site.label
            if vendor == "postgresql":
                databases.append(site.database_name)
            secret_key = site.env["SECRET_KEY"]
            busy = wait_until_quiet(max_wait=QUIET_WAIT)
            threshold = max(1, round(count * parameters["backup_at"]))
            print(f"  {label}: {count} candidates on {site.url('/')}; backup after {threshold} receipts", flush=True)
            backup = BackupDuringRush(site, backup_dir, threshold)
            result = rush(site, controller=backup)
            busy_after = cpu_busy(1)
            rush_errors = Counter(
                str(error[2]).split(":")[0] for c in result["candidates"] for error in c.errors
            )  # by status or exception
            log_errors = site.log_text(1_000_000).count("Traceback")
            rush_end = time.monotonic()
        # The site is stopped (its database and media directory are no longer read): a lost machine.
        if backup.manifest is None:
            raise RuntimeError(f"{label}: the backup failed: {backup.error}")
        candidates = result["candidates"]
        started = time.monotonic()
        restored_site = RestoredSite(
            backup=backup_dir, vendor=vendor, workers=WORKERS, candidates=count, env={"SECRET_KEY": secret_key}
        )
        if restored_site.database_name:
            databases.append(restored_site.database_name)
        with restored_site as restored:
            home = get(restored.url("/"))[0]
            before = [c for c in candidates if c.receipt and c.number and acknowledged(c, SUBMIT) < backup.point]
            probe = before[-1] if before else next((c for c in candidates if c.number), None)
            page_status, page_names = signed_in_dossier_page(restored, probe.email, probe.number) if probe else (0, 0)
            rto = time.monotonic() - started
            steps = dict(restored.steps)
            verified = restored.verify()
            files = restored.files()
    finally:
        for name in databases:
            drop_postgres_database(name)
    compared = compare(candidates, backup.point, verified)
    manifest = backup.manifest
    size = sum(a["bytes"] for a in manifest["artefacts"].values())
    database_bytes = next(a["bytes"] for n, a in manifest["artefacts"].items() if n.startswith("database."))
    rpo = max(0.0, compared["last_lost"] - backup.point) if compared["last_lost"] is not None else 0.0
    lag = backup.point - compared["last_before"] if compared["last_before"] is not None else 0.0
    during = [
        s.seconds * 1000
        for c in candidates
        for s in c.samples
        if s.category == STEP_SAVE and s.status and backup.point <= s.at <= backup.done
    ]
    outside = [
        s.seconds * 1000
        for c in candidates
        for s in c.samples
        if s.category == STEP_SAVE and s.status and not backup.point <= s.at <= backup.done
    ]

    def fig(name, value, unit, target=None):
        return Figure(f"{label} — {name}", value, unit, target)

    figures = [
        fig(
            "submitted dossiers acknowledged before the backup point, missing after the restore",
            compared["missing_dossiers"],
            "dossiers",
            "== 0",
        ),
        fig("their versions missing", compared["missing_versions"], "dossiers", "== 0"),
        fig(
            "their CV missing or with another SHA-256 (database, disk, frozen version)",
            compared["missing_files"],
            "files",
            "== 0",
        ),
        fig(
            "CVs uploaded before the backup point (drafts too), missing or altered after the restore",
            compared["missing_uploads"],
            "files",
            "== 0",
        ),
        fig(
            "files the restored database points at, missing or altered in the restored storage",
            files["missing"] + files["altered"],
            "files",
            "== 0",
        ),
        fig(
            "restored instance: home page and signed-in receipt page answer",
            int(home == 200 and page_status == 200 and bool(page_names)),
            "yes=1",
            "== 1",
        ),
        fig("RTO: from the start of the restore to the restored instance serving a dossier page", rto, "s"),
        fig("RPO: submissions acknowledged after the backup point, lost by the restore (their span)", rpo, "s"),
        fig("submissions acknowledged after the backup point, lost by the restore", compared["lost_after"], "dossiers"),
        fig("submissions acknowledged before the backup point", compared["submitted_before"], "dossiers"),
        fig("receipts received by the clients during the rush", sum(c.receipt for c in candidates), "dossiers"),
        fig("backup time (database, then files)", manifest["database_seconds"] + manifest["files_seconds"], "s"),
        fig("backup time, database part", manifest["database_seconds"], "s"),
        fig("backup size", size / 1e6, "MB"),
        fig("backup size, database part", database_bytes / 1e6, "MB"),
    ]
    if during:  # a backup of seconds may see no step save at all
        figures.append(fig("step saves p95 while the backup ran", percentile(during, 95), "ms"))
    figures.append(fig("step saves p95 outside the backup", percentile(outside, 95), "ms"))
    restore_steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
    notes = [
        f"{label}: {count} candidates, {sum(c.receipt for c in candidates)} receipts; the backup started once "
        f"{backup.receipts_at_launch} clients held theirs (`manage.py backup` launched, its database copy began "
        f"{backup.point - backup.launched:.1f} s later: the backup point; {len(during)} step saves sent while it ran); the last submission acknowledged before "
        f"it was acknowledged {lag:.1f} s earlier; {compared['submitted_after']} submissions acknowledged after it "
        f"({compared['submitted_after'] - compared['lost_after']} of them in the backup all the same: committed "
        f"between the backup point and the snapshot); {compared['uploads_before']} CVs acknowledged before it. "
        f"The rush went on {rush_end - backup.done:.0f} s after the backup; server errors during the rush "
        f"{sum(rush_errors.values())} ({', '.join(f'{n} {k}' for k, n in rush_errors.most_common()) or 'none'}), "
        f"{log_errors} tracebacks in gunicorn's log.",
        f"{label}: backup {manifest['database_seconds']:.1f} s for the database and "
        f"{manifest['files_seconds']:.1f} s for {manifest['private_files']} private files, "
        f"{size / 1e6:.0f} MB in all; restore steps: {restore_steps}, then gunicorn up, the home page "
        f"({home}) and a candidate's sign-in and receipt page ({page_status}); "
        f"{files['rows']} StoredFile rows checked against the restored storage.",
        f"{label}: other work on the machine {busy:.0%} of all cores busy just before the rush, {busy_after:.0%} "
        "just after: the machine is shared, the timings are indicative.",
    ]
    return figures, notes


@benchmark(
    "restore-drill",
    title="Backup and restore drill: the documented backup taken during a deadline rush, restored and checked",
    description=(
        "The deadline rush's candidates (100) fill, upload a 2 MB CV and submit on a fresh database; once 30 % "
        "hold their receipt, `manage.py backup` (pg_dump, or SQLite's online backup, then the private files) "
        "runs during the rush. The site stopped, the backup is restored by the commands of docs/deployment.md "
        "into a new instance (new database, new media directory), started under gunicorn and checked: every "
        "dossier acknowledged before the backup point, its version and its CV's SHA-256. SQLite, then PostgreSQL."
    ),
)
def restore_drill():
    parameters = knobs()
    figures, notes = [], []
    scratch = Path(tempfile.mkdtemp(prefix="eig-restore-drill-"))
    try:
        for vendor in parameters["databases"]:
            if vendor == "postgresql":
                probe = f"eig_restore_drill_probe_{secrets.token_hex(3)}"
                recreate_postgres_database(probe)  # fails early and clearly when PostgreSQL is not there
                drop_postgres_database(probe)
            site_figures, site_notes = drill(vendor, parameters, scratch)
            figures += site_figures
            notes += site_notes
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    notes += [
        "Backup point: when `manage.py backup` began its database copy (`started_at` in manifest.json). pg_dump "
        "takes its snapshot, and SQLite's backup step (pages=-1) its read transaction, just after it: every "
        "transaction committed before it is in the copy. A submission is acknowledged when its client has read "
        "the 302 to the receipt page (the view answers after its transaction commits).",
        "RPO here: the span of the submissions a restore from this backup loses, from the backup point to the "
        "last submission acknowledged after it (the rush's end stands for the failure). In production the "
        "data-loss window of this procedure is the interval between two backups.",
        "RTO: from the start of the restore (checksums, createdb + pg_restore or cp, tar -xf, migrate, gunicorn "
        f"with {WORKERS} workers) to the restored instance answering its home page and a candidate's signed-in "
        "receipt page; the site's SECRET_KEY is kept (sessions, TOTP secrets), on loopback, on the same machine.",
        f"Clients, server and PostgreSQL share the machine's cores ({HOST} loopback); the load is the deadline "
        "rush's (see deadline-rush), scaled by RESTORE_DRILL_CANDIDATES.",
    ]
    return Result(figures, notes)


if __name__ == "__main__":  # python -m tests.bench.restore_drill: one run, figures printed
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    outcome = restore_drill()
    for f in outcome.figures:
        print(f.name, round(f.value, 3), f.unit, f.met)
    for note in outcome.notes:
        print("-", note)
