"""Several app servers, for real: two instances behind HAProxy, one of them killed during a deadline rush.

The topology, all on this machine's loopback, each part as it would run on its own machine:

    candidates (threads, each from its own 127.1.X.Y)
        -> HAProxy (Debian's package; health checks, roundrobin, redispatch)
            -> instance A: gunicorn master + workers, `manage.py db_worker`, its own environment
            -> instance B: the same, on another port; B also runs the cron (`manage.py send_outbox`)
        PostgreSQL (a fresh database, dropped at the end), Redis (the shared cache: Django's own
        RedisCache, a dedicated db number and key prefix, emptied at the end), one directory for
        MEDIA_ROOT and one for PRIVATE_MEDIA_ROOT shared by both (as an NFS mount or an object store
        would be).

The rush harness of deadline_rush.py drives the candidates (sign-in, every step with autosaves,
a 2 MB CV, submit), through the balancer. Once a share of them hold their receipt, instance A
dies: its gunicorn master, its web workers and its task worker are killed with SIGKILL at once,
as when a machine is lost. HAProxy's health checks mark it down; the requests it was serving are
cut, and a client whose request is cut (no answer, or a 5xx page from the balancer) sends it again
after a second, as a person clicks again, up to ATTEMPTS times.

Twice during the run a public page is edited (before the kill, saved through A's environment; after
it, through B's), then fetched N times from each living instance directly and through the balancer:
every answer must show the new text.

After the rush the outbox is drained as production does it (B's task worker and the periodic job),
then the database, the shared private storage and the emails written by each instance's file
mailer are compared with what the clients sent and were told.

    SCALE_OUT_CANDIDATES=150 .venv/bin/python -m tests.bench --only scale-out
"""

import collections
import concurrent.futures
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.bench.deadline_rush import (
    ARRIVAL_PROFILES,
    PAGE,
    PASSWORD,
    POSTGRES_ADMIN_URL,
    SIGN_IN,
    STEP_SAVE,
    SUBMIT,
    UPLOAD,
    _all_cpu,
    _rush_json,
    compare_with_database,
    gunicorn_room,
    percentile,
    recreate_postgres_database,
    rush,
)
from tests.bench.fault_drill import DrillCandidate, classify_receipts, count_sink
from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import BIN, HOST, ROOT, cpu_busy, free_port, kill_group, stop_group

CANDIDATES = 1000
WORKERS = 2  # web workers per instance (config/gunicorn.conf.py: gthread, 4 threads each)
ARRIVAL = "uniform"
ARRIVAL_SECONDS = 120  # 1,000 candidates over two minutes: about 8 a second
THINK = (0.2, 1.5)
# The candidates' rush, from the first arrival: every part of the topology shares this 2-core machine, which served
# about 76 requests a second for it (26,000 requests of 1,000 journeys in 6 minutes left 659 unfinished); 15 minutes
# let every candidate finish (with set-up and the outbox's drain: about 20 minutes).
HARD_TIMEOUT = 900
ATTEMPTS = 4  # a cut request is sent again after a second, as a person clicks again, up to 4 times in all
KILL_AT_RECEIPTS = 0.2  # instance A dies once this share of the candidates hold their receipt…
KILL_LATEST = 0.45  # … or once this share of the hard timeout has passed
FETCHES = 20  # fetches of the edited page from each instance and through the balancer
PAGE_SLUG = "page-du-rush"
PERIODIC_SECONDS = 15  # manage.py send_outbox: every minute in production, compressed here
# The outbox's drain after the rush stops as soon as nothing is queued or sending. One task worker renders and sends
# about 4 receipts a second (each with its PDF) on this machine: at 120 s, 485 of 1,000 receipts were still queued
# (19:25 UTC run). 600 s covers 1,000.
DRAIN_TIMEOUT = 600
SENDING_TIMEOUT, REQUEUE_AFTER, RETRY_BASE = 15, 20, 5  # the outbox's timings, shortened (production 900, 300, 60 s)
REDIS_URL = "redis://127.0.0.1:6379"
REDIS_DB = 13  # a database number of the shared Redis kept for this benchmark
# A check every 2 s, every 0.5 s once one failed: a dead server (connection refused) is down in about 1.5 s.
# A slow answer is not a failure for 10 s: a saturated but living server is not taken for a dead one
# (with a 1 s timeout both servers of this 2-core machine were marked down in the rush, and HAProxy
# answered 503 to everyone).
HEALTH = "inter 2s fastinter 500ms fall 3 rise 2"
CHECK_TIMEOUT = "10s"
# A line of HAProxy's `option httplog`: … backend/server Tq/Tw/Tc/Tr/Ta status bytes - - STATE …
HTTPLOG = re.compile(r" \S+/(?P<server>\S+) \S+ (?P<status>-?\d+) \d+ \S+ \S+ (?P<state>\S{4}) ")
FAILOVER_WINDOW = 10  # seconds after the balancer marked A down during which a failed request counts as the failover's


