"""A fault drill: the deadline rush while a web worker and the task worker are killed.

The 100 candidates of the deadline rush (deadline_rush.py) apply at once. Once
a third of them hold their receipt, one gunicorn worker is killed (SIGKILL)
while it serves a submit, if one is in flight; gunicorn's arbiter starts a new
one. Once half of them do, the task worker (`manage.py db_worker`, which sends
the receipts from the outbox) is killed while a receipt is being sent, and
started again. A client whose request is cut (connection error, 5xx) sends it
once more, as a person clicks again: that second submit must not make a
second dossier, version or email.

A submit killed at a random moment almost always dies before its transaction
commits. The window that matters most, a submit committed (its receipt queued)
whose answer never reaches the client, is hit on purpose: gunicorn serves the
application through HoldSubmits (_fault_drill_wsgi.py), which holds back the
answer of three submits spread across the rush (HOLD_AT), and the drill kills the worker
holding it.

After the rush the outbox is drained as production does it (the periodic
`manage.py send_outbox` and the restarted worker), then the database and the
emails written by the file mailer are compared with what the clients sent and
were told. Every count of damage must be 0.
"""

import email.parser
import email.policy
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from tests.bench.deadline_rush import (
    CANDIDATES,
    HARD_TIMEOUT,
    IDLE_RECONNECT,
    LONG_TEXTS,
    REQUEST_TIMEOUT,
    STEP_ANSWERS,
    SUBMIT,
    WORKERS,
    Candidate,
    PostgresRushSite,
    RushSite,
    _children,
    _rush_json,
    compare_with_database,
    recreate_postgres_database,
    rush,
)
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import HOST, ROOT, cpu_busy, wait_until_quiet

