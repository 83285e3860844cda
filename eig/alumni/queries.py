"""The alumni network's shared reads, with their joins: a page's query count stays flat."""

from django.db.models import Prefetch, Q, QuerySet

from eig.challenges.models import Challenge
from eig.promotions.models import Promotion

from .models import Alumnus, Invitation


def is_alumnus(user) -> bool:
    """Whether the person is an alumnus of at least one promotion (one query)."""
    return bool(user and user.is_authenticated) and Alumnus.objects.filter(user=user).exists()


def alumni_of(user) -> QuerySet:
    """The person's alumni rows (one per finished promotion), latest promotion first."""
    return (
        Alumnus.objects.filter(user=user)
        .select_related("promotion__programme", "challenge", "person", "fellow__offer__position")
        .order_by("-promotion__year", "-pk")
    )


def directory(*, promotion: int | None = None, challenge: int | None = None, skills: str = "") -> QuerySet:
    """The directory of alumni: only those who consented (`listed`) and whose account is open;
    filtered by promotion, team and a word of their skills (or current role)."""
    found = Alumnus.objects.filter(listed=True, user__is_active=True).select_related(
        "promotion__programme", "challenge", "user"
    )
    if promotion:
        found = found.filter(promotion_id=promotion)
    if challenge:
        found = found.filter(challenge_id=challenge)
    words = (skills or "").split()
    for word in words[:5]:
        found = found.filter(Q(skills__icontains=word) | Q(current_role__icontains=word))
    return found.order_by("name", "pk")


def directory_choices() -> tuple[list[Promotion], list[Challenge]]:
    """The promotions and teams the directory's filters offer: those of a listed alumnus (two queries)."""
    listed = Alumnus.objects.filter(listed=True, user__is_active=True)
    promotions = list(
        Promotion.objects.filter(pk__in=listed.values("promotion_id")).select_related("programme").order_by("-year")
    )
    challenges = list(Challenge.objects.filter(pk__in=listed.values("challenge_id")).order_by("title", "pk"))
    return promotions, challenges


INVITATION_JOINS = ("alumnus", "grid__call", "jury", "challenge", "reviewer", "juror", "mentor", "invited_by")


def invitations_of(user) -> QuerySet:
    """The person's invitations, newest first, with their seats."""
    return (
        Invitation.objects.filter(alumnus__user=user).select_related(*INVITATION_JOINS).order_by("-created_at", "-pk")
    )


def staff_alumni(*, promotion: int | None = None) -> QuerySet:
    """Every alumnus for the programme team, with their invitations (two queries whatever their number)."""
    found = Alumnus.objects.select_related("promotion__programme", "challenge", "user").prefetch_related(
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related("grid__call", "jury", "challenge").order_by(
                "-created_at", "-pk"
            ),
        )
    )
    if promotion:
        found = found.filter(promotion_id=promotion)
    return found.order_by("-promotion__year", "name", "pk")


def alumni_promotions() -> list[Promotion]:
    """The promotions that have alumni (the staff list's filter)."""
    return list(
        Promotion.objects.filter(pk__in=Alumnus.objects.values("promotion_id"))
        .select_related("programme")
        .order_by("-year")
    )
