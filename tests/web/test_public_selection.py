"""The public side of the selection: the method page of a promotion (how its teams are formed,
with the weights actually used and the approved version's digest) and the teams on the
promotion's page, named only with each person's consent (CRPA art. L311-3-1, R311-3-1-2)."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from eig.community.models import Membership
from eig.selection import services
from tests.factories import ChallengeFactory, MembershipFactory, PersonFactory, PromotionFactory, StaffFactory
from tests.factories.selection import approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db

ANONYMOUS_FELLOW = "Un entrepreneur ou une entrepreneuse d'intérêt général (profil non public)"
ANONYMOUS_MENTOR = "Un ou une mentor (profil non public)"


def method_url(promotion):
    return reverse("public:selection_method", kwargs={"slug": promotion.slug})


def text_of(response):
    """The page's text as a reader gets it: tags and line-break opportunities removed, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def weight_cells(response):
    """{criterion: weight} read from the weights table."""
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>.*?</td><td>(.*?)</td>", response.content.decode())
    return dict(rows)


# --- The method page ------------------------------------------------------------------------


def test_the_method_page_shows_the_approved_runs_weights_status_and_digest(client):
    world = selection_world()
    weights = {"wish": 12.5, "jury": 4, "teammate": 2, "unfilled": 60}
    run = services.run_selection(world.call, mode="optimal", weights=weights, by=world.staff)
    services.freeze(run, by=world.staff)
    run = services.approve(run, approver=world.approver)
    response = client.get(method_url(world.call.promotion))
    assert response.status_code == 200
    assert weight_cells(response) == {
        "Vœux des candidats": "12,5",
        "Classement du jury": "4",
        "Binômes demandés": "2",
        "Défi laissé sans équipe": "60",
    }
    text = text_of(response)
    assert "paramètres prévus" not in text
    assert "paramètres de la proposition approuvée" in text
    assert run.digest in text  # whole once the line-break opportunities are removed
    assert formats.date_format(timezone.localtime(run.approved_at), "DATETIME_FORMAT") in text
    assert "Le contenu enregistré correspond à cette empreinte." in text
    assert "optimale : le solveur a prouvé" in text and "Écart à l'optimum 0 %" in text
    assert "vœux n° 1 à 3 : 37,5 / 25 / 12,5 points" in text
    assert "L311-3-1" in text and "R311-3-1-2" in text
    assert "Pour cette promotion, 9 personnes étaient classées ou proposées par le jury." in text
    assert "La proposition approuvée place 7 personnes." in text


def test_the_method_page_states_the_tie_break_rule_and_the_engine_version_of_the_approved_run(client):
    world = selection_world()
    run = services.run_selection(world.call, mode="optimal", weights={}, by=world.staff)
    services.freeze(run, by=world.staff)
    run = services.approve(run, approver=world.approver)
    text = text_of(client.get(method_url(world.call.promotion)))
    assert "Les ex æquo" in text
    assert "une fois le meilleur total prouvé, ce total est imposé" in text
    assert "l'empreinte SHA-256 de leurs identifiants" in text
    assert run.engine_version.startswith("teams ") and f"Version du moteur de calcul {run.engine_version}" in text


def test_without_an_approved_run_the_page_shows_the_default_weights_as_planned(client):
    world = selection_world()
    frozen = services.run_selection(world.call, mode="optimal", weights={"wish": 99}, by=world.staff)
    services.freeze(frozen, by=world.staff)  # submitted, not approved: not the promotion's method yet
    response = client.get(method_url(world.call.promotion))
    text = text_of(response)
    assert weight_cells(response) == {
        "Vœux des candidats": "10",
        "Classement du jury": "5",
        "Binômes demandés": "3",
        "Défi laissé sans équipe": "50",
    }
    assert "paramètres prévus" in text
    assert "Poids de l'objectif (paramètres prévus)" in text
    assert "Aucune proposition n'est encore approuvée pour cette promotion." in text
    assert frozen.digest not in text


