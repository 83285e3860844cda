"""The public pages an anonymous visitor reads most, under load on the loopback."""

from tests.bench.registry import Figure, Result, benchmark
from tests.bench.serving import DemoSite, cpu_busy, get, run_wrk, wait_until_quiet

WORKERS = 2
CONNECTIONS = 16  # 8 handler threads (2 workers x 4): a short queue, not a flood
THREADS = 2
WARM_UP_SECONDS = 5
SECONDS = 20
RENDERED_SECONDS = 10
# (label, path, rps target, p95 target): the issue sets its target on the list.
PAGES = [
    ("challenge list", "/defis/", ">= 500", "< 100"),
    ("home page", "/", None, None),
]
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
]
# Shell code run in a separate process, like an edit in the admin by another
# worker: rename the first challenge of the list, keeping its place.
EDIT = """
from eig.challenges.queries import public_challenges
challenge = public_challenges().first()
challenge.title = challenge.title + " (titre modifié pendant le banc)"
challenge.save()
print(challenge.title)
"""


def load(site, path, *, seconds, headers=()):
    url = site.url(path)
    run_wrk(url, seconds=WARM_UP_SECONDS, connections=CONNECTIONS, threads=THREADS, headers=headers)
    run = run_wrk(url, seconds=seconds, connections=CONNECTIONS, threads=THREADS, headers=headers)
    print(
        f"  {path}{' (' + ', '.join(headers) + ')' if headers else ''}: {run.rps:.0f} req/s, "
        f"p50 {run.p50_ms:.1f} ms, p95 {run.p95_ms:.1f} ms, {run.failures} failed",
        flush=True,
    )
    return run


def cached_pages_missing_headers(site, paths) -> int:
    missing = 0
    for path in paths:
        for _ in range(4):  # both workers
            status, headers, _body = get(site.url(path))
            if status != 200 or headers.get("X-Page-Cache") != "hit":
                raise RuntimeError(f"{path} is not served from the page cache after warm-up: {status}")
            missing += sum(1 for name in SECURITY_HEADERS if not headers.get(name))
    return missing


def stale_after_edit(site, path, requests=20) -> int:
    """Edit a challenge in another process, then count responses that miss the edit."""
    new_title = site.manage("shell", "-c", EDIT).strip().splitlines()[-1]
    stale = 0
    for _ in range(requests):
        status, _headers, body = get(site.url(path))
        stale += status != 200 or new_title not in body
    return stale


@benchmark(
    "public-pages",
    title="Home page and challenge list for anonymous visitors",
    description=(
        "Requests per second and latency of the two most read public pages, "
        "served by gunicorn (config/gunicorn.conf.py, 2 workers) from the page cache, "
        "on a fresh SQLite database loaded by `manage.py load_demo`; "
        "wrk on the loopback interface of the same machine."
    ),
)
def public_pages():
    figures = []
    with DemoSite(workers=WORKERS) as site:
        busy = wait_until_quiet()
        for label, path, rps_target, p95_target in PAGES:
            run = load(site, path, seconds=SECONDS)
            figures += [
                Figure(f"{label}: requests per second", run.rps, "req/s", rps_target),
                Figure(f"{label}: latency p50", run.p50_ms, "ms"),
                Figure(f"{label}: latency p95", run.p95_ms, "ms", p95_target),
                Figure(f"{label}: latency p99", run.p99_ms, "ms"),
                Figure(f"{label}: failed requests (status >= 400 or socket error)", run.failures, "requests", "== 0"),
            ]
        busy_after = cpu_busy(1)  # our gunicorn is idle again: anything left is someone else's
        # The price of a render: a session cookie makes the cache step aside.
        rendered = load(site, "/defis/", seconds=RENDERED_SECONDS, headers=["Cookie: sessionid=bench-anonymous"])
        figures += [
            Figure(
                "challenge list rendered on every request (cache bypassed): requests per second", rendered.rps, "req/s"
            ),
            Figure("challenge list rendered on every request (cache bypassed): latency p95", rendered.p95_ms, "ms"),
            Figure(
                "cached responses missing a security header",
                cached_pages_missing_headers(site, ["/", "/defis/"]),
                "headers",
                "== 0",
            ),
            Figure(
                "responses older than an edit made in another process (of 20 right after it)",
                stale_after_edit(site, "/defis/"),
                "responses",
                "== 0",
            ),
        ]
    notes = [
        f"gunicorn `config.wsgi -c config/gunicorn.conf.py --workers {WORKERS}` (gthread, 4 threads, keep-alive); "
        "`DATABASE_URL=sqlite:///…?conn_max_age=600`, DEBUG=0, DEMO=0.",
        f"wrk `-t{THREADS} -c{CONNECTIONS} -d{SECONDS}s --timeout 5s` per page after a {WARM_UP_SECONDS} s "
        "warm-up that is not measured; French pages (`/` and `/defis/`).",
        f"Other work on the machine: {busy:.0%} of all cores busy just before the runs, "
        f"{busy_after:.0%} just after (wrk and gunicorn share the same cores).",
        "The rendered run bypasses the cache with a session cookie and saturates the workers: "
        "its latency is mostly queueing behind the 16 connections.",
        "A page cache hit still reads the content version from the database (one indexed row); "
        "the freshness figure edits a challenge through the ORM in a separate process and "
        "asserts the very next requests show it.",
    ]
    return Result(figures, notes)
