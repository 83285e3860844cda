"""The operations of the public read-only API (/api/v1/): thin views over eig/web/api/queries.py,
shaped by eig/web/api/representations.py, described by eig/web/api/schemas.py.

Every list takes `limit` (1-100, 20 by default) and `offset`, and answers a page: `count`, `next`
and `previous` addresses, `results` in a stable order. Every operation takes `lang` (fr, en): the
language is applied around the whole operation by eig/web/api/http.py, which also handles the
ETag, the cache headers and the rate limit; here `lang` is declared so that the schema documents
it and a wrong value is refused (422).
"""

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from eig.core.small_groups import MIN_GROUP
from eig.reporting.api_statistics import promotion_counts

from . import queries
from . import representations as shape
from .schemas import (
    AchievementPage,
    ChallengeDetail,
    ChallengePage,
    Error,
    EventKind,
    EventPage,
    NewsOut,
    NewsPage,
    PositionPage,
    PromotionDetail,
    PromotionPage,
    PublicStatus,
    StatisticsOut,
    TeamOut,
    TeamPage,
    TooManyRequests,
    ValidationFailed,
)

router = Router()

SLUG = r"^[-a-zA-Z0-9_]+$"
MAX_ID = 2**63 - 1  # a BigAutoField; larger ids cannot exist (and would overflow the database)
MAX_OFFSET = 100_000
LANG = Query(
    None,
    description="Language of the texts: fr or en. Without it, the Accept-Language header; else fr. "
    "A text not translated is given in French.",
)
LIMIT = Query(20, ge=1, le=100, description="Items per page (1 to 100).")
STATUS = Query(None, description="A public status.")
EVENT_KIND = Query(None, description="A kind of event.")
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip (the next and previous links set it).")
Lang = Literal["fr", "en"]


def _slug(description: str):
    return Query(None, pattern=SLUG, max_length=200, description=description)


def _id(description: str):
    return Query(None, ge=1, le=MAX_ID, description=description)


def _path_id():
    return Path(..., ge=1, le=MAX_ID)


def _path_slug():
    return Path(..., pattern=SLUG, max_length=200)


LISTED = {422: ValidationFailed, 429: TooManyRequests}
FOUND = {**LISTED, 404: Error}


def _responses(model, *, detail=False):
    return {200: model, **(FOUND if detail else LISTED)}


def _link(request, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page(request, queryset, limit: int, offset: int, represent) -> dict:
    """One page of `queryset`: a count, then the page's rows (and their prefetches)."""
    count = queryset.count()
    results = [represent(row) for row in queryset[offset : offset + limit]] if offset < count else []
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _link(request, offset + limit) if offset + limit < count else None,
        "previous": _link(request, max(0, min(offset, count) - limit)) if offset > 0 else None,
        "results": results,
    }


