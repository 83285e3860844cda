"""« Écrire à un groupe »: the team chooses a group, writes, previews (how many, who first, the
message in French and English) and confirms; a second click sends nothing more; the history
lists what was written, with a flat number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call
from eig.calls.services import start_dossier
from eig.notifications.broadcasts import draft_broadcast, send_broadcast
from eig.notifications.models import Broadcast, OutboxMessage
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call

pytestmark = pytest.mark.django_db

LIST = reverse("staff:message_list")
NEW = reverse("staff:message_new")


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def client(staff):
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def call():
    """An open call with three drafts."""
    call = application_call(slug="eig-10", title="Appel EIG 10", dossier_prefix="EIG10")
    for first in ("Ada", "Bea", "Cid"):
        start_dossier(call, owner=UserFactory(first_name=first, last_name="Test", email=f"{first.lower()}@example.org"))
    return call


def detail_url(broadcast):
    return reverse("staff:message_detail", kwargs={"broadcast": broadcast.pk})


def send_url(broadcast):
    return reverse("staff:message_send", kwargs={"broadcast": broadcast.pk})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_team_writes_previews_and_sends_a_reminder_to_the_drafts_once(client, call):
    # 1. The group.
    response = client.get(NEW)
    assert response.status_code == 200
    assert "Brouillons non déposés d&#x27;un appel ouvert" in response.content.decode()
    # 2. Its parameters and the message.
    response = client.get(NEW, {"audience": "call_drafts"})
    assert response.status_code == 200
    assert [value for value, _label in response.context["form"].fields["call"].choices] == ["", "eig-10"]
    response = client.post(
        NEW,
        {
            "audience": "call_drafts",
            "call": "eig-10",
            "subject": "Plus que dix jours",
            "body": "Votre dossier n'est pas encore déposé : {{ pensez-y }}.",
        },
    )
    broadcast = Broadcast.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(broadcast)
    # 3. The preview: nothing has left yet.
    response = client.get(detail_url(broadcast))
    page = response.content.decode()
    assert response.context["preview"].total == 3
    assert "ada@example.org" in page and "cid@example.org" in page
    assert "Bonjour Ada Test," in page and "Hello Ada Test," in page
    assert "Votre dossier n&#x27;est pas encore déposé : {{ pensez-y }}." in page
    assert "Envoyer le message aux 3 personnes" in page
    assert OutboxMessage.objects.count() == 0
    # The confirmation sends, once; a second click (or a second tab) sends nothing more.
    response = client.post(send_url(broadcast), {"expected": "3"}, follow=True)
    assert messages_of(response) == ["Message envoyé : 3 courriels sont partis dans la file d'envoi."]
    response = client.post(send_url(broadcast), {"expected": "3"}, follow=True)
    assert messages_of(response) == ["Ce message était déjà envoyé : rien de plus n'est parti."]
    assert OutboxMessage.objects.filter(template="broadcast").count() == 3
    assert "Ce message est envoyé" in response.content.decode()


def test_a_group_grown_since_the_preview_is_previewed_again_before_anything_leaves(client, call, staff):
    broadcast = draft_broadcast(audience="call_drafts", parameters={"call": "eig-10"}, subject="S", body="B", by=staff)
    start_dossier(call, owner=UserFactory())
    response = client.post(send_url(broadcast), {"expected": "3"}, follow=True)
    assert messages_of(response)[0].startswith("Le groupe a changé depuis l'aperçu (3 destinataires, 4 maintenant)")
    assert response.context["preview"].total == 4
    assert OutboxMessage.objects.count() == 0


def test_an_unknown_group_shows_the_choice_again(client):
    response = client.get(NEW, {"audience": "tout-le-monde"})
    assert response.status_code == 400
    assert response.context["form"].errors["audience"] == ["Choisissez les destinataires."]


def test_a_message_without_subject_is_shown_again_with_its_error(client, call):
    response = client.post(NEW, {"audience": "call_drafts", "call": "eig-10", "subject": "", "body": "Texte"})
    assert response.status_code == 400
    assert response.context["form"].errors["subject"] == ["Écrivez l'objet du message."]
    assert not Broadcast.objects.exists()


def test_a_draft_is_edited_and_a_sent_message_no_longer(client, call, staff):
    broadcast = draft_broadcast(audience="call_drafts", parameters={"call": "eig-10"}, subject="S", body="B", by=staff)
    edit = reverse("staff:message_edit", kwargs={"broadcast": broadcast.pk})
    assert client.get(edit).context["form"].initial["subject"] == "S"
    response = client.post(edit, {"audience": "call_drafts", "call": "eig-10", "subject": "Objet corrigé", "body": "B"})
    assert response.status_code == 302
    broadcast.refresh_from_db()
    assert broadcast.subject == "Objet corrigé"
    send_broadcast(broadcast, by=staff)
    response = client.get(edit, follow=True)
    assert messages_of(response) == ["Ce message est déjà envoyé : il ne se modifie plus."]


def test_a_draft_whose_call_closed_shows_why_it_can_no_longer_leave(client, call, staff):
    broadcast = draft_broadcast(audience="call_drafts", parameters={"call": "eig-10"}, subject="S", body="B", by=staff)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(detail_url(broadcast))
    assert response.context["preview"] is None
    assert "choisissez une valeur de la liste" in response.context["problem"]
    assert send_url(broadcast) not in response.content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_history_keeps_a_flat_query_count_from_1_to_30_messages(client, call, staff):
    def write(n):
        for i in range(n):
            broadcast = draft_broadcast(
                audience="call_drafts", parameters={"call": "eig-10"}, subject=f"Relance {i}", body="B", by=staff
            )
            if i % 2:
                send_broadcast(broadcast, by=staff)

    write(1)
    client.get(LIST)  # the first page reads the site's DSFR settings, kept under the content version
    assert queries_for(client, LIST) == 7
    write(29)
    assert queries_for(client, LIST) == 7
