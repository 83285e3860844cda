"""Attachments rendered at send time by a renderer another app registered."""

import pytest
from django.core import mail

from eig.notifications.attachments import UnknownAttachment, register_attachment_renderer
from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Camille", "call_title": "EIG 8", "reference": "EIG8-0042", "url": "https://eig.example/"}
rendered = []


def _render_note(*, number):
    rendered.append(number)
    return f"%PDF-1.7 note {number}".encode()


register_attachment_renderer("tests.note", _render_note)


def queue(attachments, key="receipt:42:1"):
    return queue_notification(
        "dossier_receipt", to="camille@example.org", context=CONTEXT, key=key, attachments=attachments
    )


def test_a_rendered_attachment_is_made_when_the_message_is_sent(django_capture_on_commit_callbacks):
    rendered.clear()
    spec = {"filename": "note.pdf", "mimetype": "application/pdf", "renderer": "tests.note", "args": {"number": 7}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue([spec])
    assert rendered == []  # nothing rendered while queuing
    for callback in callbacks:
        callback()
    (email,) = mail.outbox
    assert email.attachments[0].filename == "note.pdf"
    assert email.attachments[0].content == b"%PDF-1.7 note 7"
    assert email.attachments[0].mimetype == "application/pdf"
    message.refresh_from_db()
    assert (message.status, message.attachments, rendered) == (OutboxMessage.Status.SENT, [spec], [7])


@pytest.mark.parametrize(
    "spec",
    [
        {"filename": "x.pdf", "renderer": "nobody.registered.this"},
        {"filename": "x.pdf"},
        {"mimetype": "application/pdf", "path": "receipts/1.pdf"},
    ],
)
def test_a_spec_that_could_never_be_sent_is_refused_when_queued(spec):
    with pytest.raises(UnknownAttachment):
        queue([spec])
    assert not OutboxMessage.objects.exists()


def test_a_renderer_that_fails_is_a_failed_attempt_retried_later(django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("no such version")

    register_attachment_renderer("tests.broken", broken)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue([{"filename": "x.pdf", "renderer": "tests.broken", "args": {}}])
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (OutboxMessage.Status.QUEUED, 1, 0)
    assert message.last_error == "RuntimeError: no such version"
