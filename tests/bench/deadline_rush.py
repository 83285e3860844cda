"""A deadline rush: 300 candidates (RUSH_CANDIDATES) fill their whole dossier, upload a CV and submit at once.

Each virtual candidate is a thread of this process with its own cookies and its
own keep-alive connection, bound to its own loopback address (127.1.X.Y, see
`source_address`: the sign-in is rate-limited per IP address, and 100 people are
100 addresses; the whole 127.0.0.0/8 is the loopback, so a rush reaches well past
a thousand clients). It behaves like the browser: it reads the CSRF token from
the page it was sent to, follows every redirect with a GET, autosaves while
"typing" (the page's script posts the form with `X-Autosave: 1`), and pauses
between two actions.

After the run, a separate process reads the database and the private storage
and compares them with what the clients sent and received.

The number of candidates, their arrival profile and their pauses are parameters
(`rush(...)`, `RushSite(candidates=...)`), and for the `deadline-rush` benchmark
environment variables (the issue's values are the defaults):

    RUSH_CANDIDATES=300 RUSH_ARRIVAL=burst RUSH_ARRIVAL_SECONDS=60 RUSH_THINK=0.2-1.5 \
        .venv/bin/python -m tests.bench --only deadline-rush
"""

import hashlib
import http.client
import json
import math
import os
import random
import re
import resource
import secrets
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import HOST, GunicornSite, cpu_busy, wait_until_quiet

CANDIDATES = 300  # issue 20: 300 candidates on this 2-core machine
WORKERS = 2  # config/gunicorn.conf.py: gthread, 4 threads per worker
PASSWORD = "rush-mot-de-passe-solide-42"
CV_BYTES = 2 * 1024 * 1024  # "a 2 MB CV": 2 MiB, above FILE_UPLOAD_MAX_MEMORY_SIZE, so spooled to disk
ARRIVAL_SECONDS = 30  # candidates arrive over the first half-minute of the rush
ARRIVAL = "uniform"  # the arrival profile: see ARRIVAL_PROFILES
THINK = (0.2, 1.5)  # seconds between two actions of one candidate
HARD_TIMEOUT = 300  # the whole rush, from the first arrival: "within 5 minutes"
REQUEST_TIMEOUT = 30
IDLE_RECONNECT = 4.0  # gunicorn closes idle keep-alive connections after 5 s
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "eig_bench"
STEP_SAVE = "step save"  # text steps, wishes and autosaves
UPLOAD = "upload"
SUBMIT = "submit"
SIGN_IN = "sign-in"
PAGE = "page view"
START = "start dossier"

# The answers of every text step, as the default form (eig/calls/defaults.py) asks
# for them: tests/factories/calls.py COMPLETE_ANSWERS with longer texts.
LOREM = (
    "Développeuse depuis sept ans dans des équipes produit, j'ai conduit la refonte d'un service "
    "public numérique avec ses usagers, de l'enquête de terrain à la mise en production. "
)
STEP_ANSWERS = {
    "identite": {
        "civilite": "non_precise",
        "prenom": "Ada",
        "nom": "Lovelace",
        "telephone": "0102030405",
        "ville": "Lyon",
    },
    "parcours": {
        "profession": "developer",
        "experience_annees": "7",
        "parcours": LOREM * 6,
        "interet_general": LOREM * 2,
        "forge": "https://forge.example.org/ada",
        "projet": LOREM * 4,
    },
    "motivation": {
        "motivation": LOREM * 8,
        "contribution": LOREM * 8,
        "ressources": LOREM,
        "binome": "",
    },
    "disponibilite": {"disponible": "oui", "mobilite": "oui"},
    "declarations": {
        "personne_physique": "on",
        "pas_agent_public": "on",
        "pas_jury": "on",
        "pas_etudiant": "on",
        "donnees_personnelles": "on",
    },
}
# Typed for a while, so saved half-written by the autosave (a half-typed URL would be refused, rightly).
LONG_TEXTS = {"parcours", "interet_general", "projet", "motivation", "contribution", "ressources"}
STEPS = ["identite", "voeux", "parcours", "motivation", "disponibilite", "pieces", "declarations"]
AUTOSAVES = {
    "identite": (1, 2),
    "voeux": (0, 1),
    "parcours": (2, 4),
    "motivation": (2, 4),
    "disponibilite": (0, 1),
    "declarations": (1, 2),
}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- Parameters of a rush --------------------------------------------------------------

