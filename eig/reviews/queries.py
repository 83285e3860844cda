"""Shared reads of the evaluation: a reviewer's queue, a grid's ranking.

Both keep a flat query count whatever the number of dossiers (tests/web).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier
from eig.engines import calibration

from .models import Assignment, Conflict, Criterion, Decision, Grid, PairRule, Review
from .permissions import active_seats
from .services import reviewable_dossiers

NAME_KEYS = ("prenom", "nom", "nom_projet")
KINDS = ("adjusted", "mean", "z_mean")


def reviewer_queue(user):
    """The person's assignments, grid by grid: unfinished first, without conflicted pairs."""
    return (
        Assignment.objects.filter(reviewer__in=active_seats(user))
        .exclude(reviewer__conflicts__dossier_id=F("dossier_id"))
        .select_related("dossier", "reviewer__grid__call", "review")
        .order_by(
            "reviewer__grid__closes_at",
            "reviewer__grid_id",
            F("review__submitted_at").asc(nulls_first=True),
            "created_at",
            "id",
        )
    )


def names_of(dossier_ids) -> dict[int, str]:
    """dossier pk -> "Prénom Nom" (candidates) or the project's name (proposals), in one query."""
    parts = defaultdict(dict)
    for dossier_id, key, value in Answer.objects.filter(
        dossier_id__in=list(dossier_ids), question__key__in=NAME_KEYS
    ).values_list("dossier_id", "question__key", "value"):
        parts[dossier_id][key] = value or ""
    return {dossier_id: name_in(p) for dossier_id, p in parts.items()}


def name_in(answers: dict) -> str:
    """ "Prénom Nom" (candidates) or the project's name (proposals) from {question key: value}."""
    return answers.get("nom_projet") or " ".join(x for x in (answers.get("prenom"), answers.get("nom")) if x)


@dataclass
class RankingRow:
    dossier: Dossier | None  # None until `Ranking.detail` (ranking(details=False))
    name: str
    n_reviews: int = 0
    mean: float | None = None
    z_mean: float | None = None
    adjusted: float | None = None
    rank: int | None = None
    tied: bool = False
    totals: list[float] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)  # labels of the criteria the reviewers split on
    verdicts: dict[str, int] = field(default_factory=dict)
    decision: Decision | None = None
    explanation: str = ""
    wishes: list[str] = field(default_factory=list)
    dossier_id: int = 0
    number: str = ""


@dataclass
class Ranking:
    grid: Grid
    kind: str
    rows: list[RankingRow]
    reviews: int
    reviewers: int
    calibration: calibration.Calibration | None
    threshold: int = 2

    def detail(self, rows: list[RankingRow]) -> list[RankingRow]:
        """Fill the given rows' name, wishes, decision, totals, verdicts, disagreements and
        explanation, in five queries whatever their number (a page of a long ranking)."""
        ids = [row.dossier_id for row in rows]
        missing = [row for row in rows if row.dossier is None]
        if missing:
            found = Dossier.objects.select_related("owner").in_bulk([row.dossier_id for row in missing])
            for row in missing:
                row.dossier = found[row.dossier_id]
        criteria = [(str(c.pk), c.label) for c in self.grid.criteria.all()]
        mine = defaultdict(list)
        for dossier_id, total, scores, verdict in (
            _submitted_reviews(self.grid)
            .filter(assignment__dossier_id__in=ids)
            .values_list("assignment__dossier_id", "total", "scores", "verdict")
        ):
            mine[dossier_id].append((total, scores, verdict))
        names = names_of(ids)
        decisions = {d.dossier_id: d for d in Decision.objects.filter(grid=self.grid, dossier_id__in=ids)}
        wishes = defaultdict(list)
        for dossier_id, title, profile_label in (
            Wish.objects.filter(dossier_id__in=ids)
            .order_by("rank")
            .values_list("dossier_id", "position__challenge__title", "position__profile__label")
        ):
            wishes[dossier_id].append(f"{title} ({profile_label})")
        for row in rows:
            pk = row.dossier_id
            row.name, row.decision, row.wishes = names.get(pk, ""), decisions.get(pk), wishes.get(pk, [])
            reviews = mine.get(pk, [])
            if reviews and row.n_reviews:
                row.totals = sorted(t for t, _s, _v in reviews)
                row.verdicts = dict(Counter(v for _t, _s, v in reviews if v))
                row.disagreements = [
                    label
                    for key, label in criteria
                    if calibration.disagreement([s[key] for _t, s, _v in reviews if key in s], threshold=self.threshold)
                ]
                row.explanation = calibration.explain(self.calibration, str(pk))
        return rows


def _wish_filter(challenge=None, profile=None) -> Q:
    q = Q()
    if challenge is not None:
        q &= Q(position__challenge=challenge)
    if profile is not None:
        q &= Q(position__profile=profile)
    return q


def _submitted_reviews(grid: Grid):
    """The reviews that count: submitted, complete, and not of a conflicted pair."""
    return Review.objects.filter(
        assignment__reviewer__grid=grid, submitted_at__isnull=False, total__isnull=False
    ).exclude(assignment__reviewer__conflicts__dossier_id=F("assignment__dossier_id"))


