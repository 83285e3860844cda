"""The programme world builds, and an accepted offer makes a fellow (eig.selection → eig.programme)."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call
from eig.core.models import ActivityLog
from eig.core.pagecache import _is_public_model
from eig.programme import access, fellows
from eig.programme.models import Fellow
from eig.promotions.models import Phase
from eig.selection import services
from tests.factories import PromotionFactory, StaffFactory, UserFactory
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


def test_only_the_events_and_the_objectives_of_the_ten_months_refresh_the_public_pages_cache():
    """Events and their programme reach the promotion's pages; objectives and their measures reach
    the challenges' key figures (eig.results.figures: the objectives reached). Nothing else does."""
    public = sorted(
        m._meta.model_name for m in apps.get_app_config("programme").get_models() if _is_public_model(m._meta)
    )
    assert public == ["agendaitem", "event", "measure", "objective"]


def test_no_survey_answer_and_no_alumni_row_refreshes_the_public_pages_cache():
    private = {
        f"{m._meta.app_label}.{m._meta.model_name}"
        for label in ("results", "alumni")
        for m in apps.get_app_config(label).get_models()
        if not _is_public_model(m._meta)
    }
    assert {"results.participation", "results.response", "alumni.alumnus", "alumni.invitation"} <= private


def test_the_first_accepted_offer_installs_the_forms_of_the_ten_months_once_the_programme_is_dated():
    promo = selection_world()
    run = approved_run(promo)
    promotion = run.call.promotion
    Phase.objects.create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        ends_at=timezone.now() + datetime.timedelta(days=330),
    )
    assert fellows.forms_missing(promotion)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "ada")
    services.respond(offer, accept=True, by=offer.dossier.owner)
    assert not fellows.forms_missing(promotion)
    assert sorted(promotion.calls.exclude(kind=Call.Kind.APPLICATIONS).values_list("kind", flat=True)) == sorted(
        # The handover plan (eig.results) installs itself with them (eig.programme.defaults.register_form).
        [Call.Kind.FELLOW_ONBOARDING, Call.Kind.HOST_ONBOARDING, Call.Kind.RETROSPECTIVE, Call.Kind.HANDOVER]
    )


def test_staff_install_the_forms_from_the_overview_only_once_the_programme_is_dated(client):
    promotion = PromotionFactory()
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("staff:programme_install_forms", kwargs={"promotion": promotion.slug})

    client.post(url)
    assert fellows.forms_missing(promotion)

    Phase.objects.create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(days=300),
    )
    response = client.post(url)
    assert response.status_code == 302
    assert not fellows.forms_missing(promotion)
    assert ActivityLog.objects.filter(verb="programme.forms_installed", actor=staff).count() == 1
