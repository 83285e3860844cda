"""Sending one outbox message exactly once (docs/architecture.md, "Outbox").

1. Claim: a conditional UPDATE moves the row from queued to sending. Only one
   caller can win it, whatever the number of workers or re-delivered tasks.
2. Send through the default mailer (MAILERS["default"]).
3. Record: sent right after the mailer accepted the message, or back to queued
   with an exponential backoff, or failed after NOTIFICATIONS_MAX_ATTEMPTS.

The remaining window: if the process dies after the provider accepted the
message and before step 3 commits, the row stays in "sending"; the periodic
job (manage.py send_outbox) puts it back in the queue after
NOTIFICATIONS_SENDING_TIMEOUT_SECONDS and the person receives it twice. SMTP
has no idempotency key, so no design closes this window; it is a few
milliseconds wide. The timeout must stay far above the SMTP timeout (10 s) so
that a slow but living worker is never taken for a dead one.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eig.core.activity import log_activity

from .attachments import attachment_content
from .models import OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)


def backoff(attempts: int) -> datetime.timedelta:
    """Delay before the next attempt: base, 2×base, 4×base… capped at one day."""
    base = getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 86400))


def claim(message_id: int) -> OutboxMessage | None:
    """Take the message for this worker, or None if another caller has it (or it is done)."""
    now = timezone.now()
    won = OutboxMessage.objects.filter(pk=message_id, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not won:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-EIG-Message": message.key},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    # A file of the default storage, or a document rendered now by the app that
    # registered its renderer (attachments.py): a failing render is a failed
    # attempt, retried like a mailer error.
    for spec in message.attachments:
        email.attach(spec["filename"], attachment_content(spec), spec.get("mimetype") or "application/octet-stream")
    return email


def deliver(message_id: int) -> str:
    """Send the message if this caller wins the claim; return what happened."""
    message = claim(message_id)
    if message is None:
        return "skipped"
    mine = OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at)
    try:
        accepted = build_email(message).send(using="default")
        if accepted == 0:
            raise RuntimeError("the mailer accepted no message")
    except Exception as error:
        return _record_failure(message, mine, error)
    # Nothing between the mailer's acceptance and this commit: it is the whole
    # double-send window (see the module docstring).
    now = timezone.now()
    # A late worker whose message was recovered but not yet claimed again still
    # records its send (status queued, same claim), so that it is not sent twice.
    done = OutboxMessage.objects.filter(
        pk=message.pk, status__in=[Status.SENDING, Status.QUEUED], claimed_at=message.claimed_at
    )
    with transaction.atomic():
        done.update(status=Status.SENT, sent_at=now, last_error="", updated_at=now)
        log_activity("notification.sent", message, template=message.template, attempts=message.attempts)
    return "sent"


def _record_failure(message, mine, error) -> str:
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, text)
    with transaction.atomic():
        if message.attempts >= max_attempts():
            mine.update(status=Status.FAILED, last_error=text, updated_at=now)
            log_activity("notification.failed", message, template=message.template, error=text)
            return "failed"
        mine.update(
            status=Status.QUEUED, last_error=text, next_attempt_at=now + backoff(message.attempts), updated_at=now
        )
    return "retry"
