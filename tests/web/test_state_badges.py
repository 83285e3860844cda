"""The staff and approvers' pages show a run's, an offer's and a dossier's state as its table says
(eig/calls/states.py, eig/selection/states.py, through `{% state_badge %}`), and offer the
actions its moves and groups allow, no more. The promotion is tests/factories/selection.py's."""

import pytest
from django.test import Client
from django.urls import reverse

from eig.calls.models import Dossier
from eig.selection import services
from eig.selection.models import Offer
from tests.factories.reviews import with_totp
from tests.factories.selection import Promotion, approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db


def badge(colour, label):
    return f'<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--{colour}">{label}</p>'


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, name, promo, **kwargs) -> str:
    response = client.get(reverse(f"staff:selection_{name}", kwargs={"slug": promo.call.slug, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_run_reads_brouillon_and_may_be_submitted_or_deleted(promo):
    staff = client_of(promo.staff)
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)

    html = page(staff, "detail", promo, run=run.pk)

    assert badge("info", "Brouillon") in html
    assert "Soumettre aux valideurs" in html and "Supprimer ce brouillon" in html
    assert badge("info", "Brouillon") in page(staff, "overview", promo)


def test_a_returned_run_may_be_submitted_again_but_not_deleted(promo):
    staff = client_of(promo.staff)
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    services.return_run(run, approver=promo.approver, comment="Revoir l'équipe Gamma.")

    html = page(staff, "detail", promo, run=run.pk)

    assert badge("warning", "Renvoyée") in html
    assert "Soumettre aux valideurs" in html
    assert "Supprimer ce brouillon" not in html  # delete_run refuses it: the approvers read it


def test_the_approvers_read_the_same_badges_as_staff(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    approver = client_of(with_totp(promo.approver))
    detail = reverse("approvals:detail", kwargs={"run": run.pk})

    assert badge("new", "Soumise aux valideurs") in approver.get(detail).content.decode()
    assert badge("new", "Soumise aux valideurs") in page(client_of(promo.staff), "detail", promo, run=run.pk)

    services.return_run(run, approver=promo.approver, comment="Revoir l'équipe Gamma.")

    assert badge("warning", "Renvoyée") in approver.get(reverse("approvals:list")).content.decode()
    assert badge("warning", "Renvoyée") in approver.get(detail).content.decode()


def test_the_offers_page_shows_each_offers_state_from_the_table(promo):
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    services.respond(promo.offer(run, "ada"), accept=True, by=promo.dossiers["ada"].owner)
    services.withdraw_offer(promo.offer(run, "bob"), by=promo.staff, reason="N'est plus éligible.")

    html = page(client_of(promo.staff), "offers", promo)

    assert html.count(badge("new", "En attente de réponse")) == Offer.objects.filter(status="pending").count() == 5
    assert html.count(badge("success", "Acceptée")) == 1
    assert html.count(badge("error", "Retirée")) == 1


def test_the_staff_dossier_list_shows_each_dossiers_state_from_the_table(promo):
    Dossier.objects.filter(pk=promo.dossiers["jo"].pk).update(status=Dossier.Status.WITHDRAWN)

    response = client_of(promo.staff).get(reverse("staff:dossier_list", kwargs={"slug": promo.call.slug}))

    html = response.content.decode()
    assert html.count(badge("success", "Déposé")) == 9
    assert html.count(badge("error", "Retiré")) == 1
