"""The page cache serves anonymous visitors a copy, and never a stale one.

Each test makes a change the way the admin or a service would (through the ORM)
and asserts the very next request shows it. Timings live in the benchmark
(`make bench ONLY=public-pages`), not here.
"""

import datetime
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.community.models import Person
from eig.core.models import ContentVersion
from eig.core.pagecache import current_version
from eig.promotions.models import Phase
from tests.factories import ChallengeFactory, PersonFactory, PhaseFactory, UserFactory, profile

pytestmark = pytest.mark.django_db

CHALLENGES = reverse("public:challenge_list")
HOME = reverse("public:home")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# A challenge card's profile tag (the filter form lists every profile anyway).
GEOMATICS_TAG = '<p class="fr-tag fr-tag--sm">Géomatique</p>'


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def test_second_anonymous_get_of_the_challenge_list_is_a_hit_with_identical_content(client):
    ChallengeFactory(title="Signaux faibles")

    first = client.get(CHALLENGES)
    second = client.get(CHALLENGES)

    assert (first.status_code, cache_state(first)) == (200, "miss")
    assert (second.status_code, cache_state(second)) == (200, "hit")
    assert second.content == first.content
    assert "Signaux faibles" in second.text


def test_a_hit_replays_every_header_of_the_miss(client):
    ChallengeFactory()

    first = client.get(CHALLENGES)
    second = client.get(CHALLENGES)

    def headers(response):
        return {k: v for k, v in response.headers.items() if k != "X-Page-Cache"}

    assert headers(second) == headers(first)


def test_a_cached_page_still_carries_the_csp_and_security_headers(client):
    client.get(CHALLENGES)

    hit = client.get(CHALLENGES)

    assert cache_state(hit) == "hit"
    for name, expected in SECURITY_HEADERS.items():
        assert expected in hit.headers.get(name, ""), name


def test_a_title_edit_is_visible_on_the_very_next_request(client):
    challenge = ChallengeFactory(title="Ancien titre")
    client.get(CHALLENGES)
    assert cache_state(client.get(CHALLENGES)) == "hit"

    challenge.title = "Nouveau titre"
    challenge.save()
    response = client.get(CHALLENGES)

    assert cache_state(response) == "miss"
    assert "Nouveau titre" in response.text
    assert "Ancien titre" not in response.text


def test_a_deleted_challenge_disappears_on_the_very_next_request(client):
    ChallengeFactory(title="Défi qui reste")
    doomed = ChallengeFactory(title="Défi supprimé")
    assert "Défi supprimé" in client.get(CHALLENGES).text

    doomed.delete()
    response = client.get(CHALLENGES)

    assert "Défi supprimé" not in response.text
    assert "Défi qui reste" in response.text


def test_a_profile_added_to_a_challenge_is_visible_on_the_very_next_request(client):
    challenge = ChallengeFactory(profiles=["dev"])
    assert GEOMATICS_TAG not in client.get(CHALLENGES).text

    challenge.profiles.add(profile("geomatique"))

    assert GEOMATICS_TAG in client.get(CHALLENGES).text


def test_a_profile_removed_from_a_challenge_disappears_on_the_very_next_request(client):
    challenge = ChallengeFactory(profiles=["dev", "geomatique"])
    assert GEOMATICS_TAG in client.get(CHALLENGES).text

    challenge.profiles.remove(profile("geomatique"))

    assert GEOMATICS_TAG not in client.get(CHALLENGES).text


def test_a_person_removed_from_the_community_disappears_on_the_very_next_request(client):
    # The community app is public content too: a model outside PRIVATE_APPS bumps.
    PersonFactory(name="Camille Dupont", is_public=True)
    url = reverse("public:community")
    assert "Camille Dupont" in client.get(url).text

    Person.objects.get(name="Camille Dupont").delete()

    assert "Camille Dupont" not in client.get(url).text


def test_a_call_that_closes_shows_closed_without_any_edit(client, monkeypatch):
    ends_at = timezone.now() + datetime.timedelta(days=2)
    PhaseFactory(kind=Phase.Kind.APPLICATION_CALL, ends_at=ends_at)
    assert "Ouvert" in client.get(HOME).text
    assert cache_state(client.get(HOME)) == "hit"

    later = ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(HOME)

    assert cache_state(response) == "miss"
    assert "Clos" in response.text
    assert "Ouvert" not in response.text