def parameters_from_environment(environ=None) -> dict:
    """SCALE_OUT_CANDIDATES, SCALE_OUT_TIMEOUT, SCALE_OUT_ARRIVAL, SCALE_OUT_ARRIVAL_SECONDS."""
    environ = os.environ if environ is None else environ
    parameters = {
        "candidates": int(environ.get("SCALE_OUT_CANDIDATES", CANDIDATES)),
        "hard_timeout": float(environ.get("SCALE_OUT_TIMEOUT", HARD_TIMEOUT)),
        "arrival": environ.get("SCALE_OUT_ARRIVAL", ARRIVAL),
        "arrival_seconds": float(environ.get("SCALE_OUT_ARRIVAL_SECONDS", ARRIVAL_SECONDS)),
    }
    if parameters["arrival"] not in ARRIVAL_PROFILES:
        raise ValueError(f"SCALE_OUT_ARRIVAL: one of {', '.join(ARRIVAL_PROFILES)}")
    return parameters


# --- System pieces ------------------------------------------------------------------------


def ensure_haproxy() -> str:
    """The path of haproxy, installed from Debian when missing and running as root (as serving.ensure_wrk)."""
    found = shutil.which("haproxy") or (os.path.exists("/usr/sbin/haproxy") and "/usr/sbin/haproxy")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("haproxy is missing and this is not root: `sudo apt-get install -y haproxy`, then re-run.")
    print("haproxy is missing: apt-get install -y haproxy", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "haproxy"]
    if subprocess.run(install, env=env, timeout=600).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, timeout=600, check=True)
        subprocess.run(install, env=env, timeout=600, check=True)
    found = shutil.which("haproxy") or (os.path.exists("/usr/sbin/haproxy") and "/usr/sbin/haproxy")
    if not found:
        raise SystemExit("apt-get did not install haproxy")
    return found


def redis_client():
    try:
        import redis
    except ImportError as error:
        raise RuntimeError("the redis package is missing (requirements.txt): `make install`") from error
    client = redis.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}", socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        raise RuntimeError(
            f"Redis is not reachable at {REDIS_URL} ({error}). Start it (`redis-server --daemonize yes "
            "--bind 127.0.0.1 --port 6379 --save '' --appendonly no`) and re-run the benchmark."
        ) from error
    return client


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fetch(port: int, path: str, host_header: str, timeout: float = 15):
    """An anonymous GET (no cookie) on HOST:port, with the Host header the balancer forwards: (status, headers, text)."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"Host": host_header})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""
    except OSError:
        return 0, {}, ""


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


# --- One app server --------------------------------------------------------------------


class Instance:
    """One app server as a machine would run it: gunicorn (master + workers) and a task worker.

    `env`: its own environment (settings), `directory`: its own disk (logs, the mail it sends).
    """

    def __init__(self, name: str, env: dict, directory: Path, *, workers: int = WORKERS):
        self.name = name
        self.env = env
        self.directory = directory
        self.workers = workers
        self.port = free_port()
        self.web = self.tasks = self.periodic = None
        directory.mkdir(parents=True)
        self.env["EMAIL_FILE_PATH"] = str(directory / "sent-emails")

    def python(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{self.name}: `python {' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-4000:]}"
            )
        return done.stdout

    def _spawn(self, command: list[str], log: str):
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=(self.directory / log).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes the master and its workers at once
        )

    def start(self):
        self.web = self._spawn(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-c",
                "config/gunicorn.conf.py",
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
            ],
            "gunicorn.log",
        )
        self.tasks = self._spawn(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5", "--no-reload"],
            "db_worker.log",
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited:\n{self.log('gunicorn.log')}")
            if fetch(self.port, "/compte/login/", HOST, timeout=5)[0] == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name}: gunicorn did not answer within {timeout:.0f} s")

    def run_periodic_job(self):
        """`manage.py send_outbox` unless the previous one still runs (cron with a lock)."""
        if self.periodic is None or self.periodic.poll() is not None:
            self.periodic = self._spawn([sys.executable, "manage.py", "send_outbox", "-v0"], "cron.log")

    def kill(self) -> list[int]:
        """The machine dies: SIGKILL to the process groups of gunicorn and of the task worker; the PIDs killed."""
        killed = []
        for process in (self.web, self.tasks, self.periodic):
            if process is not None and process.poll() is None:
                killed += _group_members(process.pid)
                kill_group(process, signal.SIGKILL)
        for process in (self.web, self.tasks, self.periodic):
            if process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
        return killed

    def alive(self) -> bool:
        return self.web is not None and self.web.poll() is None

    def stop(self):
        for process in (self.periodic, self.tasks, self.web):
            stop_group(process)

    def log(self, name: str, limit: int = 4000) -> str:
        path = self.directory / name
        return path.read_text(errors="replace")[-limit:] if path.exists() else ""


# --- The balancer -----------------------------------------------------------------------


class Balancer:
    """HAProxy in the foreground (its own process group), its stats on a UNIX socket."""

    def __init__(self, directory: Path, servers: dict[str, int]):
        self.directory = directory
        self.port = free_port()
        self.socket = directory / "haproxy.sock"
        self.config = directory / "haproxy.cfg"
        self.servers = servers
        self.process = None

    def configuration(self) -> str:
        lines = "\n".join(
            f"    server {name} {HOST}:{port} check {HEALTH} maxconn 16" for name, port in self.servers.items()
        )
        return f"""global
    maxconn 8192
    stats socket {self.socket} mode 600 level admin
    log stdout format raw local0

