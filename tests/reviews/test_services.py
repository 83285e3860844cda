"""The evaluation's rules, one service at a time (eig/reviews/services.py)."""

import datetime

import pytest
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.proposals.models import Agent, Proposal
from eig.reviews import queries, services
from eig.reviews.defaults import CANDIDATE_JURY, CANDIDATE_PRESCREENING, CHALLENGE_JURY, install_grid
from eig.reviews.models import Assignment, Conflict, Decision, Grid, PairRule, Review, Reviewer
from tests.factories import AdministrationFactory, PositionFactory, StaffFactory, UserFactory, profile
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def call():
    return closed_call()


def pairs_of(grid):
    return set(Assignment.objects.filter(reviewer__grid=grid).values_list("dossier_id", "reviewer_id"))


def scores_for(grid, level):
    return {str(c.pk): level for c in grid.criteria.all()}


# --- Grids from the rules ------------------------------------------------------------


def test_the_candidate_jury_grid_has_five_criteria_out_of_four_summed_to_twenty(call):
    grid = grid_of(call, CANDIDATE_JURY)
    criteria = list(grid.criteria.all())
    assert len(criteria) == 5
    assert (grid.scale_min, grid.scale_max, grid.has_verdict) == (0, 4, False)
    assert services.total_of(criteria, scores_for(grid, 4)) == 20


def test_the_2021_prescreening_grid_scores_three_criteria_1_to_5_with_a_verdict(call):
    grid = grid_of(call, CANDIDATE_PRESCREENING)
    assert grid.criteria.count() == 3
    assert (grid.scale_min, grid.scale_max, grid.has_verdict, grid.mode) == (1, 5, True, Grid.Mode.NEXT)
    assert len(grid.level_labels) == 5


def test_the_challenge_jury_grid_scores_five_criteria_1_to_4(call):
    challenges = Call.objects.create(
        promotion=call.promotion,
        kind=Call.Kind.CHALLENGES,
        title="Défis",
        slug="defis",
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        dossier_prefix="DEF",
    )
    grid = install_grid(challenges, CHALLENGE_JURY)
    assert grid.criteria.count() == 5 and (grid.scale_min, grid.scale_max) == (1, 4)


def test_installing_a_grid_twice_keeps_the_first(call):
    first = grid_of(call)
    assert grid_of(call).pk == first.pk and first.criteria.count() == 5


# --- Invitations and automatic conflicts ---------------------------------------------


def test_an_invitation_is_emailed_and_accepting_it_seats_the_person_as_reviewer(call, staff):
    grid = grid_of(call)
    reviewer = services.invite_reviewer(grid, " Jury@Example.ORG ", tags=["dev"], capacity=5, by=staff)
    message = OutboxMessage.objects.get(template="reviewer_invitation")
    assert message.recipient == "jury@example.org" and reviewer.token in message.body_text
    person = UserFactory(email="autre-adresse@example.org")
    services.accept_invitation(reviewer, user=person)
    reviewer.refresh_from_db()
    person.refresh_from_db()
    assert reviewer.user == person and reviewer.is_active and person.has_role(Role.REVIEWER)


def test_an_invitation_already_taken_by_someone_else_is_refused(call, staff):
    reviewer = services.invite_reviewer(grid_of(call), "jury@example.org", by=staff)
    services.accept_invitation(reviewer, user=UserFactory())
    with pytest.raises(DomainError, match="déjà été acceptée"):
        services.accept_invitation(reviewer, user=UserFactory())