ARRIVAL_PROFILES = {
    "uniform": "arrivals spread uniformly over the arrival window",
    "ramp": "arrivals growing linearly over the window (few at first, most at its end)",
    "burst": "a tenth spread over the window, nine tenths in its last tenth (the last minutes before the deadline)",
    "once": "everyone in the first second",
}


def arrival_delays(count: int, profile: str = ARRIVAL, seconds: float = ARRIVAL_SECONDS, *, seed: int = 2026) -> list:
    """When each of `count` candidates arrives, in seconds after the start of the rush, in candidate order."""
    if profile not in ARRIVAL_PROFILES:
        raise ValueError(f"unknown arrival profile {profile!r}: one of {', '.join(ARRIVAL_PROFILES)}")
    rng = random.Random(seed)
    delays = []
    for _ in range(count):
        u = rng.random()
        if profile == "uniform":
            delays.append(u * seconds)
        elif profile == "ramp":  # density growing linearly: the inverse of the CDF x²
            delays.append(math.sqrt(u) * seconds)
        elif profile == "burst":
            delays.append(u * seconds if rng.random() < 0.1 else seconds * (0.9 + 0.1 * u))
        else:
            delays.append(u * min(1.0, seconds))
    return delays


def source_address(index: int) -> str:
    """The loopback address of candidate `index`: 127.1.X.Y, X and Y in 1..254 (never .0 nor .255).

    Linux routes the whole of 127.0.0.0/8 to the loopback interface, so any of
    these can be bound without configuring anything: 64,516 addresses in 127.1/16,
    then 127.2/16 and so on.
    """
    if index < 0:
        raise ValueError("a candidate's index is not negative")
    block, rest = divmod(index, 254 * 254)
    if block > 253:
        raise ValueError(f"no loopback address left for candidate {index}")
    return f"127.{1 + block}.{1 + rest // 254}.{1 + rest % 254}"


def raise_open_files_limit(needed: int) -> int:
    """Raise this process's soft RLIMIT_NOFILE towards `needed` (at most the hard limit); the new soft limit.

    Each candidate keeps one connection open, and the multipart bodies and
    subprocess pipes need some more.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft


def parameters_from_environment(environ=None) -> dict:
    """RUSH_CANDIDATES, RUSH_ARRIVAL, RUSH_ARRIVAL_SECONDS, RUSH_THINK ("0.2-1.5"): the deadline-rush's knobs."""
    environ = os.environ if environ is None else environ
    low, _, high = environ.get("RUSH_THINK", f"{THINK[0]}-{THINK[1]}").partition("-")
    parameters = {
        "candidates": int(environ.get("RUSH_CANDIDATES", CANDIDATES)),
        "arrival": environ.get("RUSH_ARRIVAL", ARRIVAL),
        "arrival_seconds": float(environ.get("RUSH_ARRIVAL_SECONDS", ARRIVAL_SECONDS)),
        "think": (float(low), float(high or low)),
    }
    if parameters["arrival"] not in ARRIVAL_PROFILES:
        raise ValueError(f"RUSH_ARRIVAL: one of {', '.join(ARRIVAL_PROFILES)}")
    return parameters


