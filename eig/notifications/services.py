"""Queue, requeue and sweep the outbox; sending itself is in sending.py."""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template import Context, TemplateDoesNotExist, engines
from django.utils import timezone, translation

from eig.core.activity import log_activity

from . import texts
from .attachments import check_spec
from .models import OutboxMessage
from .tasks import send_outbox_message

Status = OutboxMessage.Status


def _grace() -> datetime.timedelta:
    """How long a message enqueued on commit waits before the periodic job enqueues it again."""
    return datetime.timedelta(seconds=getattr(settings, "NOTIFICATIONS_REQUEUE_AFTER_SECONDS", 300))


def _engine():
    return engines["django"].engine


def _select(template: str, language: str, name: str, *, required=True):
    candidates = [f"notifications/{template}/{language}/{name}"]
    if language != "fr":
        candidates.append(f"notifications/{template}/fr/{name}")
    try:
        return _engine().select_template(candidates)
    except TemplateDoesNotExist:
        if required:
            raise
        return None


def render(template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body (empty without body.html), French fallback.

    The programme team's own text for this notification and language (EmailText, edited on the
    staff pages, eig.notifications.texts) replaces the files; it has no HTML body: a message the
    team wrote leaves as plain text, so that what they previewed is what people read.
    """
    edited = texts.edited_text(template, language)
    if edited is not None:
        return render_text(edited.subject, edited.body, language, context)
    with translation.override(language):
        subject = _select(template, language, "subject.txt").render(Context(context, autoescape=False))
        body_text = _select(template, language, "body.txt").render(Context(context, autoescape=False))
        html = _select(template, language, "body.html", required=False)
        body_html = html.render(Context(context)) if html else ""
    return _one_line(subject), body_text.strip() + "\n", body_html


def render_text(subject: str, body: str, language: str, context: dict) -> tuple[str, str, str]:
    """A text of the team (saved or being edited: the preview) rendered like the files: subject on
    one line, plain text body, no HTML."""
    engine = _engine()
    with translation.override(language):
        subject = engine.from_string(subject).render(Context(context, autoescape=False))
        body_text = engine.from_string(body).render(Context(context, autoescape=False))
    return _one_line(subject), body_text.strip() + "\n", ""


def _one_line(subject: str) -> str:
    # A header holds one line.
    return " ".join(subject.split())


def _enqueue_on_commit(message: OutboxMessage) -> None:
    transaction.on_commit(partial(send_outbox_message.enqueue, message.pk))


def queue_notification(
    template: str, *, to: str, language: str = "fr", context: dict | None = None, key: str, attachments=()
) -> OutboxMessage:
    """Render and queue one email; the same key twice returns the first row and queues nothing.

    attachments: specs of attachments.py, each a file of the default storage
    ({"filename", "mimetype", "path"}) or a document rendered at send time
    ({"filename", "mimetype", "renderer", "args"}); a spec that could never be
    sent is refused here, not at the first attempt.
    """
    if language not in OutboxMessage.Language.values:
        language = "fr"
    context = dict(context or {})
    attachments = list(attachments)
    for spec in attachments:
        check_spec(spec)
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject, body_text, body_html = render(template, language, context)
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": to,
            "language": language,
            "template": template,
            "context": context,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "attachments": attachments,
            # Enqueued on commit below; the periodic job is the safety net if that enqueue is lost.
            "next_attempt_at": timezone.now() + _grace(),
        },
    )
    if created:
        log_activity("notification.queued", message, template=template, language=language)
        _enqueue_on_commit(message)
    return message


def requeue(message: OutboxMessage, *, by=None) -> bool:
    """Give a failed message a fresh set of attempts; False if it was not failed."""
    now = timezone.now()
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=now + _grace(), updated_at=now
        )
        if not changed:
            return False
        log_activity("notification.requeued", message, actor=by)
        _enqueue_on_commit(message)
    return True


def recover_stuck(now=None) -> int:
    """Put back in the queue messages left in "sending" by a worker that died.

    Such a message may have been accepted by the provider just before the
    worker died (sending.py explains this window): it is then sent twice.
    """
    now = now or timezone.now()
    timeout = datetime.timedelta(seconds=getattr(settings, "NOTIFICATIONS_SENDING_TIMEOUT_SECONDS", 900))
    stuck = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - timeout)
    error = "worker lost while sending"
    failed = stuck.filter(attempts__gte=getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)).update(
        status=Status.FAILED, last_error=error, updated_at=now
    )
    recovered = stuck.update(status=Status.QUEUED, last_error=error, next_attempt_at=now, updated_at=now)
    return failed + recovered


def enqueue_due(now=None, *, limit=500) -> int:
    """Enqueue queued messages whose next attempt is due, then push that time past the grace."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    # Pushed first, so that an immediate backend's failure (which sets its own
    # backoff) is not overwritten afterwards.
    OutboxMessage.objects.filter(pk__in=ids, status=Status.QUEUED).update(
        next_attempt_at=now + _grace(), updated_at=now
    )
    for pk in ids:
        send_outbox_message.enqueue(pk)
    return len(ids)


def purge_sent(now=None) -> int:
    """Delete sent and failed messages past their retention (docs/personal-data.md)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=getattr(settings, "NOTIFICATIONS_RETENTION_DAYS", 365))
    deleted, _ = OutboxMessage.objects.filter(
        Q(status=Status.SENT, sent_at__lt=cutoff) | Q(status=Status.FAILED, updated_at__lt=cutoff)
    ).delete()
    return deleted