def test_a_returned_run_does_not_count_as_the_promotions_method(client):
    world = selection_world()
    run = services.run_selection(world.call, mode="optimal", weights={"jury": 7}, by=world.staff)
    services.freeze(run, by=world.staff)
    services.return_run(run, approver=world.approver, comment="Revoir les binômes.")
    response = client.get(method_url(world.call.promotion))
    assert weight_cells(response)["Classement du jury"] == "5"
    assert "paramètres prévus" in text_of(response)


def test_an_approved_stable_run_is_described_as_such(client):
    world = selection_world()
    # The stable matching leaves « Gamma » short: its run cannot be frozen; pin Eve there so it can.
    pins = [(world.dossiers["eve"].pk, world.positions["C_ds"].pk)]
    run = services.run_selection(world.call, mode="stable", pins=pins, by=world.staff)
    services.freeze(run, by=world.staff)
    services.approve(run, approver=world.approver)
    text = text_of(client.get(method_url(world.call.promotion)))
    assert "Pour cette promotion, c'est l'affectation stable qui a été approuvée." in text
    assert "Écart à l'optimum" not in text
    assert "Affectations fixées par l'équipe du programme dans la proposition approuvée : 1" in text


def test_the_method_page_of_an_unpublished_promotion_answers_404_to_everyone():
    world = selection_world()
    approved_run(world)
    promotion = world.call.promotion
    promotion.is_published = False
    promotion.save()
    for user in (None, world.staff, world.approver):
        client = Client()
        if user:
            client.force_login(user)
        assert client.get(method_url(promotion)).status_code == 404
    assert Client().get(reverse("public:selection_method", kwargs={"slug": "inconnue"})).status_code == 404


def test_a_promotion_recruited_before_the_platform_gets_the_method_with_a_notice(client):
    promotion = PromotionFactory()
    text = text_of(client.get(method_url(promotion)))
    assert "Cette promotion n'a pas été recrutée sur cette plateforme." in text
    assert "paramètres prévus" in text


def test_the_method_page_is_in_english_too(client):
    promotion = PromotionFactory()
    assert client.get("/en" + method_url(promotion)).status_code == 200


def test_the_method_page_refuses_writes_even_with_a_valid_csrf_token():
    url = method_url(PromotionFactory())
    client = Client()  # CSRF checks off: the view's own method check answers.
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405


def test_the_method_page_shows_an_approval_at_once_even_to_anonymous_visitors(client):
    world = selection_world()
    url = method_url(world.call.promotion)
    assert "paramètres prévus" in text_of(client.get(url))
    approved_run(world)  # writes only selection rows, which do not refresh the page cache
    assert "paramètres prévus" not in text_of(client.get(url))


# --- The promotion page's teams --------------------------------------------------------------


def published_world():
    """The selection world published: Ada (Alpha) consented to a public profile, Dan (Alpha) did
    not; everyone placed accepted."""
    world = selection_world()
    run = approved_run(world)
    services.send_offers(run, deadline=offer_deadline(), by=world.staff)
    for key in ("ada", "dan", "bob", "cleo", "fay", "eve", "gus"):
        offer = world.offer(run, key)
        services.respond(offer, accept=True, by=offer.dossier.owner, public_profile=key != "dan")
    services.publish_promotion(run, by=world.staff)
    return world


def test_the_promotion_page_names_the_consenting_fellow_and_never_the_other(client):
    world = published_world()
    page = client.get(world.call.promotion.get_absolute_url()).content.decode()
    assert "Les équipes" in page
    assert "Ada Lovelace" in page
    # Dan refused: neither his name nor his profile's address (made from the name) appear anywhere.
    assert "Dan Brown" not in page and "dan-brown" not in page and "Brown" not in page
    assert f"{ANONYMOUS_FELLOW} — Data science" in html.unescape(page)
    ada = world.offer(run=world.call.selection_runs.get(), who="ada").person
    assert f'<a href="{ada.get_absolute_url()}">Ada Lovelace</a>' in page


def test_withdrawing_consent_removes_the_name_from_the_promotion_page(client):
    world = published_world()
    offer = world.offer(world.call.selection_runs.get(), "ada")
    services.set_public_profile(offer, public=False, by=offer.dossier.owner)
    logged_in = Client()
    logged_in.force_login(StaffFactory())  # signed in: never served from the anonymous page cache
    page = logged_in.get(world.call.promotion.get_absolute_url()).content.decode()
    assert "Ada Lovelace" not in page and "Lovelace" not in page


