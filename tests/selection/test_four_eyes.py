"""Four eyes on the promotion's decision (issue 13, point 3; security review F5 and F9).

Règlement 2020 art. 6.5: the final list is « présentée » by the programme team and « validée »
by the director. Whoever computed or submitted a run does not decide on it, even holding the
approver role too; a decision is on the version the approver read, named by its digest.
The promotion is tests/factories/selection.py's.
"""

import pytest

from eig.accounts.models import Role
from eig.core.errors import DomainError
from eig.selection import services
from eig.selection.models import Approval, SelectionRun
from tests.factories import StaffFactory
from tests.factories.selection import Promotion, selection_world

pytestmark = pytest.mark.django_db

FOUR_EYES = "Vous avez préparé ou soumis cette proposition"
STALE = "Cette proposition a changé depuis que vous l'avez ouverte"


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


def both_roles():
    return StaffFactory(roles=[Role.STAFF.value, Role.APPROVER.value])


def test_the_person_who_submitted_a_run_cannot_approve_it(promo):
    double = both_roles()
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=double)

    with pytest.raises(DomainError, match=FOUR_EYES):
        services.approve(run, approver=double, comment="Conforme.")
    with pytest.raises(DomainError, match=FOUR_EYES):
        services.return_run(run, approver=double, comment="Revoir.")

    run.refresh_from_db()
    assert run.state == SelectionRun.State.FROZEN
    assert not Approval.objects.filter(run=run).exists()


def test_the_person_who_computed_a_run_cannot_approve_it(promo):
    double = both_roles()
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=double), by=promo.staff)

    with pytest.raises(DomainError, match=FOUR_EYES):
        services.approve(run, approver=double, seen_digest=run.digest)


def test_another_approver_approves_it(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=both_roles())

    run = services.approve(run, approver=promo.approver, seen_digest=run.digest)

    assert run.state == SelectionRun.State.APPROVED


def test_a_decision_on_a_stale_digest_is_refused(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    read = run.digest
    services.return_run(run, approver=promo.approver, comment="Revoir Gamma.", seen_digest=read)
    SelectionRun.objects.filter(pk=run.pk).update(explanations={**run.explanations, "0": "précisé"})
    run.refresh_from_db()
    services.freeze(run, by=promo.staff)
    assert run.digest != read

    with pytest.raises(DomainError, match=STALE):
        services.approve(run, approver=promo.approver, seen_digest=read)
    with pytest.raises(DomainError, match=STALE):
        services.return_run(run, approver=promo.approver, comment="Encore.", seen_digest=read)

    run.refresh_from_db()
    assert run.state == SelectionRun.State.FROZEN
    assert Approval.objects.filter(run=run).count() == 1  # the first return only


def test_the_approval_records_the_digest_the_approver_read(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)

    services.approve(run, approver=promo.approver, comment="Conforme.", seen_digest=run.digest)

    approval = Approval.objects.get(run=run)
    assert (approval.decision, approval.digest) == (Approval.Decision.APPROVE, run.digest)
