"""List pages keep a flat number of queries from 1 to 50 rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ChallengeFactory,
    MembershipFactory,
    NewsPostFactory,
    PersonFactory,
    PromotionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def grow_challenges(count, promotion):
    for _ in range(count):
        challenge = ChallengeFactory(promotion=promotion, profiles=["dev", "design"])
        MembershipFactory(challenge=challenge)


def grow_people(count, promotion):
    for _ in range(count):
        person = PersonFactory()
        person.promotions.add(promotion)
        MembershipFactory(person=person, challenge=ChallengeFactory(promotion=promotion))


def grow_posts(count, promotion):
    tags = [TagFactory(), TagFactory()]
    for _ in range(count):
        NewsPostFactory(tags=tags)


@pytest.mark.parametrize(
    "url_name, grow",
    [("public:challenge_list", grow_challenges), ("public:community", grow_people), ("public:news_list", grow_posts)],
)
@pytest.mark.parametrize("query", ["", "?page=2"])
def test_list_pages_keep_a_flat_query_count_from_1_to_50_rows(client, url_name, grow, query):
    promotion = PromotionFactory()
    grow(1, promotion)
    url = reverse(url_name) + query
    with_one = queries_for(client, url)
    grow(49, promotion)
    with_fifty = queries_for(client, url)
    assert with_fifty == with_one


def test_filtered_challenge_list_keeps_a_flat_query_count(client):
    promotion = PromotionFactory()
    grow_challenges(1, promotion)
    url = reverse("public:challenge_list") + f"?promotion={promotion.slug}&profile=dev&q=D%C3%A9fi"
    with_one = queries_for(client, url)
    grow_challenges(49, promotion)
    assert queries_for(client, url) == with_one
