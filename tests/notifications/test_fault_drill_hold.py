"""The fault drill's held submits (tests/bench/fault_drill.py HoldSubmits).

To hit the window where a submit is committed but its answer never reaches the
client, the drill's gunicorn holds back, when armed, the answer of a submit the
application recorded; the drill then kills the worker. Only such a submit may
be held, once per arm and once per dossier, so that the re-sent submit gets its
answer.
"""

import json
import os
from collections import Counter
from types import SimpleNamespace

from tests.bench.deadline_rush import SUBMIT as SUBMIT_CATEGORY
from tests.bench.deadline_rush import Sample
from tests.bench.fault_drill import HoldSubmits, held_outcomes, read_held

SUBMIT = "/espace/dossiers/EIG-0001/deposer/"
RECEIPT = "/espace/dossiers/EIG-0001/recepisse/1/"


def _app(status, location):
    def app(environ, start_response):
        start_response(status, [("Content-Type", "text/html"), ("Location", location)])
        return [b"answer"]

    return app


def _call(holder, path=SUBMIT, method="POST"):
    started = []
    body = holder({"REQUEST_METHOD": method, "PATH_INFO": path}, lambda *args: started.append(args))
    return body, started


class Clock:
    def __init__(self, directory):
        self.directory = directory
        self.waits = []

    def __call__(self, seconds):
        # The marker is written before the wait: the drill kills the process during it.
        self.waits.append((seconds, read_held(self.directory)))


def test_an_armed_hold_holds_the_answer_of_a_recorded_submit_after_writing_its_marker(tmp_path):
    (tmp_path / "arm-0").touch()
    clock = Clock(tmp_path)
    holder = HoldSubmits(_app("302 Found", RECEIPT), tmp_path, seconds=8, sleep=clock)

    body, started = _call(holder)

    assert clock.waits == [(8, {"0": {"pid": os.getpid(), "path": SUBMIT}})]
    assert body == [b"answer"] and started[0][0] == "302 Found"  # then answered as the application did
    assert not (tmp_path / "arm-0").exists() and (tmp_path / "claimed-0").exists()


def test_nothing_is_held_unless_armed(tmp_path):
    clock = Clock(tmp_path)

    body, _started = _call(HoldSubmits(_app("302 Found", RECEIPT), tmp_path, sleep=clock))

    assert clock.waits == [] and body == [b"answer"]
    assert read_held(tmp_path) == {}


def test_only_a_submit_answered_with_its_receipt_claims_the_arm(tmp_path):
    (tmp_path / "arm-0").touch()
    clock = Clock(tmp_path)
    refused = HoldSubmits(_app("302 Found", "/espace/dossiers/EIG-0001/"), tmp_path, sleep=clock)  # incomplete
    step_save = HoldSubmits(_app("302 Found", "/espace/dossiers/EIG-0001/etapes/pieces/"), tmp_path, sleep=clock)
    failed = HoldSubmits(_app("500 Internal Server Error", ""), tmp_path, sleep=clock)

    _call(refused)
    _call(step_save, path="/espace/dossiers/EIG-0001/etapes/motivation/")
    _call(failed)
    _call(HoldSubmits(_app("302 Found", RECEIPT), tmp_path, sleep=clock), method="GET")

    assert clock.waits == []
    assert (tmp_path / "arm-0").exists()


def test_a_dossier_is_held_once_so_its_re_sent_submit_is_answered(tmp_path):
    clock = Clock(tmp_path)
    holder = HoldSubmits(_app("302 Found", RECEIPT), tmp_path, sleep=clock)
    (tmp_path / "arm-0").touch()
    _call(holder)
    (tmp_path / "arm-1").touch()

    _call(holder)  # the client's second try, once the drill armed the next hold

    assert len(clock.waits) == 1
    assert (tmp_path / "arm-1").exists()
    other = "/espace/dossiers/EIG-0002/deposer/"
    _call(HoldSubmits(_app("302 Found", "/espace/dossiers/EIG-0002/recepisse/1/"), tmp_path, sleep=clock), other)
    assert json.loads((tmp_path / "held-1.json").read_text())["path"] == other


def test_a_held_submit_is_whole_only_with_its_receipt_one_version_and_one_email():
    def candidate(index, *statuses, receipt=True):
        samples = [Sample(SUBMIT_CATEGORY, 0.1, status, at=10.0 + i) for i, status in enumerate(statuses)]
        return SimpleNamespace(index=index, email=f"c{index}@x", samples=samples, receipt=receipt)

    candidates = [
        candidate(0, 0, 302),  # cut, then answered by the re-sent submit
        candidate(1, 0, 302),  # two versions
        candidate(2, 0, 302),  # two emails
        candidate(3, 0, 0, receipt=False),  # the re-sent submit failed too
        candidate(4, 302),  # not cut: its worker was not killed
    ]
    verified = {
        "candidates": {f"c{i}@x": {"dossiers": [{"id": 10 + i, "versions": 2 if i == 1 else 1}]} for i in range(5)},
        "receipt_keys": ["receipt:10:1", "receipt:11:1", "receipt:11:2", "receipt:12:1", "receipt:13:1"],
        "sink": Counter({"receipt:10:1": 1, "receipt:11:1": 1, "receipt:11:2": 1, "receipt:12:1": 2}),
    }
    held = {str(i): {"candidate": i, "killed": i != 4} for i in range(5)}

    assert held_outcomes(candidates, verified, held) == {"killed": 4, "whole": 1}