def make_cv(rng: random.Random) -> bytes:
    """A valid-looking PDF of exactly CV_BYTES, its stream padded with random bytes (each CV differs)."""
    head = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    tail = b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    stream_open = b"3 0 obj\n<< /Length %010d >>\nstream\n"
    padding = CV_BYTES - len(head) - len(stream_open % 0) - len(tail)
    return head + stream_open % padding + rng.randbytes(padding) + tail


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----eigrush" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def percentile(values, p) -> float:
    """Nearest-rank percentile, in the unit of the values; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- One candidate ------------------------------------------------------------------


class Aborted(Exception):
    """The hard timeout passed: this candidate stops where it is."""


@dataclass
class Sample:
    category: str
    seconds: float
    status: int  # 0: no response (connection error, timeout)
    at: float = 0.0  # time.monotonic() when it was sent


@dataclass
class Candidate:
    index: int
    email: str
    cv: bytes | None  # None: made from cv_seed when uploaded (a thousand 2 MB CVs need not stay in memory)
    port: int
    deadline: float
    rng: random.Random
    cv_seed: int = 0
    think_range: tuple = THINK
    samples: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (category, path, status, detail): client-side surprises
    errors: list = field(default_factory=list)  # (category, path, status or exception): server errors
    number: str | None = None
    uploaded: bool = False
    receipt: bool = False
    finished: bool = False

    def __post_init__(self):
        self.source = source_address(self.index)
        self.conn = None
        self.last_used = 0.0
        self.cookies = {}
        self.csrf = None
        self.cv_sha256 = hashlib.sha256(self.cv_bytes()).hexdigest()

    def cv_bytes(self) -> bytes:
        return self.cv if self.cv is not None else make_cv(random.Random(self.cv_seed))

    # -- HTTP, as a browser does it --

    def _connection(self):
        if self.conn is not None and time.monotonic() - self.last_used > IDLE_RECONNECT:
            self.conn.close()
            self.conn = None
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                HOST, self.port, timeout=REQUEST_TIMEOUT, source_address=(self.source, 0)
            )
        return self.conn

    def _store_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            pair, *attributes = header.split(";")
            name, _, value = pair.strip().partition("=")
            expired = any(a.strip().lower() in ("max-age=0",) for a in attributes) or "1970" in header
            if expired or value in ('""', ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(self, category, method, path, *, body=None, content_type=None, headers=None, attempts=3):
        """One request, timed; retried (as a person clicks again) after a connection error."""
        for _attempt in range(attempts):
            if time.monotonic() > self.deadline:
                raise Aborted
            all_headers = {
                "Host": f"{HOST}:{self.port}",
                "User-Agent": "eig-deadline-rush",
                "Accept-Language": "fr",
                # The server's CPU per request kind (config/gunicorn.conf.py, REQUEST_CPU_LOG).
                "X-Bench-Kind": category,
            }
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method == "POST":
                all_headers["Origin"] = f"http://{HOST}:{self.port}"
                all_headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
            all_headers.update(headers or {})
            started = time.monotonic()
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=all_headers)
                response = conn.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.samples.append(Sample(category, time.monotonic() - started, 0, started))
                self.errors.append((category, path, f"{type(error).__name__}: {error}"))
                if self.conn is not None:
                    self.conn.close()
                    self.conn = None
                time.sleep(1)
                continue
            elapsed = time.monotonic() - started
            self.last_used = time.monotonic()
            self.samples.append(Sample(category, elapsed, response.status, started))
            self._store_cookies(response)
            if response.status >= 500:
                self.errors.append((category, path, response.status))
                time.sleep(1)
                continue
            text = content.decode("utf-8", errors="replace") if b"\0" not in content[:512] else ""
            token = CSRF_INPUT.search(text)
            if token:
                self.csrf = token.group(1)
            return response.status, response.getheader("Location"), text
        raise Aborted

    def get(self, path):
        status, location, text = self.request(PAGE, "GET", path)
        for _hop in range(5):  # as a browser, follow the redirects of a GET
            if status not in (301, 302, 303) or not location:
                break
            path = urllib.parse.urlsplit(location).path
            status, location, text = self.request(PAGE, "GET", path)
        if status != 200:
            self.problems.append((PAGE, path, status, text[:200]))
        return text

    def post(self, category, path, data, *, expect=302, headers=None):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **data}, doseq=True)
        status, location, text = self.request(category, "POST", path, body=body, headers=headers)
        if status != expect:
            self.problems.append((category, path, status, _error_excerpt(text)))
        return status, location, text

    def think(self, low=None, high=None):
        pause = self.rng.uniform(
            self.think_range[0] if low is None else low, self.think_range[1] if high is None else high
        )
        if time.monotonic() + pause > self.deadline:
            raise Aborted
        time.sleep(pause)

    def follow(self, location):
        if location:
            self.think()
            return self.get(urllib.parse.urlsplit(location).path)
        return ""

    # -- The flow --

    def run(self, call_slug, positions):
        try:
            self._run(call_slug, positions)
            self.finished = True
        except Aborted:
            pass
        finally:
            if self.conn is not None:
                self.conn.close()

    def answers(self, step: str) -> dict:
        """The full answers of a text step, as typed by this candidate."""
        return STEP_ANSWERS[step]

    def _autosave(self, path, answers, times):
        for i in range(times):
            # What is typed so far: texts cut where the person paused.
            share = (i + 1) / (times + 1)
            partial = {k: (v[: int(len(v) * share)] if k in LONG_TEXTS else v) for k, v in answers.items()}
            status, _location, text = self.post(STEP_SAVE, path, partial, expect=200, headers={"X-Autosave": "1"})
            if status == 200:
                try:
                    reply = json.loads(text)
                except ValueError:
                    reply = {}
                if reply.get("saved") is not True or reply.get("errors"):
                    self.problems.append((STEP_SAVE, path + " (autosave)", status, text[:300]))
            self.think()

    def _run(self, call_slug, positions):
        self.get("/compte/login/")
        self.think()
        status, location, _ = self.post(SIGN_IN, "/compte/login/", {"login": self.email, "password": PASSWORD})
        if status != 302:
            raise Aborted
        self.follow(location)  # « Mon espace »
        self.think()
        apply = f"/espace/appels/{call_slug}/candidater/"
        self.get(apply)
        self.think()
        status, location, _ = self.post(START, apply, {})
        # A start sent again after its answer was lost finds the dossier started: « reprendre ».
        match = re.search(r"/espace/dossiers/([^/]+)/(?:etapes/identite|reprendre)/$", location or "")
        if status != 302 or not match:
            self.problems.append((START, apply, status, location))
            raise Aborted
        self.number = match.group(1)
        self.follow(location)
        base = f"/espace/dossiers/{self.number}"
        for step in STEPS:
            self.think()
            if step == "voeux":
                path = f"{base}/voeux/"
                first, second = self.rng.sample(positions, 2)
                answers = {"voeu_1": str(first), "voeu_2": str(second)}
                self._autosave(path, {"voeu_1": str(first)}, self.rng.randint(*AUTOSAVES[step]))
                status, location, _ = self.post(STEP_SAVE, path, {**answers, "action": "next"})
            elif step == "pieces":
                path = f"{base}/etapes/pieces/"
                body, content_type = multipart(
                    {"csrfmiddlewaretoken": self.csrf, "action": "next"},
                    {"cv": (f"cv-{self.index:03d}.pdf", "application/pdf", self.cv_bytes())},
                )
                status, location, text = self.request(UPLOAD, "POST", path, body=body, content_type=content_type)
                if status == 302:
                    self.uploaded = True
                else:
                    self.problems.append((UPLOAD, path, status, _error_excerpt(text)))
            else:
                path = f"{base}/etapes/{step}/"
                answers = self.answers(step)
                self._autosave(path, answers, self.rng.randint(*AUTOSAVES[step]))
                status, location, _ = self.post(STEP_SAVE, path, {**answers, "action": "next"})
            if status != 302:
                raise Aborted
            self.follow(location)
        # After the last step: the overview with the checklist, then « Déposer ».
        self.think()
        status, location, _ = self.post(SUBMIT, f"{base}/deposer/", {})
        if status == 302 and (location or "").rstrip("/").endswith(f"{base}/recepisse/1"):
            self.receipt = True
        else:
            self.problems.append((SUBMIT, f"{base}/deposer/", status, location))
        self.follow(location)


def _error_excerpt(text: str) -> str:
    """The French error messages of a re-rendered form, to say what the client did wrong."""
    found = re.findall(r'class="fr-(?:error-text|message--error|alert[^"]*)"[^>]*>(.*?)<', text or "", re.S)
    return " | ".join(m.strip() for m in found if m.strip())[:300] or (text or "")[:200]


# --- The sites ------------------------------------------------------------------------


class RushSite(GunicornSite):
    """A fresh database with an open call and CANDIDATES verified accounts."""

    label = "SQLite"
    ready_path = "/compte/login/"

    def __init__(self, *, candidates: int = CANDIDATES, **kwargs):
        super().__init__(**kwargs)
        self.candidates = candidates
        self.seeded = None

    def environment(self):
        return {
            # Each waiting client holds a kept-alive connection in a gthread worker's poller (1,000 at most per
            # worker by default) or in the listen queue: room for a thousand clients on one worker.
            "GUNICORN_CMD_ARGS": gunicorn_room(self.candidates),
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private"),
            "FILE_SCANNER": "eig.files.scanners.NoopScanner",
            # Receipts are only queued in the outbox: no worker sends them during the run.
            "EMAIL_BACKEND_CLASS": "django.core.mail.backends.locmem.EmailBackend",
            "SITE_URL": f"http://{HOST}:{self.port}",
            # Each request's CPU time in the worker, by the kind the client names (request_cpu()).
            "REQUEST_CPU_LOG": str(self.tmp / "request-cpu"),
        }

    def request_cpu(self) -> dict[str, list[float]]:
        """{kind of request: [CPU ms of each]} as gunicorn's workers measured them (config/gunicorn.conf.py)."""
        by_kind = defaultdict(list)
        for path in self.tmp.glob("request-cpu.*"):
            for line in path.read_text().splitlines():
                kind, _, ms = line.partition("\t")
                if ms:
                    by_kind[kind].append(float(ms))
        return dict(by_kind)

    def prepare(self):
        self.manage("migrate", "--noinput", "-v0")
        out = self.python("-m", "tests.bench._deadline_rush_db", "seed", str(self.candidates), PASSWORD)
        self.seeded = _rush_json(out)

    def verify(self) -> dict:
        return _rush_json(self.python("-m", "tests.bench._deadline_rush_db", "verify"))


