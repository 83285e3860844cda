"""pretalx, the outside anchor of the page benchmarks: installed from PyPI, seeded, served like our site.

    from tests.bench.pretalx_anchor import PretalxSite

    with PretalxSite(workers=2) as pretalx:
        run_wrk(pretalx.public_call_url, ...)                                  # anonymous visitor
        run_wrk(pretalx.organiser_list_url, ..., headers=pretalx.signed_in_headers)

- `ensure_pretalx()` makes a virtualenv outside git (.bench/pretalx-venv) with Python 3.13 (or
  3.12) from pyenv and installs tests/bench/pretalx-requirements.txt there (pretalx pinned, with
  its dependencies and the project's gunicorn), then collects pretalx's static files once; it does
  nothing when that install is already there. Only pip, from the package index, downloads anything.
- `PretalxSite` writes a pretalx.cfg in a temporary folder (SQLite, debug off, the site URL on
  the loopback with its port, pretalx's defaults otherwise: no Redis, so no cache), migrates,
  seeds one event with an open call and 500 proposals by 500 speakers and one organiser
  (tests/bench/_pretalx_seed.py, run with pretalx's Python), then serves it with pretalx's
  gunicorn and the project's config/gunicorn.conf.py (gthread, 4 threads, keep-alive), as
  `GunicornSite` serves ours. The organiser signs in through pretalx's login form; the session
  cookie goes to wrk as a header.
- The organiser's list shows all proposals on one page, like the staff list of 500 dossiers:
  `max_pagination_limit = <proposals>` in pretalx.cfg (pretalx caps page sizes at 250 by default;
  its page offers 50, 100 and 250) and the page size chosen once through the page itself
  (`?page_size=500`, as the page's own links do; pretalx keeps it in the organiser's session).
  The measured address has no parameter: with one, every request would save it again.
  `PretalxSite(list_page_size=50)` gives pretalx's default page instead.
- Both pages are checked by their content, not only their status (`check()`): wrk counts a
  redirect to the login page as a success, and urllib follows it to a 200.

Importing this module needs nothing of pretalx; `python -m tests.bench.pretalx_anchor` checks
both pages with a short wrk run.
"""

import contextlib
import hashlib
import html
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.bench.serving import HOST, ROOT, free_port, get, stop_group

BENCH_DIR = ROOT / ".bench"
VENV = BENCH_DIR / "pretalx-venv"
REQUIREMENTS = Path(__file__).with_name("pretalx-requirements.txt")
SEED_SCRIPT = Path(__file__).with_name("_pretalx_seed.py")
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
PYTHON_VERSIONS = ("3.13", "3.12")  # pretalx 2026.1: Requires-Python >= 3.12
MARKER = VENV / ".bench-installed"
STATIC = VENV / "pretalx-static"
EVENT = "bench"
PROPOSALS = 500


def pinned_version() -> str:
    """The pretalx version pinned in pretalx-requirements.txt."""
    for line in REQUIREMENTS.read_text().splitlines():
        if line.lower().startswith("pretalx=="):
            return line.split("==", 1)[1].strip()
    raise RuntimeError(f"{REQUIREMENTS} pins no pretalx version")


def _base_python() -> Path:
    """A Python that pretalx supports: pyenv's 3.13 or 3.12, else one on the PATH."""
    roots = [os.environ.get("PYENV_ROOT"), str(Path.home() / ".pyenv")]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        roots.insert(0, subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=30).stdout.strip())
    for version in PYTHON_VERSIONS:
        for root in filter(None, roots):
            found = sorted(Path(root, "versions").glob(f"{version}.*/bin/python{version}"))
            if found:
                return found[-1]
        if found := shutil.which(f"python{version}"):
            return Path(found)
    raise SystemExit(f"pretalx needs Python {' or '.join(PYTHON_VERSIONS)}: none found in pyenv or on the PATH")


def _install_key(base: Path) -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes() + str(base).encode()).hexdigest()