defaults
    mode http
    log global
    # Only the abnormal requests are logged (5xx, cut connections, redispatches), with their termination state.
    option httplog
    option dontlog-normal
    option forwardfor
    # One server connection per request: an idle kept-alive connection the app server closes
    # cannot race with the next request; the clients' side stays kept alive.
    option http-server-close
    # A connection refused by a dead server is tried again on another one, at every retry (by default
    # only the last retry is redispatched, and leastconn would pick the dead server again: it has no
    # connection left); the first refused connection marks the server down at once (observe layer4),
    # before its health checks do.
    option redispatch 1
    retries 3
    # A request still waiting in the queue when its client gave up (a timeout, a closed tab) is dropped:
    # the servers do not spend their time on answers nobody reads.
    option abortonclose
    timeout connect 2s
    timeout client 60s
    timeout server 40s
    timeout queue 40s
    timeout http-request 30s
    timeout http-keep-alive 10s
    timeout check {CHECK_TIMEOUT}

frontend web
    bind {HOST}:{self.port}
    default_backend app

backend app
    balance roundrobin
    default-server observe layer4 error-limit 1 on-error mark-down
    option httpchk
    http-check send meth GET uri /compte/login/ ver HTTP/1.1 hdr Host {HOST}
    http-check expect status 200
{lines}
"""

    def start(self):
        self.config.write_text(self.configuration())
        self.log = (self.directory / "haproxy.log").open("ab")
        self.process = subprocess.Popen(
            [ensure_haproxy(), "-db", "-f", str(self.config)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def command(self, text: str) -> str:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket))
            s.sendall(text.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode(errors="replace")

    def stats(self) -> dict[str, dict]:
        """`show stat` of the backend's servers and of the backend: {name: {column: value}}."""
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = {}
        for line in lines[1:]:
            values = line.split(",")
            if len(values) >= len(header) and values[0] == "app":
                row = dict(zip(header, values, strict=False))
                rows[row["svname"]] = row
        return rows

    def states(self) -> dict[str, str]:
        try:
            return {name: row["status"] for name, row in self.stats().items() if name in self.servers}
        except OSError:
            return {}

    def wait_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"haproxy exited:\n{(self.directory / 'haproxy.log').read_text()[-3000:]}")
            states = self.states()
            if states and all(s.startswith("UP") for s in states.values()):
                return
            time.sleep(0.3)
        raise RuntimeError(f"the balancer did not see both instances up: {self.states()}")

    def abnormal(self) -> collections.Counter:
        """HAProxy's log of abnormal requests, counted by (server, status, termination state)."""
        counts = collections.Counter()
        path = self.directory / "haproxy.log"
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            match = HTTPLOG.search(line)
            if match:
                counts[match.group("server"), match.group("status"), match.group("state")] += 1
        return counts

    def stop(self):
        stop_group(self.process, timeout=10)
        if getattr(self, "log", None):
            self.log.close()


# --- The whole deployment ---------------------------------------------------------------


