"""Gunicorn settings for production-like serving: `make demo`, `make bench`, deployment.

    gunicorn config.wsgi -c config/gunicorn.conf.py [--bind HOST:PORT]

Command-line options and GUNICORN_CMD_ARGS override these values; WEB_CONCURRENCY
(set by most platforms) gives the number of worker processes.

Why these values (measured by `make bench ONLY=public-pages`, docs/benchmarks.md):
- gthread workers keep HTTP connections alive: sync workers close the connection
  after every response, so each request pays a TCP handshake and a new accept.
  A few threads per process also let a slow request (a cache miss, an export)
  wait on the database without blocking the others of its worker.
- With SQLite, set `?conn_max_age=600` on DATABASE_URL: Django otherwise opens a
  connection per request, and opening one (parsing the schema) costs more than a
  whole cached page. PostgreSQL gets CONN_MAX_AGE from the settings.
"""

import os

bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 4
# Keep idle connections open a little longer than a browser's pause between
# two clicks; behind a load balancer, set it above the balancer's idle timeout.
keepalive = 5
timeout = 30
graceful_timeout = 30
# Workers are not recycled after N requests (max_requests): the page cache is
# bounded (CACHES max_entries), and a recycled worker starts with an empty cache
# and pays Django's start-up again; at 1,000 requests per second a limit of
# 20,000 would restart each worker every 40 seconds.
# Logs to stderr; the access log costs a line per request: opt in with --access-logfile -.
errorlog = "-"
loglevel = "info"
# Trust X-Forwarded-* only from the local proxy.
forwarded_allow_ips = "127.0.0.1"
# No runtime control socket: nothing uses gunicornc, and several instances on
# one machine (a demo beside a benchmark) would share its default path.
control_socket_disable = True

# The garbage collector: each worker, once the application is loaded, moves everything that exists then
# (Django, the URL patterns, the models: most of the heap) out of the collector's sight (gc.freeze), and
# collects the young generation less often. A full collection otherwise walks that whole heap again and
# again for garbage it never holds; a dossier step page cost about 10 % less CPU in the median
# (`request-cost` in docs/benchmarks.md). Cycles made by requests are still collected.
GC_THRESHOLDS = (50_000, 20, 100)


def post_worker_init(worker):
    import gc  # only in the workers: the master's heap is not theirs

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# Benchmarks only (tests/bench/deadline_rush.py): with REQUEST_CPU_LOG=<path>, each worker appends one line
# per request to <path>.<pid>: the kind of request its client named (X-Bench-Kind) and the CPU time of the
# thread that served it (time.thread_time: neither the other threads' work nor the waits count).
if os.environ.get("REQUEST_CPU_LOG"):
    import threading
    import time

    _request_cpu = threading.local()
    _request_cpu_files = {}

    def pre_request(worker, req):
        _request_cpu.started = time.thread_time()

    def post_request(worker, req, environ, resp):
        started = getattr(_request_cpu, "started", None)
        if started is None:
            return
        spent = (time.thread_time() - started) * 1000
        kind = environ.get("HTTP_X_BENCH_KIND", "other").replace("\t", " ")
        pid = os.getpid()
        out = _request_cpu_files.get(pid)
        if out is None:
            out = _request_cpu_files[pid] = open(f"{os.environ['REQUEST_CPU_LOG']}.{pid}", "a", buffering=1)  # noqa: SIM115
        out.write(f"{kind}\t{spent:.3f}\n")
