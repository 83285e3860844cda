"""The rush harness (tests/bench/deadline_rush.py) reaches a thousand clients, and the scale-out's counting.

Each virtual candidate connects from its own loopback address (the sign-in is
rate-limited per address); the arrival profile and the number of candidates are
parameters. The scale-out benchmark's verdicts rest on the helpers tested last.
"""

import http.client
import random
import resource
import socket
from pathlib import Path

import pytest

from tests.bench.deadline_rush import (
    ARRIVAL_PROFILES,
    SIGN_IN,
    SUBMIT,
    Candidate,
    Sample,
    arrival_delays,
    gunicorn_room,
    parameters_from_environment,
    raise_open_files_limit,
    source_address,
)
from tests.bench.scale_out import HTTPLOG, Balancer, failover_failures
from tests.bench.scale_out import parameters_from_environment as scale_parameters


def test_a_thousand_candidates_have_a_thousand_loopback_addresses_without_0_or_255():
    addresses = [source_address(i) for i in range(70_000)]  # past 127.1/16 into 127.2/16
    assert len(set(addresses)) == len(addresses)
    for address in addresses:
        octets = [int(part) for part in address.split(".")]
        assert octets[0] == 127
        assert all(1 <= octet <= 254 for octet in octets[1:])
    assert source_address(0) == "127.1.1.1"
    assert source_address(254) == "127.1.2.1"  # 127.1.1.255 is skipped
    with pytest.raises(ValueError):
        source_address(-1)


@pytest.mark.parametrize("index", [0, 253, 254, 255, 999, 64_516])
def test_a_candidate_connects_from_its_own_address(index):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        candidate = Candidate(
            index=index, email="a@example.org", cv=b"", port=server.getsockname()[1], deadline=0, rng=random.Random(0)
        )
        connection = candidate._connection()
        connection.connect()
        peer, _ = server.accept()
        with peer:
            assert peer.getpeername()[0] == source_address(index)
        connection.close()
    assert isinstance(connection, http.client.HTTPConnection)


def test_the_cv_is_made_when_uploaded_and_hashed_the_same():
    made = Candidate(index=1, email="a@example.org", cv=None, port=1, deadline=0, rng=random.Random(0), cv_seed=7)
    again = Candidate(index=2, email="b@example.org", cv=None, port=1, deadline=0, rng=random.Random(0), cv_seed=7)
    other = Candidate(index=3, email="c@example.org", cv=None, port=1, deadline=0, rng=random.Random(0), cv_seed=8)
    assert made.cv_bytes() == again.cv_bytes() and made.cv_sha256 == again.cv_sha256
    assert other.cv_sha256 != made.cv_sha256
    assert made.cv_bytes().startswith(b"%PDF-1.4") and len(made.cv_bytes()) == 2 * 1024 * 1024


@pytest.mark.parametrize("profile", sorted(ARRIVAL_PROFILES))
def test_every_arrival_falls_within_the_window(profile):
    delays = arrival_delays(1000, profile, 60)
    assert len(delays) == 1000
    assert all(0 <= d <= 60 for d in delays)


def test_arrival_profiles_differ_as_they_say():
    def last_tenth(profile):
        return sum(d >= 54 for d in arrival_delays(1000, profile, 60)) / 1000

    def second_half(profile):
        return sum(d >= 30 for d in arrival_delays(1000, profile, 60)) / 1000

    assert 0.4 < second_half("uniform") < 0.6
    assert 0.7 < second_half("ramp") < 0.8  # a density growing linearly puts three quarters in the second half
    assert last_tenth("burst") > 0.85
    assert max(arrival_delays(1000, "once", 60)) <= 1
    assert arrival_delays(10, "uniform", 60) == arrival_delays(10, "uniform", 60)  # reproducible
    with pytest.raises(ValueError):
        arrival_delays(10, "tidal", 60)


def test_the_rush_knobs_come_from_the_environment_with_the_issue_defaults():
    assert parameters_from_environment({}) == {
        "candidates": 300,  # issue 20: 300 candidates on the 2-core machine
        "arrival": "uniform",
        "arrival_seconds": 30.0,
        "think": (0.2, 1.5),
    }
    knobs = parameters_from_environment(
        {"RUSH_CANDIDATES": "1000", "RUSH_ARRIVAL": "burst", "RUSH_ARRIVAL_SECONDS": "90", "RUSH_THINK": "0.05-0.3"}
    )
    assert knobs == {"candidates": 1000, "arrival": "burst", "arrival_seconds": 90.0, "think": (0.05, 0.3)}
    with pytest.raises(ValueError):
        parameters_from_environment({"RUSH_ARRIVAL": "tidal"})
    assert scale_parameters({})["candidates"] == 1000
    assert scale_parameters({"SCALE_OUT_CANDIDATES": "150"})["candidates"] == 150


