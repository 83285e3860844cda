"""A promotion's public results page (/promotions/<slug>/resultats/): 404 until the promotion is
closed; then its teams (fellows named only with their consent), achievements, figures, what
became of each challenge, demo videos, photo and demo day's programme, in French and English, in
a flat number of queries. The demo day's programme on the promotion's page and on the agenda."""

import html

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eig.programme.models import Event
from eig.results import closing, demo_day
from eig.results.demo_day import Slot
from eig.results.models import Deliverable, Handover
from tests.factories import KeyFigureFactory
from tests.factories.closing import (
    add_team,
    at,
    demo_day_event,
    handover_outcome,
    published_deliverable,
    results_world,
)
from tests.factories.files import PNG_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return results_world()


def _url(world, language="fr"):
    with translation.override(language):
        return reverse("public:promotion_results", kwargs={"slug": world.promotion.slug})


def text(response) -> str:
    return html.unescape(response.content.decode())


def _close(world):
    return closing.close_promotion(world.promotion, by=world.staff, now=world.now)


def _leave_a_record(world):
    """What the promotion leaves: deliverables, a demo video, a sourced figure, outcomes, a photo, a demo day."""
    world.alpha.title_en = "Alpha in English"
    world.alpha.videos = ["https://video.example/alpha"]
    world.alpha.save()
    published_deliverable(world.alpha, title="Dépôt d'Alpha", title_en="Alpha's repository")
    published_deliverable(world.alpha, kind=Deliverable.Kind.DATASET, title="Données d'Alpha")
    published_deliverable(world.alpha, kind=Deliverable.Kind.DEMO, title="Vidéo du pitch d'Alpha")
    KeyFigureFactory(challenge=world.beta, amount="40 000", description="dossiers traités", source="Rapport annuel")
    handover_outcome(
        world.alpha,
        Handover.Outcome.CONTINUED,
        reason_fr="Le ministère recrute deux développeurs.",
        reason_en="The ministry hires two developers.",
    )
    handover_outcome(world.beta, Handover.Outcome.STOPPED, reason_fr="Faute de budget.")
    world.promotion.photo.save("photo.png", ContentFile(PNG_BYTES), save=False)
    world.promotion.photo_alt_fr = "La promotion réunie sur les marches"
    world.promotion.photo_alt_en = "The promotion gathered on the steps"
    world.promotion.save()
    event = demo_day_event(world)
    demo_day.save_agenda(
        event,
        [
            Slot(at(event, 9), "Accueil des invités", "Welcoming the guests"),
            Slot(at(event, 10), "Pitch", "", "", world.alpha),
        ],
        by=world.staff,
    )


def test_the_results_page_answers_404_until_the_promotion_is_closed(world, client):
    assert client.get(_url(world)).status_code == 404

    _close(world)

    assert client.get(_url(world)).status_code == 200


def test_an_unpublished_promotion_has_no_results_page_even_closed(world, client):
    _close(world)
    world.promotion.is_published = False
    world.promotion.save()

    assert client.get(_url(world)).status_code == 404


def test_the_results_page_shows_each_team_s_record(world, client):
    _leave_a_record(world)
    _close(world)

    page = text(client.get(_url(world)))

    assert "Alpha" in page and "Ministère A" in page and "Bêta" in page and "Ministère B" in page
    # Named with their consent only.
    assert "Ada Lovelace" in page and "Cléo Durand" in page and "Bob Morane" not in page
    assert "Un entrepreneur ou une entrepreneuse d'intérêt général (profil non public)" in page
    assert "Dépôt d'Alpha" in page and "Données d'Alpha" in page
    # The demo video is listed once, with the demo videos, not also as an achievement.
    assert page.count("Vidéo du pitch d'Alpha") == 1
    assert "https://video.example/alpha" in page
    # The figures: added up for the promotion, each team's, a sourced one with its source.
    assert "dépôt de code source ouvert" in page and "jeu de données ouvert" in page
    assert "40 000" in page and "Rapport annuel" in page
    assert "Poursuivi par l'administration" in page and "Le ministère recrute deux développeurs." in page
    assert "Arrêté" in page and "Faute de budget." in page
    assert 'alt="La promotion réunie sur les marches"' in page
    assert "Accueil des invités" in page and "Programme de « Demo day de la promotion »" in page


def test_the_english_results_page_reads_in_english(world):
    _leave_a_record(world)
    _close(world)

    response = Client().get(_url(world, "en"))

    assert response.status_code == 200 and response["Content-Language"] == "en"
    page = text(response)
    assert "The teams" in page and "Achievements" in page and "Key figures" in page
    assert "Public interest entrepreneurs" in page and "Les équipes" not in page
    assert "Alpha in English" in page and "Alpha's repository" in page
    assert 'alt="The promotion gathered on the steps"' in page
    assert "The ministry hires two developers." in page and "Welcoming the guests" in page
    # A text with no English version falls back to French, marked as such for screen readers.
    assert '<p lang="fr">Faute de budget.</p>' in page
    assert '<td lang="fr">Pitch</td>' in page


def test_the_demo_day_s_programme_shows_only_when_the_demo_day_is_public(world, client):
    event = demo_day_event(world, is_public=False)
    demo_day.save_agenda(event, [Slot(at(event, 9), "Accueil des invités")], by=world.staff)
    _close(world)

    assert "Accueil des invités" not in text(client.get(_url(world)))


def test_the_results_page_keeps_a_flat_query_count(world, client, django_assert_num_queries):
    for team in (world.alpha, world.beta):
        published_deliverable(team)
        handover_outcome(team)
    event = demo_day_event(world)
    demo_day.save_agenda(event, [Slot(at(event, 9), "Accueil")], by=world.staff)
    _close(world)
    url = _url(world)

    # The page cache's version and time windows (3), the DSFR settings (1), the promotion, its teams
    # (2), its public challenges, the figures (3: the tallies of the teams and of the totals read
    # once, the sourced figures), achievements, demos, outcomes, the demo day and its programme.
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200
    for _ in range(4):
        add_team(world)
    with django_assert_num_queries(16):
        page = text(client.get(url))
    assert page.count('<section class="fr-mb-6w" aria-labelledby="equipe-') == 6


def test_the_promotion_page_links_to_its_results_once_closed(world, client):
    url = world.promotion.get_absolute_url()
    assert "/resultats/" not in text(client.get(url))

    _close(world)

    assert _url(world) in text(client.get(url))


def test_the_sitemap_lists_the_results_page_once_closed(world, client):
    assert "/resultats/" not in text(client.get("/sitemap.xml"))

    _close(world)

    assert _url(world) in text(client.get("/sitemap.xml"))


def test_the_public_promotion_page_shows_the_public_demo_day_s_programme(world, client):
    event = demo_day_event(world)
    demo_day.save_agenda(event, [Slot(at(event, 14), "Pitch d'Alpha", challenge=world.alpha)], by=world.staff)

    page = text(client.get(world.promotion.get_absolute_url()))

    assert "Programme de « Demo day de la promotion »" in page and "Pitch d'Alpha" in page and "14:00" in page


def test_the_agenda_of_the_programme_shows_the_demo_day_s_programme(world):
    event = demo_day_event(world, audiences=[Event.Audience.FELLOWS])
    demo_day.save_agenda(event, [Slot(at(event, 11), "Pitch de Bêta", challenge=world.beta)], by=world.staff)
    cleo = Client()
    cleo.force_login(world.user("cleo"))

    page = text(cleo.get(reverse("programme:agenda")))

    assert "Pitch de Bêta" in page and "11:00" in page