class ScaleOut:
    """PostgreSQL, Redis, a shared media directory, two instances and HAProxy; all removed on exit."""

    def __init__(
        self,
        *,
        candidates: int = CANDIDATES,
        workers: int = WORKERS,
        hard_timeout: float = HARD_TIMEOUT,
        arrival_seconds: float = ARRIVAL_SECONDS,
    ):
        self.candidates = candidates
        self.workers = workers
        self.hard_timeout = hard_timeout
        self.arrival_seconds = arrival_seconds
        token = secrets.token_hex(4)
        self.database_name = f"eig_scaleout_{token}"
        self.key_prefix = f"eig-scaleout-{token}"
        self.events = []
        self.freshness = []  # one dict per edit
        self.kill_at = self.down_at = None
        self.killed_pids = []
        self.instances = {}
        self.balancer = None

    # -- set-up and tear-down --

    def environment(self) -> dict:
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database_name}",
            # Django's own Redis cache backend (django-environ picks it for redis:// when django-redis is absent).
            "CACHE_URL": f"{REDIS_URL}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": self.key_prefix,
            "MEDIA_ROOT": str(self.tmp / "shared" / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "shared" / "private"),
            "DEBUG": "0",
            "DEMO": "0",
            "SECRET_KEY": self.secret_key,  # the same on every machine: sessions and CSRF tokens cross them
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}:{self.balancer_port}",
            "TRUSTED_PROXY_COUNT": "1",  # HAProxy adds X-Forwarded-For: sign-in limits count each candidate's address
            "FILE_SCANNER": "eig.files.scanners.NoopScanner",
            "EMAIL_BACKEND_CLASS": "django.core.mail.backends.filebased.EmailBackend",
            "NOTIFICATIONS_SENDING_TIMEOUT_SECONDS": str(SENDING_TIMEOUT),
            "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": str(REQUEUE_AFTER),
            "NOTIFICATIONS_RETRY_BASE_SECONDS": str(RETRY_BASE),
            "GUNICORN_CMD_ARGS": gunicorn_room(self.candidates),
        }
        for variable in ("MAKELEVEL", "MAKEFLAGS"):
            env.pop(variable, None)
        return env

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="eig-scaleout-")
        self.tmp = Path(self._tmp.name)
        self.secret_key = "bench-" + secrets.token_urlsafe(40)
        try:
            self.redis = redis_client()
            recreate_postgres_database(self.database_name)
            self.balancer = Balancer(self.tmp / "balancer", {})
            self.balancer.directory.mkdir()
            self.balancer_port = self.balancer.port
            for name in ("a", "b"):
                self.instances[name] = Instance(name, self.environment(), self.tmp / name, workers=self.workers)
            a, b = self.instances["a"], self.instances["b"]
            started = time.monotonic()
            a.python("manage.py", "migrate", "--noinput", "-v0")
            self.seeded = _rush_json(
                a.python("-m", "tests.bench._deadline_rush_db", "seed", str(self.candidates), PASSWORD)
            )
            self.page_url = _rush_json(a.python("-m", "tests.bench._deadline_rush_db", "page", PAGE_SLUG, "v0"))["url"]
            print(f"  database ready in {time.monotonic() - started:.0f} s", flush=True)
            for instance in (a, b):
                instance.start()
            for instance in (a, b):
                instance.wait_ready()
            self.balancer.servers = {name: i.port for name, i in self.instances.items()}
            self.balancer.start()
            self.balancer.wait_up()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc):
        if self.balancer is not None:
            self.balancer.stop()
        for instance in self.instances.values():
            instance.stop()
        with contextlib.suppress(Exception):
            drop_postgres_database(self.database_name)
        with contextlib.suppress(Exception):
            keys = list(self.redis.scan_iter(f"{self.key_prefix}:*", count=1000))
            for start in range(0, len(keys), 500):
                self.redis.delete(*keys[start : start + 500])
        self._tmp.cleanup()
        return False

    @property
    def port(self) -> int:
        return self.balancer.port

    def event(self, text):
        at = time.monotonic() - self.started
        self.events.append((at, text))
        print(f"  scale-out: {at:5.1f} s  {text}", flush=True)

    # -- page-cache freshness --

    def check_freshness(self, label: str, editor: Instance) -> dict:
        """Warm the old page on every living instance, edit it through `editor`, fetch it FETCHES times from each."""
        host = f"{HOST}:{self.balancer.port}"  # the Host every instance sees behind the balancer
        targets = {name: i.port for name, i in self.instances.items() if i.alive()} | {"balancer": self.balancer.port}

        def fetch_all(rounds):
            # Side by side (a few at once): each waits its turn behind the rush's requests in the instance's threads.
            jobs = [name for _round in range(rounds) for name in targets]
            with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
                return list(pool.map(lambda name: (name, fetch(targets[name], self.page_url, host, timeout=30)), jobs))

        fetch_all(2)  # the old text, now cached on each instance
        marker = f"{label}-{secrets.token_hex(6)}"
        editor.python("-m", "tests.bench._deadline_rush_db", "page", PAGE_SLUG, marker)  # committed when it returns
        alive = self.kill_at is None
        result = {"label": label, "editor": editor.name, "fetches": 0, "stale": 0, "errors": 0, "hits": 0, "by": {}}
        result["label"] += "" if alive or label != "before-kill" else " (the edit committed only after the kill)"
        answers = fetch_all(FETCHES)
        for name, (status, headers, text) in answers:
            result["fetches"] += 1
            per = result["by"].setdefault(name, {"fetches": 0, "stale": 0, "errors": 0})
            per["fetches"] += 1
            if status != 200:
                result["errors"] += 1
                per["errors"] += 1
            elif marker not in text:
                result["stale"] += 1
                per["stale"] += 1
            elif headers.get("X-Page-Cache") == "hit":
                result["hits"] += 1
        self.freshness.append(result)
        self.event(
            f"page edited through instance {editor.name.upper()} ({result['label']}): {result['fetches']} fetches from "
            f"{', '.join(targets)}, {result['stale']} stale, {result['errors']} errors, {result['hits']} cache hits"
        )
        return result

    # -- the controller, in its own thread during the rush --

    def controller(self, candidates):
        self.candidates_run = candidates
        self.started = time.monotonic()
        a, b = self.instances["a"], self.instances["b"]
        next_periodic = self.started + PERIODIC_SECONDS
        kill_receipts = max(1, int(len(candidates) * KILL_AT_RECEIPTS))
        kill_latest = self.started + KILL_LATEST * self.hard_timeout
        edit_before = self.started + min(10, self.arrival_seconds / 4)  # both instances busy with arriving candidates
        checks = []  # the page edits run in their own threads: the controller keeps its pace
        stop = self.started + self.hard_timeout
        while time.monotonic() < stop and not all(c.done for c in candidates):
            now = time.monotonic()
            receipts = sum(c.receipt for c in candidates)
            if now >= next_periodic:
                b.run_periodic_job()  # the cron lives on B
                next_periodic = now + PERIODIC_SECONDS
            if not checks and now >= edit_before:
                checks.append(self.in_thread(self.check_freshness, "before-kill", a))
            # Killed once enough receipts are in, after the first edit's fetches if they end in time.
            due = (receipts >= kill_receipts and checks and not checks[0].is_alive()) or now >= kill_latest
            if self.kill_at is None and due:
                in_flight = sum(1 for c in candidates if c.in_flight)
                self.killed_pids = a.kill()
                self.kill_at = time.monotonic()
                self.event(
                    f"SIGKILL instance A (gunicorn master, workers and task worker: PIDs "
                    f"{', '.join(map(str, self.killed_pids))}); {receipts} receipts so far, {in_flight} requests in flight"
                )
            if self.kill_at is not None and self.down_at is None:
                state = self.balancer.states().get("a", "")
                if state and not state.startswith("UP"):
                    self.down_at = time.monotonic()
                    self.event(f"HAProxy marked instance A {state} {self.down_at - self.kill_at:.1f} s after the kill")
                    checks.append(self.in_thread(self.check_freshness, "after-kill", b))
            time.sleep(0.2)
        if self.kill_at is not None and self.down_at is None:
            self.event(f"HAProxy still sees A as {self.balancer.states().get('a')}")
        for check in checks:
            check.join(timeout=120)

    def in_thread(self, function, *args) -> threading.Thread:
        def guarded():
            try:
                function(*args)
            except Exception as error:  # a failed check is reported, it must not stop the rush's controller
                self.event(f"{function.__name__} failed: {type(error).__name__}: {error}")

        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        return thread

    # -- after the rush --

    def outbox_counts(self) -> collections.Counter:
        return collections.Counter(
            _rush_json(self.instances["b"].python("-m", "tests.bench._deadline_rush_db", "outbox"))
        )

    def drain(self) -> float:
        """B's task worker and the periodic job until no receipt is queued or sending (bounded)."""
        b = self.instances["b"]
        started = time.monotonic()
        if b.periodic is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                b.periodic.wait(timeout=60)
        while time.monotonic() - started < DRAIN_TIMEOUT:
            b.python("manage.py", "send_outbox", "-v0")
            counts = self.outbox_counts()
            if not counts.get("queued") and not counts.get("sending"):
                break
            time.sleep(3)
        return time.monotonic() - started

    def verify(self) -> dict:
        b = self.instances["b"]
        drain_seconds = self.drain()
        verified = _rush_json(b.python("-m", "tests.bench._deadline_rush_db", "verify"))
        sent = {c.email: c.acknowledged for c in self.candidates_run if c.receipt}
        sent_path = self.tmp / "sent-answers.json"
        sent_path.write_text(json.dumps(sent), encoding="utf-8")
        changed = _rush_json(b.python("-m", "tests.bench._deadline_rush_db", "answers", str(sent_path)))
        sink, cut = collections.Counter(), 0
        per_instance = {}
        for name, instance in self.instances.items():
            keys, cut_writes = count_sink(instance.directory / "sent-emails")
            sink += keys
            cut += cut_writes
            per_instance[name] = sum(n for k, n in keys.items() if k.startswith("receipt:"))
        try:
            stats = self.balancer.stats()
        except OSError:
            stats = {}
        return {
            **verified,
            "drain_seconds": drain_seconds,
            "answers_changed": changed,
            "answers_checked": len(sent),
            "sink": sink,
            "sink_per_instance": per_instance,
            "cut_writes": cut,
            "redis_keys": sum(1 for _ in self.redis.scan_iter(f"{self.key_prefix}:*", count=1000)),
            "haproxy": stats,
            "haproxy_abnormal": self.balancer.abnormal(),
            "tracebacks": {
                name: sum(
                    i.log(log, 10_000_000).count("Traceback") for log in ("gunicorn.log", "db_worker.log", "cron.log")
                )
                for name, i in self.instances.items()
            },
        }


