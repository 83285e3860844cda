"""Deliverables and key figures on the pages: the team declares (/programme/equipes/<challenge>/
realisations/), staff review and publish (/equipe/programme/<promotion>/realisations/), add sourced
figures (…/chiffres-cles/), and the public challenge, promotion and home pages show them.

The world is tests/factories/programme.py's: Alpha (fellows Ada and Bob, mentors Olga and Hugo, host
agent Agnès), Bêta (fellow Cléo, mentor Paul, agent Bruno); staff Sam.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from eig.challenges.models import Achievement, KeyFigure
from eig.results import deliverables, key_figures
from eig.results.models import Deliverable
from tests.factories import AchievementFactory, PromotionFactory
from tests.factories.deliverables import declare, published
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

Kind, Status = Deliverable.Kind, Deliverable.Status


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def words_of(response) -> str:
    """The page's text without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text_of(response))).strip()


def team_url(world, name="programme:deliverables", team="alpha", **kwargs) -> str:
    return reverse(name, kwargs={"challenge": getattr(world, team).pk, **kwargs})


def staff_url(world, name, **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


FORM = {
    "kind": Kind.REPOSITORY,
    "title_fr": "Le code de l'outil",
    "title_en": "The tool's code",
    "description_fr": "Le moteur de l'outil.",
    "description_en": "The tool's engine.",
    "url": "https://forge.example/alpha/outil",
    "licence": "EUPL-1.2",
    "users": "",
}


# --- The team's page --------------------------------------------------------------------------------


def test_a_fellow_declares_a_deliverable_that_waits_for_review(world):
    client = client_of(world.user("ada"))

    response = client.post(team_url(world), FORM)

    deliverable = Deliverable.objects.get()
    assert response.status_code == 302
    assert response["Location"] == team_url(world) + f"#realisation-{deliverable.pk}"
    assert (deliverable.challenge, deliverable.status, deliverable.licence) == (
        world.alpha,
        Status.PROPOSED,
        "EUPL-1.2",
    )
    page = text_of(client.get(team_url(world)))
    assert "Le code de l'outil" in page and "À relire par l'équipe du programme" in page
    assert "Lien pas encore vérifié" in page


def test_an_http_link_is_refused_in_french_and_what_was_typed_is_kept(world):
    response = client_of(world.user("ada")).post(team_url(world), {**FORM, "url": "http://forge.example/alpha"})

    assert response.status_code == 400
    page = text_of(response)
    assert "L'adresse doit être sécurisée : elle commence par « https:// », pas par « http:// »." in page
    assert 'value="Le code de l\'outil"' in page
    assert not Deliverable.objects.exists()


def test_a_repository_without_licence_is_refused_on_the_page(world):
    response = client_of(world.user("bob")).post(team_url(world), {**FORM, "licence": ""})
    assert response.status_code == 400
    assert "Indiquez la licence du dépôt de code source" in text_of(response)


@pytest.mark.parametrize("who", ["olga", "agnes"])
def test_mentors_and_hosts_read_the_deliverables_without_the_form_and_cannot_declare(world, who):
    declare(world, title="Le code")
    client = client_of(world.user(who))

    page = text_of(client.get(team_url(world)))
    assert "Le code" in page
    assert "Déclarer une réalisation" not in page and "Modifier" not in page
    assert client.post(team_url(world), FORM).status_code == 404
    assert Deliverable.objects.count() == 1


def test_staff_read_the_team_s_deliverables_and_are_sent_to_their_review_page(world):
    declare(world, title="Le code")
    page = text_of(client_of(world.staff).get(team_url(world)))
    assert "Le code" in page and "Déclarer une réalisation" not in page
    assert staff_url(world, "results_deliverables") in page


def test_a_person_outside_the_team_gets_404(world):
    deliverable = declare(world)
    client = client_of(world.user("cleo"))  # Bêta's fellow
    for url in [
        team_url(world),
        team_url(world, "programme:deliverable_edit", deliverable=deliverable.pk),
        team_url(world, "programme:deliverable_withdraw", deliverable=deliverable.pk),
    ]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["olga", "agnes", "staff"])
def test_only_the_team_s_fellows_reach_the_edit_and_withdraw_pages(world, who):
    deliverable = declare(world)
    client = client_of(world.staff if who == "staff" else world.user(who))
    assert client.get(team_url(world, "programme:deliverable_edit", deliverable=deliverable.pk)).status_code == 404
    assert client.get(team_url(world, "programme:deliverable_withdraw", deliverable=deliverable.pk)).status_code == 404


