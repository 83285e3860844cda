"""Timing a page in the benchmark's own process (review_pages.py, promotion_pages.py): the wall time
of `django.test.Client.get` — URL resolution, middleware, session, view, queries and template,
without the network or a WSGI server — and the queries of one more request."""

import statistics
import time


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