def test_a_withdrawn_consent_reaches_anonymous_visitors_of_the_cached_page_at_once(client):
    world = published_world()
    url = world.call.promotion.get_absolute_url()
    assert "Ada Lovelace" in client.get(url).content.decode()  # now in the anonymous page cache
    offer = world.offer(world.call.selection_runs.get(), "ada")
    services.set_public_profile(offer, public=False, by=offer.dossier.owner)
    assert "Lovelace" not in client.get(url).content.decode()
    services.set_public_profile(offer, public=True, by=offer.dossier.owner)
    assert "Ada Lovelace" in client.get(url).content.decode()


def test_a_closed_account_leaves_the_cached_promotion_page_at_once(client):
    from eig.accounts.personal_data import delete_account
    from eig.calls.models import DossierVersion

    world = published_world()
    url = world.call.promotion.get_absolute_url()
    assert "Ada Lovelace" in client.get(url).content.decode()
    ada = world.dossiers["ada"]
    DossierVersion.objects.create(dossier=ada, number=1, submitted_at=timezone.now(), content={}, digest="0" * 64)
    delete_account(ada.owner, by=ada.owner)
    assert "Lovelace" not in client.get(url).content.decode()


def test_the_promotion_page_links_to_its_method_page_once_it_recruits_here(client):
    world = selection_world()
    page = client.get(world.call.promotion.get_absolute_url()).content.decode()
    assert method_url(world.call.promotion) in page
    legacy = PromotionFactory()
    assert method_url(legacy) not in client.get(legacy.get_absolute_url()).content.decode()


def test_mentors_without_consent_are_not_named_either(client):
    challenge = ChallengeFactory()
    MembershipFactory(challenge=challenge, person=PersonFactory(name="Zoé Fellow"))
    MembershipFactory(
        challenge=challenge,
        person=PersonFactory(name="Victor Discret", is_public=False, role="mentor", profile=None),
        role=Membership.Role.OPERATIONAL_MENTOR,
    )
    MembershipFactory(
        challenge=challenge,
        person=PersonFactory(name="Rose Publique", role="mentor", profile=None),
        role=Membership.Role.HIGH_LEVEL_MENTOR,
    )
    page = html.unescape(client.get(challenge.promotion.get_absolute_url()).content.decode())
    assert "Victor Discret" not in page and "victor" not in page.lower()
    assert f"{ANONYMOUS_MENTOR} — Mentor opérationnel" in page
    assert "Rose Publique</a> — Mentor de haut niveau" in page


def test_a_promotion_without_fellows_has_no_teams_section(client):
    challenge = ChallengeFactory()
    MembershipFactory(challenge=challenge, role=Membership.Role.MENTOR)
    assert "Les équipes" not in client.get(challenge.promotion.get_absolute_url()).content.decode()


def test_a_proposed_challenges_team_stays_off_the_promotion_page(client):
    challenge = ChallengeFactory(status="proposed", title="Défi secret")
    MembershipFactory(challenge=challenge, person=PersonFactory(name="Personne Cachée"))
    page = client.get(challenge.promotion.get_absolute_url()).content.decode()
    assert "Défi secret" not in page and "Personne Cachée" not in page


def test_the_promotion_page_keeps_a_flat_query_count_from_1_to_3_teams(client):
    promotion = PromotionFactory()

    def add_team():
        challenge = ChallengeFactory(promotion=promotion)
        MembershipFactory(challenge=challenge)
        MembershipFactory(challenge=challenge, person=PersonFactory(is_public=False))
        MembershipFactory(challenge=challenge, role=Membership.Role.OPERATIONAL_MENTOR)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(promotion.get_absolute_url()).status_code == 200
        return len(queries)

    add_team()
    one = count()
    add_team()
    add_team()
    assert count() == one


def test_the_sitemap_lists_the_method_page_of_a_promotion_that_recruits_here(client):
    world = selection_world()
    legacy = PromotionFactory()
    body = client.get(reverse("sitemap")).content.decode()
    assert method_url(world.call.promotion) in body and "/en" + method_url(world.call.promotion) in body
    assert method_url(legacy) not in body