def test_the_team_page_has_the_deliverables_tab(world):
    page = client_of(world.user("olga")).get(team_url(world, "programme:team")).content.decode()
    assert f'href="{team_url(world)}"' in page and "Réalisations" in page


def test_a_returned_deliverable_shows_its_note_is_a_fellow_s_todo_and_their_correction_sends_it_back(world):
    deliverable = declare(world, title="Le code")
    deliverables.return_to_team(deliverable, "Indiquez la licence exacte.", by=world.staff)
    edit_url = team_url(world, "programme:deliverable_edit", deliverable=deliverable.pk)
    ada = client_of(world.user("ada"))

    assert "Indiquez la licence exacte." in text_of(ada.get(team_url(world)))
    home = text_of(ada.get(reverse("programme:home")))
    assert "Corriger la réalisation « Le code » renvoyée par l'équipe du programme" in home
    assert edit_url in home
    assert "Corriger la réalisation" not in text_of(client_of(world.user("olga")).get(reverse("programme:home")))

    response = ada.post(edit_url, {**FORM, "title_fr": "Le code", "url": deliverable.url, "licence": "AGPL-3.0"})

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.licence) == (Status.PROPOSED, "AGPL-3.0")
    assert "Corriger la réalisation" not in text_of(ada.get(reverse("programme:home")))


def test_editing_a_published_deliverable_warns_then_takes_it_off_the_public_page(world):
    deliverable = published(world, title="Le code")
    edit_url = team_url(world, "programme:deliverable_edit", deliverable=deliverable.pk)
    ada = client_of(world.user("ada"))

    assert "L’enregistrer la retire de la page publique du défi" in text_of(ada.get(edit_url))
    ada.post(edit_url, {**FORM, "title_fr": "Le code v2", "url": deliverable.url})

    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED and deliverable.achievement is None
    assert not Achievement.objects.filter(challenge=world.alpha).exists()


def test_withdrawing_asks_for_confirmation_then_deletes(world):
    deliverable = declare(world, title="Le code")
    url = team_url(world, "programme:deliverable_withdraw", deliverable=deliverable.pk)
    ada = client_of(world.user("ada"))

    confirm = text_of(ada.get(url))
    assert "Retirer cette réalisation ?" in confirm and 'name="confirm"' in confirm
    ada.post(url)  # no confirmation: nothing happens
    assert Deliverable.objects.filter(pk=deliverable.pk).exists()

    response = ada.post(url, {"confirm": "1"})

    assert response.status_code == 302
    assert not Deliverable.objects.filter(pk=deliverable.pk).exists()


def test_a_published_deliverable_cannot_be_withdrawn_by_the_team(world):
    deliverable = published(world)
    ada = client_of(world.user("ada"))
    response = ada.post(
        team_url(world, "programme:deliverable_withdraw", deliverable=deliverable.pk), {"confirm": "1"}, follow=True
    )
    assert "demandez à l'équipe du programme de la retirer de la publication" in text_of(response)
    assert Deliverable.objects.filter(pk=deliverable.pk).exists()


# --- Staff: the deliverables --------------------------------------------------------------------------


def test_the_staff_list_puts_those_to_review_first_with_their_link_state(world):
    public = published(world, title="Publiée")
    declare(world, "beta", title="À relire")
    returned = declare(world, title="Renvoyée")
    deliverables.return_to_team(returned, "Non.", by=world.staff)
    Deliverable.objects.filter(pk=public.pk).update(
        link_state="dead", dead_since=world.now, link_error="réponse HTTP 404"
    )

    page = text_of(client_of(world.staff).get(staff_url(world, "results_deliverables")))

    assert page.index("À relire (1)") < page.index("Renvoyées aux équipes (1)") < page.index("Publiées sur")
    assert page.index(">À relire<") < page.index(">Renvoyée<") < page.index(">Publiée<")
    assert "Lien mort depuis le" in page and "réponse HTTP 404" in page
    assert "1 lien ne répond plus." in page


def grow(world, count):
    for index in range(count):
        declare(world, "alpha" if index % 2 else "beta", Kind.DATASET, title=f"Données {index}")


@pytest.mark.parametrize("count", [2, 6])
def test_the_staff_list_keeps_a_flat_query_count(world, django_assert_num_queries, count):
    grow(world, count)
    client = client_of(world.staff)
    url = staff_url(world, "results_deliverables")
    client.get(url)  # the session and the second factor read once

    # Session, user, second factor, the promotion, the deliverables with their challenges, the site's
    # DSFR settings.
    with django_assert_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200
    assert len(re.findall(r">Données \d+</a>", response.content.decode())) == count


