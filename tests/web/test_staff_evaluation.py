"""The programme team's side of the evaluation: installing a grid, inviting reviewers,
the assignment and its rules, dropouts and conflicts, the calibrated ranking, the
admissibility decisions (preview, then confirmation) and the programme's remarks."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier, Question
from eig.challenges.models import Challenge, Position
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.reviews import services
from eig.reviews.defaults import CANDIDATE_JURY, install_grid
from eig.reviews.models import Assignment, AssignmentRun, Conflict, Decision, Grid, PairRule, Remark, Review, Reviewer
from tests.factories import ChallengeFactory, PositionFactory, StaffFactory, UserFactory, profile
from tests.factories.calls import application_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def closed_call(slug="appel-evaluation", prefix="EVAL"):
    now = timezone.now()
    return application_call(
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=10),
        slug=slug,
        dossier_prefix=prefix,
        title="Appel évalué",
    )


def positions_of(call):
    return list(Position.objects.filter(challenge__promotion=call.promotion).order_by("order", "pk"))


def add_dossiers(call, count, *, start=0, positions=None):
    """Submitted dossiers named « Prénom{i} Nom{i} », each wishing one position in turn."""
    questions = {q.key: q for q in Question.objects.filter(step__call=call, key__in=["prenom", "nom"])}
    positions = positions or positions_of(call)
    dossiers = []
    for i in range(start, start + count):
        owner = UserFactory(email=f"candidat{i}@example.org")
        dossier = Dossier.objects.create(
            call=call,
            owner=owner,
            number=f"{call.dossier_prefix}-{i:04d}",
            status=Dossier.Status.SUBMITTED,
            submitted_at=call.closes_at - datetime.timedelta(hours=1),
        )
        Answer.objects.create(dossier=dossier, question=questions["prenom"], value=f"Prénom{i}")
        Answer.objects.create(dossier=dossier, question=questions["nom"], value=f"Nom{i}")
        Wish.objects.create(dossier=dossier, position=positions[i % len(positions)], rank=1)
        dossiers.append(dossier)
    return dossiers


def jury_grid(call, *, k=2):
    now = timezone.now()
    return install_grid(
        call,
        CANDIDATE_JURY,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=5),
        reveals_at=now + datetime.timedelta(days=5),
        k=k,
    )


def seat(grid, email, *, staff, tags=(), capacity=20):
    """An invited reviewer who accepted, with their own account."""
    reviewer = services.invite_reviewer(grid, email, tags=tags, capacity=capacity, by=staff)
    return services.accept_invitation(reviewer, user=UserFactory(email=email))


def score(assignment, levels, *, verdict=""):
    """A submitted review with these levels, one per criterion in order."""
    criteria = list(assignment.reviewer.grid.criteria.all())
    return services.save_review(
        assignment,
        scores={str(c.pk): level for c, level in zip(criteria, levels, strict=True)},
        verdict=verdict,
        by=assignment.reviewer.user,
        submit=True,
    )


def pairs(grid):
    return set(Assignment.objects.filter(reviewer__grid=grid).values_list("reviewer__email", "dossier__number"))


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def url(name, grid, **kwargs):
    return reverse(name, kwargs={"slug": grid.call.slug, "grid": grid.pk, **kwargs})


# --- Grids -------------------------------------------------------------------------


def test_the_overview_offers_each_default_grid_and_installs_it_with_its_dates(staff_client):
    call = closed_call()
    overview = reverse("staff:evaluation_overview", kwargs={"slug": call.slug})
    page = text_of(staff_client.get(overview))
    assert "Installer la grille de la phase « Présélection »" in page
    assert "Installer la grille de la phase « Jury »" in page

    response = staff_client.post(
        reverse("staff:evaluation_install", kwargs={"slug": call.slug}),
        {
            "phase": "jury",
            "opens_at": "2030-03-02T09:00",
            "closes_at": "2030-03-20T18:00",
            "reveals_at": "2030-03-21T09:00",
            "reviews_per_dossier": "2",
            "blind": "on",
        },
    )

    grid = Grid.objects.get(call=call, phase=Grid.Phase.JURY)
    assert response.status_code == 302
    assert response["Location"] == url("staff:evaluation_grid", grid)
    assert (grid.reviews_per_dossier, grid.blind, grid.scale_min, grid.scale_max) == (2, True, 0, 4)
    assert timezone.localtime(grid.opens_at).strftime("%d/%m/%Y %H:%M") == "02/03/2030 09:00"
    assert grid.criteria.count() == 5
    assert ActivityLog.objects.filter(verb="grid.created", target_id=str(grid.pk)).count() == 1
    page = text_of(staff_client.get(overview))
    assert "Installer la grille de la phase « Jury »" not in page
    assert "Jury de sélection des candidats" in page
    assert "0 sur 0 attendues" in page


def test_a_grid_that_closes_before_it_opens_is_refused_and_nothing_is_installed(staff_client):
    call = closed_call()
    response = staff_client.post(
        reverse("staff:evaluation_install", kwargs={"slug": call.slug}),
        {
            "phase": "prescreening",
            "opens_at": "2030-03-20T09:00",
            "closes_at": "2030-03-02T09:00",
            "reveals_at": "2030-03-21T09:00",
            "reviews_per_dossier": "3",
        },
    )
    assert response.status_code == 409
    assert escape("La clôture de l'évaluation doit suivre son ouverture.") in response.content.decode()
    assert not Grid.objects.filter(call=call).exists()


def test_installing_a_phase_twice_is_refused_with_the_rule(staff_client):
    call = closed_call()
    grid = jury_grid(call)
    response = staff_client.post(
        reverse("staff:evaluation_install", kwargs={"slug": call.slug}),
        {
            "phase": "jury",
            "opens_at": "2030-03-02T09:00",
            "closes_at": "2030-03-20T18:00",
            "reveals_at": "2030-03-21T09:00",
            "reviews_per_dossier": "3",
        },
    )
    assert response.status_code == 409
    assert escape("Cette phase a déjà sa grille d'évaluation.") in response.content.decode()
    assert list(Grid.objects.filter(call=call)) == [grid]


def test_the_grid_page_shows_criteria_scale_and_reviewers(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call)
    seat(grid, "ada@jury.example", staff=staff, tags=["dev"], capacity=7)
    services.invite_reviewer(grid, "grace@jury.example", by=staff)
    page = text_of(staff_client.get(url("staff:evaluation_grid", grid)))
    assert escape("Capacité à comprendre le défi") in page
    assert "0 — absent" in page and "4 — excellent" in page
    assert "ada@jury.example" in page and "Développement" in page and "0 / 7" in page
    assert "grace@jury.example" in page and "En attente" in page


# --- Reviewers ---------------------------------------------------------------------


def test_staff_invite_a_reviewer_with_profile_tags_and_a_capacity(staff_client):
    grid = jury_grid(closed_call())
    response = staff_client.post(
        url("staff:evaluation_invite", grid),
        {"email": "Linus@Jury.example", "tags": "dev, datascience", "capacity": "5"},
    )
    assert response.status_code == 302
    reviewer = Reviewer.objects.get(grid=grid)
    assert (reviewer.email, reviewer.tags, reviewer.capacity) == ("linus@jury.example", ["datascience", "dev"], 5)
    assert OutboxMessage.objects.filter(template="reviewer_invitation", recipient="linus@jury.example").count() == 1


def test_an_unknown_expertise_is_refused_with_the_known_codes(staff_client):
    grid = jury_grid(closed_call())
    response = staff_client.post(
        url("staff:evaluation_invite", grid), {"email": "x@jury.example", "tags": "dev, astrologie", "capacity": "5"}
    )
    assert response.status_code == 400
    assert "Expertises inconnues : astrologie." in response.content.decode()
    assert not Reviewer.objects.exists()


# --- Assignment --------------------------------------------------------------------


def test_running_the_assignment_creates_pairs_with_their_reasons_and_shows_unmet_dossiers(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=2)
    dossiers = add_dossiers(call, 3)
    seat(grid, "ada@jury.example", staff=staff, tags=["dev"], capacity=2)
    seat(grid, "grace@jury.example", staff=staff, capacity=2)

    response = staff_client.post(url("staff:evaluation_assign", grid))

    assert response.status_code == 302
    run = AssignmentRun.objects.get(grid=grid)
    # Four pairs is the most two reviewers of capacity 2 give 3 dossiers that each need 2: either two dossiers
    # get both their reviewers and one none, or one gets both and two get one. Both optima cost the same; the
    # tie-break picks one from the rows' keys (docs/engines.md), and primary keys differ between databases.
    assert (run.status, run.pairs) == ("infeasible", 4)
    assert len(run.unmet) in (1, 2)
    assignments = list(Assignment.objects.filter(reviewer__grid=grid))
    assert len(assignments) == 4 and all(a.reason.startswith("Choisi pour une affinité") for a in assignments)
    page = text_of(staff_client.get(url("staff:evaluation_grid", grid)))
    assert "Incomplet : des dossiers manquent d'évaluateurs" in page
    unmet = len(run.unmet)
    assert (
        f"{unmet} dossiers sans tous leurs évaluateurs" if unmet > 1 else "1 dossier sans tous ses évaluateurs"
    ) in page
    assert escape("les évaluateurs sans conflit ont atteint leur capacité") in page
    for number in run.unmet:
        assert number in {d.number for d in dossiers}
    # The dev dossiers went to the dev expert, and the page says why.
    assert escape("expertise commune : dev") in page


def test_pinned_and_forbidden_pairs_hold_at_the_next_run(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=1)
    first, second = add_dossiers(call, 2)
    ada = seat(grid, "ada@jury.example", staff=staff, tags=["dev"])
    grace = seat(grid, "grace@jury.example", staff=staff)
    staff_client.post(url("staff:evaluation_assign", grid))
    assert ("ada@jury.example", first.number) in pairs(grid)  # first wishes a dev position

    rule = url("staff:evaluation_pair_rule", grid)
    assert staff_client.post(rule, {"reviewer": ada.pk, "number": first.number, "kind": "forbid"}).status_code == 302
    assert staff_client.post(rule, {"reviewer": grace.pk, "number": second.number, "kind": "pin"}).status_code == 302
    staff_client.post(url("staff:evaluation_assign", grid))

    assert pairs(grid) == {("grace@jury.example", first.number), ("grace@jury.example", second.number)}
    pinned = Assignment.objects.get(reviewer=grace, dossier=second)
    assert (pinned.source, pinned.reason) == (Assignment.Source.PIN, "Paire imposée par l'équipe du programme.")
    page = text_of(staff_client.get(url("staff:evaluation_grid", grid)))
    assert "Interdire" in page and "Imposer" in page

    response = staff_client.post(rule, {"reviewer": ada.pk, "number": first.number, "kind": "remove"})
    assert response.status_code == 302
    assert list(PairRule.objects.values_list("reviewer__email", "kind")) == [("grace@jury.example", "pin")]


def test_pinning_a_conflicted_pair_is_refused_with_the_rule(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=1)
    (dossier,) = add_dossiers(call, 1)
    ada = seat(grid, "ada@jury.example", staff=staff)
    Conflict.objects.create(reviewer=ada, dossier=dossier, source=Conflict.Source.DECLARED, reason="Ancienne collègue")
    response = staff_client.post(
        url("staff:evaluation_pair_rule", grid), {"reviewer": ada.pk, "number": dossier.number, "kind": "pin"}
    )
    assert response.status_code == 409
    assert escape("l'évaluateur est en conflit d'intérêts avec lui") in response.content.decode()
    assert not PairRule.objects.exists()


def test_a_dropped_reviewer_s_dossiers_go_to_others_and_nothing_else_moves(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=1)
    add_dossiers(call, 6)
    reviewers = [seat(grid, f"r{i}@jury.example", staff=staff, capacity=3) for i in range(3)]
    staff_client.post(url("staff:evaluation_assign", grid))
    before = pairs(grid)
    leaving = next(r for r in reviewers if r.assignments.exists())
    theirs = {p for p in before if p[0] == leaving.email}

    confirm = staff_client.get(url("staff:evaluation_drop", grid, reviewer=leaving.pk))
    assert confirm.status_code == 200
    expected = f"Ses {len(theirs)} dossiers non terminés" if len(theirs) > 1 else "Son dossier non terminé"
    assert escape(expected) in text_of(confirm)
    response = staff_client.post(url("staff:evaluation_drop", grid, reviewer=leaving.pk))

    assert response.status_code == 302
    leaving.refresh_from_db()
    assert leaving.dropped_at is not None
    after = pairs(grid)
    assert before - theirs <= after  # nobody else moved
    assert {number for _email, number in after} == {number for _email, number in before}  # each still reviewed
    assert not any(email == leaving.email for email, _number in after)


def test_a_conflict_reported_by_staff_removes_the_pair_and_replaces_it(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=1)
    (dossier,) = add_dossiers(call, 1)
    seat(grid, "ada@jury.example", staff=staff)
    seat(grid, "grace@jury.example", staff=staff)
    staff_client.post(url("staff:evaluation_assign", grid))
    assignment = Assignment.objects.get(dossier=dossier)
    first = assignment.reviewer

    response = staff_client.post(
        url("staff:evaluation_conflict", grid),
        {"reviewer": first.pk, "number": dossier.number, "reason": "Même laboratoire"},
    )

    assert response.status_code == 302
    conflict = Conflict.objects.get(reviewer=first, dossier=dossier)
    assert (conflict.source, conflict.reason) == (Conflict.Source.STAFF, "Même laboratoire")
    replacement = Assignment.objects.get(dossier=dossier)
    assert replacement.reviewer != first
    page = text_of(staff_client.get(url("staff:evaluation_grid", grid)))
    assert escape("Signalé par l'équipe") in page and "Même laboratoire" in page


# --- Ranking -----------------------------------------------------------------------


def reviewed_call(staff, *, levels):
    """A jury grid (k = 2) whose two reviewers scored every dossier: levels[i] = (ada's, grace's)."""
    call = closed_call()
    grid = jury_grid(call, k=2)
    dossiers = add_dossiers(call, len(levels))
    seat(grid, "ada@jury.example", staff=staff)
    seat(grid, "grace@jury.example", staff=staff)
    services.run_assignment(grid, by=staff)
    for dossier, (ada, grace) in zip(dossiers, levels, strict=True):
        score(Assignment.objects.get(dossier=dossier, reviewer__email="ada@jury.example"), ada)
        score(Assignment.objects.get(dossier=dossier, reviewer__email="grace@jury.example"), grace)
    return grid, dossiers


def test_the_ranking_shows_the_three_scores_side_by_side_and_ties_as_ties(staff_client, staff):
    grid, dossiers = reviewed_call(
        staff,
        levels=[
            ([3, 3, 3, 3, 3], [3, 3, 3, 3, 3]),  # 15 and 15
            ([4, 3, 3, 3, 2], [3, 3, 3, 3, 3]),  # 15 and 15: tied with the first
            ([2, 2, 2, 2, 2], [4, 2, 2, 1, 1]),  # 10 and 10, split by 2 on the first criterion
        ],
    )
    page = text_of(staff_client.get(url("staff:evaluation_ranking", grid)))
    for header in ["Moyenne brute", "Moyenne des scores z", "Score corrigé", "Évaluations"]:
        assert header in page
    assert page.count("1 (ex æquo)") == 2
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    third = next(row for row in rows if dossiers[2].number in row)
    assert "<td>3</td>" in third and "Prénom2 Nom2" in third and "10,00" in third
    assert "Désaccord" in third and escape("Dynamisme, vision") in third
    first = next(row for row in rows if dossiers[0].number in row)
    assert "15,00" in first and "15 · 15" in first and "Désaccord" not in first
    # The reviewers' severity, as a table and a picture.
    assert "Sévérité des évaluateurs" in page and "ada@jury.example" in page and "<rect" in page


def test_the_ranking_can_sort_by_raw_mean(staff_client, staff):
    grid, dossiers = reviewed_call(staff, levels=[([2, 2, 2, 2, 2], [2, 2, 2, 2, 2]), ([4, 4, 4, 4, 4], [3] * 5)])
    page = text_of(staff_client.get(url("staff:evaluation_ranking", grid) + "?kind=mean"))
    assert '<th scope="col" aria-sort="descending">Moyenne brute</th>' in page
    assert page.index(dossiers[1].number) < page.index(dossiers[0].number)


def test_the_ranking_filters_by_challenge_and_by_profile(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=1)
    dev, datascience = positions_of(call)  # the call's recruiting challenge: dev, datascience
    other = ChallengeFactory(promotion=call.promotion, status=Challenge.Status.RECRUITING, title="Défi des forêts")
    design = PositionFactory(challenge=other, profile=profile("design"))
    wants_dev, wants_data = add_dossiers(call, 2, positions=[dev, datascience])
    (wants_design,) = add_dossiers(call, 1, start=2, positions=[design])
    ranking = url("staff:evaluation_ranking", grid)

    by_profile = staff_client.get(ranking + "?profile=dev").content.decode()
    by_challenge = staff_client.get(ranking + f"?challenge={other.pk}").content.decode()

    assert wants_dev.number in by_profile and wants_data.number not in by_profile
    assert wants_design.number not in by_profile
    assert wants_design.number in by_challenge and wants_dev.number not in by_challenge


# --- Decisions -----------------------------------------------------------------------


def test_decisions_are_previewed_then_confirmed_and_only_then_notified(staff_client, staff):
    grid, dossiers = reviewed_call(staff, levels=[([3] * 5, [3] * 5), ([2] * 5, [2] * 5), ([1] * 5, [1] * 5)])
    chosen = [dossiers[0].number, dossiers[1].number]
    decisions = url("staff:evaluation_decisions", grid)
    data = {"dossiers": chosen, "admissible": "1", "reason": "selected", "note": "Audition en avril."}

    preview = staff_client.post(decisions, data)

    assert preview.status_code == 200
    page = text_of(preview)
    assert f"Votre dossier {chosen[0]} : retenu pour la suite" in page
    assert f"Votre dossier {chosen[1]} : retenu pour la suite" in page
    assert "Audition en avril." in page and "candidat0@example.org" in page
    assert 'name="confirm"' in page
    assert not Decision.objects.exists()
    assert not OutboxMessage.objects.filter(template="admissibility_decision").exists()

    confirmed = staff_client.post(decisions, {**data, "confirm": "1"}, follow=True)

    assert confirmed.redirect_chain == [(url("staff:evaluation_ranking", grid), 302)]
    assert "2 décisions enregistrées, les candidats sont prévenus." in text_of(confirmed)
    assert sorted(Decision.objects.filter(admissible=True).values_list("dossier__number", flat=True)) == chosen
    messages = OutboxMessage.objects.filter(template="admissibility_decision").order_by("recipient")
    assert list(messages.values_list("recipient", flat=True)) == ["candidat0@example.org", "candidat1@example.org"]
    assert "Audition en avril." in messages[0].body_text
    assert text_of(confirmed).count(">Admissible</p>") == 2


def test_a_decision_the_rules_refuse_applies_nothing_and_says_why(staff_client, staff):
    grid, dossiers = reviewed_call(staff, levels=[([3] * 5, [3] * 5)])
    response = staff_client.post(
        url("staff:evaluation_decisions", grid),
        {"dossiers": [dossiers[0].number], "admissible": "1", "reason": "incomplete", "confirm": "1"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert escape("Un dossier admissible a pour motif « Retenu pour la suite ».") in page
    assert "Aucune décision n'a été enregistrée." in page
    assert not Decision.objects.exists()
    assert not OutboxMessage.objects.filter(template="admissibility_decision").exists()


def test_deciding_without_a_checked_dossier_goes_back_to_the_ranking(staff_client, staff):
    grid, _dossiers = reviewed_call(staff, levels=[([3] * 5, [3] * 5)])
    response = staff_client.post(
        url("staff:evaluation_decisions", grid), {"admissible": "0", "reason": "ranking"}, follow=True
    )
    assert response.redirect_chain == [(url("staff:evaluation_ranking", grid), 302)]
    assert "Cochez au moins un dossier du classement." in text_of(response)


def test_a_decision_without_a_reason_is_shown_again_to_be_completed(staff_client, staff):
    grid, dossiers = reviewed_call(staff, levels=[([3] * 5, [3] * 5)])
    response = staff_client.post(url("staff:evaluation_decisions", grid), {"dossiers": [dossiers[0].number]})
    assert response.status_code == 400
    page = text_of(response)
    assert "Choisissez un motif." in page and "Choisissez admissible ou non admissible." in page
    assert f'name="dossiers" value="{dossiers[0].number}"' in page


# --- Remarks and the dossier page ------------------------------------------------------


def test_a_programme_remark_is_shown_on_the_dossier_page_with_the_reviews(staff_client, staff):
    grid, dossiers = reviewed_call(staff, levels=[([4, 3, 2, 1, 0], [3] * 5)])
    dossier = dossiers[0]
    remark_url = reverse("staff:dossier_remark", kwargs={"slug": grid.call.slug, "number": dossier.number})

    response = staff_client.post(remark_url, {"text": "Profil rare : à entendre en priorité."})

    detail = reverse("staff:dossier_detail", kwargs={"slug": grid.call.slug, "number": dossier.number})
    assert response.status_code == 302 and response["Location"] == detail + "#remarks"
    assert Remark.objects.get().text == "Profil rare : à entendre en priorité."
    page = text_of(staff_client.get(detail))
    assert "Profil rare : à entendre en priorité." in page and "equipe@eig.example" in page
    ada = re.search(r"<tr> <th scope=\"row\">ada@jury.example</th>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>(\d+)</td>", ada) == ["4", "3", "2", "1", "0", "10"]
    assert ActivityLog.objects.filter(verb="dossier.remark_added", target_id=str(dossier.pk)).exists()


def test_an_empty_remark_is_refused(staff_client):
    call = closed_call()
    (dossier,) = add_dossiers(call, 1)
    response = staff_client.post(
        reverse("staff:dossier_remark", kwargs={"slug": call.slug, "number": dossier.number}), {"text": "  "}
    )
    assert response.status_code == 400
    assert "Écrivez la remarque." in response.content.decode()
    assert not Remark.objects.exists()


# --- Query counts ------------------------------------------------------------------------


def grow_reviewed(grid, reviewers, count, start):
    """`count` more dossiers, each scored by every reviewer (rows written directly: speed)."""
    dossiers = add_dossiers(grid.call, count, start=start)
    criteria = list(grid.criteria.all())
    for i, dossier in enumerate(dossiers):
        for j, reviewer in enumerate(reviewers):
            assignment = Assignment.objects.create(reviewer=reviewer, dossier=dossier, source="engine", reason="test")
            scores = {str(c.pk): (i + j + c.order) % 5 for c in criteria}
            Review.objects.create(
                assignment=assignment,
                scores=scores,
                total=float(sum(scores.values())),
                submitted_at=timezone.now(),
            )


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["staff:evaluation_ranking", "staff:evaluation_grid", "staff:evaluation_overview"])
def test_evaluation_pages_keep_a_flat_query_count_from_1_to_30_dossiers(staff_client, staff, name):
    call = closed_call()
    grid = jury_grid(call, k=2)
    reviewers = [seat(grid, f"r{i}@jury.example", staff=staff) for i in range(2)]
    grow_reviewed(grid, reviewers, 1, start=0)
    path = url(name, grid) if name != "staff:evaluation_overview" else reverse(name, kwargs={"slug": call.slug})
    staff_client.get(path)  # the first page reads the site's DSFR settings, kept under the content version
    with_one = queries_for(staff_client, path)
    grow_reviewed(grid, reviewers, 29, start=1)
    Decision.objects.create(
        grid=grid, dossier=Dossier.objects.first(), admissible=True, reason="selected", decided_at=timezone.now()
    )
    assert queries_for(staff_client, path) == with_one


def test_the_dossier_page_keeps_a_flat_query_count_with_its_reviews(staff_client, staff):
    call = closed_call()
    grid = jury_grid(call, k=2)
    reviewers = [seat(grid, f"r{i}@jury.example", staff=staff) for i in range(2)]
    grow_reviewed(grid, reviewers[:1], 1, start=0)
    dossier = Dossier.objects.get()
    path = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    # The first page reads the call's steps and questions (kept per process: eig.calls.structure) and the
    # site's DSFR settings (kept under the content version).
    staff_client.get(path)
    with_one = queries_for(staff_client, path)
    assignment = Assignment.objects.create(reviewer=reviewers[1], dossier=dossier, source="engine")
    Review.objects.create(assignment=assignment, scores={}, submitted_at=None)
    services.add_remark(dossier, "Une remarque", by=staff)
    services.add_remark(dossier, "Une autre", by=staff)
    assert queries_for(staff_client, path) == with_one


def test_a_long_ranking_is_paginated_and_ranks_run_on_across_pages(staff_client, staff):
    grid = jury_grid(closed_call(), k=1)
    reviewer = seat(grid, "ada@jury.example", staff=staff)
    grow_reviewed(grid, [reviewer], 55, start=0)
    first = text_of(staff_client.get(url("staff:evaluation_ranking", grid)))
    second = text_of(staff_client.get(url("staff:evaluation_ranking", grid) + "?page=2"))
    assert first.count('name="dossiers"') == 50 and second.count('name="dossiers"') == 5
    assert "55 dossiers" in first
    numbers = set(re.findall(r'name="dossiers" value="([^"]+)"', first + second))
    assert len(numbers) == 55


def test_outsiders_get_404_everywhere_in_the_evaluation(staff):
    grid = jury_grid(closed_call())
    reviewer = seat(grid, "ada@jury.example", staff=staff)
    client = Client()
    client.force_login(reviewer.user)
    for path in [
        reverse("staff:evaluation_overview", kwargs={"slug": grid.call.slug}),
        url("staff:evaluation_grid", grid),
        url("staff:evaluation_ranking", grid),
        url("staff:evaluation_drop", grid, reviewer=reviewer.pk),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(url("staff:evaluation_assign", grid)).status_code == 404
    assert not AssignmentRun.objects.exists()


def test_a_grid_of_another_call_answers_404(staff_client):
    grid = jury_grid(closed_call())
    other = closed_call(slug="autre-appel", prefix="AUTRE")
    path = reverse("staff:evaluation_grid", kwargs={"slug": other.slug, "grid": grid.pk})
    assert staff_client.get(path).status_code == 404
