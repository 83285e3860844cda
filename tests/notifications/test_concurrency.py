"""Ten workers race for one message: exactly one email leaves.

Real threads with their own database connections, so the claim is tested as
the database sees it (on PostgreSQL row locks, on SQLite the write lock).

An in-memory SQLite test database is a shared-cache one: there a second writer
fails at once with "database table is locked" (SQLITE_LOCKED ignores the busy
timeout) instead of waiting. The test is skipped there and runs on PostgreSQL
and on a file SQLite database (SQLITE_TEST_NAME=/tmp/test.sqlite3), which
behave as production does.
"""

import threading

import pytest
from django.core import mail
from django.db import connection

from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification
from eig.notifications.tasks import send_outbox_message


class SlowMailer:
    """A mailer that takes a while, so that the racers overlap."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        threading.Event().wait(0.05)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_threads_running_the_task_for_one_message_send_one_email(settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite refuses concurrent writers instead of queueing them")
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.test_concurrency.SlowMailer"}}
    # The task enqueued on commit is held back: the ten threads below are its deliveries.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    message = queue_notification(
        "dossier_receipt",
        to="camille@example.org",
        context={"first_name": "Camille", "call_title": "EIG 8", "reference": "R", "submitted_on": "", "url": ""},
        key="receipt:race:1",
    )
    assert message.status == OutboxMessage.Status.QUEUED
    mail.outbox = []
    start = threading.Barrier(10)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(send_outbox_message.call(message.pk))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == ["sent"] + ["skipped"] * 9
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)