def test_a_signed_in_user_never_gets_a_cached_page(client):
    ChallengeFactory()
    client.get(CHALLENGES)
    client.get(CHALLENGES)  # the anonymous copy is cached
    client.force_login(UserFactory())

    response = client.get(CHALLENGES)

    assert cache_state(response) is None
    assert "Se déconnecter" in response.text


def test_a_page_rendered_for_a_signed_in_user_is_not_stored(client):
    ChallengeFactory()
    client.force_login(UserFactory())
    client.get(CHALLENGES)
    client.logout()
    client.cookies.clear()

    response = client.get(CHALLENGES)

    assert cache_state(response) == "miss"
    assert "Se déconnecter" not in response.text


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_a_flash_message_bypasses_the_cache(client, cookie):
    client.get(CHALLENGES)
    client.cookies[cookie] = "something"

    assert cache_state(client.get(CHALLENGES)) is None


def test_a_request_with_credentials_bypasses_the_cache(client):
    client.get(CHALLENGES)

    assert cache_state(client.get(CHALLENGES, headers={"Authorization": "Bearer x"})) is None


def test_post_is_never_answered_from_the_cache(client):
    client.get(CHALLENGES)
    assert cache_state(client.get(CHALLENGES)) == "hit"

    response = client.post(CHALLENGES)

    assert response.status_code == 405
    assert cache_state(response) is None
    assert cache_state(client.get(CHALLENGES)) == "hit"


def test_head_is_answered_from_the_copy_of_get_with_its_headers(client):
    get = client.get(CHALLENGES)

    head = client.head(CHALLENGES)

    assert (head.status_code, cache_state(head)) == (200, "hit")
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(get.content))
    assert head.content == b""


def test_english_and_french_versions_are_cached_separately(client):
    ChallengeFactory()
    french = client.get(CHALLENGES)
    english = client.get("/en" + CHALLENGES)

    assert cache_state(english) == "miss"
    assert cache_state(client.get("/en" + CHALLENGES)) == "hit"
    assert cache_state(client.get(CHALLENGES)) == "hit"
    assert french.headers["Content-Language"] == "fr"
    assert english.headers["Content-Language"] == "en"
    assert client.get("/en" + CHALLENGES).content == english.content
    assert client.get(CHALLENGES).content == french.content


def test_each_query_string_is_its_own_entry(client):
    ChallengeFactory(title="Alpha", profiles=["dev"])
    ChallengeFactory(title="Bêta", profiles=["design"])
    client.get(CHALLENGES)

    filtered = client.get(CHALLENGES, {"profile": "design"})

    assert cache_state(filtered) == "miss"
    assert "Bêta" in filtered.text
    assert "Alpha" not in filtered.text


def test_a_not_found_page_is_not_stored(client):
    url = reverse("public:challenge_detail", kwargs={"promotion": "eig-99", "slug": "absent"})
    client.get(url)

    assert client.get(url).status_code == 404
    assert cache_state(client.get(url)) is None


def test_signing_in_does_not_invalidate_public_pages(client):
    # Sessions, accounts and the activity log are private apps: their writes keep the cache.
    before = current_version()
    client.force_login(UserFactory())

    assert current_version() == before


def test_in_demo_mode_a_new_account_invalidates_the_home_page_that_lists_them(settings):
    settings.DEMO = True
    before = current_version()

    UserFactory()

    assert current_version() > before


def test_every_write_of_public_content_bumps_the_version_in_the_same_transaction():
    before = current_version()

    ChallengeFactory()

    assert current_version() > before
    assert ContentVersion.objects.get(key="public").version == current_version()