POSTGRES_DATABASE = "eig_faultdrill"
ATTEMPTS = 2  # a cut request is sent once more, as a person clicks again
WEB_KILL_AFTER = CANDIDATES // 3  # receipts received by the clients before a web worker is killed
TASK_KILL_AFTER = CANDIDATES // 2  # … before the task worker is killed
TARGET_WAIT = 20  # seconds to wait for a submit in flight / a receipt being sent before killing anyway
PERIODIC_SECONDS = 15  # manage.py send_outbox: every minute in production, compressed for the drill
DRAIN_TIMEOUT = 150
# The outbox's timings, shortened so that the drill is bounded (production: 900 s, 300 s, 60 s).
SENDING_TIMEOUT = 15  # a message "sending" for longer is taken for a dead worker's
REQUEUE_AFTER = 20
RETRY_BASE = 5
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file mailer writes after each message
# A client finds its kept-alive connection to the killed worker dead at its next request, at the
# latest IDLE_RECONNECT seconds after its previous one (it opens a new connection after that).
KILL_WINDOW = IDLE_RECONNECT + 2
# Held submits: one is armed once this many clients hold their receipt (after the previous one was
# killed), and its worker killed while the recorded submit's answer waits.
HOLD_AT = (CANDIDATES // 10, CANDIDATES * 2 // 5, CANDIDATES * 7 // 10)
HOLD_SECONDS = 8  # how long a held answer waits for the kill (then it is sent, late)
HOLD_ENV = "FAULT_DRILL_HOLD_DIR"  # the directory of the arms and markers, shared by the drill and gunicorn


# --- The email sink ------------------------------------------------------------------


def count_sink(directory: Path) -> tuple[Counter, int]:
    """Messages written by Django's file mailer, counted by X-EIG-Message key; and the number of cut writes.

    The mailer appends each message followed by a line of 79 dashes: a message
    without it was cut while being written (its process was killed) and was not
    sent, as an SMTP transaction cut before its end delivers nothing.
    """
    keys, cut = Counter(), 0
    parser = email.parser.BytesParser(policy=email.policy.default)
    for path in sorted(Path(directory).glob("*.log")) if Path(directory).is_dir() else []:
        *complete, rest = path.read_bytes().split(SEPARATOR)
        cut += bool(rest.strip())
        for raw in complete:
            key = parser.parsebytes(raw, headersonly=True).get("X-EIG-Message")
            keys[str(key) if key else ""] += 1
    return keys, cut


def classify_receipts(expected_keys, sent: Counter) -> dict:
    """Each submitted version must have exactly one receipt email, and no email another key."""
    expected = set(expected_keys)
    return {
        "twice": sum(1 for key in expected if sent.get(key, 0) > 1),
        "never": sum(1 for key in expected if sent.get(key, 0) == 0),
        "unexpected": sum(n for key, n in sent.items() if key.startswith("receipt:") and key not in expected),
    }


# --- What the clients saw ---------------------------------------------------------------


def failed_requests(candidates, kill_times) -> dict:
    """Failed attempts (no response or 5xx): those cut by a web worker's kill, and the others.

    Cut by a kill: a connection reset or closed (not a timeout) in flight at the
    kill or sent on a connection to the killed worker, within KILL_WINDOW seconds.
    """
    by_kill = other = 0
    for c in candidates:
        for sample in c.samples:
            if 0 < sample.status < 500:
                continue
            reset = sample.status == 0 and sample.seconds < REQUEST_TIMEOUT - 1
            if reset and any(
                sample.at <= kill_at + KILL_WINDOW and sample.at + sample.seconds >= kill_at for kill_at in kill_times
            ):
                by_kill += 1
            else:
                other += 1
    return {"by_kill": by_kill, "other": other}


def submits_recorded_before_cut(candidates, verified, wall_offset: float) -> int:
    """Candidates whose first cut submit had already been recorded: the answer was lost, not the submit.

    `wall_offset`: time.time() - time.monotonic() in the clients' process. The
    dossier's submitted_at is read when the submit arrives; a submit recorded
    by the attempt sent again would be at least a second after the cut.
    """
    count = 0
    for c in candidates:
        cut = next((s for s in c.samples if s.category == SUBMIT and (s.status == 0 or s.status >= 500)), None)
        dossiers = verified["candidates"].get(c.email, {}).get("dossiers", [])
        submitted_at = dossiers[0].get("submitted_at") if dossiers else None
        if cut is not None and submitted_at is not None and submitted_at <= cut.at + cut.seconds + wall_offset:
            count += 1
    return count


# --- Which process serves a connection ------------------------------------------------


def _tcp_hex(address: str, port: int) -> str:
    """An IPv4 address and port as /proc/net/tcp writes them (the address in host byte order)."""
    return "".join(f"{int(part):02X}" for part in reversed(address.split("."))) + f":{port:04X}"


def socket_owner(client: tuple[str, int], server_port: int, pids) -> int | None:
    """The process among `pids` holding the server side of the client's TCP connection."""
    local, remote = _tcp_hex(HOST, server_port), _tcp_hex(*client)
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            inode = fields[9]
            break
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return pid
            except OSError:
                continue
    return None


# --- Submits answered, their answer held back until the worker is killed ---------------


class HoldSubmits:
    """WSGI middleware of the drill's gunicorn: holds back the answer of a recorded submit when armed.

    The drill arms a hold by creating `arm-K` in `directory`. The next submit
    (POST to candidates:submit) that the application answers with the redirect
    to its receipt, so committed with its receipt queued, claims the arm (a
    rename: one request among all the workers' threads), writes `held-K.json`
    (its PID and path), then waits `seconds` before handing the answer to
    gunicorn: the drill kills the process meanwhile, and the client sees a cut
    connection instead of its receipt. A dossier's submit is held once at most,
    so the submit the client sends again is answered.
    """

    def __init__(self, app, directory, *, seconds: float = HOLD_SECONDS, sleep=time.sleep):
        self.app = app
        self.directory = Path(directory)
        self.seconds = seconds
        self.sleep = sleep

    def __call__(self, environ, start_response):
        answered = {}

        def remember(status, headers, exc_info=None):
            answered["status"], answered["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, remember)
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") == "POST" and self.is_recorded_submit(path, **answered):
            self.hold(path)
        return result

    @staticmethod
    def is_recorded_submit(path: str, status: str = "", headers=()) -> bool:
        """A submit answered by the redirect to its receipt: the version is committed."""
        from django.urls import Resolver404, resolve

        if not status.startswith("302"):
            return False
        location = next((value for name, value in headers if name.lower() == "location"), "")
        try:
            return (
                resolve(path).view_name == "candidates:submit"
                and resolve(urllib.parse.urlsplit(location).path).view_name == "candidates:receipt"
            )
        except Resolver404:
            return False

    def held_paths(self) -> set[str]:
        return {json.loads(marker.read_text())["path"] for marker in self.directory.glob("held-*.json")}

    def hold(self, path: str) -> str | None:
        """Claim an arm, if any, for this submit; write its marker and wait. The arm's name, or None."""
        arms = sorted(self.directory.glob("arm-*"))
        if not arms or path in self.held_paths():
            return None
        for arm in arms:
            number = arm.name.removeprefix("arm-")
            try:
                arm.rename(self.directory / f"claimed-{number}")
            except FileNotFoundError:  # another request claimed it first
                continue
            marker = self.directory / f"held-{number}.json"
            partial = marker.with_suffix(".tmp")
            partial.write_text(json.dumps({"pid": os.getpid(), "path": path}))
            partial.rename(marker)  # the drill never reads a half-written marker
            self.sleep(self.seconds)
            return arm.name
        return None


def read_held(directory: Path) -> dict[str, dict]:
    """The markers of the held submits: {arm number: {"pid", "path"}}."""
    return {m.stem.removeprefix("held-"): json.loads(m.read_text()) for m in sorted(directory.glob("held-*.json"))}


# --- A candidate who clicks again once --------------------------------------------------


class DrillCandidate(Candidate):
    """A rush candidate with answers of their own, who re-sends a cut request once.

    It remembers, per step, the last form the server acknowledged: the stored
    answers must equal it after the drill.
    """

    def __post_init__(self):
        super().__post_init__()
        self.acknowledged = {}  # step slug or "voeux" -> form data
        self.in_flight = None  # the category of the request being sent
        self.done = False

    def answers(self, step):
        mark = f"{self.index:03d} "
        personal = {}
        for key, value in STEP_ANSWERS[step].items():
            if key in LONG_TEXTS:
                value = mark + value[: len(value) - len(mark)]  # as long as the rush's, within the limits
            elif key in ("nom", "ville"):
                value = f"{value} {mark.strip()}"
            personal[key] = value
        return personal

    def request(self, category, method, path, *, attempts=ATTEMPTS, **kwargs):
        self.in_flight = category
        try:
            return super().request(category, method, path, attempts=attempts, **kwargs)
        finally:
            self.in_flight = None

    def post(self, category, path, data, *, expect=302, headers=None):
        status, location, text = super().post(category, path, data, expect=expect, headers=headers)
        parts = path.strip("/").split("/")
        if status == expect and "dossiers" in parts:
            step = "voeux" if parts[-1] == "voeux" else parts[-1] if "etapes" in parts else None
            if step is not None:
                self.acknowledged[step] = {k: v for k, v in data.items() if k != "action"}
        return status, location, text

    def run(self, call_slug, positions):
        try:
            super().run(call_slug, positions)
        finally:
            self.done = True

    def client_address(self):
        """(address, port) of this candidate's connection, while it is open."""
        try:
            return self.conn.sock.getsockname()
        except (AttributeError, OSError):
            return None


# --- The site, its task worker, and the drill -------------------------------------------


class DrillSite:
    """A rush site (RushSite or PostgresRushSite) with a task worker, a file mailer, and the kills."""

    wsgi_app = "tests.bench._fault_drill_wsgi"  # config.wsgi's application behind HoldSubmits

    def environment(self):
        return {
            **super().environment(),
            "EMAIL_BACKEND_CLASS": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.tmp / "sent-emails"),
            "NOTIFICATIONS_SENDING_TIMEOUT_SECONDS": str(SENDING_TIMEOUT),
            "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": str(REQUEUE_AFTER),
            "NOTIFICATIONS_RETRY_BASE_SECONDS": str(RETRY_BASE),
            HOLD_ENV: str(self.hold_dir),
        }

    @property
    def hold_dir(self) -> Path:
        return self.tmp / "holds"

    def prepare(self):
        self.hold_dir.mkdir()
        super().prepare()

    def __enter__(self):
        self.task_worker = None
        self.periodic = None
        self.events = []  # (seconds since the drill started, what happened)
        self.web_kills = self.task_kills = 0
        self.web_kill_times = []  # time.monotonic() of each web worker's kill
        self.pending_respawns = {}  # killed web worker -> time.monotonic() of its kill
        self.web_respawned = 0
        self.held = {}  # arm number -> {"pid", "path", "dossier", "candidate", "killed"}: the held submits
        super().__enter__()
        try:
            self.start_task_worker()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        self.stop_task_worker()
        if self.periodic is not None and self.periodic.poll() is None:
            self.periodic.kill()
            self.periodic.wait(timeout=10)
        return super().__exit__(*exc)

    # -- The task worker --

    def start_task_worker(self):
        self.task_log = (self.tmp / "db_worker.log").open("a")
        self.task_worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=self.task_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop_task_worker(self):
        if self.task_worker is not None and self.task_worker.poll() is None:
            self.task_worker.terminate()
            try:
                self.task_worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.task_worker.kill()
                self.task_worker.wait(timeout=10)
        if getattr(self, "task_log", None):
            self.task_log.close()

    # -- The outbox, read without Django (the drill polls it while the rush runs) --

    def outbox_counts(self) -> Counter:
        query = "SELECT status, COUNT(*) FROM notifications_outboxmessage WHERE template = 'dossier_receipt' GROUP BY status"
        if isinstance(self, PostgresRushSite):
            import psycopg

            with psycopg.connect(self.database_url(), connect_timeout=5) as conn:
                return Counter(dict(conn.execute(query).fetchall()))
        conn = sqlite3.connect(self.tmp / "bench.sqlite3", timeout=10)
        try:
            return Counter(dict(conn.execute(query).fetchall()))
        finally:
            conn.close()

    def run_periodic_job(self):
        """Start `manage.py send_outbox` unless the previous one still runs (cron with a lock)."""
        if self.periodic is None or self.periodic.poll() is not None:
            self.periodic = subprocess.Popen(
                [sys.executable, "manage.py", "send_outbox", "-v0"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=self.task_log,
            )

    # -- The drill, in its own thread while the candidates run --

    def event(self, text):
        self.events.append((time.monotonic() - self.started, text))
        print(f"  {self.label}: {time.monotonic() - self.started:5.1f} s  {text}", flush=True)

    def drill(self, candidates):
        self.candidates = candidates
        self.started = time.monotonic()
        next_periodic = self.started + PERIODIC_SECONDS
        web_due = task_due = None  # when the threshold was reached
        in_flight_kill = False  # the kill of a worker serving a submit in flight, at a random moment
        armed = 0  # holds armed so far
        stop = self.started + HARD_TIMEOUT
        while time.monotonic() < stop and not all(c.done for c in candidates):
            now = time.monotonic()
            receipts = sum(c.receipt for c in candidates)
            if now >= next_periodic:
                self.run_periodic_job()
                next_periodic = now + PERIODIC_SECONDS
            if not in_flight_kill and receipts >= WEB_KILL_AFTER:
                web_due = web_due or now
                pid, what = self._web_target(candidates)
                if pid is None and now - web_due > TARGET_WAIT:
                    pid, what = random.choice(_children(self.process.pid)), "no submit in flight found"
                if pid is not None:
                    in_flight_kill = True
                    self.kill_web_worker(pid, f"{what}, {receipts} receipts so far")
            if armed < len(HOLD_AT) and receipts >= HOLD_AT[armed] and not any(self.hold_dir.glob("arm-*")):
                (self.hold_dir / f"arm-{armed}").touch()
                armed += 1
                self.event(f"hold {armed} of {len(HOLD_AT)} armed, {receipts} receipts so far")
            for number, marker in read_held(self.hold_dir).items():
                if number not in self.held:
                    self.kill_held(number, marker)
            self.watch_respawns()
            if not self.task_kills and receipts >= TASK_KILL_AFTER:
                task_due = task_due or now
                counts = self.outbox_counts()
                if counts.get("sending") or now - task_due > TARGET_WAIT:
                    self.task_worker.send_signal(signal.SIGKILL)
                    self.task_worker.wait(timeout=10)
                    self.task_kills += 1
                    self.event(
                        f"SIGKILL task worker {self.task_worker.pid} "
                        f"(receipts sending {counts.get('sending', 0)}, queued {counts.get('queued', 0)}, "
                        f"sent {counts.get('sent', 0)}), {receipts} receipts so far"
                    )
                    time.sleep(1)
                    self.task_log.close()
                    self.start_task_worker()
                    self.event(f"task worker started again: {self.task_worker.pid}")
            time.sleep(0.002 if not in_flight_kill and web_due else 0.05)

    def kill_web_worker(self, pid: int, why: str) -> bool:
        """SIGKILL one of our gunicorn's workers (never another process)."""
        if pid not in _children(self.process.pid):
            self.event(f"process {pid} is not a worker of this gunicorn: not killed ({why})")
            return False
        os.kill(pid, signal.SIGKILL)
        now = time.monotonic()
        self.web_kills += 1
        self.web_kill_times.append(now)
        self.pending_respawns[pid] = now
        self.event(f"SIGKILL web worker {pid} ({why})")
        return True

    def kill_held(self, number: str, marker: dict):
        """Kill the worker holding the answer of a recorded submit."""
        number_of = urllib.parse.unquote(marker["path"].strip("/").split("/")[-2])
        candidate = next((c.index for c in self.candidates if c.number == number_of), None)
        why = f"holding the answer of the recorded submit of candidate {candidate}, dossier {number_of}"
        self.held[number] = {**marker, "dossier": number_of, "candidate": candidate, "killed": False}
        self.held[number]["killed"] = self.kill_web_worker(marker["pid"], why)

    def watch_respawns(self):
        if not self.pending_respawns:
            return
        workers = _children(self.process.pid)
        if len(workers) < self.workers:
            return
        for pid, killed_at in list(self.pending_respawns.items()):
            if pid not in workers:
                del self.pending_respawns[pid]
                self.web_respawned += 1
                self.event(f"gunicorn started a new worker after {time.monotonic() - killed_at:.1f} s")

    def _web_target(self, candidates):
        """The gunicorn worker serving a submit right now, if any."""
        submitting = [c for c in candidates if c.in_flight == SUBMIT]
        workers = _children(self.process.pid) if submitting else []
        for c in submitting:
            client = c.client_address()
            pid = socket_owner(client, self.port, workers) if client else None
            if pid is not None:
                return pid, f"serving the submit of candidate {c.index}"
        return None, ""

    # -- After the rush: drain the outbox, then read everything --

    def drain(self) -> float:
        """Run the periodic job until no receipt is queued or sending (bounded); the seconds it took."""
        started = time.monotonic()
        if self.periodic is not None:
            self.periodic.wait(timeout=60)
        while time.monotonic() - started < DRAIN_TIMEOUT:
            self.manage("send_outbox", "-v0")
            counts = self.outbox_counts()
            if not counts.get("queued") and not counts.get("sending"):
                break
            time.sleep(3)
        return time.monotonic() - started

    def verify(self) -> dict:
        drain_seconds = self.drain()
        verified = super().verify()
        sent = {c.email: c.acknowledged for c in self.candidates if c.receipt}
        sent_path = self.tmp / "sent-answers.json"
        sent_path.write_text(json.dumps(sent), encoding="utf-8")
        changed = _rush_json(self.python("-m", "tests.bench._deadline_rush_db", "answers", str(sent_path)))
        keys, cut_writes = count_sink(self.tmp / "sent-emails")
        return {
            **verified,
            "drain_seconds": drain_seconds,
            "answers_changed": changed,
            "answers_checked": len(sent),
            "sink": keys,
            "cut_writes": cut_writes,
            "task_log": (self.tmp / "db_worker.log").read_text(errors="replace")[-3000:],
        }


class FaultDrillSite(DrillSite, RushSite):
    label = "SQLite"


class PostgresFaultDrillSite(DrillSite, PostgresRushSite):
    label = "PostgreSQL"
    database_name = POSTGRES_DATABASE


# --- Figures ------------------------------------------------------------------------------


def held_outcomes(candidates, verified, held: dict) -> dict:
    """The held submits whose worker was killed, and those whose outcome is whole.

    Whole: the client's first submit was cut, the one it sent again got the
    receipt, and its dossier holds one version whose receipt was sent once.
    """
    by_index = {c.index: c for c in candidates}
    killed = whole = 0
    for entry in held.values():
        if not entry.get("killed"):
            continue
        killed += 1
        c = by_index.get(entry["candidate"])
        if c is None:
            continue
        submits = [s.status for s in c.samples if s.category == SUBMIT]
        dossiers = verified["candidates"].get(c.email, {}).get("dossiers", [])
        keys = [key for key in verified["receipt_keys"] if dossiers and key.startswith(f"receipt:{dossiers[0]['id']}:")]
        whole += (
            c.receipt
            and submits[:1] == [0]
            and len(dossiers) == 1
            and dossiers[0]["versions"] == 1
            and len(keys) == 1
            and verified["sink"].get(keys[0], 0) == 1
        )
    return {"killed": killed, "whole": whole}


def drill_figures(label: str, site: DrillSite, run: dict) -> tuple[list[Figure], list[str]]:
    candidates, verified = run["candidates"], run["verified"]
    compared = compare_with_database(candidates, verified)
    receipts = classify_receipts(verified["receipt_keys"], verified["sink"])
    failed = failed_requests(candidates, site.web_kill_times)
    held = held_outcomes(candidates, verified, site.held)
    submits_cut = [e for c in candidates for e in c.errors if e[0] == SUBMIT]
    recorded_before_cut = submits_recorded_before_cut(candidates, verified, run["wall_offset"])
    unfinished = [c for c in candidates if not c.finished]

    def fig(name, value, unit, target=None):
        return Figure(f"{label} — {name}", value, unit, target)

    figures = [
        fig(
            "web workers killed (SIGKILL) and restarted by gunicorn",
            min(site.web_kills, site.web_respawned),
            "kills",
            ">= 1",
        ),
        fig(
            "of which while holding the answer of a recorded submit",
            held["killed"],
            "kills",
            ">= 1",
        ),
        fig("task worker killed (SIGKILL) and restarted", site.task_kills, "kills", ">= 1"),
        fig("dossiers lost (submit answered, dossier not submitted)", compared["lost"], "dossiers", "== 0"),
        fig("dossiers duplicated (extra dossiers or versions)", compared["duplicated"], "dossiers", "== 0"),
        fig("receipts sent twice", receipts["twice"], "versions", "== 0"),
        fig("receipts never sent", receipts["never"], "versions", "== 0"),
        fig("receipt emails for no submitted version", receipts["unexpected"], "emails", "== 0"),
        fig(
            "candidates whose stored answers differ from what they sent last",
            len(verified["answers_changed"]),
            "candidates",
            "== 0",
        ),
        fig("CV files whose SHA-256 differs from the one sent", compared["digest_mismatch"], "files", "== 0"),
        fig(
            "requests cut by the web workers' kills (in flight, or sent on their kept-alive connections)",
            failed["by_kill"],
            "requests",
        ),
        fig("other failed requests (timeouts of the loaded machine, 5xx)", failed["other"], "requests"),
        fig("submits cut (connection error, timeout, 5xx), each sent once more", len(submits_cut), "requests"),
        fig(
            "of which already recorded when cut (the answer lost; the re-sent submit got the same version)",
            recorded_before_cut,
            "submits",
            ">= 1",
        ),
        fig(
            "held submits whose client got its receipt with the re-sent submit, one version and one email",
            held["whole"],
            "submits",
            f"== {held['killed']}",
        ),
        fig("candidates who did not finish (a request failed twice)", len(unfinished), "candidates"),
        fig("receipts received by the clients", compared["receipts"], "dossiers"),
        fig("dossiers submitted in the database", verified["dossiers_submitted"], "dossiers"),
        fig("dossiers submitted without the client seeing the receipt", compared["unreceipted"], "dossiers"),
        fig(
            "receipt emails written to the sink",
            sum(n for k, n in verified["sink"].items() if k.startswith("receipt:")),
            "emails",
        ),
        fig("receipt emails cut while being written", verified["cut_writes"], "emails"),
        fig("outbox drain after the rush", verified["drain_seconds"], "s"),
        fig("total duration of the rush", run["duration"], "s"),
    ]
    outbox = ", ".join(f"{n} {status}" for status, n in sorted(verified["outbox"].items()))
    notes = [
        f"{label}: " + "; ".join(f"at {at:.1f} s {text}" for at, text in site.events) + ".",
        f"{label}: after the drain the outbox holds {outbox}; answers compared for "
        f"{verified['answers_checked']} candidates who got their receipt.",
    ]
    if site.held:
        notes.append(
            f"{label}: held submits: "
            + "; ".join(
                f"candidate {entry['candidate']} (dossier {entry['dossier']}), worker {entry['pid']} "
                + ("killed" if entry["killed"] else "not killed")
                for _number, entry in sorted(site.held.items())
            )
            + "."
        )
    for c in candidates:
        for e in c.errors[:2] + c.problems[:2]:
            print(f"  {label} candidate {c.index}: {e}", flush=True)
    for email_address, differences in list(verified["answers_changed"].items())[:5]:
        print(f"  {label} {email_address}: {differences[:3]}", flush=True)
    return figures, notes


SITES = (FaultDrillSite, PostgresFaultDrillSite)


@benchmark(
    "fault-drill",
    title="A fault drill: a web worker and the task worker killed during the deadline rush",
    description=(
        "The deadline rush (100 candidates fill, upload and submit at once, gunicorn 2 workers x 4 threads) "
        "during which one gunicorn worker is killed with SIGKILL while it serves a submit (gunicorn starts "
        "another), three more each while it holds the answer of a submit already committed (its receipt "
        "queued), and the task worker (`manage.py db_worker`, which sends the receipts from the outbox) is "
        "killed with SIGKILL while a receipt is being sent, then started again. A client re-sends a cut request "
        "once, as a person clicks again. After the outbox is drained (periodic `manage.py send_outbox`), the "
        "database and the emails written by Django's file mailer are compared with what the clients sent and "
        "were told; on SQLite, then on PostgreSQL."
    ),
)
def fault_drill():
    figures, notes = [], []
    for site_class in SITES:
        if site_class is PostgresFaultDrillSite:
            recreate_postgres_database(POSTGRES_DATABASE)  # fail early and clearly when PostgreSQL is not there
        with site_class(workers=WORKERS) as site:
            # Bounded: the drill's targets are counts, which a busy machine does not change.
            busy = wait_until_quiet(max_wait=60)
            print(f"  {site.label}: {CANDIDATES} candidates on {site.url('/')}, kills on the way", flush=True)
            run = rush(site, candidate_class=DrillCandidate, controller=site.drill)
            run["wall_offset"] = time.time() - time.monotonic()
            busy_after = cpu_busy(1)
            log = site.log_text(1_000_000)
            tracebacks = log.count("Traceback") + run["verified"]["task_log"].count("Traceback")
        site_figures, site_notes = drill_figures(site.label, site, run)
        figures += site_figures
        notes += site_notes
        notes.append(
            f"{site.label}: other work on the machine {busy:.0%} of all cores busy just before the run, "
            f"{busy_after:.0%} just after; {tracebacks} tracebacks in the logs of gunicorn and the task worker."
        )
    notes += [
        f"Kills: a web worker once {WEB_KILL_AFTER} clients hold their receipt, chosen as the process holding the "
        "connection of a submit in flight (/proc/net/tcp and /proc/PID/fd), any worker after "
        f"{TARGET_WAIT} s without one; the task worker once {TASK_KILL_AFTER} do, when a receipt is in "
        f"`sending` (any moment after {TARGET_WAIT} s), started again 1 s later.",
        f"Held submits: gunicorn serves config.wsgi's application through tests/bench/_fault_drill_wsgi.py. Once "
        f"{', '.join(map(str, HOLD_AT))} clients hold their receipt, the drill arms one hold; the next submit the "
        "application answers with the redirect to its receipt (committed, receipt queued) is held: its worker "
        f"writes its PID to a marker and waits up to {HOLD_SECONDS} s before sending the answer, and the drill "
        "kills it with SIGKILL. The client sees a cut connection and sends the submit again; a dossier is held "
        "once at most. Whole: the re-sent submit got the receipt of version 1, the dossier has one version and "
        "its receipt was written once.",
        f"Outbox timings shortened so that the drill is bounded: stuck-in-sending timeout {SENDING_TIMEOUT} s, "
        f"re-enqueue grace {REQUEUE_AFTER} s, first retry {RETRY_BASE} s (production: 900, 300, 60 s); "
        f"`manage.py send_outbox` every {PERIODIC_SECONDS} s during the rush, then until nothing is queued or "
        f"sending (at most {DRAIN_TIMEOUT} s).",
        "Receipts counted in the directory of `django.core.mail.backends.filebased.EmailBackend` by their "
        "X-EIG-Message key (`receipt:<dossier>:<version>`); a message without the mailer's closing line was cut "
        "while being written and is not counted as sent. Each submitted version must have exactly one.",
        "Answers: for every candidate who got their receipt, the last form of each step the server acknowledged "
        "goes through the step form and the answer cleaning the view uses, and must equal the stored answers and "
        "the submitted version; the wishes must equal the positions sent. The candidates' texts carry their "
        "number, so a dossier answered with another's texts would show.",
        f"Clients as in deadline-rush, but a cut request is sent {ATTEMPTS - 1} more time only. PostgreSQL: "
        f"`postgres://postgres@127.0.0.1:5432/{POSTGRES_DATABASE}`, dropped and created for the run.",
    ]
    return Result(figures, notes)
