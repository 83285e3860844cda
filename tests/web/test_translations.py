"""The English versions of the public texts (issue 18 point 3): the programme team writes them on
« Versions anglaises » (/equipe/versions-anglaises/), an agent writes their administration's
challenges' from their space (/administration/defis/<id>/version-anglaise/), and the English pages
show them, the French text standing in, marked lang="fr", where there is none."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.challenges.models import Challenge
from eig.content import english
from eig.core.models import ActivityLog
from eig.proposals.services import join_administration
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    FAQEntryFactory,
    PageFactory,
    PositionFactory,
    PromotionFactory,
    StaffFactory,
    UserFactory,
    profile,
)
from tests.factories.agents import confirmed_agent

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def recruiting(**kwargs) -> Challenge:
    challenge = ChallengeFactory(
        title="Hopkins",
        summary="Lutter contre la fraude",
        body="## Le problème\n\nLa fraude coûte cher.",
        status=Challenge.Status.RECRUITING,
        **kwargs,
    )
    PositionFactory(challenge=challenge, profile=profile("dev"), mission="Construire l'outil", skills="Python")
    return challenge


def staff_url(obj, kind="defis") -> str:
    return reverse("staff:translation_edit", kwargs={"kind": kind, "pk": obj.pk})


def agent_url(challenge) -> str:
    return reverse("administrations:challenge_english", kwargs={"challenge": challenge.pk})


def challenge_form(challenge, **overrides) -> dict:
    position = challenge.positions.get()
    data = {
        "title": "Hopkins: fighting fraud",
        "summary": "Fight fraud with data",
        "body": "## The problem\n\nFraud is costly.",
        f"poste-{position.pk}-mission": "Build the tool",
        f"poste-{position.pk}-skills": "Python",
    }
    return data | overrides


@pytest.fixture
def staff():
    return client_of(StaffFactory(email="sam@equipe.example"))


# --- The programme team writes an English version -----------------------------------------------------


def test_staff_write_a_challenges_english_and_the_english_page_shows_it(staff):
    challenge = recruiting()
    url = challenge.get_absolute_url()  # before any request: a request leaves its language active
    response = staff.post(staff_url(challenge), challenge_form(challenge))
    assert response.status_code == 302

    page = client_of(UserFactory()).get("/en" + url).content.decode()
    assert "<h1>Hopkins: fighting fraud</h1>" in page
    assert '<p class="fr-text--lead">Fight fraud with data</p>' in page
    assert "<h2>The problem</h2>" in page and "Le problème" not in page
    assert "<span>Build the tool</span>" in page
    # The French page keeps the French text.
    french = Client().get(url).content.decode()
    assert "<h1>Hopkins</h1>" in french and "Construire l&#x27;outil" in french


def test_the_staff_page_shows_the_french_beside_the_english_fields(staff):
    challenge = recruiting()
    response = staff.get(staff_url(challenge))
    page = text(response)
    assert "Titre, en français" in page and "Titre, en anglais" in page
    assert '<div class="fr-highlight fr-ml-0" lang="fr"><p class="fr-text--sm">Hopkins</p></div>' in page
    assert "Poste : Développement" in page and "Mission, en anglais" in page
    raw = response.content.decode()
    position = challenge.positions.get()
    assert f'name="poste-{position.pk}-mission"' in raw
    assert re.search(r'<textarea name="body"[^>]*lang="en"', raw)


def test_the_english_version_written_is_logged_with_its_author(staff):
    challenge = recruiting()
    staff.post(staff_url(challenge), challenge_form(challenge))
    entries = ActivityLog.objects.filter(verb=english.VERB).order_by("target_type")
    assert [(e.target_type, e.actor.email) for e in entries] == [
        ("challenges.challenge", "sam@equipe.example"),
        ("challenges.position", "sam@equipe.example"),
    ]
    assert entries[0].data["fields"] == ["title", "summary", "body"]
    page = text(staff.get(staff_url(challenge)))
    assert "Version anglaise enregistrée" in page and "sam@equipe.example" in page


def test_a_title_too_long_is_refused_and_nothing_is_saved(staff):
    challenge = recruiting()
    response = staff.post(staff_url(challenge), challenge_form(challenge, title="x" * 201))
    assert response.status_code == 400
    assert "200" in text(response)
    challenge.refresh_from_db()
    assert challenge.title_en in ("", None) and challenge.positions.get().mission_en in ("", None)
    assert not ActivityLog.objects.filter(verb=english.VERB).exists()


def test_a_rules_page_gets_its_english_version(staff):
    rules = PageFactory(slug="reglement-eig-10", kind="rules", title="Règlement", body="Article premier.")
    url = rules.get_absolute_url()
    response = staff.post(staff_url(rules, "pages"), {"title": "Rules", "summary": "", "body": "Article one."})
    assert response.status_code == 302
    page = Client().get("/en" + url).content.decode()
    assert "<h1>Rules</h1>" in page and "Article one." in page


@pytest.mark.parametrize(
    ("kind", "make", "texts"),
    [
        ("profils", lambda: profile("dev"), {"label": "Software engineering"}),
        ("faq", lambda: FAQEntryFactory(question="Qui ?"), {"question": "Who?", "answer": "Anyone."}),
        ("promotions", lambda: PromotionFactory(slug="eig-99", title="EIG 99"), {"title": "EIG 99 (2032)"}),
    ],
)
def test_every_kind_has_its_english_page(staff, kind, make, texts):
    obj = make()
    assert staff.get(staff_url(obj, kind)).status_code == 200
    assert staff.post(staff_url(obj, kind), texts).status_code == 302
    obj.refresh_from_db()
    assert {name: getattr(obj, f"{name}_en") for name in texts} == texts


def test_an_unknown_kind_or_object_answers_404(staff):
    assert staff.get(reverse("staff:translation_edit", kwargs={"kind": "appels", "pk": 1})).status_code == 404
    assert staff.get(reverse("staff:translation_edit", kwargs={"kind": "defis", "pk": 999999})).status_code == 404


# --- What the English pages show without an English version ------------------------------------------


def test_a_missing_english_reads_french_marked_lang_fr():
    challenge = recruiting()
    page = Client().get("/en" + challenge.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">Hopkins</h1>' in page
    assert '<span lang="fr">Construire l&#x27;outil</span>' in page
    assert '<span class="eig-muted" lang="fr">Python</span>' in page
    # The profile has its English label (eig/challenges/migrations/0002_profiles.py): not marked.
    assert f"<strong>{profile('dev').label_en}</strong>" in page


def test_an_untranslated_profile_label_is_marked_french_on_the_challenge_list():
    dev = profile("dev")
    dev.label_en = ""
    dev.save()
    recruiting()
    page = Client().get("/en" + reverse("public:challenge_list")).content.decode()
    assert f'<p class="fr-tag fr-tag--sm" lang="fr">{dev.label_fr}</p>' in page
    assert '<a href="/en/defis/' in page and 'lang="fr">Hopkins</a>' in page


def test_the_participate_page_marks_its_untranslated_text_french():
    PageFactory(slug="participer-candidats", kind="candidates", title="Participer", body="Candidatez !")
    page = Client().get("/en" + reverse("public:participate_candidates")).content.decode()
    assert '<div class="fr-mb-4w" lang="fr"><p>Candidatez !</p>' in page


# --- An agent writes their challenge's English version ------------------------------------------------


def test_an_agent_writes_their_challenges_english_and_staff_see_who(staff):
    administration = AdministrationFactory(name="Direction des données")
    challenge = recruiting(administration=administration)
    url = challenge.get_absolute_url()
    agent = UserFactory(email="agnes@agents.example")
    confirmed_agent(agent, administration)
    client = client_of(agent)

    space = text(client.get(reverse("administrations:space")))
    assert "Les défis de vos administrations" in space and "Écrire la version anglaise" in space
    assert client.get(agent_url(challenge)).status_code == 200
    response = client.post(agent_url(challenge), challenge_form(challenge))
    assert response.status_code == 302

    challenge.refresh_from_db()
    assert challenge.title_en == "Hopkins: fighting fraud"
    assert challenge.positions.get().mission_en == "Build the tool"
    assert "agnes@agents.example" in text(staff.get(staff_url(challenge)))
    assert "<h1>Hopkins: fighting fraud</h1>" in Client().get("/en" + url).content.decode()


def test_another_administrations_challenge_answers_404_to_an_agent():
    challenge = recruiting()
    agent = UserFactory()
    confirmed_agent(agent, AdministrationFactory())
    client = client_of(agent)
    assert client.get(agent_url(challenge)).status_code == 404
    assert client.post(agent_url(challenge), challenge_form(challenge)).status_code == 404
    challenge.refresh_from_db()
    assert challenge.title_en in ("", None)


def test_an_agent_not_yet_confirmed_gets_404():
    challenge = recruiting()
    agent = UserFactory(email="attente@ailleurs.example")
    join_administration(agent, challenge.administration, function="")
    assert client_of(agent).get(agent_url(challenge)).status_code == 404


# --- The list --------------------------------------------------------------------------------------------


def test_the_list_tells_missing_partial_outdated_and_translated(staff):
    promotion = PromotionFactory(slug="eig-liste")
    missing = recruiting(promotion=promotion, slug="manque")
    partial = recruiting(promotion=promotion, slug="partiel")
    english.set_english(partial, {"title": "Partial"}, by=None)
    outdated = recruiting(promotion=promotion, slug="perime")
    translated = recruiting(promotion=promotion, slug="traduit")
    for challenge in (outdated, translated):
        english.set_challenge_english(
            challenge,
            {"title": "T", "summary": "S", "body": "B"},
            positions={challenge.positions.get().pk: {"mission": "M", "skills": "P"}},
            by=None,
        )
    Challenge.objects.filter(pk=outdated.pk).update(summary_fr="Un autre résumé")

    response = staff.get(reverse("staff:translations") + "?kind=defis&promotion=eig-liste")
    statuses = {row["reading"].obj.pk: row["reading"].status for row in response.context["rows"]}
    assert statuses == {
        missing.pk: "missing",
        partial.pk: "partial",
        outdated.pk: "outdated",
        translated.pk: "translated",
    }
    only = staff.get(reverse("staff:translations") + "?kind=defis&promotion=eig-liste&status=outdated")
    assert [row["reading"].obj.pk for row in only.context["rows"]] == [outdated.pk]


def test_the_list_defaults_to_the_latest_promotion_with_challenges(staff):
    PromotionFactory(slug="eig-vide", number=90, year=2090)
    recent = recruiting(promotion=PromotionFactory(slug="eig-recente", number=80, year=2080))
    recruiting(promotion=PromotionFactory(slug="eig-ancienne", number=70, year=2070))
    response = staff.get(reverse("staff:translations"))
    assert [row["reading"].obj.pk for row in response.context["rows"]] == [recent.pk]


@pytest.mark.parametrize("kind", ["profils", "pages", "faq", "promotions"])
def test_the_list_shows_every_kind(staff, kind):
    assert staff.get(reverse("staff:translations") + f"?kind={kind}").status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_keeps_a_flat_number_of_queries(staff):
    promotion = PromotionFactory(slug="eig-comptage")
    url = reverse("staff:translations") + "?kind=defis&promotion=eig-comptage"
    challenge = recruiting(promotion=promotion, slug="un")
    english.set_english(challenge, {"title": "One"}, by=None)
    one = _queries(staff, url)
    for n in range(12):
        other = recruiting(promotion=promotion, slug=f"autre-{n}")
        PositionFactory(challenge=other, profile=profile("datascience"))
        english.set_english(other, {"title": f"Other {n}"}, by=None)
    many = _queries(staff, url)
    assert (one, many) == (10, 10)
