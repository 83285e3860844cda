"""Shared reads of challenges: the public list uses these (a challenge's page and the promotions'
teams, which show people, are in eig/community/queries.py).

Public means: a public status (Challenge.PUBLIC_STATUSES), a published promotion, and no hold
keeping it back (publication.py: a challenge selected from a call for challenges waits for the
approvers). `public_q` says it once, for challenges and for what hangs off them.
"""

from django.db.models import Count, Q

from eig.promotions.models import Promotion

from .models import Challenge
from .publication import not_held_back


def public_q(prefix: str = "") -> Q:
    """The public challenges as a filter; `prefix` reaches the challenge from another model
    ("challenge__" from a Position or an Achievement)."""
    return Q(
        **{f"{prefix}status__in": Challenge.PUBLIC_STATUSES, f"{prefix}promotion__is_published": True}
    ) & not_held_back(prefix)


def public_challenges():
    return (
        Challenge.objects.filter(public_q())
        .select_related("promotion__programme", "administration")
        .prefetch_related("profiles")
    )


def filter_challenges(queryset, *, promotion=None, profile=None, administration=None, status=None, text=None):
    if promotion:
        queryset = queryset.filter(promotion__slug=promotion)
    if profile:
        queryset = queryset.filter(profiles__code=profile)
    if administration:
        queryset = queryset.filter(administration__slug=administration)
    if status:
        queryset = queryset.filter(status=status)
    if text:
        for word in text.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(title_en__icontains=word)
                | Q(summary__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(administration__name__icontains=word)
                | Q(town__icontains=word)
            )
    return queryset.distinct() if profile else queryset


def promotions_with_challenge_counts():
    return (
        Promotion.objects.filter(is_published=True)
        .select_related("programme")
        .annotate(
            public_challenge_count=Count(
                "challenges",
                filter=Q(challenges__status__in=Challenge.PUBLIC_STATUSES) & not_held_back("challenges__"),
            )
        )
    )
