"""Timing a page in the benchmark's own process (review_pages.py, promotion_pages.py): the wall time
of `django.test.Client.get` — URL resolution, middleware, session, view, queries and template,
without the network or a WSGI server — and the queries of one more request."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_child(module: str, name: str) -> dict:
    """Run `python -m <module>` on a fresh SQLite database and private storage of its own (the
    runner's process never sets Django up) and return the JSON its last line prints."""
    with tempfile.TemporaryDirectory(prefix="eig-bench-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "PRIVATE_MEDIA_ROOT": str(Path(tmp) / "private"),
            "DEBUG": "0",
            "DEMO": "0",
            "LOG_LEVEL": "WARNING",
        }
        for variable in ("MAKELEVEL", "MAKEFLAGS"):
            env.pop(variable, None)
        done = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
        )
    if done.returncode != 0:
        raise RuntimeError(f"the {name} child failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_page(client, path, *, requests, warm_up):
    # Imported here: the benchmark runner imports every module of tests/bench without setting Django up.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "queries": len(context.captured_queries),
        "bytes": len(response.content),
    }