def ranking(
    grid: Grid, *, kind: str = "adjusted", challenge=None, profile=None, threshold: int = 2, details: bool = True
) -> Ranking:
    """The grid's dossiers ranked by `kind` ("adjusted", "mean" or "z_mean"), ties shown as ties.

    Calibration always runs on every submitted review of the grid (a reviewer's
    severity is learnt from all their reviews); the filters by challenge or profile
    (the dossier wishes a position of that challenge or profile) only narrow the
    list, ranked again within it. Dossiers without a submitted review come last,
    unranked.

    details=False leaves the rows with their dossier's id and number, rank and scores
    only (`row.dossier` is None): a page showing a slice of a long ranking fills that
    slice with `Ranking.detail(rows)` (the staff page with 2,000 dossiers,
    tests/bench/review_pages.py).
    """
    if kind not in KINDS:
        kind = "adjusted"
    reviews = list(_submitted_reviews(grid).values_list("assignment__reviewer_id", "assignment__dossier_id", "total"))
    dossiers = reviewable_dossiers(grid)
    if challenge is not None or profile is not None:
        wishing = Wish.objects.filter(_wish_filter(challenge, profile)).values("dossier_id")
        dossiers = dossiers.filter(pk__in=wishing)
    if details:
        dossiers = [(d.pk, d.number, d) for d in dossiers.select_related("owner")]
    else:  # thousands of rows: no model instances for the rows nobody will see
        dossiers = [(pk, number, None) for pk, number in dossiers.values_list("pk", "number")]

    result = None
    if reviews:
        result = calibration.calibrate_arrays(
            [str(r) for r, _d, _t in reviews], [str(d) for _r, d, _t in reviews], [t for _r, _d, t in reviews]
        )
    reviewed = {d for _r, d, _t in reviews}

    rows = []
    for pk, number, dossier in dossiers:
        row = RankingRow(dossier=dossier, name="", dossier_id=pk, number=number)
        if pk in reviewed:
            score = result.item(str(pk))
            row.n_reviews, row.mean, row.z_mean, row.adjusted = (
                score.n_reviews,
                score.mean,
                score.z_mean,
                score.adjusted,
            )
        rows.append(row)

    scored = {str(r.dossier_id): getattr(r, kind) for r in rows if r.n_reviews}
    ranks = {entry.item: entry for entry in calibration.rank(scored)}
    for row in rows:
        entry = ranks.get(str(row.dossier_id))
        if entry is not None:
            row.rank, row.tied = entry.rank, entry.tied
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.number))
    ranked = Ranking(
        grid=grid,
        kind=kind,
        rows=rows,
        reviews=len(reviews),
        reviewers=len({r for r, _d, _t in reviews}),
        calibration=result,
        threshold=threshold,
    )
    if details:
        ranked.detail(rows)
    return ranked


def grid_progress(grid: Grid) -> dict:
    """Counts for the staff overview of a grid."""
    assignments = Assignment.objects.filter(reviewer__grid=grid)
    return {
        "dossiers": reviewable_dossiers(grid).count(),
        "reviewers": grid.reviewers.filter(accepted_at__isnull=False, dropped_at__isnull=True).count(),
        "invited": grid.reviewers.filter(accepted_at__isnull=True).count(),
        "assignments": assignments.count(),
        "submitted": assignments.filter(review__submitted_at__isnull=False).count(),
        "conflicts": Conflict.objects.filter(reviewer__grid=grid).count(),
    }


# --- The programme team's pages ---------------------------------------------------------


def staff_reviewers(grid: Grid):
    """The grid's reviewers with their load (assignments) and their submitted reviews."""
    return (
        grid.reviewers.select_related("user")
        .annotate(
            load=Count("assignments", distinct=True),
            done=Count("assignments", filter=Q(assignments__review__submitted_at__isnull=False), distinct=True),
        )
        .order_by(F("dropped_at").asc(nulls_first=True), "email")
    )


def grid_conflicts(grid: Grid):
    return (
        Conflict.objects.filter(reviewer__grid=grid)
        .select_related("reviewer", "dossier")
        .order_by("dossier__number", "reviewer__email")
    )


def grid_pair_rules(grid: Grid):
    return (
        PairRule.objects.filter(reviewer__grid=grid)
        .select_related("reviewer", "dossier")
        .order_by("dossier__number", "reviewer__email")
    )


def assignments_by_dossier(grid: Grid, dossier_ids) -> dict[int, list[Assignment]]:
    """dossier pk -> its assignments in the grid (with reviewer and review), in one query."""
    found = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(reviewer__grid=grid, dossier_id__in=list(dossier_ids))
        .select_related("reviewer", "review")
        .order_by("reviewer__email")
    ):
        found[assignment.dossier_id].append(assignment)
    return found


@dataclass
class GridReviews:
    """One grid's reviews of one dossier, for the staff dossier page (staff see every score)."""

    grid: Grid
    criteria: list
    reviews: list[dict]
    decision: Decision | None


def dossier_reviews(dossier: Dossier) -> list[GridReviews]:
    """Every grid of the dossier's call with this dossier's assignments, scores and decision."""
    grids = list(Grid.objects.filter(call_id=dossier.call_id).order_by("opens_at", "pk"))
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(grid__in=grids).order_by("grid_id", "order"):
        criteria[criterion.grid_id].append(criterion)
    assignments = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(dossier=dossier, reviewer__grid__in=grids)
        .select_related("reviewer", "review")
        .order_by("reviewer__email")
    ):
        assignments[assignment.reviewer.grid_id].append(assignment)
    decisions = {d.grid_id: d for d in Decision.objects.filter(dossier=dossier, grid__in=grids)}
    result = []
    for grid in grids:
        rows = []
        for assignment in assignments[grid.pk]:
            review = getattr(assignment, "review", None)
            scores = review.scores if review else {}
            rows.append(
                {
                    "assignment": assignment,
                    "reviewer": assignment.reviewer,
                    "review": review,
                    "scores": [scores.get(str(c.pk)) for c in criteria[grid.pk]],
                }
            )
        if rows or grid.pk in decisions:
            result.append(GridReviews(grid, criteria[grid.pk], rows, decisions.get(grid.pk)))
    return result
