"""The demo's call for challenges: the administration agent has a question to answer,
staff have proposals to decide on."""

import pytest

from eig.calls.models import Call
from eig.demo.builder import build_demo
from eig.proposals.models import Proposal, StaffQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_demo()


def test_the_demo_agent_shares_proposals_at_several_stages(demo):
    call = Call.objects.get(slug="appel-defis-eig-9", kind=Call.Kind.CHALLENGES)
    proposals = Proposal.objects.filter(dossier__call=call)
    assert sorted(proposals.values_list("state", flat=True)) == ["not_preselected", "preselected", "submitted"]
    agent = proposals.first().administration.agents.get()
    assert agent.user.email == "administration_agent@demo.eig.example" and agent.confirmed
    # Something to do: a question from the programme, not yet answered.
    assert StaffQuestion.objects.get(proposal__state="preselected").answered_at is None


def test_a_second_load_creates_no_proposal(demo):
    before = Proposal.objects.count()
    build_demo()
    assert Proposal.objects.count() == before == 3