class PostgresRushSite(RushSite):
    label = "PostgreSQL"
    database_name = POSTGRES_DATABASE

    def database_url(self):
        return f"postgres://postgres@127.0.0.1:5432/{self.database_name}"

    def prepare(self):
        recreate_postgres_database(self.database_name)
        super().prepare()


def gunicorn_room(clients: int) -> str:
    """GUNICORN_CMD_ARGS with room for `clients` open connections per worker and in the listen queue."""
    return f"--worker-connections {max(1000, clients + 100)} --backlog {max(2048, 2 * clients)}"


def recreate_postgres_database(name: str = POSTGRES_DATABASE):
    try:
        import psycopg
    except ImportError as error:
        raise RuntimeError("psycopg is not installed: PostgreSQL cannot be benchmarked") from error
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise RuntimeError(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({error}). Start it (as in .ci/run: "
            "`pg_ctlcluster <version> main start`) and re-run the benchmark."
        ) from error


def _rush_json(out: str) -> dict:
    line = next((line for line in out.splitlines() if line.startswith("RUSH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"no RUSH_JSON line in:\n{out[-2000:]}")
    return json.loads(line.removeprefix("RUSH_JSON "))


# --- Who used the cores -------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process used so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children(ppid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == ppid:
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return pids


def _all_cpu() -> tuple[float, float]:
    """(busy, total) core-seconds of the whole machine so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(fields[:8])
    return (total - fields[3] - fields[4]) / TICKS, total / TICKS


def postgres_backends_cpu(database: str) -> float:
    """CPU seconds of the PostgreSQL backends serving `database` (they live as long as the run)."""
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        pids = [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])]
    return sum(_process_cpu(pid) for pid in pids)


class _NoAccount:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class CpuAccount:
    """Core-seconds used during the run: gunicorn's workers, the database, the clients, the rest."""

    def __init__(self, site):
        self.site = site

    def __enter__(self):
        self.workers = _children(self.site.process.pid)
        self.workers_before = sum(_process_cpu(pid) for pid in self.workers)
        self.client_before = sum(os.times()[:2])
        self.busy_before, self.total_before = _all_cpu()
        return self

    def __exit__(self, *exc):
        busy, total = _all_cpu()
        self.busy = busy - self.busy_before
        self.available = total - self.total_before
        self.gunicorn = sum(_process_cpu(pid) for pid in self.workers) - self.workers_before
        self.client = sum(os.times()[:2]) - self.client_before
        name = getattr(self.site, "database_name", None)
        self.database = postgres_backends_cpu(name) if name else 0.0
        self.others = max(0.0, self.busy - self.gunicorn - self.client - self.database)
        return False

    def note(self, label) -> str:
        database = f", PostgreSQL backends {self.database:.0f}" if self.database else ""
        return (
            f"{label}: CPU during the run: {self.busy:.0f} of {self.available:.0f} core-seconds busy "
            f"({self.busy / max(self.available, 1):.0%}): gunicorn workers {self.gunicorn:.0f}{database}, "
            f"clients {self.client:.0f}, other processes {self.others:.0f}."
        )


# --- A run ------------------------------------------------------------------------------


def rush(
    site,
    *,
    candidate_class=Candidate,
    controller=None,
    arrival: str = ARRIVAL,
    arrival_seconds: float = ARRIVAL_SECONDS,
    think: tuple = THINK,
    hard_timeout: float = HARD_TIMEOUT,
    account=CpuAccount,
) -> dict:
    """Run the rush against `site`; `controller(candidates)`, if given, runs alongside in its own thread.

    `site` has `seeded` (the seed's JSON: call, positions, emails), `port` (where
    the clients connect) and `verify()`. One candidate per seeded email, arriving
    as `arrival` says (ARRIVAL_PROFILES) over `arrival_seconds`, pausing `think`
    seconds between two actions; `account(site)` measures the CPU (None: not measured).
    """
    seeded = site.seeded
    count = len(seeded["emails"])
    raise_open_files_limit(2 * count + 256)
    candidates = []
    for i, email in enumerate(seeded["emails"]):
        candidates.append(
            candidate_class(
                index=i,
                email=email,
                cv=None,
                cv_seed=20260101 + i,
                port=site.port,
                deadline=0,
                rng=random.Random(i),
                think_range=think,
            )
        )
    delays = arrival_delays(count, arrival, arrival_seconds)
    started = time.monotonic()
    deadline = started + hard_timeout
    threads = []

    def arrive(candidate, delay):
        time.sleep(delay)
        candidate.run(seeded["call"], seeded["positions"])

    for candidate, delay in zip(candidates, delays, strict=True):
        candidate.deadline = deadline
        thread = threading.Thread(target=arrive, args=(candidate, delay), daemon=True)
        threads.append(thread)
    if controller is not None:
        threads.append(threading.Thread(target=controller, args=(candidates,), daemon=True))
    with account(site) if account is not None else _NoAccount() as cpu:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0, deadline + REQUEST_TIMEOUT + 5 - time.monotonic()))
        duration = time.monotonic() - started
    request_cpu = site.request_cpu() if hasattr(site, "request_cpu") else {}
    return {
        "candidates": candidates,
        "duration": duration,
        "verified": site.verify(),
        "cpu": cpu,
        "request_cpu": request_cpu,
    }


def compare_with_database(candidates, verified) -> dict:
    """What the clients were told, against what the database holds."""
    in_db = verified["candidates"]
    lost = duplicated = 0
    digest_mismatch = 0
    for c in candidates:
        dossiers = in_db.get(c.email, {}).get("dossiers", [])
        duplicated += max(0, len(dossiers) - 1)
        submitted = [d for d in dossiers if d["status"] == "submitted" and d["versions"] >= 1]
        duplicated += sum(max(0, d["versions"] - 1) for d in dossiers)
        if c.receipt and not submitted:
            lost += 1
        if c.uploaded:
            d = dossiers[0] if dossiers else {}
            wrong = (
                d.get("cv_sha256_recorded") != c.cv_sha256
                or d.get("cv_sha256_on_disk") != c.cv_sha256
                or (d.get("versions") and d.get("version_cv") != d.get("cv"))
            )
            digest_mismatch += bool(wrong)
    receipts = sum(c.receipt for c in candidates)
    return {
        "lost": lost,  # the client saw its receipt, the database has no submitted dossier
        "duplicated": duplicated,  # extra dossiers of one candidate, extra versions of one submit
        "digest_mismatch": digest_mismatch,
        "receipts": receipts,
        # A submitted dossier no client got a receipt for is a submission the clients do not know of.
        "unreceipted": max(0, verified["dossiers_submitted"] - receipts),
    }


def figures_of(label: str, run: dict) -> tuple[list[Figure], list[str]]:
    candidates, verified = run["candidates"], run["verified"]
    samples = [s for c in candidates for s in c.samples]
    ms = defaultdict(list)
    for s in samples:
        if s.status:
            ms[s.category].append(s.seconds * 1000)
    # Signing in hashes the password (Argon2id, ~20 ms of CPU each): the step saves sent once
    # every candidate has signed in show the rush without that load.
    signed_in = max((s.at + s.seconds for s in samples if s.category == SIGN_IN), default=0)
    after_sign_ins = [s.seconds * 1000 for s in samples if s.category == STEP_SAVE and s.status and s.at > signed_in]
    server_errors = sum(len(c.errors) for c in candidates)
    problems = [p for c in candidates for p in c.problems]
    unfinished = [c for c in candidates if not c.finished]

    compared = compare_with_database(candidates, verified)
    lost, duplicated, receipts = compared["lost"], compared["duplicated"], compared["receipts"]
    digest_mismatch, unreceipted = compared["digest_mismatch"], compared["unreceipted"]
    requests = len(samples)

    def fig(name, value, unit, target=None):
        return Figure(f"{label} — {name}", value, unit, target)

    figures = [
        fig("step saves p95 (text steps, wishes, autosaves)", percentile(ms[STEP_SAVE], 95), "ms", "< 300"),
        fig("upload of the 2 MB CV p95", percentile(ms[UPLOAD], 95), "ms", "< 1000"),
        fig("submit p95", percentile(ms[SUBMIT], 95), "ms", "< 1000"),
        fig("server errors (5xx, connection errors, timeouts)", server_errors, "requests", "== 0"),
        fig("unexpected responses (form re-rendered, 4xx, wrong redirect)", len(problems), "responses", "== 0"),
        fig("candidates who did not finish within 5 minutes", len(unfinished), "candidates", "== 0"),
        fig("submissions lost (receipt shown, not in the database)", lost, "dossiers", "== 0"),
        fig("submissions duplicated (extra dossiers or versions)", duplicated + unreceipted, "dossiers", "== 0"),
        fig("CV files whose SHA-256 differs from the one sent", digest_mismatch, "files", "== 0"),
        fig("receipts received by the clients", receipts, "dossiers"),
        fig("dossiers submitted in the database", verified["dossiers_submitted"], "dossiers"),
        fig("step saves p50", percentile(ms[STEP_SAVE], 50), "ms"),
        fig("step saves max", max(ms[STEP_SAVE], default=0), "ms"),
        fig("step saves p95 once every candidate has signed in", percentile(after_sign_ins, 95), "ms"),
        fig("upload p50", percentile(ms[UPLOAD], 50), "ms"),
        fig("submit p50", percentile(ms[SUBMIT], 50), "ms"),
        fig("page views p95 (GET after each redirect)", percentile(ms[PAGE], 95), "ms"),
        fig("sign-in p95", percentile(ms[SIGN_IN], 95), "ms"),
        fig("total duration", run["duration"], "s"),
        fig("requests", requests, "requests"),
        fig("throughput", requests / run["duration"] if run["duration"] else 0, "req/s"),
    ]
    gunicorn = getattr(run.get("cpu"), "gunicorn", None)  # CpuAccount: the workers' core-seconds
    if gunicorn is not None and requests:
        figures.append(
            fig("server CPU per request (gunicorn workers, average)", gunicorn / requests * 1000, "ms", "<= 6")
        )
    # Each request's CPU in the worker's thread, by kind (sign-in, page view, step save, upload, submit…).
    # Requests without a kind are the harness's readiness checks before the rush: each worker's first
    # requests (templates compiled, modules imported), counted in the total but not a kind of the rush.
    per_kind = run.get("request_cpu") or {}
    every = [ms for kind, values in per_kind.items() if kind != "other" for ms in values]
    if every:
        figures.append(
            fig("server CPU per request of the rush, in the serving thread (average)", statistics.fmean(every), "ms")
        )
        for kind in sorted(k for k in per_kind if k != "other"):
            figures.append(fig(f"server CPU per request — {kind} (average)", statistics.fmean(per_kind[kind]), "ms"))
    notes = []
    counts = {k: len(v) for k, v in ms.items()}
    notes.append(
        f"{label}: {requests} requests in {run['duration']:.0f} s "
        f"({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))}); "
        f"{verified['receipts_queued']} receipt emails queued in the outbox."
    )
    for c in candidates:
        for p in c.errors[:2] + c.problems[:2]:
            print(f"  {label} candidate {c.index}: {p}", flush=True)
    return figures, notes


SITES = (RushSite, PostgresRushSite)


@benchmark(
    "deadline-rush",
    title="A deadline rush: 300 candidates fill, upload and submit at once",
    description=(
        "300 concurrent virtual candidates (RUSH_CANDIDATES), each signed in with its own session, fill every step of "
        "the default dossier (with autosaves while typing), choose two wishes, upload a 2 MB PDF CV "
        "and submit, within 5 minutes; gunicorn (config/gunicorn.conf.py, 2 workers x 4 threads) on "
        "the loopback, on a fresh SQLite database, then on a fresh PostgreSQL one. After each run the "
        "database and the private storage are compared with what the clients sent and received."
    ),
)
def deadline_rush():
    knobs = parameters_from_environment()
    count, think = knobs["candidates"], knobs["think"]
    figures, notes = [], []
    for site_class in SITES:
        if site_class is PostgresRushSite:
            recreate_postgres_database()  # fail early and clearly when PostgreSQL is not there
        with site_class(workers=WORKERS, candidates=count) as site:
            busy = wait_until_quiet()
            print(f"  {site.label}: {count} candidates on {site.url('/')}, arrival {knobs['arrival']}", flush=True)
            run = rush(site, arrival=knobs["arrival"], arrival_seconds=knobs["arrival_seconds"], think=think)
            busy_after = cpu_busy(1)
            log = site.log_text(1_000_000)
            log_errors = log.count("Traceback")
            if log_errors:
                print(f"  gunicorn's log ({site.label}), its end:\n{log[-3000:]}", flush=True)
        site_figures, site_notes = figures_of(site.label, run)
        figures += site_figures
        notes += site_notes
        notes.append(run["cpu"].note(site.label))
        notes.append(
            f"{site.label}: other work on the machine {busy:.0%} of all cores busy just before the run, "
            f"{busy_after:.0%} just after; {log_errors} tracebacks in gunicorn's log."
        )
    notes += [
        f"Clients: {count} threads of one Python process (http.client, one keep-alive connection each, "
        f"each bound to its own loopback address 127.1.X.Y), arriving over the first {knobs['arrival_seconds']:g} s "
        f"({knobs['arrival']}: {ARRIVAL_PROFILES[knobs['arrival']]}), pausing {think[0]:g}–{think[1]:g} s "
        f"between two actions; hard timeout {HARD_TIMEOUT} s; clients and server share the machine's cores. "
        "RUSH_CANDIDATES, RUSH_ARRIVAL, RUSH_ARRIVAL_SECONDS and RUSH_THINK change these.",
        "Per candidate: sign-in page and sign-in (allauth, PBKDF2), « Mon espace », start the dossier, then the "
        "seven steps in order (identité, vœux, parcours, motivation, disponibilité, pièces, déclarations), each "
        "with 0–4 autosaves of the partly typed form before « Enregistrer et continuer », every redirect "
        "followed by a GET; the CV upload (2 MiB PDF with random padding, multipart) on « pièces »; "
        "« Déposer » and the receipt page.",
        "Step saves: the POSTs of the text steps and the wishes, and the autosaves (`X-Autosave: 1`). "
        "Latency is measured by the client from sending the request to reading the whole response.",
        "Server: DEBUG=0, FILE_SCANNER=NoopScanner (no clamd), receipts queued in the outbox only (no worker); "
        "SQLite in WAL mode with IMMEDIATE transactions, `conn_max_age=600`; PostgreSQL on the same machine "
        "(`postgres://postgres@127.0.0.1:5432/eig_bench`, dropped and created for the run).",
        "Checks after each run, in a separate process: per candidate, the dossiers and versions in the database "
        "against the receipt redirect the client got; the CV answer's StoredFile.sha256, a re-hash of the file "
        "in PRIVATE_MEDIA_ROOT, and the CV of the frozen version, against the SHA-256 of the bytes sent.",
    ]
    return Result(figures, notes)


if __name__ == "__main__":  # python -m tests.bench.deadline_rush: one run, figures printed
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    for f in deadline_rush().figures:
        print(f.name, f.value, f.unit, f.met)