def test_a_reviewer_who_is_the_candidate_is_in_conflict(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    reviewer = seated_reviewer(grid, dossier.owner)
    services.detect_conflicts(grid)
    assert Conflict.objects.get(reviewer=reviewer, dossier=dossier).source == Conflict.Source.AUTOMATIC


def test_a_reviewer_named_as_teammate_by_the_candidate_is_in_conflict(call):
    grid = grid_of(call)
    friend = UserFactory(first_name="Grace", last_name="Hopper", email="grace@example.net")
    by_name = submitted_dossier(call, answers={"binome": "Je souhaite faire équipe avec Grace Hopper"})
    by_email = submitted_dossier(call, answers={"binome": "GRACE@example.net"})
    other = submitted_dossier(call, answers={"binome": "Alan Turing"})
    reviewer = seated_reviewer(grid, friend)
    services.detect_conflicts(grid)
    assert set(reviewer.conflicts.values_list("dossier_id", flat=True)) == {by_name.pk, by_email.pk}
    assert other.pk not in reviewer.conflicts.values_list("dossier_id", flat=True)


def test_an_agent_of_the_administration_of_a_wished_challenge_is_in_conflict(call):
    grid = grid_of(call)
    position = call.promotion.challenges.get().positions.first()
    dossier = submitted_dossier(call, wishes=[position])
    agent = UserFactory()
    Agent.objects.create(user=agent, administration=position.challenge.administration, confirmed=True)
    reviewer = seated_reviewer(grid, agent)
    services.detect_conflicts(grid)
    assert reviewer.conflicts.get().dossier == dossier


def test_a_colleague_of_a_proposing_administration_by_email_domain_is_in_conflict_but_not_by_a_webmail():
    call = closed_call(positions=0)
    call.kind = Call.Kind.CHALLENGES
    call.save()
    grid = grid_of(call, CHALLENGE_JURY)
    administration = AdministrationFactory()
    dossier = submitted_dossier(call)
    Proposal.objects.create(dossier=dossier, administration=administration)
    Agent.objects.create(
        user=UserFactory(email="chef@interieur.gouv.fr"), administration=administration, confirmed=True
    )
    Agent.objects.create(user=UserFactory(email="chef@gmail.com"), administration=administration, confirmed=True)
    colleague = seated_reviewer(grid, UserFactory(email="voisin@interieur.gouv.fr"))
    stranger = seated_reviewer(grid, UserFactory(email="quelquun@gmail.com"))
    services.detect_conflicts(grid)
    assert colleague.conflicts.filter(dossier=dossier).exists()
    assert not stranger.conflicts.exists()


# --- Assignment ----------------------------------------------------------------------


@pytest.fixture
def assigned(call, staff):
    """6 dossiers, 4 reviewers of capacity 4, k = 2, one conflict (reviewer 0 is candidate 0)."""
    grid = grid_of(call, k=2)
    dossiers = [submitted_dossier(call, first=f"C{i}") for i in range(6)]
    reviewers = [seated_reviewer(grid, dossiers[0].owner if i == 0 else None, capacity=4) for i in range(4)]
    run = services.run_assignment(grid, by=staff)
    return grid, dossiers, reviewers, run


def test_every_dossier_gets_k_reviewers_without_conflict_within_capacity(assigned):
    grid, dossiers, reviewers, run = assigned
    pairs = pairs_of(grid)
    assert run.status == "optimal" and run.pairs == 12 == len(pairs)
    assert (dossiers[0].pk, reviewers[0].pk) not in pairs
    for d in dossiers:
        assert sum(1 for dd, _r in pairs if dd == d.pk) == 2
    for r in reviewers:
        assert sum(1 for _d, rr in pairs if rr == r.pk) <= 4
    assert all(a.reason.startswith("Choisi") for a in Assignment.objects.filter(reviewer__grid=grid))


def test_when_k_cannot_be_met_the_run_names_the_dossier_and_the_constraint(call, staff):
    grid = grid_of(call, k=3)
    dossier = submitted_dossier(call)
    seated_reviewer(grid)
    seated_reviewer(grid)
    run = services.run_assignment(grid, by=staff)
    assert run.status == "infeasible"
    assert set(run.unmet) == {dossier.number} and "2" in run.unmet[dossier.number]


def test_a_rerun_never_moves_a_review_already_started(assigned, staff):
    grid, _dossiers, _reviewers, _run = assigned
    started = Assignment.objects.filter(reviewer__grid=grid).first()
    Review.objects.create(assignment=started, scores={})
    PairRule.objects.all().delete()
    services.run_assignment(grid, by=staff)
    assert Assignment.objects.filter(pk=started.pk).exists()


def test_staff_pin_and_forbid_pairs_and_the_rerun_obeys(assigned, staff):
    grid, dossiers, reviewers, _run = assigned
    pairs = pairs_of(grid)
    assigned_pair = next(p for p in sorted(pairs) if p[0] == dossiers[1].pk)
    free_reviewer = next(r for r in reviewers[1:] if (dossiers[2].pk, r.pk) not in pairs)
    services.set_pair_rule(Reviewer.objects.get(pk=assigned_pair[1]), dossiers[1], PairRule.Kind.FORBID, by=staff)
    services.set_pair_rule(free_reviewer, dossiers[2], PairRule.Kind.PIN, by=staff)
    services.run_assignment(grid, by=staff)
    after = pairs_of(grid)
    assert assigned_pair not in after and (dossiers[2].pk, free_reviewer.pk) in after
    assert Assignment.objects.get(dossier=dossiers[2], reviewer=free_reviewer).source == Assignment.Source.PIN


def test_a_conflicted_pair_cannot_be_pinned(assigned, staff):
    _grid, dossiers, reviewers, _run = assigned
    with pytest.raises(DomainError, match="conflit"):
        services.set_pair_rule(reviewers[0], dossiers[0], PairRule.Kind.PIN, by=staff)


def test_a_conflict_declared_after_assignment_removes_the_pair_and_replaces_it_moving_nobody_else(assigned):
    grid, dossiers, _reviewers, _run = assigned
    before = pairs_of(grid)
    dossier_id, reviewer_id = next(p for p in sorted(before) if p[0] == dossiers[3].pk)
    reviewer = Reviewer.objects.get(pk=reviewer_id)
    review = Review.objects.create(
        assignment=Assignment.objects.get(reviewer=reviewer, dossier_id=dossier_id), scores={"1": 3}
    )
    services.declare_conflict(reviewer, dossiers[3], reason="Ancien collègue", by=reviewer.user)
    after = pairs_of(grid)
    assert (dossier_id, reviewer_id) not in after
    assert before - {(dossier_id, reviewer_id)} <= after  # nobody else moved
    assert sum(1 for d, _r in after if d == dossier_id) == 2  # replaced
    assert not Review.objects.filter(pk=review.pk).exists()
    voided = ActivityLog.objects.get(verb="review.voided_by_conflict")
    assert voided.data["scores"] == {"1": 3}


def test_a_reviewer_who_drops_out_hands_back_unfinished_dossiers_and_keeps_submitted_reviews(assigned, staff):
    grid, _dossiers, reviewers, _run = assigned
    leaving = reviewers[1]
    mine = list(leaving.assignments.order_by("pk"))
    done = mine[0]
    Review.objects.create(assignment=done, scores={}, total=10, submitted_at=timezone.now())
    before = pairs_of(grid)
    given_back = services.drop_reviewer(leaving, by=staff)
    after = pairs_of(grid)
    assert given_back == len(mine) - 1
    assert (done.dossier_id, leaving.pk) in after
    assert {p for p in before if p[1] != leaving.pk} <= after
    assert not any(r == leaving.pk and d != done.dossier_id for d, r in after)


def test_pins_beyond_a_reviewer_s_capacity_are_refused_by_name_and_nothing_moves(assigned, staff):
    grid, dossiers, reviewers, _run = assigned
    before = pairs_of(grid)
    busy = reviewers[1]
    for dossier in dossiers[1:]:  # 5 pins for a capacity of 4
        services.set_pair_rule(busy, dossier, PairRule.Kind.PIN, by=staff)
    run = services.run_assignment(grid, by=staff)
    assert (run.status, run.pairs) == ("refused", len(before))
    assert run.unmet == {str(busy): f"{busy} a 5 dossiers imposés pour une capacité de 4."}
    assert str(busy) == busy.user.get_full_name() != ""
    assert pairs_of(grid) == before


def test_a_dropped_reviewer_s_pins_lapse_and_their_dossiers_still_find_reviewers(assigned, staff):
    grid, dossiers, reviewers, _run = assigned
    leaving = reviewers[1]
    pinned = next(a.dossier for a in leaving.assignments.all())
    services.set_pair_rule(leaving, pinned, PairRule.Kind.PIN, by=staff)
    Reviewer.objects.filter(grid=grid).update(capacity=6)  # room for the dossiers handed back
    services.drop_reviewer(leaving, by=staff)
    after = pairs_of(grid)
    assert grid.runs.first().status == "optimal", grid.runs.first().unmet
    assert not any(r == leaving.pk for _d, r in after)
    assert sum(1 for d, _r in after if d == pinned.pk) == 2


# --- The next unreviewed dossier -----------------------------------------------------


@pytest.fixture
def next_grid(call):
    grid = grid_of(call, CANDIDATE_PRESCREENING, k=1)
    return grid, [submitted_dossier(call, first=f"N{i}") for i in range(3)]


def test_next_serves_the_least_reviewed_dossier_never_one_already_seen_or_conflicted(next_grid):
    grid, dossiers = next_grid
    me = seated_reviewer(grid, dossiers[2].owner)  # conflicted with the third
    served = []
    for _ in range(2):
        assignment = services.next_dossier(grid, me)
        Review.objects.create(assignment=assignment, scores={}, total=3, submitted_at=timezone.now())
        served.append(assignment.dossier)
    assert sorted(d.pk for d in served) == [dossiers[0].pk, dossiers[1].pk]
    with pytest.raises(DomainError, match="plus de dossier"):
        services.next_dossier(grid, me)
    # k = 1: the only dossier still below k goes to the next reviewer who asks.
    assert services.next_dossier(grid, seated_reviewer(grid)).dossier == dossiers[2]


def test_asking_twice_for_the_next_dossier_serves_the_unfinished_one(next_grid):
    grid, _dossiers = next_grid
    me = seated_reviewer(grid)
    assert services.next_dossier(grid, me).pk == services.next_dossier(grid, me).pk
    assert me.assignments.count() == 1


def test_next_stops_at_the_reviewers_capacity(next_grid):
    grid, _dossiers = next_grid
    me = seated_reviewer(grid, capacity=1)
    served = services.next_dossier(grid, me)
    Review.objects.create(assignment=served, scores={}, total=3, submitted_at=timezone.now())
    with pytest.raises(DomainError, match="nombre de dossiers prévu"):
        services.next_dossier(grid, me)


# --- Reviews -------------------------------------------------------------------------


@pytest.fixture
def assignment(call):
    grid = grid_of(call)
    reviewer = seated_reviewer(grid)
    return Assignment.objects.create(reviewer=reviewer, dossier=submitted_dossier(call), source="engine")


def test_autosave_keeps_a_partial_review_without_a_total(assignment):
    grid = assignment.reviewer.grid
    first = grid.criteria.first()
    review = services.save_review(assignment, scores={first.pk: 3}, by=assignment.reviewer.user)
    assert review.scores == {str(first.pk): 3} and review.total is None and review.submitted_at is None


def test_saving_the_same_review_again_writes_nothing(assignment):
    user = assignment.reviewer.user
    services.save_review(assignment, comment="Bien", by=user)
    logged = ActivityLog.objects.filter(verb="review.saved").count()
    services.save_review(assignment, comment="Bien", by=user)
    assert ActivityLog.objects.filter(verb="review.saved").count() == logged


def test_a_score_outside_the_scale_is_refused(assignment):
    grid = assignment.reviewer.grid
    with pytest.raises(DomainError, match="entre 0 et 4"):
        services.save_review(assignment, scores={grid.criteria.first().pk: 5}, by=assignment.reviewer.user)


def test_submitting_needs_every_criterion_and_sums_the_weighted_total(assignment):
    grid = assignment.reviewer.grid
    user = assignment.reviewer.user
    with pytest.raises(DomainError, match="Il manque encore"):
        services.save_review(assignment, scores={grid.criteria.first().pk: 3}, by=user, submit=True)
    criterion = grid.criteria.last()
    criterion.weight = 2
    criterion.save()
    review = services.save_review(assignment, scores=scores_for(grid, 3), by=user, submit=True)
    assert review.total == 18 and review.submitted_at is not None


def test_scoring_is_refused_after_the_grid_closes(assignment):
    grid = assignment.reviewer.grid
    with pytest.raises(DomainError, match="close depuis"):
        services.save_review(assignment, comment="Trop tard", by=assignment.reviewer.user, now=grid.closes_at)


# --- Decisions -------------------------------------------------------------------------


def test_decisions_are_logged_and_notified_once_and_a_changed_decision_again(call, staff):
    grid = grid_of(call)
    a, b = submitted_dossier(call), submitted_dossier(call)
    services.decide(grid, [a, b], admissible=True, reason=Decision.Reason.SELECTED, by=staff)
    services.decide(grid, [a], admissible=True, reason=Decision.Reason.SELECTED, by=staff)
    assert OutboxMessage.objects.filter(template="admissibility_decision").count() == 2
    later = timezone.now() + datetime.timedelta(minutes=5)
    services.decide(grid, [a], admissible=False, reason=Decision.Reason.RANKING, by=staff, now=later)
    messages = OutboxMessage.objects.filter(template="admissibility_decision", recipient=a.owner.email)
    assert messages.count() == 2 and "non retenu" in messages.order_by("-pk").first().subject
    assert ActivityLog.objects.filter(verb="dossier.admissibility_decided").count() == 3


def test_an_admissible_dossier_cannot_carry_a_refusal_reason(call, staff):
    grid = grid_of(call)
    with pytest.raises(DomainError):
        services.decide(grid, [submitted_dossier(call)], admissible=True, reason=Decision.Reason.RANKING, by=staff)
    assert not Decision.objects.exists()


def test_the_jury_grid_scores_only_the_dossiers_admissible_at_prescreening(call, staff):
    prescreening = grid_of(call, CANDIDATE_PRESCREENING)
    kept, dropped = submitted_dossier(call), submitted_dossier(call)
    services.decide(prescreening, [kept], admissible=True, reason=Decision.Reason.SELECTED, by=staff)
    services.decide(prescreening, [dropped], admissible=False, reason=Decision.Reason.PROFILE, by=staff)
    assert list(services.reviewable_dossiers(grid_of(call, CANDIDATE_JURY))) == [kept]


# --- Ranking ------------------------------------------------------------------------


def test_the_ranking_shows_ties_as_ties_and_the_three_scores_side_by_side(call):
    grid = grid_of(call)
    dossiers = [submitted_dossier(call, first=f"R{i}") for i in range(3)]
    r1, r2 = seated_reviewer(grid), seated_reviewer(grid)
    for reviewer, totals in ((r1, (16, 16, 8)), (r2, (14, 14, 6))):
        for dossier, total in zip(dossiers, totals, strict=True):
            a = Assignment.objects.create(reviewer=reviewer, dossier=dossier, source="engine")
            Review.objects.create(assignment=a, scores={}, total=total, submitted_at=timezone.now())
    ranking = queries.ranking(grid, kind="mean")
    assert [(row.rank, row.tied, row.mean) for row in ranking.rows] == [(1, True, 15), (1, True, 15), (3, False, 7)]
    assert all(row.adjusted is not None and row.z_mean is not None and row.n_reviews == 2 for row in ranking.rows)


def test_the_ranking_per_challenge_keeps_only_the_dossiers_wishing_it(call):
    grid = grid_of(call)
    here = call.promotion.challenges.get().positions.first()
    elsewhere = PositionFactory(profile=profile("design"))
    mine = submitted_dossier(call, wishes=[here])
    submitted_dossier(call, wishes=[elsewhere])
    rows = queries.ranking(grid, challenge=here.challenge).rows
    assert [row.dossier for row in rows] == [mine]
