"""The public read-only API (/api/v1/, docs/api.md): what it shows, to whom, and how it behaves
over HTTP (pages, languages, ETags, cache headers, the rate limit, read-only methods)."""

import json

import pytest
from django.test import Client

from eig.challenges.models import Challenge
from eig.community.models import Membership
from tests.factories import AchievementFactory, ChallengeFactory, NewsPostFactory, PositionFactory, PromotionFactory
from tests.factories.api import api_world, event, member, with_extras

pytestmark = pytest.mark.django_db

API = "/api/v1/"
LISTS = ["challenges", "positions", "achievements", "promotions", "teams", "news", "events", "statistics"]


@pytest.fixture
def world():
    return api_world()


def get(path, client=None, **headers):
    return (client or Client()).get(API + path, headers=headers)


def data(path, **headers):
    response = get(path, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["results"]]


def all_pages_text(world):
    """Every answer of the API about the world, as one text."""
    paths = [*LISTS, f"challenges/{world.alpha.pk}", f"teams/{world.alpha.pk}", "promotions/eig-10"]
    return "".join(get(path).content.decode() for path in paths)


# --- What is public ----------------------------------------------------------------------


def test_the_challenge_list_shows_the_public_challenges_of_published_promotions_only(world):
    page = data("challenges")
    assert page["count"] == 3
    assert slugs(page) == ["gamma", "alpha", "beta"]  # eig-11 first (the most recent year), then by title
    assert {"propose", "cache"}.isdisjoint(slugs(page))


def test_a_challenge_answers_by_id_and_by_its_page_address_with_its_positions_figures_and_achievements(world):
    by_id = data(f"challenges/{world.alpha.pk}")
    assert by_id == data("challenges/eig-10/alpha")
    assert by_id["title"] == "Alpha"
    assert by_id["status"] == "in_progress" and by_id["status_label"] == "En cours"
    assert by_id["administration"]["slug"] == world.alpha.administration.slug
    assert [p["code"] for p in by_id["profiles"]] == ["dev", "datascience"]
    assert by_id["url"] == "http://testserver/defis/eig-10/alpha/"
    assert [p["profile"]["code"] for p in by_id["positions"]] == ["dev"]
    assert by_id["key_figures"] == [
        {"amount": "1 200", "description": "dossiers traités", "source": "", "source_url": None}
    ]
    assert [a["title"] for a in by_id["achievements"]] == ["Outil alpha 0"]


@pytest.mark.parametrize("which", ["proposed", "hidden"])
def test_a_proposal_or_a_challenge_of_an_unpublished_promotion_answers_404(world, which):
    challenge = getattr(world, which)
    for path in (f"challenges/{challenge.pk}", f"challenges/{challenge.promotion.slug}/{challenge.slug}"):
        response = get(path)
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Aucune ressource publique à cette adresse.",
            "detail_en": "No public resource at this address.",
        }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("promotion=eig-10", ["alpha", "beta"]),
        ("status=finished", ["beta"]),
        ("profile=design", ["gamma"]),
        ("q=lyon", ["alpha"]),
        ("q=Alpha%20(en)", ["alpha"]),  # the English title is searched too
        ("promotion=cachee", []),
        ("promotion=eig-10&status=recruiting", []),
    ],
)
def test_the_challenge_filters(world, query, expected):
    assert slugs(data(f"challenges?{query}")) == expected


def test_the_administration_filter(world):
    assert slugs(data(f"challenges?administration={world.beta.administration.slug}")) == ["beta"]


