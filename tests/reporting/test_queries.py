"""The funnel's rows from the database (eig/reporting/queries.py): how each stage is read, the
scope (a call, a promotion, every promotion), the challenges per ministry, and a flat number of
queries whatever the number of applications."""

import datetime

import pytest

from eig.calls.models import Call
from eig.challenges.models import Challenge
from eig.juries.models import Audition, CollectiveScore, Verdict
from eig.programme.models import Fellow
from eig.proposals.models import Proposal
from eig.reporting import queries
from eig.reporting.funnel import Application, ProposedChallenge
from eig.reviews.models import Decision, Grid
from eig.selection.models import Offer
from tests.factories import PromotionFactory, UserFactory
from tests.factories.reporting import (
    ORDER,
    application,
    audition,
    challenge_call,
    directorate,
    every_stage,
    fellow,
    legacy_challenge,
    ministry,
    proposal,
    reporting_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return reporting_call()


def stages(rows) -> list[str]:
    return sorted((row.stage for row in rows), key=ORDER.index)


def test_each_application_is_read_at_the_furthest_stage_it_reached(call):
    every_stage(call)
    assert stages(queries.application_rows(call=call)) == ORDER


def test_a_row_carries_the_declared_civility_the_region_and_the_ranked_profiles(call):
    application(call, "submitted", gender="non_precise", region="bretagne", wishes=["design", "dev"])
    application(call, "started", gender=None, region=None, wishes=[])
    assert sorted(queries.application_rows(call=call), key=lambda r: r.stage) == [
        Application("started", promotion=call.promotion.slug, call=call.slug, gender="", region="", wishes=()),
        Application(
            "submitted",
            promotion=call.promotion.slug,
            call=call.slug,
            gender="non_precise",
            region="bretagne",
            wishes=((1, "design"), (2, "dev")),
        ),
    ]


def test_a_withdrawn_dossier_that_was_submitted_counts_as_submitted(call):
    application(call, "submitted", withdrawn=True)
    assert stages(queries.application_rows(call=call)) == ["submitted"]


def test_a_decision_of_not_admissible_or_of_the_jury_phase_is_not_admissibility(call):
    refused = application(call, "submitted")
    grid = Grid.objects.get(call=call, phase=Grid.Phase.PRESCREENING)
    Decision.objects.create(grid=grid, dossier=refused, admissible=False, reason="ranking", decided_at=grid.opens_at)
    assert stages(queries.application_rows(call=call)) == ["submitted"]


def test_an_audition_counts_once_held_present_scored_or_judged_not_when_absent_or_only_planned(call):
    absent, planned, scored, judged = (application(call, "admissible") for _ in range(4))
    audition(call, absent, Audition.Attendance.ABSENT)
    audition(call, planned, Audition.Attendance.EXPECTED)
    CollectiveScore.objects.create(audition=audition(call, scored, Audition.Attendance.EXPECTED), total=14)
    heard = audition(call, judged, Audition.Attendance.EXPECTED)
    half_day = heard.jury.half_days.create(
        starts_at=call.closes_at, ends_at=call.closes_at + datetime.timedelta(hours=3)
    )
    panel = heard.jury.panels.create(index=1, half_day=half_day, room=heard.jury.rooms.create(name="Salle A"))
    Verdict.objects.create(panel=panel, audition=heard, favourable=True, rank=1)
    assert stages(queries.application_rows(call=call)) == ["admissible", "admissible", "auditioned", "auditioned"]


def test_a_declined_offer_still_counts_as_selected(call):
    dossier = application(call, "selected")
    Offer.objects.filter(dossier=dossier).update(status=Offer.Status.DECLINED)
    assert stages(queries.application_rows(call=call)) == ["selected"]


def test_a_fellow_recorded_without_an_offer_is_found_by_person_and_promotion(call):
    owner = UserFactory()
    application(call, "submitted", owner=owner)
    fellow(call, owner, started=False)
    other = application(reporting_call(), "submitted", owner=owner)  # the same person, another promotion
    assert stages(queries.application_rows(call=call)) == ["selected"]
    assert stages(queries.application_rows(call=other.call)) == ["submitted"]


def test_a_fellow_who_left_after_starting_counts_in_post_and_one_who_finished_counts_finished(call):
    early, late = UserFactory(), UserFactory()
    application(call, "submitted", owner=early)
    application(call, "submitted", owner=late)
    fellow(call, early)
    Fellow.objects.filter(user=early).update(status=Fellow.Status.LEFT)
    fellow(call, late, finished=True)
    assert stages(queries.application_rows(call=call)) == ["in_post", "finished"]


def test_the_scope_is_a_call_a_promotion_or_every_promotion(call):
    application(call, "submitted")
    second = reporting_call(call.promotion)
    application(second, "started")
    elsewhere = reporting_call()
    application(elsewhere, "admissible")
    proposal(challenge_call(call.promotion), ministry("Ministère de la Culture", "culture"), "submitted")
    assert stages(queries.application_rows(call=call)) == ["submitted"]
    assert stages(queries.application_rows(promotion=call.promotion)) == ["started", "submitted"]
    assert stages(queries.application_rows()) == ["started", "submitted", "admissible"]


def test_the_funnel_names_the_profiles_and_the_promotions_of_the_scope(call):
    every_stage(call, n=5)
    found = queries.funnel(call=call)
    assert [cell.count for cell in found.overall.cells] == [35, 30, 25, 20, 15, 10, 5]
    assert [g.key for g in found.breakdown("promotion").section().groups] == [call.promotion.slug]
    profiles = found.breakdown("profile").section().groups
    assert [g.key for g in profiles] == ["dev", "datascience", "design", "dataengineering", "geomatique", "droit", ""]
    assert profiles[0].label == "Développement"


@pytest.mark.parametrize("n", [1, 3])
def test_the_rows_cost_eight_queries_and_the_funnel_ten_whatever_the_size(call, n, django_assert_num_queries):
    every_stage(call, n=n, wishes=["dev", "datascience"])
    other = reporting_call()
    every_stage(other, n=n)
    with django_assert_num_queries(8):
        assert len(queries.application_rows()) == 14 * n
    with django_assert_num_queries(10):
        queries.funnel(promotion=call.promotion)
    with django_assert_num_queries(6):  # the whole alone: no answer, no wish, no label to read
        assert queries.funnel(breakdowns=()).overall.cells[0].count == 14 * n


# --- Challenges per ministry ----------------------------------------------------------------------


def test_challenges_are_counted_per_ministry_from_their_proposals_and_the_older_challenges():
    promotion = PromotionFactory()
    call = challenge_call(promotion)
    culture = ministry("Ministère de la Culture", "culture")
    interior = ministry("Ministère de l'Intérieur", "interieur")
    archives = directorate(culture, "archives")
    town = directorate(None, "mairie")
    proposal(call, culture, Proposal.State.SUBMITTED)
    proposal(call, archives, Proposal.State.NOT_PRESELECTED)
    proposal(call, archives, Proposal.State.NOT_SELECTED)  # pre-selected, then not selected
    proposal(call, interior, Proposal.State.PUBLISHED)
    proposal(call, interior, Proposal.State.DRAFT)  # never proposed
    proposal(call, town, Proposal.State.SELECTED)
    legacy_challenge(promotion, archives)  # selected in its time
    legacy_challenge(promotion, town, status=Challenge.Status.PROPOSED)
    legacy_challenge(PromotionFactory(), interior)  # another promotion
    rows, ministries = queries.challenge_rows(promotion=promotion)
    assert sorted(rows, key=lambda r: (r.ministry, r.stage)) == sorted(
        [
            ProposedChallenge("proposed", "culture", promotion.slug),
            ProposedChallenge("proposed", "culture", promotion.slug),
            ProposedChallenge("preselected", "culture", promotion.slug),
            ProposedChallenge("selected", "interieur", promotion.slug),
            ProposedChallenge("selected", "", promotion.slug),
            ProposedChallenge("selected", "culture", promotion.slug),
            ProposedChallenge("proposed", "", promotion.slug),
        ],
        key=lambda r: (r.ministry, r.stage),
    )
    # By name (« de l'Intérieur » before « de la Culture »: the apostrophe sorts first), then the others.
    assert ministries == [("interieur", "Ministère de l'Intérieur"), ("culture", "Ministère de la Culture")]
    found = queries.challenge_funnel(promotion=promotion)
    assert [(g.key, [c.count for c in g.cells]) for g in found.ministries] == [
        ("interieur", [1, 1, 1]),
        ("culture", [4, 2, 1]),
        ("", [2, 1, 1]),
    ]
    assert [c.count for c in queries.challenge_funnel().overall.cells] == [8, 5, 4]


@pytest.mark.parametrize("n", [1, 4])
def test_the_challenges_cost_two_queries_whatever_their_number(n, django_assert_num_queries):
    promotion = PromotionFactory()
    call = challenge_call(promotion)
    for i in range(n):
        proposal(call, directorate(ministry(f"Ministère {i}", f"ministere-{i}"), f"direction-r{i}"), "preselected")
        legacy_challenge(promotion, ministry(f"Autre ministère {i}", f"autre-{i}"))
    with django_assert_num_queries(2):
        assert len(queries.challenge_funnel(promotion=promotion).ministries) == 2 * n


# --- One funnel per promotion (the open data's) ------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2])
def test_each_promotions_funnel_is_the_one_of_its_dashboard_read_once_for_all(call, n, django_assert_num_queries):
    every_stage(call, n=n)
    other = reporting_call()
    application(other, "admissible", gender="monsieur")
    elsewhere = reporting_call()
    every_stage(elsewhere, n=n)
    with django_assert_num_queries(7):  # the whole and the civilities: the queries of one funnel
        found = queries.funnels_by_promotion(breakdowns=("gender",))
    assert set(found) == {call.promotion.slug, other.promotion.slug, elsewhere.promotion.slug}
    for promotion in (call.promotion, other.promotion):
        assert found[promotion.slug] == queries.funnel(promotion=promotion, breakdowns=("gender",))
    only = queries.funnels_by_promotion(calls=Call.objects.filter(pk=other.pk), breakdowns=())
    assert list(only) == [other.promotion.slug]
    assert only[other.promotion.slug].overall.counts == (None, None, None, 0, 0, 0, 0)  # one: masked