def _venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_pretalx() -> Path:
    """pretalx's virtualenv, installed when missing or when the pins changed; its Python."""
    base = _base_python()
    key = _install_key(base)
    if MARKER.exists() and MARKER.read_text().strip() == key and _venv_python().exists():
        return _venv_python()
    started = time.monotonic()
    print(f"installing pretalx {pinned_version()} in {VENV.relative_to(ROOT)} (Python {base.name})…", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    BENCH_DIR.mkdir(exist_ok=True)
    subprocess.run([str(base), "-m", "venv", str(VENV)], check=True, timeout=300)
    pip = [str(_venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True, timeout=1200)
    # pretalx's `rebuild` also builds its schedule editor with npm: not needed for the pages
    # measured, and compilemessages is not needed for English pages. collectstatic is (the
    # manifest storage refuses a page whose static files were never collected).
    with tempfile.TemporaryDirectory(prefix="pretalx-collect-") as data:
        env = _pretalx_env(Path(data))
        subprocess.run(
            [str(_venv_python()), "-m", "pretalx", "collectstatic", "--noinput", "-v0"],
            cwd=data,
            env=env,
            check=True,
            timeout=900,
            stdout=subprocess.DEVNULL,
        )
    MARKER.write_text(key + "\n")
    print(f"pretalx installed in {time.monotonic() - started:.0f} s", flush=True)
    return _venv_python()


def _pretalx_env(data: Path, config: Path | None = None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PRETALX_", "DJANGO_", "VIRTUAL_ENV", "PYTHON"))
        and key not in ("MAKELEVEL", "MAKEFLAGS")
    }
    env.update(
        PRETALX_DATA_DIR=str(data),
        PRETALX_FILESYSTEM_STATIC=str(STATIC),
        PRETALX_NO_INITIAL_LOG="1",
        DJANGO_SETTINGS_MODULE="pretalx.settings",
        PATH=f"{VENV / 'bin'}:{os.environ.get('PATH', '')}",
    )
    if config is not None:
        env["PRETALX_CONFIG_FILE"] = str(config)
    return env


class PretalxSite:
    """A fresh pretalx (one event, an open call, `proposals` proposals) under gunicorn on the loopback.

    Mirrors `GunicornSite`: `url(path)`, `port`, `tmp`, `log_text()`, and the process group
    ended on exit. Adds `public_call_url`, `organiser_list_url`, `signed_in_headers` (for
    run_wrk) and `signed_in_cookie` (for `get`).
    """

    def __init__(
        self,
        *,
        workers: int = 2,
        proposals: int = PROPOSALS,
        list_page_size: int | None = None,
        env: dict | None = None,
    ):
        """`list_page_size`: proposals per page of the organiser's list, all of them by default
        (pretalx's own default is 50)."""
        self.workers = workers
        self.proposals = proposals
        self.list_page_size = list_page_size or proposals
        self.extra_env = env or {}
        self.port = free_port()
        self.process = None
        self.log = None
        self.organiser_email = "organiser@example.org"
        self.organiser_password = secrets.token_urlsafe(18)
        self.cookies = {}
        self.timings = {}

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    @property
    def public_call_url(self) -> str:
        """The call for proposals page an anonymous visitor opens (the call's text and its button)."""
        return self.url(f"/{EVENT}/cfp")

    @property
    def organiser_list_url(self) -> str:
        """The organiser's list of proposals, all of them on one page (see the module's docstring)."""
        return self.url(f"/orga/event/{EVENT}/submissions/")

    @property
    def signed_in_cookie(self) -> str:
        """The organiser's cookies as a browser sends them: the session and the CSRF cookie
        (without the latter, every page with a form sets it again)."""
        return "; ".join(f"{name}={value}" for name, value in sorted(self.cookies.items()))

    @property
    def signed_in_headers(self) -> list[str]:
        return [f"Cookie: {self.signed_in_cookie}"]

    def manage(self, *args: str, timeout: float = 900) -> str:
        return self.python("-m", "pretalx", *args, timeout=timeout)

    def python(self, *args: str, timeout: float = 900) -> str:
        """Run pretalx's Python in the data folder with the site's configuration; its stdout."""
        done = subprocess.run(
            [str(self.venv_python), *args], cwd=self.tmp, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"pretalx `{' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return done.stdout

    def _write_config(self) -> Path:
        config = self.tmp / "pretalx.cfg"
        config.write_text(
            "[filesystem]\n"
            f"data = {self.tmp / 'data'}\n"
            f"static = {STATIC}\n"
            "[site]\n"
            "debug = False\n"
            f"url = http://{HOST}:{self.port}\n"
            f"max_pagination_limit = {max(self.list_page_size, 250)}\n"
            "[database]\n"
            "backend = sqlite3\n"
            f"name = {self.tmp / 'pretalx.sqlite3'}\n"
            "[mail]\n"
            "from = orga@example.org\n"
            "[locale]\n"
            "language_code = en\n"
            "time_zone = Europe/Paris\n"
        )
        return config

    def __enter__(self):
        self.venv_python = ensure_pretalx()
        self._tmp = tempfile.TemporaryDirectory(prefix="pretalx-bench-")
        self.tmp = Path(self._tmp.name)
        try:
            (self.tmp / "data").mkdir()
            self.env = {**_pretalx_env(self.tmp / "data", self._write_config()), **self.extra_env}
            started = time.monotonic()
            self.manage("migrate", "--noinput", "-v0")
            self.timings["migrate_s"] = time.monotonic() - started
            started = time.monotonic()
            out = self.python(
                str(SEED_SCRIPT),
                "--slug",
                EVENT,
                "--proposals",
                str(self.proposals),
                "--organiser-email",
                self.organiser_email,
                "--organiser-password",
                self.organiser_password,
            )
            self.timings["seed_s"] = time.monotonic() - started
            self.seeded = next(line for line in out.splitlines() if line.startswith("SEED_JSON "))
            print(
                f"  pretalx migrated in {self.timings['migrate_s']:.0f} s, seeded in {self.timings['seed_s']:.0f} s",
                flush=True,
            )
            self.log = (self.tmp / "gunicorn.log").open("w")
            self.process = subprocess.Popen(
                [
                    str(VENV / "bin" / "gunicorn"),
                    "pretalx.wsgi",
                    "-c",
                    str(GUNICORN_CONF),
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"{HOST}:{self.port}",
                ],
                cwd=self.tmp,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self._wait_ready()
            self._sign_in()
            self._list_everything_on_one_page()
            self.check()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pretalx's gunicorn exited:\n{self.log_text()}")
            with contextlib.suppress(OSError):
                if get(self.public_call_url, timeout=5)[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"pretalx did not answer within a minute:\n{self.log_text()}")

    def _sign_in(self) -> None:
        """Sign the organiser in through pretalx's own login form; keep the session cookie."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request("GET", "/orga/login/")
            response = conn.getresponse()
            page = response.read().decode()
            cookies = _cookies(response)
            form = _login_form_fields(page)
            form.update(login_email=self.organiser_email, login_password=self.organiser_password)
            conn.request(
                "POST",
                "/orga/login/",
                body=urllib.parse.urlencode(form),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                    "Referer": self.url("/orga/login/"),
                    "Origin": self.url(""),
                },
            )
            response = conn.getresponse()
            response.read()
            cookies.update(_cookies(response))
        finally:
            conn.close()
        if response.status != 302 or "pretalx_session" not in cookies:
            raise RuntimeError(f"pretalx's login did not sign the organiser in ({response.status}):\n{self.log_text()}")
        self.cookies = {name: cookies[name] for name in ("pretalx_session", "pretalx_csrftoken") if name in cookies}

    def _list_everything_on_one_page(self) -> None:
        """The organiser picks the page size once, as the list's own links do; pretalx keeps it in the session."""
        status, _headers, _body = get(
            f"{self.organiser_list_url}?page_size={self.list_page_size}", headers={"Cookie": self.signed_in_cookie}
        )
        if status != 200:
            raise RuntimeError(f"setting the page size answered {status}")

    def check(self) -> dict:
        """Both measured pages answer 200 with their real content (no login page, no error page)."""
        status, _headers, call = get(self.public_call_url, timeout=30)
        if status != 200 or "The call for proposals is open!" not in call or f"/{EVENT}/submit/" not in call:
            raise RuntimeError(f"pretalx's call page is not the open call ({status}):\n{call[:2000]}")
        status, headers, body = get(self.organiser_list_url, headers={"Cookie": self.signed_in_cookie}, timeout=60)
        listed = len(set(re.findall(rf"/orga/event/{EVENT}/submissions/([A-Z0-9]+)/", body)))
        if status != 200 or listed != min(self.list_page_size, self.proposals):
            raise RuntimeError(
                f"pretalx's organiser list does not show {self.list_page_size} proposals on a page "
                f"({status}, {listed} listed):\n{body[:2000]}"
            )
        # Cookies the signed-in list sets again: Django renews the CSRF cookie on every page with
        # a form (as on ours); a session cookie here would mean a session write per request.
        return {
            "call_bytes": len(call),
            "list_bytes": len(body),
            "listed": listed,
            "list_sets_cookies": sorted(c.split("=", 1)[0] for c in headers.get_all("Set-Cookie") or []),
        }

    def log_text(self, limit: int = 4000) -> str:
        if self.log is None:
            return ""
        self.log.flush()
        return (self.tmp / "gunicorn.log").read_text(errors="replace")[-limit:]

    def __exit__(self, *exc):
        stop_group(self.process)  # our own gunicorn: its session leader is the arbiter we started
        if self.log is not None:
            self.log.close()
        self._tmp.cleanup()
        return False


def _cookies(response) -> dict:
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].strip().partition("=")
        if value and value != '""':
            cookies[name] = value
    return cookies


def _login_form_fields(page: str) -> dict:
    """The hidden fields of the login form (its CSRF token among them)."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        attributes = dict(re.findall(r'(\w[\w-]*)=["\']?([^"\'\s>]*)', tag))
        if attributes.get("type") == "hidden" and attributes.get("name"):
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    if "csrfmiddlewaretoken" not in fields:
        raise RuntimeError("pretalx's login page has no CSRF token")
    return fields


def main() -> None:
    """A short check: both pages under wrk for a few seconds (figures only indicative)."""
    from tests.bench.serving import run_wrk

    seconds = int(os.environ.get("PRETALX_CHECK_SECONDS", "5"))
    started = time.monotonic()
    ensure_pretalx()
    print(f"install checked in {time.monotonic() - started:.0f} s", flush=True)
    with PretalxSite(workers=2) as site:
        print(site.seeded, site.check())
        for label, url, headers in [
            ("public call page", site.public_call_url, []),
            ("organiser list", site.organiser_list_url, site.signed_in_headers),
        ]:
            run = run_wrk(url, seconds=seconds, connections=8, threads=2, headers=headers)
            print(
                f"{label} {url}: {run.rps:.1f} req/s, p50 {run.p50_ms:.0f} ms, p95 {run.p95_ms:.0f} ms, "
                f"{run.requests} requests, {run.failures} failed",
                flush=True,
            )
        site.check()


if __name__ == "__main__":
    main()