@pytest.mark.parametrize(
    "query", ["status=proposed", "limit=0", "limit=101", "offset=-1", "promotion=a%20b", "lang=de"]
)
def test_a_wrong_parameter_answers_422_with_the_parameter_named(world, query):
    response = get(f"challenges?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Paramètres invalides." and body["detail_en"] == "Invalid parameters."
    assert body["errors"][0]["loc"] == ["query", query.split("=")[0]]


def test_an_id_that_is_not_a_number_answers_422_and_an_unknown_address_a_json_404(world):
    assert get("challenges/abc").status_code == 422
    assert get(f"challenges/{2**64}").status_code == 422
    response = get("nothing/here")
    assert response.status_code == 404 and response["Content-Type"] == "application/json; charset=utf-8"


def test_the_positions_and_achievements_of_public_challenges_only(world):
    positions = data("positions")["results"]
    assert [p["challenge"]["slug"] for p in positions] == ["gamma", "alpha", "beta"]
    achievements = data("achievements")["results"]
    assert [a["title"] for a in achievements] == ["Outil gamma 0", "Outil alpha 0", "Outil beta 0"]
    assert [a["challenge"]["slug"] for a in data(f"achievements?challenge={world.beta.pk}")["results"]] == ["beta"]
    assert data(f"positions?challenge={world.proposed.pk}")["count"] == 0
    assert [p["challenge"]["slug"] for p in data("positions?promotion=eig-11&profile=dev")["results"]] == ["gamma"]


def test_the_published_promotions_with_their_public_challenge_counts_and_phases(world):
    page = data("promotions")
    assert slugs(page) == ["eig-11", "eig-10"]
    assert [p["challenge_count"] for p in page["results"]] == [1, 2]
    detail = data("promotions/eig-10")
    assert [phase["kind"] for phase in detail["phases"]] == ["programme"]
    assert detail["programme"] == {"code": "EIG", "name": detail["programme"]["name"]}
    assert get("promotions/cachee").status_code == 404


# --- People: only with their consent ------------------------------------------------------------


def test_a_team_lists_only_the_fellows_and_mentors_who_consented(world):
    team = data(f"teams/{world.alpha.pk}")
    assert [m["name"] for m in team["fellows"]] == ["Ada Lovelace"]
    assert [m["name"] for m in team["mentors"]] == ["Olga Mentor"]
    ada = team["fellows"][0]
    assert set(ada) == {"name", "slug", "role", "role_label", "profile", "url"}  # no e-mail, nothing private
    assert ada["url"] == f"http://testserver/communaute/{world.people['ada'].slug}/"


def test_the_teams_are_the_public_challenges_with_fellows(world):
    page = data("teams")
    assert [t["challenge"]["slug"] for t in page["results"]] == ["alpha", "beta"]  # Gamma has no team yet
    assert get(f"teams/{world.gamma.pk}").status_code == 404
    assert get(f"teams/{world.proposed.pk}").status_code == 404


def test_a_person_who_refused_a_public_profile_appears_nowhere_in_the_api(world):
    text = all_pages_text(world)
    assert "Ada Lovelace" in text
    for key in ("bob", "hugo", "zoe"):
        person = world.people[key]
        assert person.name not in text and person.slug not in text


# --- News, events, statistics ------------------------------------------------------------------------


def test_the_published_news_only_with_tags_and_a_tag_filter(world):
    page = data("news")
    assert slugs(page) == [world.post.slug]
    assert page["results"][0]["tags"] == [{"slug": "promotion-10", "name": "Promotion 10"}]
    assert data("news?tag=promotion-10")["count"] == 1
    assert data("news?tag=autre")["count"] == 0
    assert data(f"news/{world.post.slug}")["title"] == "La promotion démarre"
    assert get(f"news/{world.draft.slug}").status_code == 404


def test_the_events_staff_announced_publicly_without_their_connection_link(world):
    page = data("events")
    assert [e["id"] for e in page["results"]] == [world.event.pk]
    assert set(page["results"][0]) == {
        "id", "promotion", "kind", "kind_label", "title", "description", "starts_at", "ends_at", "place",
    }  # fmt: skip
    assert "secret-room" not in get("events").content.decode()
    assert data("events?kind=collective")["count"] == 0
    assert data("events?promotion=eig-11")["count"] == 0


def test_the_statistics_mask_a_count_of_one_to_four_fellows_but_not_challenges_or_achievements(world):
    for n in range(4):
        with_extras(ChallengeFactory(promotion=world.promotion, title=f"Défi {n}", slug=f"defi-stat-{n}"))
    rows = {row["promotion"]["slug"]: row for row in data("statistics")["results"]}
    # eig-10: Alpha, Bêta and the four new ones: 6 challenges and 6 achievements; 2 fellows (Ada, Bob: masked).
    assert rows["eig-10"] == {
        "promotion": {"slug": "eig-10", "label": "EIG 10", "year": 2026},
        "challenges": 6,
        "fellows": None,
        "achievements": 6,
    }
    assert isinstance(rows["eig-11"]["challenges"], int) and rows["eig-11"]["fellows"] in (0, None)
    assert "cachee" not in rows
    assert data("statistics")["min_group"] == 5


def test_the_statistics_count_fellows_consenting_or_not_once_there_are_five(world):
    for n in range(2):
        member(world.beta, f"Fellow {n}", public=n == 0, order=n + 1)
    rows = {row["promotion"]["slug"]: row for row in data("statistics")["results"]}
    assert rows["eig-10"]["fellows"] == 5  # Ada, Bob, Cléo and two more: a count names nobody


# --- Pages ---------------------------------------------------------------------------------


def test_pages_have_a_count_and_links_in_a_stable_order(world):
    first = data("challenges?limit=2")
    assert first["count"] == 3 and slugs(first) == ["gamma", "alpha"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/challenges?limit=2&offset=2"
    second = Client().get(first["next"]).json()
    assert slugs(second) == ["beta"] and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/challenges?limit=2&offset=0"
    beyond = data("challenges?offset=50")
    assert beyond["results"] == [] and beyond["previous"] == "http://testserver/api/v1/challenges?offset=0"


def test_challenges_of_the_same_title_keep_one_order(world):
    twins = [ChallengeFactory(promotion=world.other, title="Jumeau", slug=f"jumeau-{n}") for n in range(3)]
    assert [c["id"] for c in data("challenges?promotion=eig-11&q=jumeau")["results"]] == [t.pk for t in twins]


# --- Languages ---------------------------------------------------------------------------------


def test_lang_en_gives_the_english_texts_and_english_page_addresses(world):
    alpha = data(f"challenges/{world.alpha.pk}?lang=en")
    assert alpha["title"] == "Alpha (en)"
    assert alpha["url"] == "http://testserver/en/defis/eig-10/alpha/"
    assert data(f"challenges/{world.beta.pk}?lang=en")["title"] == "Bêta"  # not translated: French
    assert data("news?lang=en")["results"][0]["title"] == "The promotion starts"
    assert get("challenges?lang=en")["Content-Language"] == "en"


def test_without_lang_the_accept_language_header_decides_and_french_by_default(world):
    assert data(f"challenges/{world.alpha.pk}", accept_language="en-GB,en;q=0.8")["title"] == "Alpha (en)"
    assert data(f"challenges/{world.alpha.pk}", accept_language="de")["title"] == "Alpha"
    assert data(f"challenges/{world.alpha.pk}?lang=fr", accept_language="en")["title"] == "Alpha"
    response = get(f"challenges/{world.alpha.pk}")
    assert response["Content-Language"] == "fr" and "Accept-Language" in response["Vary"]


# --- HTTP: caching, rate limit, methods, headers ---------------------------------------------------


def test_an_answer_carries_an_etag_and_public_cache_headers(world):
    response = get("challenges")
    assert response["ETag"].startswith('"') and response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    # The site's security headers still apply.
    assert (
        response["X-Content-Type-Options"] == "nosniff" and "default-src 'self'" in response["Content-Security-Policy"]
    )


def test_if_none_match_answers_304_until_public_content_changes(world, django_assert_num_queries):
    etag = get("challenges")["ETag"]
    with django_assert_num_queries(1):  # the content version, nothing else
        not_modified = get("challenges", if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag and not_modified["Cache-Control"] == "public, max-age=60"
    assert get("challenges", if_none_match=f"W/{etag}").status_code == 304
    assert get("challenges?lang=en", if_none_match=etag).status_code == 200  # another representation
    world.alpha.title = "Alpha renommé"
    world.alpha.save()
    changed = get("challenges", if_none_match=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_repeated_read_is_served_from_the_cache_in_one_query(world, django_assert_num_queries):
    first = get("challenges")
    with django_assert_num_queries(1):
        again = get("challenges")
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_errors_carry_no_etag_and_are_not_cached(world):
    response = get("challenges/999999")
    assert response.status_code == 404 and "ETag" not in response
    assert response["Cache-Control"] == "no-cache"


def test_past_the_rate_limit_a_client_gets_429_with_retry_after_and_others_do_not(world, settings):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS = 2, 60
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.get(API + "challenges").status_code for _ in range(2)] == [200, 200]
    refused = client.get(API + "promotions")
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    body = refused.json()
    assert body["retry_after"] == wait
    assert body["detail"].startswith("Trop de requêtes : 2 par tranche de 60 secondes au plus.")
    assert body["detail_en"].startswith("Too many requests: at most 2 per 60 seconds.")
    assert Client(REMOTE_ADDR="203.0.113.8").get(API + "challenges").status_code == 200


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_address(world, settings):
    settings.API_RATE_LIMIT, settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1, 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    assert proxy.get(API + "news", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    assert proxy.get(API + "news", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    assert proxy.get(API + "news", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429


def test_a_limit_of_zero_turns_the_rate_limit_off(world, settings):
    settings.API_RATE_LIMIT = 0
    assert {get("statistics").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_writes_answer_405_without_a_csrf_check(world, method):
    client = Client(enforce_csrf_checks=True)
    for path in ("challenges", f"challenges/{world.alpha.pk}", "openapi.json", "docs", ""):
        response = getattr(client, method)(API + path)
        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["detail_en"] == "The API is read-only: only GET and HEAD are accepted."


def test_head_answers_get_s_headers_and_options_a_cors_preflight(world):
    head = Client().head(API + "challenges")
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == get("challenges")["ETag"]
    options = Client().options(API + "challenges")
    assert options.status_code == 204
    assert options["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in options["Access-Control-Allow-Headers"]


# --- The schema, the docs, the index -----------------------------------------------------------


def test_the_openapi_31_schema_lists_every_operation(world):
    schema = data("openapi.json")
    assert schema["openapi"] == "3.1.0"
    assert sorted(schema["paths"]) == sorted(
        API + path
        for path in [
            *LISTS,
            "challenges/{id}",
            "challenges/{promotion}/{slug}",
            "promotions/{slug}",
            "teams/{id}",
            "news/{slug}",
        ]
    )
    assert set(schema["paths"][API + "challenges"]["get"]["responses"]) == {"200", "422", "429"}


def test_the_docs_page_loads_only_the_site_s_own_scripts_under_the_site_s_csp(world):
    response = get("docs")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "cdn" not in html.lower() and "https://" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp


def test_the_index_points_to_every_resource_the_schema_and_the_docs(world):
    index = data("")
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    assert index["docs"] == "http://testserver/api/v1/docs"
    assert sorted(index["resources"]) == sorted(LISTS)
    for url in index["resources"].values():
        assert Client().get(url).status_code == 200


# --- Query counts: flat whatever the number of rows ------------------------------------------------


def _more(world, n, start=0):
    """n more public challenges, each with a position, an achievement, a key figure, a team of two
    fellows (one consenting) and a mentor, in as many promotions; and n news posts and n public events."""
    for i in range(start, start + n):
        promotion = PromotionFactory(number=20 + i, slug=f"eig-{20 + i}")
        challenge = ChallengeFactory(promotion=promotion, title=f"Défi {i}", slug=f"defi-{i}")
        PositionFactory(challenge=challenge)
        AchievementFactory(challenge=challenge)
        member(challenge, f"Public {i}")
        member(challenge, f"Privé {i}", public=False, order=1)
        member(challenge, f"Mentor {i}", role=Membership.Role.MENTOR)
        NewsPostFactory(tags=[])
        event(promotion)


# Every first read after an edit: the content version and the page cache's two time boundaries
# (eig/core/pagecache.py, read once per version: 3 queries), then a count, the page, its prefetches.
EXPECTED_QUERIES = {
    "challenges": 3 + 3,  # count, page, profiles
    "positions": 3 + 2,  # count, page (profile, challenge, promotion joined)
    "achievements": 3 + 2,
    "promotions": 3 + 2,
    "teams": 3 + 3,  # count, page, consenting members with their profile
    "news": 3 + 3,  # count, page, tags
    "events": 3 + 2,
    "statistics": 3 + 4,  # three grouped counts and the promotions
}


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_answers_in_a_fixed_number_of_queries(world, resource, django_assert_num_queries):
    _more(world, 2)
    with django_assert_num_queries(EXPECTED_QUERIES[resource]):
        small = get(resource)
    _more(world, 4, start=2)
    with django_assert_num_queries(EXPECTED_QUERIES[resource]):
        large = get(resource)
    assert small.status_code == large.status_code == 200
    if resource != "statistics":
        assert json.loads(large.content)["count"] > json.loads(small.content)["count"]


def test_a_challenge_answers_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    with_extras(world.alpha, 3)
    # Version and time boundaries (3), the challenge, its profiles, positions and their profiles,
    # figures, achievements.
    with django_assert_num_queries(3 + 6):
        get(f"challenges/{world.alpha.pk}")
    with_extras(world.alpha, 5)
    with django_assert_num_queries(3 + 6):
        assert len(data(f"challenges/{world.alpha.pk}")["positions"]) == 9


def test_the_statuses_the_api_accepts_are_the_public_ones(world):
    assert set(Challenge.PUBLIC_STATUSES) == {"selected", "recruiting", "in_progress", "finished"}
