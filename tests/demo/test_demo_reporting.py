"""The demo gives the programme team's reporting (eig.reporting, staff:reporting_funnel and
staff:reporting_challenges) something to show: applications at every stage of the funnel across
three promotions — the finished one's call, long closed (eig/demo/finished_call.py), the previous
one's heard by its jury, the current one's coming in — candidates who answer the region, and
challenges proposed per ministry.

The demo is built once for the module inside a transaction rolled back at the end (as
test_finished_promotion.py does); each test runs in a savepoint of it."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import Answer, Dossier
from eig.demo.accounts import demo_email
from eig.demo.builder import build_demo
from eig.programme.models import Fellow
from eig.promotions.models import Promotion
from eig.reporting import queries

pytestmark = pytest.mark.django_db

FINISHED, PREVIOUS, CURRENT = "eig-6", "eig-8", "eig-9"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for the module and rolled back after its last test."""
    files = override_settings(
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        FILE_SCANNER="eig.files.scanners.NoopScanner",
    )
    with files, django_db_blocker.unblock(), transaction.atomic():
        report = build_demo()
        yield report
        transaction.set_rollback(True)


def counts(promotion_slug=None) -> tuple:
    promotion = Promotion.objects.get(slug=promotion_slug) if promotion_slug else None
    return queries.funnel(promotion=promotion, breakdowns=()).overall.counts


def test_every_stage_of_the_funnel_has_people_across_promotions(demo):
    assert all(count for count in counts())
    # The finished promotion: 28 applications, 24 submitted, 18 admissible, 14 heard, its 10 fellows.
    assert counts(FINISHED) == (28, 24, 18, 14, 10, 10, 10)
    assert counts(PREVIOUS) == (10, 10, 10, 10, 0, 0, 0)  # heard; the teams await the approver
    assert counts(CURRENT)[:2] == (26, 15) and counts(CURRENT)[2:] == (0,) * 5  # still open


def test_the_finished_promotions_fellows_applied_to_its_call(demo):
    fellows = Fellow.objects.filter(promotion__slug=FINISHED)
    owners = Dossier.objects.filter(call__promotion__slug=FINISHED, call__kind="applications").values("owner")
    assert fellows.count() == 10 and not fellows.exclude(user__in=owners).exists()
    # The demo reviewer account, an alumna, among them.
    assert fellows.filter(user__email=demo_email(Role.REVIEWER)).exists()


def test_candidates_answer_the_region_and_a_few_leave_it_empty(demo):
    regions = queries.funnel(breakdowns=("region",)).breakdown("region").section().groups
    started = {group.key: group.cell("started") for group in regions}
    assert sum(1 for key, cell in started.items() if key and (cell.count or cell.masked)) >= 10
    assert started["ile_de_france"].count >= 5 and 0 < started[""].count < counts()[0] // 4
    assert Answer.objects.filter(question__key="region", dossier__call__promotion__slug=PREVIOUS).count() >= 8


def test_the_staff_dashboards_answer_with_the_demo(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(email=demo_email(Role.STAFF)))
    for url in (reverse("staff:reporting_funnel"), reverse("staff:reporting_challenges")):
        response = client.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.content.decode())
        assert all(promotion in page for promotion in ("EIG 6", "EIG 8", "EIG 9")), url
