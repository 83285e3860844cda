"""What a visitor sees on the public site, page by page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.urls import reverse

from eig.challenges.models import Challenge
from eig.promotions.models import Phase
from eig.web.public.errors import server_error
from tests.factories import (
    AchievementFactory,
    AdministrationFactory,
    ChallengeFactory,
    FAQEntryFactory,
    KeyFigureFactory,
    MembershipFactory,
    NewsPostFactory,
    PersonFactory,
    PhaseFactory,
    PositionFactory,
    PromotionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def listed_titles(response):
    return [c.title for c in response.context["page_obj"]]


# --- Participer: the page follows the state of the current call ------------


def test_open_application_call_shows_its_dates_to_the_minute_in_paris_time(client, time_machine=None):
    now = datetime.datetime.now(tz=PARIS)
    PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=(now + datetime.timedelta(days=10)).replace(hour=23, minute=0, second=0, microsecond=0),
    )
    html = client.get(reverse("public:participate_candidates")).content.decode()
    assert "ouvert" in html
    assert "à 23:00 (heure de Paris)" in html
    assert "Découvrir les défis" in html


def test_a_deadline_stored_in_utc_is_shown_in_paris_time(client):
    # 27 October 2017 at 17:00 Paris time is 15:00 UTC (summer time until the 29th).
    PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        starts_at=paris(2017, 9, 27, 9, 0),
        ends_at=datetime.datetime(2017, 10, 27, 15, 0, tzinfo=datetime.UTC),
    )
    html = client.get(reverse("public:participate_candidates")).content.decode()
    assert "27 octobre 2017 à 17:00 (heure de Paris)" in html
    assert "clos" in html and "Découvrir les défis" not in html


def test_upcoming_challenge_call_says_when_it_opens(client):
    now = datetime.datetime.now(tz=PARIS)
    PhaseFactory(
        kind=Phase.Kind.CHALLENGE_CALL,
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=40),
    )
    html = client.get(reverse("public:participate_administrations")).content.decode()
    assert "bientôt ouvert" in html
    assert "Se connecter pour déposer un défi" not in html


def test_without_any_call_the_page_says_so(client):
    html = client.get(reverse("public:participate_candidates")).content.decode()
    assert "Aucun appel n'est annoncé pour le moment" in html


def test_the_open_call_wins_over_an_older_closed_one(client):
    now = datetime.datetime.now(tz=PARIS)
    PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        promotion=PromotionFactory(number=2),
        starts_at=paris(2017, 9, 27, 9),
        ends_at=paris(2017, 10, 27, 17),
    )
    current = PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        promotion=PromotionFactory(number=9),
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    response = client.get(reverse("public:participate_candidates"))
    assert response.context["call"] == current


def test_home_lists_the_calls_with_their_state(client):
    now = datetime.datetime.now(tz=PARIS)
    PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    PhaseFactory(kind=Phase.Kind.CHALLENGE_CALL, starts_at=paris(2026, 1, 5, 9), ends_at=paris(2026, 2, 5, 12))
    response = client.get(reverse("public:home"))
    assert [c.kind for c in response.context["calls"]] == [Phase.Kind.APPLICATION_CALL, Phase.Kind.CHALLENGE_CALL]
    html = response.content.decode()
    assert "Ouvert" in html and "Clos" in html


# --- Challenges --------------------------------------------------------------


def test_challenge_list_filters_by_promotion_profile_administration_status_and_text(client):
    p2, p4 = PromotionFactory(number=2), PromotionFactory(number=4)
    archives = AdministrationFactory(name="Archives nationales", slug="archives-nationales")
    ChallengeFactory(
        title="Archifiltre", promotion=p2, administration=archives, profiles=["dev"], status=Challenge.Status.FINISHED
    )
    ChallengeFactory(title="Gobelins", promotion=p2, profiles=["design"], status=Challenge.Status.FINISHED)
    ChallengeFactory(title="ADEX", promotion=p4, profiles=["datascience"], status=Challenge.Status.IN_PROGRESS)
    ChallengeFactory(title="Secret", promotion=p4, status=Challenge.Status.PROPOSED)
    url = reverse("public:challenge_list")
    assert sorted(listed_titles(client.get(url))) == ["ADEX", "Archifiltre", "Gobelins"]
    assert sorted(listed_titles(client.get(url, {"promotion": p2.slug}))) == ["Archifiltre", "Gobelins"]
    assert listed_titles(client.get(url, {"profile": "design"})) == ["Gobelins"]
    assert listed_titles(client.get(url, {"administration": "archives-nationales"})) == ["Archifiltre"]
    assert listed_titles(client.get(url, {"status": "in_progress"})) == ["ADEX"]
    assert listed_titles(client.get(url, {"q": "archives"})) == ["Archifiltre"]
    assert listed_titles(client.get(url, {"q": "gobelins", "promotion": p4.slug})) == []


def test_a_challenge_with_several_matching_profiles_is_listed_once(client):
    ChallengeFactory(profiles=["dev", "design"])
    assert len(listed_titles(client.get(reverse("public:challenge_list"), {"profile": "dev"}))) == 1


def test_challenge_list_is_paginated_by_twelve_and_keeps_the_filters(client):
    promotion = PromotionFactory()
    for i in range(14):
        ChallengeFactory(title=f"Défi {i:02}", promotion=promotion)
    url = reverse("public:challenge_list")
    first = client.get(url, {"promotion": promotion.slug})
    assert len(listed_titles(first)) == 12
    assert f"?promotion={promotion.slug}&amp;page=2" in first.content.decode()
    assert len(listed_titles(client.get(url, {"promotion": promotion.slug, "page": 2}))) == 2


def test_an_unknown_filter_value_is_ignored_not_an_error(client):
    ChallengeFactory()
    response = client.get(reverse("public:challenge_list"), {"profile": "astrologie"})
    assert response.status_code == 200 and len(listed_titles(response)) == 1


def test_challenge_page_shows_team_mentors_positions_figures_achievements_and_code(client):
    challenge = ChallengeFactory(title="Signaux Faibles", source_code_url="https://example.org/code")
    MembershipFactory(challenge=challenge, person=PersonFactory(name="Alice Martin"))
    MembershipFactory(
        challenge=challenge, person=PersonFactory(name="Bruno Petit", role="mentor"), role="operational_mentor"
    )
    MembershipFactory(challenge=challenge, person=PersonFactory(name="Caché", is_public=False))
    PositionFactory(challenge=challenge, mission="Détecter les entreprises en difficulté")
    KeyFigureFactory(challenge=challenge, amount="3 000", description="entreprises suivies")
    AchievementFactory(challenge=challenge, title="Tableau de bord")
    html = client.get(challenge.get_absolute_url()).content.decode()
    for text in [
        "Signaux Faibles",
        "Alice Martin",
        "Bruno Petit",
        "Mentor opérationnel",
        "Détecter les entreprises en difficulté",
        "3 000",
        "entreprises suivies",
        "Tableau de bord",
        "https://example.org/code",
    ]:
        assert text in html, text
    assert "Caché" not in html


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        ("recruiting", "Profils recherchés"),
        ("in_progress", "Les profils de l’équipe"),
        ("finished", "Les profils de l’équipe"),
    ],
)
def test_a_challenge_seeks_profiles_only_until_its_team_is_formed(client, status, heading):
    challenge = ChallengeFactory(status=status)
    PositionFactory(challenge=challenge, mission="Détecter les entreprises en difficulté")

    html = client.get(challenge.get_absolute_url()).content.decode()

    assert f"<h2>{heading}</h2>" in html
    assert ("Profils recherchés" in html) == (status == "recruiting")


def test_apply_button_shows_only_while_the_call_of_the_challenge_promotion_is_open(client):
    now = datetime.datetime.now(tz=PARIS)
    challenge = ChallengeFactory(status=Challenge.Status.RECRUITING)
    PositionFactory(challenge=challenge)
    phase = PhaseFactory(
        promotion=challenge.promotion,
        kind=Phase.Kind.APPLICATION_CALL,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    assert "Candidater à ce défi" in client.get(challenge.get_absolute_url()).content.decode()
    phase.ends_at = now - datetime.timedelta(minutes=1)
    phase.save()
    assert "Candidater à ce défi" not in client.get(challenge.get_absolute_url()).content.decode()


# --- Promotions, community, news, FAQ ---------------------------------------


def test_promotions_archive_counts_only_public_challenges(client):
    promotion = PromotionFactory(number=3)
    ChallengeFactory(promotion=promotion)
    ChallengeFactory(promotion=promotion, status=Challenge.Status.PROPOSED)
    promotions = list(client.get(reverse("public:promotion_list")).context["promotions"])
    assert [(p.number, p.public_challenge_count) for p in promotions] == [(3, 1)]


def test_community_filters_by_promotion_and_profile_and_hides_people_without_consent(client):
    p1, p2 = PromotionFactory(number=1), PromotionFactory(number=2)
    alice = PersonFactory(name="Alice", profile=None)
    alice.promotions.add(p1)
    bruno = PersonFactory(name="Bruno")
    bruno.promotions.add(p2)
    PersonFactory(name="Chloé", is_public=False).promotions.add(p2)
    url = reverse("public:community")
    names = lambda r: [p.name for p in r.context["page_obj"]]  # noqa: E731
    assert names(client.get(url)) == ["Alice", "Bruno"]
    assert names(client.get(url, {"promotion": p2.slug})) == ["Bruno"]
    assert names(client.get(url, {"profile": "dev"})) == ["Bruno"]


def test_news_filter_by_tag_and_drafts_stay_hidden(client):
    method = TagFactory(name="méthode", slug="methode")
    NewsPostFactory(title="Bootcamp", tags=[method])
    NewsPostFactory(title="Autre")
    draft = NewsPostFactory(title="Brouillon", is_draft=True)
    url = reverse("public:news_list")
    titles = lambda r: [p.title for p in r.context["page_obj"]]  # noqa: E731
    assert sorted(titles(client.get(url))) == ["Autre", "Bootcamp"]
    assert titles(client.get(url, {"tag": "methode"})) == ["Bootcamp"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_rss_and_atom_feeds_list_published_posts_with_their_tags(client):
    NewsPostFactory(title="Bilan de la promotion 3", tags=[TagFactory(name="bilan", slug="bilan")])
    NewsPostFactory(title="Brouillon secret", is_draft=True)
    rss = client.get(reverse("public:news_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "Bilan de la promotion 3" in body and "<category>bilan</category>" in body
    assert "Brouillon secret" not in body
    atom = client.get(reverse("public:news_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Bilan de la promotion 3" in atom.content.decode()


def test_faq_groups_questions_by_audience_and_sanitises_answers(client):
    FAQEntryFactory(
        audience="candidates",
        question="Qui peut devenir EIG ?",
        answer='<p onclick="x()">Toute personne</p><script>alert(1)</script>',
    )
    FAQEntryFactory(audience="administrations", question="Combien coûte un défi ?")
    response = client.get(reverse("public:faq"))
    assert [e.question for e in response.context["candidates"]] == ["Qui peut devenir EIG ?"]
    assert [e.question for e in response.context["administrations"]] == ["Combien coûte un défi ?"]
    html = response.content.decode()
    assert "<p>Toute personne</p>" in html and "<script>alert" not in html and "onclick" not in html


# --- Language, sitemap, errors ----------------------------------------------


def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    challenge = ChallengeFactory(title="Défi", title_en="Challenge")
    fr = client.get(challenge.get_absolute_url()).content.decode()
    assert f'hreflang="en" lang="en" href="/en{challenge.get_absolute_url()}"' in fr
    en = client.get("/en" + challenge.get_absolute_url()).content.decode()
    assert '<html lang="en"' in en and "<h1>Challenge</h1>" in en


def test_the_language_links_kept_per_path_lead_each_page_to_itself_in_the_other_language(client):
    """The links are kept per path and language (eig.web.public.context_processors): pages read one after
    the other, in both languages and twice, each get their own."""
    pages = ["/defis/", "/faq/", "/defis/?page=2"]
    for _round in range(2):
        for path in pages:
            french = client.get(path).content.decode()
            assert f'<link rel="alternate" hreflang="en" href="/en{path}">' in french.replace("&amp;", "&")
            english = client.get("/en" + path).content.decode()
            assert f'hreflang="fr" lang="fr" href="{path}"' in english.replace("&amp;", "&")


def test_english_falls_back_to_french_content_without_a_translation(client):
    challenge = ChallengeFactory(title="Hopkins")
    assert '<h1 lang="fr">Hopkins</h1>' in client.get("/en" + challenge.get_absolute_url()).content.decode()


def test_sitemap_lists_public_pages_in_both_languages(client):
    public = ChallengeFactory()
    hidden = ChallengeFactory(status=Challenge.Status.PROPOSED)
    body = client.get(reverse("sitemap")).content.decode()
    assert public.get_absolute_url() in body and "/en" + public.get_absolute_url() in body
    assert hidden.get_absolute_url() not in body
    assert "/mentions-legales/" in body


def test_404_is_the_dsfr_error_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page non trouvée" in html and "fr-footer" in html


def test_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()


def test_legal_pages_exist_from_the_first_migration(client):
    for name, text in [
        ("footer-legal-notice", "Éditeur"),
        ("footer-personal-data", "Vos droits"),
        ("footer-accessibility-status", "partiellement conforme"),
    ]:
        assert text in client.get(reverse(name)).content.decode()


def test_french_fallback_text_on_an_english_page_is_marked_lang_fr(client):
    untranslated = ChallengeFactory(title="Hopkins", summary="Lutter contre la fraude")
    translated = ChallengeFactory(title="Gobelins", title_en="Gobelins tapestries", summary_en="Open the collection")
    untranslated_url, translated_url = untranslated.get_absolute_url(), translated.get_absolute_url()
    en = client.get("/en" + untranslated_url).content.decode()
    assert '<h1 lang="fr">Hopkins</h1>' in en
    assert '<p class="fr-text--lead" lang="fr">Lutter contre la fraude</p>' in en
    en = client.get("/en" + translated_url).content.decode()
    assert "<h1>Gobelins tapestries</h1>" in en
    fr = client.get(untranslated_url).content.decode()
    assert "<h1>Hopkins</h1>" in fr
