"""The programme world builds, and an accepted offer makes a fellow (eig.selection → eig.programme)."""

import pytest
from django.apps import apps

from eig.accounts.models import Role
from eig.core.pagecache import _is_public_model
from eig.programme import access
from eig.programme.models import Fellow
from eig.selection import services
from tests.factories import UserFactory
from tests.factories.programme import programme_world
from tests.factories.selection import approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db


def test_accepting_an_offer_makes_the_laureate_a_fellow_of_the_promotion_in_the_challenge_team():
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "ada")
    services.respond(offer, accept=True, by=offer.dossier.owner, public_profile=False)
    fellow = Fellow.objects.get(offer=offer)
    assert fellow.user == offer.dossier.owner
    assert fellow.challenge == offer.position.challenge
    assert fellow.status == Fellow.Status.ONBOARDING
    assert fellow.name == "Ada Lovelace"
    assert Role.FELLOW.value in fellow.user.roles
    assert fellow.challenge in access.teams_of(fellow.user)


def test_declining_makes_no_fellow():
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "bob")
    services.respond(offer, accept=False, by=offer.dossier.owner)
    assert not Fellow.objects.filter(offer=offer).exists()


def test_each_part_reaches_its_own_teams_only():
    world = programme_world()
    assert list(access.teams_of(world.user("ada"))) == [world.alpha]
    assert list(access.teams_of(world.user("paul"))) == [world.beta]
    assert list(access.teams_of(world.user("agnes"))) == [world.alpha]
    assert list(access.teams_of(UserFactory())) == []
    assert access.parts_in(world.staff, world.beta) == {"staff"}
    assert access.parts_in(world.user("agnes"), world.beta) == frozenset()


def test_only_the_events_of_the_ten_months_refresh_the_public_pages_cache():
    public = sorted(
        m._meta.model_name for m in apps.get_app_config("programme").get_models() if _is_public_model(m._meta)
    )
    assert public == ["event"]