def test_staff_edit_the_texts_and_publish_and_the_achievement_shows_on_the_public_page(world):
    deliverable = declare(world, "alpha", Kind.DATASET, title="Les données brutes")
    url = staff_url(world, "results_deliverable", deliverable=deliverable.pk)
    client = client_of(world.staff)
    texts = {
        "title_fr": "Les données ouvertes",
        "title_en": "The open data",
        "description_fr": "Les délais par tribunal.",
        "description_en": "Delays by court.",
    }

    response = client.post(url, {**texts, "action": "publish"})

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PUBLISHED and deliverable.title_fr == "Les données ouvertes"
    public = words_of(Client().get(world.alpha.get_absolute_url()))
    assert "Les données ouvertes" in public and "Voir le jeu de données" in public
    assert "1 jeu de données ouvert" in public
    with translation.override("en"):
        english_url = world.alpha.get_absolute_url()
    english = text_of(Client().get(english_url))
    assert "The open data" in english and "Delays by court." in english and "View the dataset" in english


def test_staff_saving_texts_of_a_published_deliverable_changes_its_achievement_at_once(world):
    deliverable = published(world, title="Ancien")
    client_of(world.staff).post(
        staff_url(world, "results_deliverable", deliverable=deliverable.pk),
        {"title_fr": "Nouveau", "title_en": "New", "description_fr": "", "description_en": "", "action": "save"},
    )
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PUBLISHED
    assert (deliverable.achievement.title_fr, deliverable.achievement.title_en) == ("Nouveau", "New")


def test_staff_return_a_deliverable_with_a_note(world):
    deliverable = declare(world)
    url = staff_url(world, "results_deliverable", deliverable=deliverable.pk)
    client = client_of(world.staff)

    empty = client.post(url, {"action": "return", "note": ""})
    assert empty.status_code == 400

    client.post(url, {"action": "return", "note": "Le lien mène à une page privée."})
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.review_note) == (Status.RETURNED, "Le lien mène à une page privée.")


def test_unpublishing_asks_for_confirmation(world):
    deliverable = published(world, title="Le code")
    url = staff_url(world, "results_deliverable", deliverable=deliverable.pk)
    client = client_of(world.staff)

    assert "Retirer de la publication…" in text_of(client.get(url))
    confirm = text_of(client.get(url + "?action=unpublish"))
    assert "Retirer cette réalisation de la page publique du défi ?" in confirm
    client.post(url, {"action": "unpublish"})  # no confirmation: the page again, nothing done
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PUBLISHED

    client.post(url, {"action": "unpublish", "confirm": "1"})

    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED and deliverable.achievement is None
    assert "Le code" not in text_of(Client().get(world.alpha.get_absolute_url()))


def test_a_deliverable_is_reached_only_through_its_own_promotion(world):
    deliverable = declare(world)
    other = PromotionFactory()
    url = reverse("staff:results_deliverable", kwargs={"promotion": other.slug, "deliverable": deliverable.pk})
    assert client_of(world.staff).get(url).status_code == 404


# --- Staff: the key figures ----------------------------------------------------------------------------


def test_the_figures_page_shows_computed_and_sourced_figures_per_challenge(world):
    published(world, "alpha", Kind.PRODUCT, title="Le service", users=4200)
    key_figures.add_figure(world.beta, amount="3", description_fr="régions pilotes", source="Rapport", by=world.staff)

    page = words_of(client_of(world.staff).get(staff_url(world, "results_figures")))

    # (The narrow no-break space of « 4 200 » reads as a space here.)
    assert "1 service en production" in page and "4 200 utilisateurs" in page
    assert "régions pilotes" in page and "Rapport" in page
    alpha, beta = page.index("Chiffres clés de « Alpha »"), page.index("Chiffres clés de « Bêta »")
    assert alpha < page.index("service en production", alpha) < beta < page.index("régions pilotes", beta)


