"""Permission-matrix rows of the public read-only API (/api/v1/, issue 17; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

The API shows public data to everyone alike, signed in or not: every role reads (200 on GET and
HEAD). It is read-only and reads no cookie, so no CSRF check stands before its own method check:
every unsafe method answers 405 (with `Allow: GET, HEAD, OPTIONS`), where the site's pages answer
403 for the missing CSRF token. An address under /api/v1/ that names nothing answers a JSON 404.
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories import ChallengeFactory, MembershipFactory, NewsPostFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_REFUSED = {"post": 405, "put": 405, "patch": 405, "delete": 405}
READS = {"get": 200, "head": 200, **WRITES_REFUSED}
NOTHING_HERE = {"get": 404, "head": 404, **WRITES_REFUSED}

READ_NAMES = [
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:list_challenges",
    "api:get_challenge",
    "api:get_challenge_by_slug",
    "api:list_positions",
    "api:list_achievements",
    "api:list_promotions",
    "api:get_promotion",
    "api:list_teams",
    "api:get_team",
    "api:list_news",
    "api:get_news",
    "api:list_events",
    "api:statistics",
]

ROWS = {
    **{name: dict.fromkeys(ROLES, READS) for name in READ_NAMES},
    "api:not_found": dict.fromkeys(ROLES, NOTHING_HERE),
}


def world():
    challenge = ChallengeFactory()
    MembershipFactory(challenge=challenge)  # a team: a challenge with a fellow
    promotion = challenge.promotion.slug
    return {
        "api:get_challenge": reverse("api:get_challenge", kwargs={"id": challenge.pk}),
        "api:get_challenge_by_slug": reverse(
            "api:get_challenge_by_slug", kwargs={"promotion": promotion, "slug": challenge.slug}
        ),
        "api:get_promotion": reverse("api:get_promotion", kwargs={"slug": promotion}),
        "api:get_team": reverse("api:get_team", kwargs={"id": challenge.pk}),
        "api:get_news": reverse("api:get_news", kwargs={"slug": NewsPostFactory().slug}),
        "api:not_found": reverse("api:not_found", kwargs={"rest": "nothing/here"}),
    }