class ScaleCandidate(DrillCandidate):
    """A rush candidate who sends a cut request again, up to ATTEMPTS times, a second apart."""

    def request(self, category, method, path, *, attempts=ATTEMPTS, **kwargs):
        return super().request(category, method, path, attempts=attempts, **kwargs)


class MachineAccount:
    """Core-seconds of the whole machine and of the clients during the run."""

    def __init__(self, _site):
        pass

    def __enter__(self):
        self.busy_before, self.total_before = _all_cpu()
        self.client_before = sum(os.times()[:2])
        return self

    def __exit__(self, *exc):
        busy, total = _all_cpu()
        self.busy, self.available = busy - self.busy_before, total - self.total_before
        self.client = sum(os.times()[:2]) - self.client_before
        return False


# --- Figures --------------------------------------------------------------------------------


def failover_failures(
    candidates, kill_at, down_at
) -> tuple[collections.Counter, collections.Counter, collections.Counter]:
    """Failed attempts (no answer, 5xx) by kind: during the failover (from the kill to FAILOVER_WINDOW s after
    HAProxy marked A down), after it, and before the kill."""
    during, after, before = collections.Counter(), collections.Counter(), collections.Counter()
    end = (down_at or kill_at or 0) + FAILOVER_WINDOW
    for c in candidates:
        for s in c.samples:
            if 0 < s.status < 500:
                continue
            what = f"{s.category} ({'no answer' if s.status == 0 else s.status})"
            if kill_at is None or s.at + s.seconds < kill_at:
                before[what] += 1
            elif s.at <= end:
                during[what] += 1
            else:
                after[what] += 1
    return during, after, before


