"""Shared reads of the agents' space: a fixed number of queries whatever the
number of administrations, proposals and calls."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from eig.calls.models import Answer, Call
from eig.calls.queries import JSONText
from eig.challenges.models import Challenge, Position
from eig.proposals.models import Agent, Proposal

# The dossier's answer that names the project (eig.proposals.defaults).
TITLE_KEY = "nom_projet"


def agencies_of(user):
    """Every administration the person declared acting for, confirmed or not."""
    return (
        Agent.objects.filter(user=user)
        .select_related("administration__parent_ministry")
        .order_by("-confirmed", "administration__name")
    )


def proposals_of(user):
    """The proposals of the administrations the person is a confirmed agent of, with `title_answer`."""
    title = Answer.objects.filter(dossier=OuterRef("dossier_id"), question__key=TITLE_KEY).annotate(
        text=JSONText("value")
    )
    return (
        Proposal.objects.filter(administration__agents__user=user, administration__agents__confirmed=True)
        .select_related("dossier__call", "administration")
        .annotate(title_answer=Subquery(title.values("text")[:1]))
        .order_by("-created_at")
    )


def open_challenge_calls(now=None):
    now = now or timezone.now()
    return Call.objects.filter(kind=Call.Kind.CHALLENGES, opens_at__lte=now, closes_at__gt=now).select_related(
        "promotion"
    )


def challenges_of(user):
    """The challenges of the administrations the person is a confirmed agent of, with their positions:
    the agent writes their English version (issue 18 point 3). Anyone else's answer 404."""
    return (
        Challenge.objects.filter(administration__agents__user=user, administration__agents__confirmed=True)
        .select_related("promotion__programme", "administration")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("profile")))
        .order_by("-promotion__year", "title_fr", "pk")
    )
