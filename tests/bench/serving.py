"""Helpers for load benchmarks: a demo site under gunicorn, and wrk against it.

Everything stays on the loopback interface and every run is bounded in time.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
HOST = "127.0.0.1"


# --- wrk ----------------------------------------------------------------------


def ensure_wrk() -> str:
    """The path of wrk, installed from Debian when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(
            "wrk is missing and this is not root: install it with `sudo apt-get install -y wrk`, then re-run."
        )
    print("wrk is missing: apt-get install -y wrk", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, timeout=600).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, timeout=600, check=True)
        subprocess.run(install, env=env, timeout=600, check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("apt-get did not install wrk")
    return found


@dataclass
class LoadRun:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    status_errors: int  # responses with a status of 400 or more
    socket_errors: int  # connect, read, write errors and timeouts

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def failures(self) -> int:
        return self.status_errors + self.socket_errors


def run_wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    headers=(),
    script: Path = WRK_SCRIPT,
    timeout: float = 5,
) -> LoadRun:
    """`script`: wrk_report.lua, or a script that loads it (its `done` prints the figures);
    `timeout`: seconds before wrk counts a request as timed out (a slow page needs more)."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("load runs stay on the loopback interface")
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", f"{timeout:g}s"]
    command += ["--latency", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next((line for line in out.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{out}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    errors, latency = data["errors"], data["latency_us"]
    return LoadRun(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        status_errors=errors["status"],
        socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
    )


# --- The machine's other work ------------------------------------------------------


def _cpu_times() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields), idle


def cpu_busy(seconds: float = 2.0) -> float:
    """The share of all cores busy over `seconds`, from /proc/stat."""
    total0, idle0 = _cpu_times()
    time.sleep(seconds)
    total1, idle1 = _cpu_times()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_until_quiet(*, threshold: float = 0.15, max_wait: float = 900) -> float:
    """Wait (bounded) for other work on the machine to calm down; return the busy share.

    Two cores shared with someone's test suite halve any figure: the recorded
    notes say how busy the machine was when the run started.
    """
    deadline = time.monotonic() + max_wait
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        print(f"  the machine is {busy:.0%} busy with other work; waiting for it to calm down…", flush=True)
        time.sleep(10)
        busy = cpu_busy()
    return busy


# --- A demo site under gunicorn ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(url: str, headers=None, timeout: float = 10):
    """One GET: (status, headers, body text)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def kill_group(process, sig) -> None:
    """Send `sig` to the process group whose leader is `process` (started with start_new_session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def stop_group(process, *, timeout: float = 30) -> None:
    """Stop a process group we started (its leader is `process`): SIGTERM, then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    kill_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process, signal.SIGKILL)
        process.wait(timeout=10)


class GunicornSite:
    """A fresh database prepared by `prepare()`, served by gunicorn on the loopback.

    Subclasses say how the database is made (`database_url`) and filled
    (`prepare`); the process, its log and the temporary directory (`self.tmp`,
    removed on exit) are handled here.
    """

    ready_path = "/"
    wsgi_app = "config.wsgi"

    def __init__(self, *, workers: int = 2, env: dict | None = None):
        self.workers = workers
        self.extra_env = env or {}
        self.port = free_port()
        self.process = None

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def manage(self, *args: str, timeout: float = 600) -> str:
        return self.python("manage.py", *args, timeout=timeout)

    def python(self, *args: str, timeout: float = 600) -> str:
        """Run `python *args` in the repository with the site's environment; its stdout."""
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"`python {' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return done.stdout

    def database_url(self) -> str:
        # Persistent connections: Django otherwise opens (and parses the schema
        # of) a new SQLite connection per request; see config/gunicorn.conf.py.
        return f"sqlite:///{self.tmp / 'bench.sqlite3'}?conn_max_age=600"

    def environment(self) -> dict:
        """Settings of this site (environment variables), once `self.tmp` exists."""
        return {}

    def prepare(self) -> None:
        """Fill the fresh database (run before gunicorn starts)."""
        self.manage("migrate", "--noinput", "-v0")

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="eig-bench-")
        self.tmp = Path(self._tmp.name)
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url(),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "DEBUG": "0",
            "DEMO": "0",
            # Without DEBUG the platform refuses the public development key (eig/core/checks.py).
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
            **self.environment(),
            **self.extra_env,
        }
        self.env.pop("MAKELEVEL", None)
        self.env.pop("MAKEFLAGS", None)
        started = time.monotonic()
        try:
            self.prepare()
            print(f"  database ready in {time.monotonic() - started:.0f} s", flush=True)
            self.log = (self.tmp / "gunicorn.log").open("w")
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    self.wsgi_app,
                    "-c",
                    "config/gunicorn.conf.py",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"{HOST}:{self.port}",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self._wait_ready()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            with contextlib.suppress(OSError):
                if get(self.url(self.ready_path), timeout=5)[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within a minute")

    def log_text(self, limit: int = 4000) -> str:
        """The end of gunicorn's log (its errors and tracebacks)."""
        if getattr(self, "log", None) is None:
            return ""
        self.log.flush()
        return (self.tmp / "gunicorn.log").read_text(errors="replace")[-limit:]

    def __exit__(self, *exc):
        stop_group(self.process)  # our own gunicorn: its session leader is the arbiter we started
        if getattr(self, "log", None):
            self.log.close()
        self._tmp.cleanup()
        return False


class DemoSite(GunicornSite):
    """A fresh SQLite database with the demo data, served by gunicorn on the loopback.

    with DemoSite(workers=2) as site:
        site.url("/defis/")
    """

    def prepare(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v0")