def scale_figures(site: ScaleOut, run: dict) -> tuple[list[Figure], list[str]]:
    candidates, verified = run["candidates"], run["verified"]
    compared = compare_with_database(candidates, verified)
    receipts = classify_receipts(verified["receipt_keys"], verified["sink"])
    during, after, before = failover_failures(candidates, site.kill_at, site.down_at)
    ms = collections.defaultdict(list)
    for c in candidates:
        for s in c.samples:
            if s.status and s.status < 500:
                ms[s.category].append(s.seconds * 1000)
    stale = sum(f["stale"] for f in site.freshness)
    fetches = sum(f["fetches"] for f in site.freshness)
    unfinished = sum(not c.finished for c in candidates)
    servers = verified["haproxy"]
    backend = servers.get("BACKEND", {})

    def fig(name, value, unit, target=None):
        return Figure(name, value, unit, target)

    figures = [
        fig(
            "instances killed (SIGKILL to the master, its workers and the task worker)",
            int(site.kill_at is not None),
            "instances",
            ">= 1",
        ),
        fig("submissions lost (receipt shown, not in the database)", compared["lost"], "dossiers", "== 0"),
        fig("submissions duplicated (extra dossiers or versions)", compared["duplicated"], "dossiers", "== 0"),
        fig("receipts sent twice", receipts["twice"], "versions", "== 0"),
        fig("receipts never sent", receipts["never"], "versions", "== 0"),
        fig("receipt emails for no submitted version", receipts["unexpected"], "emails", "== 0"),
        fig(
            "page fetches after an edit showing the old text (both instances and the balancer)",
            stale,
            "responses",
            "== 0",
        ),
        fig("page fetches checked after the two edits", fetches, "responses", f">= {FETCHES * 3}"),
        fig(
            "candidates whose stored answers differ from what they sent last",
            len(verified["answers_changed"]),
            "candidates",
            "== 0",
        ),
        fig("CV files whose SHA-256 differs from the one sent", compared["digest_mismatch"], "files", "== 0"),
        fig("sign-in p95", percentile(ms[SIGN_IN], 95), "ms"),
        fig("step saves p95 (text steps, wishes, autosaves)", percentile(ms[STEP_SAVE], 95), "ms"),
        fig("upload of the 2 MB CV p95", percentile(ms[UPLOAD], 95), "ms"),
        fig("submit p95", percentile(ms[SUBMIT], 95), "ms"),
        fig("page views p95", percentile(ms[PAGE], 95), "ms"),
        fig(
            "failed requests during the failover (no answer or 5xx), each sent again", sum(during.values()), "requests"
        ),
        fig("failed requests outside the failover", sum(after.values()) + sum(before.values()), "requests"),
        fig(
            "seconds from the kill to HAProxy marking the instance down",
            (site.down_at - site.kill_at) if site.down_at and site.kill_at else -1,
            "s",
        ),
        fig("candidates", len(candidates), "candidates"),
        fig("candidates who did not finish within the hard timeout", unfinished, "candidates"),
        fig("receipts received by the clients", compared["receipts"], "dossiers"),
        fig("dossiers submitted in the database", verified["dossiers_submitted"], "dossiers"),
        fig("dossiers submitted without the client seeing the receipt", compared["unreceipted"], "dossiers"),
        fig(
            "receipt emails written (both instances' mailers)",
            sum(n for k, n in verified["sink"].items() if k.startswith("receipt:")),
            "emails",
        ),
        fig("outbox drain after the rush", verified["drain_seconds"], "s"),
        fig("total duration of the rush", run["duration"], "s"),
        fig("requests", sum(len(c.samples) for c in candidates), "requests"),
    ]
    cpu = run["cpu"]
    notes = [
        "scale-out: " + "; ".join(f"at {at:.1f} s {text}" for at, text in site.events) + ".",
        "Failed attempts during the failover, by kind: "
        + (", ".join(f"{n} {k}" for k, n in sorted(during.items())) or "none")
        + "; after it: "
        + (", ".join(f"{n} {k}" for k, n in sorted(after.items())) or "none")
        + "; before the kill: "
        + (", ".join(f"{n} {k}" for k, n in sorted(before.items())) or "none")
        + ".",
        f"HAProxy: {backend.get('wredis', '?')} requests redispatched, {backend.get('wretr', '?')} retried, "
        f"{backend.get('hrsp_5xx', '?')} 5xx answers (including 502/503 it made itself), "
        + "; ".join(
            f"server {name}: {row.get('stot', '?')} sessions, status {row.get('status', '?')}"
            for name, row in servers.items()
            if name in site.instances
        )
        + ". Its log of abnormal requests (server, status, termination state): "
        + (
            ", ".join(
                f"{n} × {srv} {status} {state}"
                for (srv, status, state), n in verified["haproxy_abnormal"].most_common(8)
            )
            or "none"
        )
        + ".",
        f"Receipt emails written by instance A's mailer {verified['sink_per_instance'].get('a', 0)}, by B's "
        f"{verified['sink_per_instance'].get('b', 0)}; {verified['cut_writes']} cut while being written; outbox after "
        f"the drain: {', '.join(f'{n} {s}' for s, n in sorted(verified['outbox'].items()))}; {verified['redis_keys']} "
        "keys of the shared cache in Redis at the end.",
        f"Machine during the rush: {cpu.busy:.0f} of {cpu.available:.0f} core-seconds busy "
        f"({cpu.busy / max(cpu.available, 1):.0%}), of which the clients {cpu.client:.0f}; tracebacks in the logs: "
        + ", ".join(f"{name.upper()} {n}" for name, n in verified["tracebacks"].items())
        + ".",
    ]
    for f in site.freshness:
        notes.append(
            f"Edit {f['label']} (saved through {f['editor'].upper()}): "
            + ", ".join(
                f"{name} {v['fetches']} fetches / {v['stale']} stale / {v['errors']} errors"
                for name, v in f["by"].items()
            )
            + f"; {f['hits']} of the fresh answers were cache hits."
        )
    for c in candidates:
        for e in c.problems[:2]:
            print(f"  scale-out candidate {c.index}: {e}", flush=True)
    return figures, notes


