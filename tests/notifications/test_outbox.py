"""Emails go through the outbox: rendered once, queued once, sent exactly once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification, requeue
from eig.notifications.tasks import send_outbox_message

pytestmark = pytest.mark.django_db

RECEIPT = {
    "first_name": "Camille",
    "call_title": "EIG 8",
    "reference": "EIG8-0042",
    "submitted_on": "3 mars 2025",
    "url": "https://eig.example.gouv.fr/espace/",
}


def queue(key="receipt:42:1", language="fr", **kwargs):
    return queue_notification(
        "dossier_receipt", to="camille@example.org", language=language, context=RECEIPT, key=key, **kwargs
    )


def test_queue_renders_the_french_email_and_sends_it_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.subject == "Accusé de réception de votre candidature « EIG 8 »"
    assert message.body_text.startswith("Bonjour Camille,\n\nNous avons bien reçu votre candidature")
    assert "Numéro de dossier : EIG8-0042" in message.body_text
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille@example.org"]
    assert email.subject == message.subject
    assert email.body == message.body_text
    assert list(
        ActivityLog.objects.filter(target_id=str(message.pk)).order_by("id").values_list("verb", flat=True)
    ) == [
        "notification.queued",
        "notification.sent",
    ]


def test_queue_renders_the_english_email():
    message = queue(language="en")
    assert message.subject == 'Receipt of your application "EIG 8"'
    assert message.body_text.startswith("Hello Camille,\n\nWe have received your application")
    assert message.language == "en"


def test_text_templates_are_not_html_escaped():
    message = queue_notification(
        "dossier_receipt", to="a@example.org", context={**RECEIPT, "call_title": "Données & <IA>"}, key="k"
    )
    assert message.subject == "Accusé de réception de votre candidature « Données & <IA> »"


def test_a_language_without_its_templates_falls_back_to_french(settings, tmp_path):
    folder = tmp_path / "notifications" / "only_french" / "fr"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Bonjour {{ name }}\n")
    (folder / "body.txt").write_text("Texte pour {{ name }}.\n")
    (folder / "body.html").write_text("<p>Texte pour {{ name }}.</p>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    message = queue_notification("only_french", to="a@example.org", language="en", context={"name": "<Lou>"}, key="f")
    assert (message.subject, message.body_text) == ("Bonjour <Lou>", "Texte pour <Lou>.\n")
    assert message.body_html == "<p>Texte pour &lt;Lou&gt;.</p>\n"


def test_the_same_key_twice_makes_one_row_and_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = queue(language="en")
    assert second.pk == first.pk
    assert callbacks == []
    assert OutboxMessage.objects.count() == 1
    assert ActivityLog.objects.filter(verb="notification.queued").count() == 1
    assert len(mail.outbox) == 1


def test_the_task_called_twice_for_one_message_sends_once():
    message = queue()
    assert send_outbox_message.call(message.pk) == "sent"
    assert send_outbox_message.call(message.pk) == "skipped"
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)


def test_an_html_body_and_attachments_are_sent(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "receipts").mkdir()
    (tmp_path / "receipts" / "42-1.pdf").write_bytes(b"%PDF-1.7 fake")
    with django_capture_on_commit_callbacks(execute=True):
        queue(attachments=[{"filename": "recu.pdf", "mimetype": "application/pdf", "path": "receipts/42-1.pdf"}])
    (email,) = mail.outbox
    assert email.attachments[0].filename == "recu.pdf"
    assert email.attachments[0].content == b"%PDF-1.7 fake"
    assert email.attachments[0].mimetype == "application/pdf"


def test_a_failing_mailer_retries_with_backoff_then_gives_up(broken_mailer):
    message = queue()
    delays = []
    for attempt in range(1, 5):
        before = timezone.now()
        assert send_outbox_message.call(message.pk) == "retry"
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxMessage.Status.QUEUED, attempt)
        assert message.last_error == "ConnectionRefusedError: SMTP server unreachable"
        delays.append(round((message.next_attempt_at - before).total_seconds() / 60))
    assert delays == [1, 2, 4, 8]
    assert send_outbox_message.call(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, 5)
    assert send_outbox_message.call(message.pk) == "skipped"
    assert broken_mailer.calls == 5
    assert ActivityLog.objects.filter(verb="notification.failed", target_id=str(message.pk)).count() == 1


def test_the_periodic_job_retries_only_when_the_backoff_is_due(broken_mailer, settings):
    message = queue()
    send_outbox_message.call(message.pk)
    call_command("send_outbox", verbosity=0)
    assert broken_mailer.calls == 1
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_outbox", verbosity=0)
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (OutboxMessage.Status.SENT, 2, 1)


def test_a_failed_message_is_requeued_by_staff_and_sent(broken_mailer, settings, django_capture_on_commit_callbacks):
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED, attempts=5)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue(message) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue(message) is False
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (OutboxMessage.Status.SENT, 1, 1)


def test_send_outbox_recovers_a_message_left_sending_by_a_killed_worker_and_sends_it_once():
    message = queue()
    # The worker claimed it 20 minutes ago, then died before sending.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    call_command("send_outbox", verbosity=0)
    call_command("send_outbox", verbosity=0)
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (OutboxMessage.Status.SENT, 2, 1)
    assert message.last_error == ""


def test_send_outbox_leaves_a_message_a_living_worker_is_sending():
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    call_command("send_outbox", verbosity=0)
    message.refresh_from_db()
    assert (message.status, len(mail.outbox)) == (OutboxMessage.Status.SENDING, 0)


def test_send_outbox_enqueues_a_message_whose_enqueue_was_lost_after_the_grace_only():
    message = queue()  # no on_commit callbacks run: the enqueue is lost
    call_command("send_outbox", verbosity=0)
    assert len(mail.outbox) == 0
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("send_outbox", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_worker_that_dies_after_its_last_attempt_marks_the_message_failed():
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=5, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("send_outbox", verbosity=0)
    message.refresh_from_db()
    assert (message.status, message.last_error, len(mail.outbox)) == (
        OutboxMessage.Status.FAILED,
        "worker lost while sending",
        0,
    )


def test_sent_and_failed_messages_are_purged_after_a_year():
    old, recent, failed = queue(key="old"), queue(key="recent"), queue(key="failed")
    send_outbox_message.call(old.pk)
    send_outbox_message.call(recent.pk)
    year_ago = timezone.now() - datetime.timedelta(days=366)
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=year_ago)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxMessage.Status.FAILED, updated_at=year_ago)
    call_command("send_outbox", verbosity=0)
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["recent"]


def test_a_date_in_the_context_is_rendered_by_the_template_and_stored_as_text(settings, tmp_path):
    folder = tmp_path / "notifications" / "dated" / "fr"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Le {{ day|date:'j F Y' }}\n")
    (folder / "body.txt").write_text("Rendez-vous le {{ day|date:'j F Y' }}.\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    message = queue_notification("dated", to="a@example.org", context={"day": datetime.date(2025, 3, 3)}, key="d")
    message.refresh_from_db()
    assert message.subject == "Le 3 mars 2025"
    assert message.context == {"day": "2025-03-03"}
