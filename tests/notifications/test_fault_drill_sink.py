"""The fault drill's counting (tests/bench/fault_drill.py): a receipt counts once it is wholly written.

The drill's verdicts (receipts sent twice, never, or for no version) rest on
these helpers; they read what Django's file mailer really writes.
"""

import os
import socket
from collections import Counter
from types import SimpleNamespace

from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend

from tests.bench.deadline_rush import SUBMIT, Sample
from tests.bench.fault_drill import (
    classify_receipts,
    count_sink,
    failed_requests,
    socket_owner,
    submits_recorded_before_cut,
)


def _write(directory, *keys):
    """One sending per key, as the outbox does it (one mailer connection per message)."""
    for key in keys:
        message = EmailMessage("Récépissé", "Votre dossier est déposé.", to=["ada@example.org"])
        message.extra_headers["X-EIG-Message"] = key
        message.attach("recepisse.pdf", b"%PDF-1.4 " + b"-" * 200, "application/pdf")
        EmailBackend(file_path=str(directory)).send_messages([message])


def test_every_complete_message_is_counted_under_its_key(tmp_path):
    _write(tmp_path, "receipt:1:1", "receipt:2:1", "receipt:1:1")

    keys, cut = count_sink(tmp_path)

    assert keys == Counter({"receipt:1:1": 2, "receipt:2:1": 1})
    assert cut == 0


def test_a_message_cut_while_being_written_is_not_sent(tmp_path):
    _write(tmp_path, "receipt:1:1")
    whole = next(tmp_path.glob("*.log")).read_bytes()
    # The worker killed in the middle of the write: no closing line of dashes.
    (tmp_path / "20260101-000000-1.log").write_bytes(whole.replace(b"receipt:1:1", b"receipt:2:1")[:-200])

    keys, cut = count_sink(tmp_path)

    assert keys == Counter({"receipt:1:1": 1})
    assert cut == 1


def test_an_empty_or_missing_sink_counts_nothing(tmp_path):
    assert count_sink(tmp_path) == (Counter(), 0)
    assert count_sink(tmp_path / "absent") == (Counter(), 0)


def test_each_submitted_version_needs_exactly_one_receipt():
    expected = ["receipt:1:1", "receipt:2:1", "receipt:3:1"]
    sent = Counter({"receipt:1:1": 1, "receipt:2:1": 2, "receipt:9:1": 1, "": 1})

    assert classify_receipts(expected, sent) == {"twice": 1, "never": 1, "unexpected": 1}
    assert classify_receipts(expected, Counter(dict.fromkeys(expected, 1))) == {"twice": 0, "never": 0, "unexpected": 0}


def test_the_process_serving_a_client_connection_is_found():
    # The drill kills the web worker holding a submit's connection: this process plays the worker.
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname(), source_address=("127.0.1.7", 0))
        accepted, _address = server.accept()
        try:
            found = socket_owner(client.getsockname(), server.getsockname()[1], [1, os.getpid()])
            other = socket_owner(("127.0.1.8", client.getsockname()[1]), server.getsockname()[1], [os.getpid()])
        finally:
            accepted.close()
            client.close()

    assert found == os.getpid()
    assert other is None


def test_only_resets_around_the_kill_are_counted_as_cut_by_it():
    kill = 100.0
    samples = [
        Sample("step save", 0.05, 302, at=99.0),  # answered: not a failure
        Sample("submit", 0.2, 0, at=99.9),  # in flight at the kill
        Sample("page view", 0.001, 0, at=102.0),  # sent on a connection to the dead worker
        Sample("sign-in", 30.0, 0, at=80.0),  # a timeout of the loaded machine
        Sample("upload", 0.3, 502, at=100.1),  # an error page
        Sample("step save", 0.01, 0, at=150.0),  # long after the kill
    ]
    candidates = [SimpleNamespace(samples=samples)]

    assert failed_requests(candidates, [kill]) == {"by_kill": 2, "other": 3}
    assert failed_requests(candidates, [20.0, kill]) == {"by_kill": 2, "other": 3}
    assert failed_requests(candidates, []) == {"by_kill": 0, "other": 5}


def test_a_submit_recorded_before_its_cut_is_told_apart_from_one_recorded_on_the_second_try():
    offset = 1_000_000.0  # wall clock minus the monotonic clock of the clients
    lost_answer = SimpleNamespace(
        email="a@x", samples=[Sample(SUBMIT, 0.2, 0, at=10.0), Sample(SUBMIT, 0.1, 302, at=11.3)]
    )
    lost_request = SimpleNamespace(
        email="b@x", samples=[Sample(SUBMIT, 0.2, 0, at=10.0), Sample(SUBMIT, 0.1, 302, at=11.3)]
    )
    never_cut = SimpleNamespace(email="c@x", samples=[Sample(SUBMIT, 0.1, 302, at=10.0)])
    verified = {
        "candidates": {
            "a@x": {"dossiers": [{"submitted_at": offset + 10.1}]},  # while the first attempt was in flight
            "b@x": {"dossiers": [{"submitted_at": offset + 11.3}]},  # by the attempt sent again
            "c@x": {"dossiers": [{"submitted_at": offset + 10.0}]},
        }
    }

    assert submits_recorded_before_cut([lost_answer, lost_request, never_cut], verified, offset) == 1