@benchmark(
    "scale-out",
    title="Two app servers behind HAProxy, one killed during a 1,000-candidate rush",
    description=(
        "Two independent instances (each a gunicorn master with 2 workers x 4 threads and a `manage.py db_worker`, "
        "each with its own environment) behind HAProxy (health checks, roundrobin, redispatch), sharing PostgreSQL, "
        "a Redis cache (Django's RedisCache) and one media directory. 1,000 candidates (SCALE_OUT_CANDIDATES) sign in, "
        "fill every step, upload a 2 MB CV and submit through the balancer; once a fifth hold their receipt instance "
        "A is killed with SIGKILL (master, workers, task worker). A public page is edited before and after the kill "
        "and fetched from each instance: 0 stale answers. Then submissions, receipts (exactly once), answers and "
        "files are checked against what the clients sent and were told."
    ),
)
def scale_out():
    knobs = parameters_from_environment()
    ensure_haproxy()
    with ScaleOut(
        candidates=knobs["candidates"], hard_timeout=knobs["hard_timeout"], arrival_seconds=knobs["arrival_seconds"]
    ) as site:
        busy = cpu_busy(2)
        print(
            f"  scale-out: {knobs['candidates']} candidates on http://{HOST}:{site.port}/ (HAProxy) -> "
            f"A :{site.instances['a'].port}, B :{site.instances['b'].port}",
            flush=True,
        )
        run = rush(
            site,
            candidate_class=ScaleCandidate,
            controller=site.controller,
            arrival=knobs["arrival"],
            arrival_seconds=knobs["arrival_seconds"],
            think=THINK,
            hard_timeout=knobs["hard_timeout"],
            account=MachineAccount,
        )
        topology = (
            f"Topology (one 2-core machine, loopback): HAProxy {site.balancer.port} -> instance A "
            f"{site.instances['a'].port}, instance B {site.instances['b'].port} (each gunicorn config/gunicorn.conf.py "
            f"with {WORKERS} workers x 4 threads and one `manage.py db_worker`; B also runs `manage.py send_outbox` "
            f"every {PERIODIC_SECONDS} s); PostgreSQL database {site.database_name} (dropped at the end); Redis "
            f"{REDIS_URL}/{REDIS_DB} with key prefix {site.key_prefix} (Django's RedisCache, keys deleted at the end); "
            "MEDIA_ROOT and PRIVATE_MEDIA_ROOT one shared directory (what an NFS mount or an object store is to "
            "several machines); each instance its own mail directory (Django's file mailer, one per machine)."
        )
    figures, notes = scale_figures(site, run)
    notes = [topology, *notes]
    notes += [
        f"Clients: {knobs['candidates']} threads (deadline_rush.py's harness), each from its own loopback address, "
        f"arriving over {knobs['arrival_seconds']:g} s ({knobs['arrival']}), pausing {THINK[0]}–{THINK[1]} s; hard "
        f"timeout {knobs['hard_timeout']:g} s. A request without an answer or answered 5xx (HAProxy's 502/503 when "
        f"a server dies under it) is sent again after 1 s, up to {ATTEMPTS} times in all, as a person clicks again: "
        "a start sent twice finds its dossier, a step saved twice stores the same answers, a submit sent twice finds "
        "its version and answers its receipt.",
        f"HAProxy: `option httpchk` GET /compte/login/ ({HEALTH}, timeout check {CHECK_TIMEOUT}), a server marked "
        "down at its first refused connection (`observe layer4 error-limit 1 on-error mark-down`), roundrobin, "
        "`option redispatch 1` with 3 retries on connection failures, `option abortonclose`, "
        "`option http-server-close` (a new server "
        "connection per request, kept-alive to the clients), 16 connections at most per server (the rest wait in "
        "HAProxy's queue), X-Forwarded-For read by the app (TRUSTED_PROXY_COUNT=1).",
        f"Instance A is killed once {KILL_AT_RECEIPTS:.0%} of the candidates hold their receipt (or "
        f"{KILL_LATEST:.0%} of the hard timeout passed). The page edits: `eig.content.Page` saved through the ORM "
        f"(tests/bench/_deadline_rush_db.py page) with one instance's environment, then {FETCHES} anonymous fetches "
        "of /pages/…/ from each living instance directly and through the balancer, all with the balancer's Host (so "
        "they share cache entries in Redis); the old text cached on each instance first.",
        f"Outbox timings shortened: stuck-in-sending {SENDING_TIMEOUT} s, re-enqueue grace {REQUEUE_AFTER} s, first "
        f"retry {RETRY_BASE} s; after the rush B's worker and `send_outbox` drain it (at most {DRAIN_TIMEOUT} s).",
        f"Other work on the machine: {busy:.0%} of all cores busy just before the run; clients, balancer, both "
        "instances, PostgreSQL and Redis share the same two cores, so latencies are the machine's, not a cluster's.",
    ]
    return Result(figures, notes)


if __name__ == "__main__":  # python -m tests.bench.scale_out: one run, figures printed
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    result = scale_out()
    for f in result.figures:
        print(f.name, f.value, f.unit, f.met)
    for note in result.notes:
        print("-", note)
