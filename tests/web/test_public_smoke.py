import pytest
from django.urls import reverse

from tests.factories import ChallengeFactory, NewsPostFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_every_public_page_type_answers_in_french_and_english(client):
    challenge = ChallengeFactory()
    post = NewsPostFactory()
    person = PersonFactory()
    urls = [
        reverse("public:home"),
        reverse("public:challenge_list"),
        challenge.get_absolute_url(),
        reverse("public:promotion_list"),
        challenge.promotion.get_absolute_url(),
        reverse("public:community"),
        person.get_absolute_url(),
        reverse("public:news_list"),
        post.get_absolute_url(),
        reverse("public:faq"),
        reverse("footer-legal-notice"),
        reverse("footer-personal-data"),
        reverse("footer-accessibility-status"),
        reverse("footer-sitemap"),
        reverse("public:participate_candidates"),
        reverse("public:participate_administrations"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get("/en" + url).status_code == 200, url