def test_a_candidates_dossier_writes_keep_the_public_pages_cached(settings, tmp_path):
    """A deadline rush writes dossiers many times a second: none of it is public, none of it bumps."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eig.applications.services import set_wishes
    from eig.calls import services
    from eig.calls.models import Question, Step
    from tests.factories.calls import COMPLETE_ANSWERS, application_call
    from tests.factories.files import PDF_BYTES

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call = application_call()
    user = UserFactory()
    before = current_version()

    dossier = services.start_dossier(call, owner=user)
    for slug, answers in COMPLETE_ANSWERS.items():
        services.save_step(dossier, Step.objects.get(call=call, slug=slug), answers, by=user)
    set_wishes(dossier, [call.promotion.challenges.get().positions.first().pk], by=user)
    cv = Question.objects.get(step__call=call, key="cv")
    services.attach_file(dossier, cv, SimpleUploadedFile("cv.pdf", PDF_BYTES), by=user)
    services.submit_dossier(dossier, by=user)

    assert current_version() == before


def test_a_call_edit_and_its_opening_reach_the_participate_page(client):
    from tests.factories.calls import application_call

    before = current_version()
    call = application_call(opens_at=timezone.now() + datetime.timedelta(hours=1))
    assert current_version() > before  # a call is public: the « Candidater » button follows it
    from eig.core.pagecache import _time_boundaries

    assert call.opens_at.timestamp() in _time_boundaries(current_version())


# --- Signed-in visitors: the shared body of a public page, their own header ------------------------


def header_of(response) -> str:
    text = response.text
    start = text.index('<header role="banner"')
    return text[start : text.index("</header>", start)]


def without_header(response) -> str:
    return response.text.replace(header_of(response), "")


def test_a_signed_in_visitor_gets_the_body_everyone_gets_with_their_own_header(client):
    ChallengeFactory(title="Signaux faibles")
    anonymous = client.get(CHALLENGES)
    client.force_login(UserFactory(first_name="Ada"))

    response = client.get(CHALLENGES)

    assert response.status_code == 200
    assert without_header(response) == without_header(anonymous)
    assert "Se déconnecter" in header_of(response) and "Se connecter" not in header_of(response)
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_signed_in_visitor_s_second_visit_does_not_query_the_list_again(client):
    ChallengeFactory.create_batch(3)
    client.force_login(UserFactory())
    client.get(CHALLENGES)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHALLENGES)

    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "challenges_challenge" in q["sql"]]


def test_each_signed_in_visitor_gets_their_own_header_and_sign_out_token(client):
    ChallengeFactory()
    staff = UserFactory(is_staff=True)
    client.force_login(UserFactory())
    candidate_page = client.get(CHALLENGES)
    client.force_login(staff)

    staff_page = client.get(CHALLENGES)

    assert "Suivi des appels" in header_of(staff_page)
    assert "Suivi des appels" not in candidate_page.text
    assert without_header(staff_page) == without_header(candidate_page)
    # The sign-out form carries a token for this visitor's CSRF cookie.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header_of(staff_page))[1]
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_signed_in_visitor_sees_an_edit_on_the_very_next_request(client):
    challenge = ChallengeFactory(title="Ancien titre")
    client.force_login(UserFactory())
    assert "Ancien titre" in client.get(CHALLENGES).text

    challenge.title = "Nouveau titre"
    challenge.save()
    response = client.get(CHALLENGES)

    assert "Nouveau titre" in response.text
    assert "Ancien titre" not in response.text


def test_a_signed_in_visitor_with_a_flash_message_gets_it_in_the_page(client, rf):
    ChallengeFactory()
    client.force_login(UserFactory())
    client.get(CHALLENGES)  # the shared body is kept
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(constants.SUCCESS, "Dossier déposé.")])

    response = client.get(CHALLENGES)

    assert "Dossier déposé." in response.text
    assert "Dossier déposé." not in client.get(CHALLENGES).text  # shown once, then the shared body again


def test_the_shared_body_is_rendered_for_nobody_in_particular(client):
    ChallengeFactory()
    client.force_login(UserFactory(email="ada.lovelace@example.org", first_name="Ada", last_name="Lovelace"))
    client.get(CHALLENGES)
    client.logout()
    client.force_login(UserFactory())

    response = client.get(CHALLENGES)

    assert "Lovelace" not in response.text and "ada.lovelace" not in response.text