def test_staff_add_a_sourced_figure_and_its_source_is_required(world):
    client = client_of(world.staff)
    url = staff_url(world, "results_figures")
    values = {
        "challenge": world.alpha.pk,
        "amount": "30 %",
        "description_fr": "de délais en moins",
        "description_en": "shorter delays",
        "source": "",
        "source_url": "",
    }

    assert client.post(url, values).status_code == 400
    refused = client.post(url, {**values, "source": "Rapport", "source_url": "javascript:alert(1)"})
    assert refused.status_code == 400 and "https://" in text_of(refused)

    response = client.post(url, {**values, "source": "Rapport 2024", "source_url": "https://rapport.example"})

    assert response.status_code == 302
    figure = KeyFigure.objects.get()
    assert (figure.challenge, figure.amount, figure.source, figure.source_url) == (
        world.alpha,
        "30 %",
        "Rapport 2024",
        "https://rapport.example",
    )
    public = text_of(Client().get(world.alpha.get_absolute_url()))
    assert "de délais en moins" in public and "Rapport 2024" in public


def test_removing_a_sourced_figure_asks_for_confirmation(world):
    figure = key_figures.add_figure(world.alpha, amount="3", description_fr="régions", source="Rapport", by=world.staff)
    url = staff_url(world, "results_figure_remove", figure=figure.pk)
    client = client_of(world.staff)

    confirm = client.post(url)
    assert confirm.status_code == 200 and "Retirer ce chiffre clé ?" in text_of(confirm)
    assert KeyFigure.objects.filter(pk=figure.pk).exists()
    assert client.get(url).status_code == 405

    client.post(url, {"confirm": "1"})

    assert not KeyFigure.objects.filter(pk=figure.pk).exists()


def test_a_figure_is_removed_only_through_its_own_promotion(world):
    other = PromotionFactory()
    figure = key_figures.add_figure(world.alpha, amount="3", description_fr="régions", source="Rapport", by=world.staff)
    url = reverse("staff:results_figure_remove", kwargs={"promotion": other.slug, "figure": figure.pk})
    assert client_of(world.staff).post(url, {"confirm": "1"}).status_code == 404
    assert KeyFigure.objects.filter(pk=figure.pk).exists()


# --- The public pages ------------------------------------------------------------------------------------


def test_the_challenge_page_shows_computed_figures_then_sourced_ones_with_their_source(world):
    published(world, "alpha", Kind.REPOSITORY, title="Code")
    published(world, "alpha", Kind.PRODUCT, title="Service", users=1500)
    key_figures.add_figure(
        world.alpha,
        amount="30 %",
        description_fr="de délais en moins",
        source="Rapport 2024",
        source_url="https://rapport.example",
        by=world.staff,
    )

    page = text_of(Client().get(world.alpha.get_absolute_url()))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    for text in [
        "1 dépôt de code source ouvert",
        "1 service en production",
        "1 500 utilisateurs et utilisatrices des services",  # a narrow no-break space, read as a space
        "30 % de délais en moins Source : Rapport 2024",
    ]:
        assert text in words, text
    assert words.index("dépôt de code source ouvert") < words.index("de délais en moins")
    assert "Source : " in page and 'href="https://rapport.example"' in page
    assert "Voir le code source" in page and "Ouvrir le service" in page


def test_the_promotion_page_and_the_home_page_add_the_challenges_figures_up(world):
    published(world, "alpha", Kind.REPOSITORY, title="Code alpha")
    published(world, "beta", Kind.REPOSITORY, title="Code bêta")
    published(world, "beta", Kind.DATASET, title="Données bêta")

    promotion = words_of(Client().get(world.promotion.get_absolute_url()))
    home = words_of(Client().get(reverse("public:home")))

    assert "La promotion en chiffres 2 dépôts de code source ouverts 1 jeu de données ouvert" in promotion
    assert "Le programme en chiffres 2 dépôts de code source ouverts 1 jeu de données ouvert" in home


def test_a_challenge_of_an_unpublished_promotion_is_left_out_of_the_programme_s_figures(world):
    published(world, "alpha", Kind.REPOSITORY, title="Code alpha")
    world.promotion.is_published = False
    world.promotion.save()
    assert "Le programme en chiffres" not in text_of(Client().get(reverse("public:home")))


def queries_for(url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert Client().get(url).status_code == 200
    return len(context.captured_queries)


def test_the_public_pages_keep_a_flat_query_count_whatever_the_deliverables(world):
    published(world, "alpha", Kind.REPOSITORY, title="Code 0")
    urls = [world.alpha.get_absolute_url(), world.promotion.get_absolute_url(), reverse("public:home")]
    before = [queries_for(url) for url in urls]
    for index in range(1, 6):
        published(world, "alpha", Kind.DATASET, title=f"Données {index}")
        published(world, "beta", Kind.PRODUCT, title=f"Service {index}", users=index)
        AchievementFactory(challenge=world.alpha)
    assert [queries_for(url) for url in urls] == before
