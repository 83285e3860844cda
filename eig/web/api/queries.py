"""The API's reads: what the public pages show, in a fixed number of queries and a stable order
(every ordering ends on the primary key, so a page boundary never moves between two reads).

Public means what the site shows: challenges in a public status of a published promotion
that no hold keeps back (eig.challenges.queries.public_q: a proposal stays private, a selected
challenge waits for the approvers), published news, events staff announced
(Event.is_public), and people only with their consent (Person.is_public).
"""

from django.db.models import Exists, OuterRef, Prefetch

from eig.challenges import queries as challenge_queries
from eig.challenges.models import Achievement, Challenge, Position
from eig.community.models import Membership
from eig.content import queries as content_queries
from eig.programme.models import Event

CHALLENGE_ORDER = ("-promotion__year", "title", "pk")


def _visible(prefix: str = ""):
    """What hangs off a public challenge (eig.challenges.queries.public_q: status, promotion, holds)."""
    return challenge_queries.public_q(prefix)


def without_nul(text: str | None) -> str | None:
    # PostgreSQL refuses a NUL in a string literal: a query string may carry one (%00).
    return text.replace("\x00", "") if text else text


def challenges(*, promotion=None, status=None, profile=None, administration=None, text=None):
    queryset = challenge_queries.filter_challenges(
        challenge_queries.public_challenges(),
        promotion=promotion,
        profile=profile,
        administration=administration,
        status=status,
        text=without_nul(text),
    )
    return queryset.order_by(*CHALLENGE_ORDER)


def challenge_detail():
    return (
        challenge_queries.public_challenges()
        .select_related("administration")
        .prefetch_related("positions__profile", "key_figures", "achievements")
    )


def positions(*, promotion=None, profile=None, challenge=None):
    queryset = Position.objects.filter(_visible("challenge__")).select_related(
        "profile", "challenge__promotion__programme"
    )
    if promotion:
        queryset = queryset.filter(challenge__promotion__slug=promotion)
    if profile:
        queryset = queryset.filter(profile__code=profile)
    if challenge:
        queryset = queryset.filter(challenge_id=challenge)
    return queryset.order_by("-challenge__promotion__year", "challenge__title", "challenge_id", "order", "pk")


def achievements(*, promotion=None, challenge=None):
    queryset = Achievement.objects.filter(_visible("challenge__")).select_related("challenge__promotion__programme")
    if promotion:
        queryset = queryset.filter(challenge__promotion__slug=promotion)
    if challenge:
        queryset = queryset.filter(challenge_id=challenge)
    return queryset.order_by("-challenge__promotion__year", "challenge__title", "challenge_id", "order", "pk")


def promotions():
    return challenge_queries.promotions_with_challenge_counts().order_by("-year", "programme__code", "-number", "pk")


def promotion_detail():
    return promotions().prefetch_related("phases")


def teams(*, promotion=None):
    """A team is a public challenge with at least one fellow; its members are listed only when they
    consented to a public profile (the others are not named, not counted, not linked)."""
    consenting = (
        Membership.objects.filter(person__is_public=True, role__in=[Membership.Role.FELLOW, *Membership.MENTOR_ROLES])
        .select_related("person__profile")
        .order_by("order", "pk")
    )
    has_fellow = Membership.objects.filter(challenge=OuterRef("pk"), role=Membership.Role.FELLOW)
    queryset = (
        Challenge.objects.filter(Exists(has_fellow), _visible())
        .select_related("promotion__programme")
        .prefetch_related(Prefetch("memberships", queryset=consenting, to_attr="public_members"))
    )
    if promotion:
        queryset = queryset.filter(promotion__slug=promotion)
    return queryset.order_by(*CHALLENGE_ORDER)


def news(*, tag=None):
    return content_queries.published_posts(tag=tag).order_by("-published_on", "-pk")


def events(*, promotion=None, kind=None):
    queryset = Event.objects.filter(is_public=True, promotion__is_published=True).select_related("promotion__programme")
    if promotion:
        queryset = queryset.filter(promotion__slug=promotion)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("starts_at", "pk")
