"""Agents of administrations for tests.

Joining never confirms by itself (security review F2): a test that needs an agent who
reads the administration's proposals joins then has the agency confirmed, as staff would.
"""

from django.utils import timezone

from eig.proposals.models import Agent
from eig.proposals.services import join_administration


def confirmed_agent(user, administration, *, function: str = "") -> Agent:
    """The person joins the administration and the programme team confirms them (no email sent)."""
    agent = join_administration(user, administration, function=function)
    if not agent.confirmed:
        now = timezone.now()
        Agent.objects.filter(pk=agent.pk).update(
            confirmed=True, refused=False, confirmed_via=Agent.Via.STAFF, decided_at=now
        )
        agent.refresh_from_db()
    return agent
