"""The open statistics of the public API (/api/v1/statistics): per published promotion, how many
challenges are public, how many fellows their teams count and how many achievements they
published. The fellows are people: a count of 1 to 4 is given as None (masked), as every figure
about a small group of people is (eig.core.small_groups); challenges and achievements are not
people and are given as they are. No total of fellows is given: the total minus the shown counts
would reveal the masked ones.

Read from public rows only (challenges in a public status, community memberships, achievements),
so the public content version (eig/core/pagecache.py) changes whenever a count can. Four queries
whatever the number of promotions.
"""

from dataclasses import dataclass

from django.db.models import Count

from eig.challenges.models import Achievement, Challenge
from eig.challenges.queries import public_q
from eig.community.models import Membership
from eig.core.small_groups import is_small
from eig.promotions.models import Promotion


def masked(count: int) -> int | None:
    """A count of people: None for 1 to 4 (a small group); 0 is no one and is shown."""
    return None if is_small(count) else count


@dataclass(frozen=True)
class PromotionCounts:
    promotion: Promotion
    challenges: int
    fellows: int | None
    achievements: int


def _by_promotion(queryset, promotion_field: str, counted: str) -> dict[int, int]:
    rows = queryset.values(promotion_field).annotate(n=Count(counted, distinct=True)).order_by()
    return {row[promotion_field]: row["n"] for row in rows}


def promotion_counts() -> list[PromotionCounts]:
    challenges = _by_promotion(Challenge.objects.filter(public_q()), "promotion_id", "pk")
    fellows = _by_promotion(
        Membership.objects.filter(public_q("challenge__"), role=Membership.Role.FELLOW),
        "challenge__promotion_id",
        "person_id",
    )
    achievements = _by_promotion(
        Achievement.objects.filter(public_q("challenge__")),
        "challenge__promotion_id",
        "pk",
    )
    promotions = (
        Promotion.objects.filter(is_published=True)
        .select_related("programme")
        .order_by("-year", "programme__code", "-number", "pk")
    )
    return [
        PromotionCounts(
            promotion=promotion,
            challenges=challenges.get(promotion.pk, 0),
            fellows=masked(fellows.get(promotion.pk, 0)),
            achievements=achievements.get(promotion.pk, 0),
        )
        for promotion in promotions
    ]