def test_the_open_files_limit_is_raised_towards_what_a_thousand_clients_need():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
        wanted = min(2256, hard)
        assert raise_open_files_limit(2256) == wanted
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == wanted
        assert raise_open_files_limit(10) == wanted  # never lowered
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_gunicorn_has_room_for_every_client():
    assert gunicorn_room(100) == "--worker-connections 1000 --backlog 2048"
    args = gunicorn_room(3000).split()
    assert int(args[args.index("--worker-connections") + 1]) > 3000
    assert int(args[args.index("--backlog") + 1]) >= 3000


# --- The scale-out's balancer and counting ---------------------------------------------------


def test_the_balancer_checks_both_servers_and_redispatches(tmp_path: Path):
    config = Balancer(tmp_path, {"a": 8001, "b": 8002}).configuration()
    assert "server a 127.0.0.1:8001 check" in config and "server b 127.0.0.1:8002 check" in config
    assert "option redispatch" in config and "option httpchk" in config and "option forwardfor" in config


def test_haproxy_log_lines_are_read():
    line = '127.1.1.1:40000 [07/Dec/2026:14:50:00.123] web app/a 0/0/0/-1/12 502 209 - - SH-- 5/5/3/1/0 0/0 "POST /x HTTP/1.1"'
    assert HTTPLOG.search(line).group("server", "status", "state") == ("a", "502", "SH--")


def test_failed_requests_are_counted_before_during_and_after_the_failover():
    class Client:
        def __init__(self, samples):
            self.samples = samples

    clients = [
        Client([Sample(SIGN_IN, 0.2, 200, at=10), Sample(SIGN_IN, 30, 0, at=20)]),  # a timeout before the kill
        Client([Sample(SUBMIT, 0.5, 502, at=99.8), Sample(SUBMIT, 0.4, 302, at=101)]),  # cut by the kill, re-sent
        Client([Sample(SUBMIT, 0.1, 503, at=150)]),  # long after
    ]
    during, after, before = failover_failures(clients, kill_at=100, down_at=102)
    assert dict(during) == {f"{SUBMIT} (502)": 1}
    assert dict(after) == {f"{SUBMIT} (503)": 1}
    assert dict(before) == {f"{SIGN_IN} (no answer)": 1}


def test_each_worker_logs_the_cpu_of_each_request_by_the_kind_its_client_names(tmp_path, monkeypatch):
    """config/gunicorn.conf.py's hooks (REQUEST_CPU_LOG): the serving thread's CPU time, per kind."""
    import os
    import runpy

    from tests.bench.deadline_rush import RushSite

    monkeypatch.setenv("REQUEST_CPU_LOG", str(tmp_path / "request-cpu"))
    conf = runpy.run_path(str(Path(__file__).parents[2] / "config" / "gunicorn.conf.py"))
    for kind in ("step save", "step save", "submit"):
        conf["pre_request"](None, None)
        sum(i * i for i in range(20000))  # some CPU in this thread
        conf["post_request"](None, None, {"HTTP_X_BENCH_KIND": kind}, None)
    conf["pre_request"](None, None)
    conf["post_request"](None, None, {}, None)  # a request without the header
    for out in conf["_request_cpu_files"].values():
        out.flush()
    assert (tmp_path / f"request-cpu.{os.getpid()}").exists()

    site = RushSite.__new__(RushSite)
    site.tmp = tmp_path
    cpu = site.request_cpu()
    assert sorted((kind, len(values)) for kind, values in cpu.items()) == [
        ("other", 1),
        ("step save", 2),
        ("submit", 1),
    ]
    assert min(cpu["step save"] + cpu["submit"]) > 0


def test_each_worker_freezes_the_loaded_heap_and_collects_young_objects_less_often():
    import gc
    import runpy

    conf = runpy.run_path(str(Path(__file__).parents[2] / "config" / "gunicorn.conf.py"))
    thresholds = gc.get_threshold()
    try:
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == conf["GC_THRESHOLDS"]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
