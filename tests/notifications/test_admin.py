"""Staff read the outbox in the admin and resend failed emails; nobody edits it."""

import pytest
from django.core import mail
from django.urls import reverse

from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Camille", "call_title": "EIG 8", "reference": "R", "submitted_on": "", "url": ""}


def message(key, status):
    m = queue_notification("dossier_receipt", to=f"{key}@example.org", context=CONTEXT, key=key)
    OutboxMessage.objects.filter(pk=m.pk).update(status=status, attempts=5)
    return m


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def test_the_outbox_list_and_detail_are_read_only(client, staff):
    failed = message("failed", OutboxMessage.Status.FAILED)
    page = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert page.status_code == 200
    assert "failed@example.org" in page.content.decode()
    assert client.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403
    detail = client.get(reverse("admin:notifications_outboxmessage_change", args=[failed.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_resend_requeues_and_sends_only_the_failed_ones(client, staff, django_capture_on_commit_callbacks):
    failed = message("failed", OutboxMessage.Status.FAILED)
    sent = message("sent", OutboxMessage.Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notifications_outboxmessage_changelist"),
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    text = response.content.decode()
    assert "1 courriel remis en file." in text
    assert "1 courriel ignoré : seuls les courriels en échec sont renvoyés." in text
    assert [email.to for email in mail.outbox] == [["failed@example.org"]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxMessage.Status.SENT, 1)
    assert ActivityLog.objects.get(verb="notification.requeued").actor == staff
