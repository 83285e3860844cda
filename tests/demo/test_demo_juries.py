"""The demo's juries sit balanced panels (field test item 7): every panel of every demo jury
meets the balance rules the staff page reads (eig.engines.panel_audit), so the page says
« Équilibre atteint » and the figures beside it agree."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from eig.demo.builder import build_demo
from eig.juries import queries
from eig.juries.balance import check_panels
from eig.juries.models import Juror, Jury
from eig.reviews.defaults import CANDIDATE_JURY
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    return build_demo()


def panels_with_lists(jury):
    panels = list(queries.panels_of(jury))
    for panel in panels:
        panel.member_list = list(panel.members.all())
        panel.audition_list = list(panel.auditions.all())
    return panels


def test_every_panel_of_every_demo_jury_meets_the_balance_rules(demo):
    juries = [jury for jury in Jury.objects.order_by("pk") if jury.panels.exists()]
    assert len(juries) == 2  # the open call's candidate jury and the previous promotion's

    for jury in juries:
        panels = panels_with_lists(jury)
        checks = check_panels(jury, panels)
        deficits = {p.index: [f"{d.text} — {d.reason}" for d in checks[p.pk].deficits] for p in panels}
        assert deficits == {p.index: [] for p in panels}, jury
        for panel in panels:
            genders = [m.juror.gender for m in panel.member_list]
            assert abs(genders.count("f") - genders.count("m")) <= 1
            assert len({m.juror.type for m in panel.member_list}) >= 2


def test_the_demo_panels_page_says_equilibre_atteint_for_each_panel(demo):
    client = Client()
    client.force_login(StaffFactory())
    for jury in Jury.objects.filter(panels__isnull=False).distinct().select_related("call"):
        page = client.get(reverse("staff:jury_panels", kwargs={"slug": jury.call.slug})).content.decode()
        assert page.count("Équilibre atteint") == jury.panels.count()
        assert "Équilibre non atteint" not in page


def test_the_demo_jury_page_names_only_the_jurors_who_consented(demo):
    named = Juror.objects.filter(public_consent_at__isnull=False).select_related("jury__call__promotion")
    promotion = named.first().jury.call.promotion
    page = Client().get(reverse("public:promotion_jury", kwargs={"slug": promotion.slug})).content.decode()
    assert "Claire Morel" in page and "Cheffe du pôle données" in page
    assert "Marc Dupuis" not in page  # never consented
    assert reverse("public:promotion_jury", kwargs={"slug": promotion.slug}) in (
        Client().get(promotion.get_absolute_url()).content.decode()
    )


def test_the_demo_candidates_page_lists_the_criteria_of_the_calls_grids(demo):
    page = html.unescape(Client().get(reverse("public:participate_candidates")).content.decode())
    criteria = page.split("Critères d'évaluation</h2>", 1)[1]
    assert "noté sur 4 points, pour une note sur 20" not in page  # the Markdown no longer says it
    assert CANDIDATE_JURY["criteria"][0] in criteria and "Chaque critère est noté de 0 à 4." in criteria
