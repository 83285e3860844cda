"""The state table of a proposal (eig.proposals.states): every move allowed or refused, the groups
the pages ask about, and the services that obey it (a frozen proposal is refused by the domain)."""

import itertools

import pytest

from eig.calls.models import Step
from eig.calls.services import save_step
from eig.core.errors import DomainError
from eig.proposals.models import Proposal
from eig.proposals.services import DECISIONS, decide, publish_proposal, submit_proposal, validate_proposal
from eig.proposals.states import PROPOSAL, frozen_reason
from tests.factories import StaffFactory
from tests.proposals.test_proposals import administration, agent, call, submitted  # noqa: F401  (fixtures)

State = Proposal.State

# (from, to): the only moves the rules allow, each with the service that makes it.
ALLOWED = {
    (State.DRAFT, State.SUBMITTED),  # submit_proposal
    (State.SUBMITTED, State.PRESELECTED),  # decide
    (State.SUBMITTED, State.NOT_PRESELECTED),
    (State.PRESELECTED, State.AUDITIONED),
    (State.PRESELECTED, State.NOT_SELECTED),
    (State.AUDITIONED, State.SELECTED),
    (State.AUDITIONED, State.NOT_SELECTED),
    (State.SELECTED, State.VALIDATED),  # validate_proposal
    (State.VALIDATED, State.PUBLISHED),  # publish_proposal
}
PAIRS = list(itertools.product(State.values, State.values))


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_each_move_is_allowed_or_refused(current, target):
    allowed = (current, target) in ALLOWED
    assert PROPOSAL.can_move(current, target) is allowed
    if allowed:
        PROPOSAL.check_move(current, target)
    else:
        with pytest.raises(DomainError):
            PROPOSAL.check_move(current, target)


def test_no_move_reaches_withdrawn_and_nothing_leaves_a_closed_state():
    assert PROPOSAL.sources(State.WITHDRAWN) == frozenset()
    for state in PROPOSAL.group("closed"):
        assert PROPOSAL.targets(state) == []


def test_only_a_draft_or_submitted_proposal_is_editable():
    assert PROPOSAL.group("editable") == {State.DRAFT, State.SUBMITTED}
    for state in State.values:
        reason = frozen_reason(state)
        if state in (State.DRAFT, State.SUBMITTED):
            assert reason is None
        else:
            assert reason.startswith("La sélection de cette proposition a commencé")
            assert f"« {State(state).label} »" in reason


def test_the_decisions_staff_take_are_the_decisions_group_in_the_states_order():
    assert list(DECISIONS) == [
        State.PRESELECTED,
        State.NOT_PRESELECTED,
        State.AUDITIONED,
        State.SELECTED,
        State.NOT_SELECTED,
    ]
    assert DECISIONS[State.NOT_SELECTED] == {State.PRESELECTED, State.AUDITIONED}


def test_every_state_has_a_badge_and_reads_its_label():
    assert PROPOSAL.badge(State.DRAFT) == "info"
    assert PROPOSAL.badge(State.NOT_SELECTED) == "error"
    assert PROPOSAL.label(State.SELECTED) == "Retenue par le jury"


@pytest.mark.django_db
def test_decide_obeys_the_table_from_every_state(call, agent, administration):  # noqa: F811
    proposal = submitted(call, agent, administration)
    staff = StaffFactory()
    for current, target in itertools.product(State.values, DECISIONS):
        Proposal.objects.filter(pk=proposal.pk).update(state=current)
        if (current, target) in ALLOWED:
            assert decide(proposal, target, by=staff).state == target
        else:
            with pytest.raises(DomainError, match="ne peut pas passer"):
                decide(proposal, target, by=staff)
            proposal.refresh_from_db()
            assert proposal.state == current
    with pytest.raises(DomainError, match="Cette décision n'existe pas"):
        decide(proposal, State.PUBLISHED, by=staff)  # publication has its own service


@pytest.mark.django_db
def test_validation_and_publication_are_refused_out_of_order(call, agent, administration):  # noqa: F811
    proposal = submitted(call, agent, administration)
    with pytest.raises(DomainError, match="Seule une proposition retenue par le jury peut être validée"):
        validate_proposal(proposal, by=StaffFactory())
    with pytest.raises(DomainError, match="Seule une proposition validée peut être publiée"):
        publish_proposal(proposal, by=StaffFactory())
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("frozen", [State.PRESELECTED, State.SELECTED, State.PUBLISHED])
def test_a_frozen_proposal_is_refused_by_the_domain_whatever_the_page(call, agent, administration, frozen):  # noqa: F811
    proposal = submitted(call, agent, administration)
    Proposal.objects.filter(pk=proposal.pk).update(state=frozen)
    proposal.refresh_from_db()
    label = State(frozen).label
    with pytest.raises(DomainError, match=f"« {label} »"):
        submit_proposal(proposal, by=agent)
    with pytest.raises(DomainError, match=f"« {label} »"):
        save_step(proposal.dossier, Step.objects.get(call=call, slug="projet"), {"nom_projet": "Autre"}, by=agent)
    assert proposal.dossier.versions.count() == 1
    assert proposal.dossier.answers.get(question__key="nom_projet").value == "Signaux faibles"