def _one(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


# --- Challenges, positions, achievements -------------------------------------------------------


@router.get("/challenges", response=_responses(ChallengePage), tags=["challenges"], summary="Challenges")
def list_challenges(
    request,
    promotion: str = _slug("A promotion's slug (see /promotions)."),
    status: PublicStatus = STATUS,
    profile: str = _slug("A profile's code: dev, datascience, design…"),
    administration: str = _slug("An administration's slug."),
    q: str = Query(None, max_length=200, description="Words found in the title, summary, town or host."),
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The challenges published on the site (selected, recruiting, in progress, finished), the most
    recent promotion first, then by title."""
    queryset = queries.challenges(
        promotion=promotion, status=status, profile=profile, administration=administration, text=q
    )
    return page(request, queryset, limit, offset, lambda row: shape.challenge(request, row))


@router.get(
    "/challenges/{id}", response=_responses(ChallengeDetail, detail=True), tags=["challenges"], summary="A challenge"
)
def get_challenge(request, id: int = _path_id(), lang: Lang = LANG):
    """A challenge with its positions, key figures and achievements."""
    return shape.challenge_detail(request, _one(queries.challenge_detail(), pk=id))


@router.get(
    "/challenges/{promotion}/{slug}",
    response=_responses(ChallengeDetail, detail=True),
    tags=["challenges"],
    summary="A challenge by its address",
)
def get_challenge_by_slug(request, promotion: str = _path_slug(), slug: str = _path_slug(), lang: Lang = LANG):
    """The same as /challenges/{id}, found by the promotion's slug and the challenge's (its page's address)."""
    return shape.challenge_detail(request, _one(queries.challenge_detail(), promotion__slug=promotion, slug=slug))


@router.get("/positions", response=_responses(PositionPage), tags=["challenges"], summary="Positions")
def list_positions(
    request,
    promotion: str = _slug("A promotion's slug."),
    profile: str = _slug("A profile's code."),
    challenge: int = _id("A challenge's id."),
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The seats the published challenges sought: one fellow of a profile each."""
    queryset = queries.positions(promotion=promotion, profile=profile, challenge=challenge)
    return page(request, queryset, limit, offset, lambda row: shape.position(request, row))


@router.get("/achievements", response=_responses(AchievementPage), tags=["challenges"], summary="Achievements")
def list_achievements(
    request,
    promotion: str = _slug("A promotion's slug."),
    challenge: int = _id("A challenge's id."),
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """What the published challenges achieved (tools, services, publications)."""
    queryset = queries.achievements(promotion=promotion, challenge=challenge)
    return page(request, queryset, limit, offset, lambda row: shape.achievement(request, row))


# --- Promotions and teams ---------------------------------------------------------------------------


@router.get("/promotions", response=_responses(PromotionPage), tags=["promotions"], summary="Promotions")
def list_promotions(request, lang: Lang = LANG, limit: int = LIMIT, offset: int = OFFSET):
    """The published promotions, the most recent first."""
    return page(request, queries.promotions(), limit, offset, lambda row: shape.promotion(request, row))


@router.get(
    "/promotions/{slug}",
    response=_responses(PromotionDetail, detail=True),
    tags=["promotions"],
    summary="A promotion",
)
def get_promotion(request, slug: str = _path_slug(), lang: Lang = LANG):
    """A promotion with the dated steps of its year."""
    return shape.promotion_detail(request, _one(queries.promotion_detail(), slug=slug))


@router.get("/teams", response=_responses(TeamPage), tags=["promotions"], summary="Teams")
def list_teams(
    request,
    promotion: str = _slug("A promotion's slug."),
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The teams (published challenges with fellows) and those of their fellows and mentors who
    agreed to a public profile; the others are not listed."""
    queryset = queries.teams(promotion=promotion)
    return page(request, queryset, limit, offset, lambda row: shape.team(request, row))


@router.get("/teams/{id}", response=_responses(TeamOut, detail=True), tags=["promotions"], summary="A team")
def get_team(request, id: int = Path(..., ge=1, le=MAX_ID, description="The challenge's id."), lang: Lang = LANG):
    """The team of one challenge, found by the challenge's id."""
    return shape.team(request, _one(queries.teams(), pk=id))


# --- News, events, statistics --------------------------------------------------------------------------


@router.get("/news", response=_responses(NewsPage), tags=["news"], summary="News")
def list_news(
    request,
    tag: str = _slug("A tag's slug."),
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The published news, the most recent first."""
    return page(request, queries.news(tag=tag), limit, offset, lambda row: shape.news(request, row))


@router.get("/news/{slug}", response=_responses(NewsOut, detail=True), tags=["news"], summary="A news post")
def get_news(request, slug: str = _path_slug(), lang: Lang = LANG):
    return shape.news(request, _one(queries.news(), slug=slug))


@router.get("/events", response=_responses(EventPage), tags=["news"], summary="Events")
def list_events(
    request,
    promotion: str = _slug("A promotion's slug."),
    kind: EventKind = EVENT_KIND,
    lang: Lang = LANG,
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    """The events staff announced publicly (bootcamp, demo day…), by start."""
    queryset = queries.events(promotion=promotion, kind=kind)
    return page(request, queryset, limit, offset, shape.event)


@router.get("/statistics", response=_responses(StatisticsOut), tags=["statistics"], summary="Open statistics")
def statistics(request, lang: Lang = LANG):
    """Per published promotion: its public challenges, the fellows of its teams and its achievements.
    A count of fellows from 1 to `min_group` − 1 is null: small groups of people are masked."""
    return {
        "min_group": MIN_GROUP,
        "note": _("Un nombre de personnes de 1 à %(max)s est masqué (null).") % {"max": MIN_GROUP - 1},
        "results": [
            {
                "promotion": shape.promotion_ref(row.promotion),
                "challenges": row.challenges,
                "fellows": row.fellows,
                "achievements": row.achievements,
            }
            for row in promotion_counts()
        ],
    }
