"""The programme team's queue of agents to confirm, and the per-administration rules
(allow-listed email domains, SIRET) that confirm at once (/equipe/agents/)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.proposals import services
from eig.proposals.models import Agent, AllowedEmailDomain
from tests.factories import AdministrationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def administration():
    return AdministrationFactory(name="Direction générale des entreprises", slug="dge")


@pytest.fixture
def pending(administration):
    user = UserFactory(email="camille@gmail.com", first_name="Camille", last_name="Martin")
    return services.join_administration(user, administration, function="Cheffe de projet")


QUEUE = reverse("staff:agent_queue")


def test_the_queue_shows_who_asks_for_which_administration(staff_client, pending):
    page = staff_client.get(QUEUE).content.decode()
    for shown in ["Camille Martin", "camille@gmail.com", "Direction générale des entreprises", "Cheffe de projet"]:
        assert shown in page
    assert "Messagerie ouverte à tous" in page  # the domain, flagged as a webmail
    assert reverse("staff:agent_confirm", kwargs={"agent": pending.pk}) in page
    assert reverse("staff:agent_refuse", kwargs={"agent": pending.pk}) in page


def test_the_staff_home_links_the_queue(staff_client):
    assert QUEUE in staff_client.get(reverse("staff:call_list")).content.decode()


def test_staff_confirm_from_the_page_and_the_agent_is_told(staff_client, staff, pending):
    response = staff_client.post(reverse("staff:agent_confirm", kwargs={"agent": pending.pk}))

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    pending.refresh_from_db()
    assert (pending.confirmed, pending.confirmed_via, pending.decided_by) == (True, Agent.Via.STAFF, staff)
    assert pending.decided_at is not None
    mail = OutboxMessage.objects.get(template="agent_confirmed")
    assert mail.recipient == "camille@gmail.com" and "Direction générale des entreprises" in mail.body_text
    assert ActivityLog.objects.filter(verb="agent.confirmed", actor=staff).exists()
    page = staff_client.get(QUEUE).content.decode()
    assert "Aucune demande en attente." in page and "par l&#x27;équipe du programme" in page


def test_staff_refuse_with_a_reason_and_the_agent_is_told(staff_client, staff, pending):
    response = staff_client.post(
        reverse("staff:agent_refuse", kwargs={"agent": pending.pk}), {"reason": "Adresse personnelle, service inconnu."}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.confirmed, pending.refused, pending.decided_by) == (False, True, staff)
    assert pending.refusal_reason == "Adresse personnelle, service inconnu."
    mail = OutboxMessage.objects.get(template="agent_refused")
    assert mail.recipient == "camille@gmail.com" and "Adresse personnelle, service inconnu." in mail.body_text
    assert ActivityLog.objects.filter(verb="agent.refused", actor=staff).exists()
    agent_client = Client()
    agent_client.force_login(pending.user)
    assert "Demande refusée" in agent_client.get(reverse("administrations:space")).content.decode()


def test_a_decided_request_cannot_be_decided_again_from_a_stale_page(staff_client, pending):
    staff_client.post(reverse("staff:agent_refuse", kwargs={"agent": pending.pk}))
    response = staff_client.post(reverse("staff:agent_refuse", kwargs={"agent": pending.pk}), follow=True)
    assert "déjà été traitée" in response.content.decode()
    assert OutboxMessage.objects.filter(template="agent_refused").count() == 1


def test_the_queue_keeps_a_flat_query_count_from_1_to_many_pending_agents(staff_client, administration):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(QUEUE).status_code == 200
        return len(context.captured_queries)

    services.join_administration(UserFactory(), administration)
    decided = services.join_administration(UserFactory(), AdministrationFactory())
    services.confirm_agent(decided, by=StaffFactory())
    one = count()
    for _ in range(20):
        services.join_administration(UserFactory(), AdministrationFactory())
    for _ in range(5):
        services.refuse_agent(services.join_administration(UserFactory(), AdministrationFactory()), by=None)
    assert count() == one


# --- The allow-list and the SIRET of an administration ------------------------------------------


def rules(administration):
    return reverse("staff:agent_rules", kwargs={"slug": administration.slug})


def test_the_queue_opens_the_rules_of_a_chosen_administration(staff_client, administration):
    response = staff_client.get(QUEUE, {"administration": administration.pk})
    assert (response.status_code, response["Location"]) == (302, rules(administration))


def test_staff_allow_an_institutional_domain_then_remove_it(staff_client, staff, administration):
    add = reverse("staff:agent_domain_add", kwargs={"slug": administration.slug})
    response = staff_client.post(add, {"domain": "entreprises.gouv.fr"})
    assert (response.status_code, response["Location"]) == (302, rules(administration))
    allowed = AllowedEmailDomain.objects.get()
    assert (allowed.domain, allowed.administration, allowed.added_by) == ("entreprises.gouv.fr", administration, staff)
    page = staff_client.get(rules(administration)).content.decode()
    assert "Retirer @entreprises.gouv.fr de la liste" in page

    remove = reverse("staff:agent_domain_remove", kwargs={"slug": administration.slug, "domain": allowed.pk})
    assert staff_client.post(remove).status_code == 302
    assert not AllowedEmailDomain.objects.exists()


def test_staff_cannot_allow_a_webmail_domain_from_the_page(staff_client, administration):
    add = reverse("staff:agent_domain_add", kwargs={"slug": administration.slug})
    response = staff_client.post(add, {"domain": "orange.fr"})
    assert response.status_code == 409
    assert "messagerie ouverte à tous" in response.content.decode()
    assert not AllowedEmailDomain.objects.exists()


def test_staff_record_the_siret_from_the_page(staff_client, administration):
    url = reverse("staff:agent_siret", kwargs={"slug": administration.slug})
    assert staff_client.post(url, {"siret": "12345"}).status_code == 409
    assert staff_client.post(url, {"siret": "11000101300017"}).status_code == 302
    administration.refresh_from_db()
    assert administration.siret == "11000101300017"


def test_a_domain_of_another_administration_is_not_found(staff_client, administration):
    other = AdministrationFactory(name="Autre", slug="autre")
    allowed = services.allow_email_domain(other, "autre.gouv.fr", by=None)
    remove = reverse("staff:agent_domain_remove", kwargs={"slug": administration.slug, "domain": allowed.pk})
    assert staff_client.post(remove).status_code == 404
    assert AllowedEmailDomain.objects.count() == 1


def test_a_refusal_reason_with_a_control_character_is_refused_in_french(staff_client, pending):
    url = reverse("staff:agent_refuse", kwargs={"agent": pending.pk})
    response = staff_client.post(url, {"reason": "motif\x00caché"}, follow=True)
    assert "Motif refusé" in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_pending and not OutboxMessage.objects.exists()
