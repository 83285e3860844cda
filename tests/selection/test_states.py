"""The states of a selection run and of an offer (eig/selection/states.py) are the rules the
selection's services follow: every move the table allows, its service makes; every other, its
service refuses in French and changes nothing. The promotion is tests/factories/selection.py's."""

import datetime

import pytest
from django.utils import timezone

from eig.core.errors import DomainError
from eig.selection import services
from eig.selection.models import Offer, SelectionRun
from eig.selection.states import OFFER, SELECTION_RUN
from tests.factories.selection import Promotion, approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db

Run, Status = SelectionRun.State, Offer.Status

APPROVED_IS_FINAL = "Cette proposition a été approuvée : elle ne peut plus être modifiée."
RUN_REFUSALS = {
    APPROVED_IS_FINAL,
    "Cette proposition est déjà soumise aux valideurs.",
    "Cette proposition n'est pas soumise aux valideurs.",
}
OFFER_REFUSALS = {"Cette proposition n'attend plus de réponse.", "Cette proposition n'est plus en cours."}


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


def test_every_run_move_the_table_allows_is_made_and_every_other_refused(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    make = {
        Run.FROZEN: lambda: services.freeze(run, by=promo.staff),
        Run.APPROVED: lambda: services.approve(run, approver=promo.approver),
        Run.RETURNED: lambda: services.return_run(run, approver=promo.approver, comment="Revoir l'équipe Gamma."),
    }
    made, refused = [], []
    for current in Run.values:
        for target, service in make.items():
            SelectionRun.objects.filter(pk=run.pk).update(state=current, approved_at=None)
            run.refresh_from_db()
            if SELECTION_RUN.can_move(current, target):
                service()
                run.refresh_from_db()
                assert run.state == target, (current, target)
                made.append((current, target))
            else:
                with pytest.raises(DomainError) as refusal:
                    service()
                run.refresh_from_db()
                assert run.state == current, (current, target)
                assert str(refusal.value) in RUN_REFUSALS, (current, target)
                refused.append((current, target))
    assert made == [("draft", "frozen"), ("frozen", "approved"), ("frozen", "returned"), ("returned", "frozen")]
    assert len(refused) == 4 * 3 - 4


def test_only_a_draft_run_is_deleted(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    for state in [Run.RETURNED, Run.FROZEN]:
        SelectionRun.objects.filter(pk=run.pk).update(state=state)
        run.refresh_from_db()
        with pytest.raises(DomainError, match="Seul un brouillon peut être supprimé"):
            services.delete_run(run, by=promo.staff)
    SelectionRun.objects.filter(pk=run.pk).update(state=Run.DRAFT)
    run.refresh_from_db()
    services.delete_run(run, by=promo.staff)
    assert not SelectionRun.objects.filter(pk=run.pk).exists()


def test_every_offer_move_the_table_allows_is_made_and_every_other_refused(promo):
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "ada")
    owner = promo.dossiers["ada"].owner
    # The other offers hold their positions, out of the expiry's way.
    Offer.objects.filter(run=run).exclude(pk=offer.pk).update(status=Status.ACCEPTED)
    after_deadline = offer.deadline + datetime.timedelta(minutes=1)
    make = {
        Status.ACCEPTED: lambda: services.respond(offer, accept=True, by=owner),
        Status.DECLINED: lambda: services.respond(offer, accept=False, by=owner),
        Status.EXPIRED: lambda: services.expire_offers(now=after_deadline),
        Status.WITHDRAWN: lambda: services.withdraw_offer(offer, by=promo.staff, reason="N'est plus éligible."),
    }
    made = []
    for current in Status.values:
        for target, service in make.items():
            Offer.objects.filter(pk=offer.pk).update(status=current, responded_at=None)
            offer.refresh_from_db()
            if OFFER.can_move(current, target):
                service()
                offer.refresh_from_db()
                assert offer.status == target, (current, target)
                made.append((current, target))
            elif target == Status.EXPIRED:  # a periodic job: it passes over what cannot expire
                assert service() == 0
                offer.refresh_from_db()
                assert offer.status == current
            else:
                with pytest.raises(DomainError) as refusal:
                    service()
                offer.refresh_from_db()
                assert offer.status == current, (current, target)
                assert str(refusal.value) in OFFER_REFUSALS, (current, target)
    assert made == [
        ("pending", "accepted"),
        ("pending", "declined"),
        ("pending", "expired"),
        ("pending", "withdrawn"),
        ("accepted", "withdrawn"),
    ]


def test_an_answer_after_the_deadline_is_refused_even_though_pending_may_be_accepted(promo):
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "ada")
    late = offer.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(DomainError, match="Le délai de réponse est dépassé"):
        services.respond(offer, accept=True, by=promo.dossiers["ada"].owner, now=late)
    offer.refresh_from_db()
    assert offer.status == Status.PENDING and timezone.now() < offer.deadline


def test_the_groups_say_what_the_moves_and_the_database_say():
    assert SELECTION_RUN.group("awaiting_decision") == SELECTION_RUN.sources(Run.APPROVED)
    assert SELECTION_RUN.group("awaiting_decision") == SELECTION_RUN.sources(Run.RETURNED)
    assert SELECTION_RUN.group("decided") == {Run.APPROVED, Run.RETURNED}
    assert SELECTION_RUN.targets(Run.APPROVED) == []  # final
    assert OFFER.group("awaiting_answer") == OFFER.sources(Status.ACCEPTED) == OFFER.sources(Status.DECLINED)
    assert OFFER.group("awaiting_answer") == OFFER.sources(Status.EXPIRED)
    assert OFFER.group("live") | OFFER.group("vacated") == set(Status.values)
    assert not OFFER.group("live") & OFFER.group("vacated")
    # The database's rules hold the same states as the tables.
    constraints = {c.name: c for c in Offer._meta.constraints + SelectionRun._meta.constraints}
    ((lookup, live),) = constraints["one_live_offer_per_position"].condition.children
    assert (lookup, set(live)) == ("status__in", OFFER.group("live"))
    ((lookup, final),) = constraints["one_approved_selection_per_call"].condition.children
    assert (lookup, {final}) == ("state", SELECTION_RUN.group("final"))


def test_the_tables_labels_and_badges():
    assert [(r["state"], r["label"], r["badge"]) for r in SELECTION_RUN.rows()] == [
        ("draft", "Brouillon", "info"),
        ("frozen", "Soumise aux valideurs", "new"),
        ("approved", "Approuvée", "success"),
        ("returned", "Renvoyée", "warning"),
    ]
    assert [(r["state"], r["label"], r["badge"]) for r in OFFER.rows()] == [
        ("pending", "En attente de réponse", "new"),
        ("accepted", "Acceptée", "success"),
        ("declined", "Déclinée", "warning"),
        ("expired", "Expirée", "warning"),
        ("withdrawn", "Retirée", "error"),
    ]
