"""Reads of the reviewers' pages: the queue grid by grid, the panel of scores after the reveal.

The queue keeps a flat query count whatever the number of assignments
(tests/web/test_evaluation.py): seats, assignments and names are three reads.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from eig.engines import calibration
from eig.reviews.models import Assignment, Criterion, Grid, Review, Reviewer
from eig.reviews.permissions import active_seats
from eig.reviews.queries import names_of, reviewer_queue

TODO, DRAFT, SUBMITTED = "todo", "draft", "submitted"


def state_of(review: Review | None) -> str:
    if review is None:
        return TODO
    return SUBMITTED if review.submitted_at else DRAFT


def max_total(grid: Grid, criteria) -> int:
    return sum(c.weight for c in criteria) * grid.scale_max


@dataclass
class QueueRow:
    assignment: Assignment
    name: str  # "" in blind mode
    state: str
    total: float | None


@dataclass
class QueueGrid:
    seat: Reviewer
    grid: Grid
    blind: bool
    is_open: bool
    not_yet_open: bool
    max_total: int
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((TODO, DRAFT, SUBMITTED), 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    @property
    def serves_next(self) -> bool:
        return self.grid.mode == Grid.Mode.NEXT


def queue_of(user, now) -> list[QueueGrid]:
    """The person's seats (every active one, even with nothing assigned yet) and their dossiers."""
    seats = list(
        active_seats(user)
        .select_related("grid__call")
        .prefetch_related("grid__criteria")
        .order_by("grid__closes_at", "grid_id")
    )
    grids = {
        seat.pk: QueueGrid(
            seat=seat,
            grid=seat.grid,
            blind=seat.grid.is_blind(now),
            is_open=seat.grid.is_open(now),
            not_yet_open=now < seat.grid.opens_at,
            max_total=max_total(seat.grid, seat.grid.criteria.all()),
        )
        for seat in seats
    }
    assignments = [a for a in reviewer_queue(user) if a.reviewer_id in grids]
    # Names only where the grid is not blind: a blind grid shows dossier numbers alone.
    named = [a.dossier_id for a in assignments if not grids[a.reviewer_id].blind]
    names = names_of(named) if named else {}
    for a in assignments:
        review = getattr(a, "review", None)
        grids[a.reviewer_id].rows.append(
            QueueRow(
                assignment=a,
                name=names.get(a.dossier_id, ""),
                state=state_of(review),
                total=review.total if review else None,
            )
        )
    return list(grids.values())


@dataclass
class PanelRow:
    label: str  # « Vous », « Évaluateur 1 »… never a name
    levels: list[int | None]  # one per criterion, in the grid's order
    total: float | None
    verdict: str
    is_mine: bool


@dataclass(frozen=True)
class PanelColumn:
    label: str
    disagreement: bool  # the reviewers' levels spread by 2 points or more


@dataclass
class Panel:
    columns: list[PanelColumn]  # one per criterion, in the grid's order
    rows: list[PanelRow]

    @property
    def disagreements(self) -> list[str]:
        return [column.label for column in self.columns if column.disagreement]


def panel_of(assignment: Assignment, criteria: list[Criterion], *, threshold: int = 2) -> Panel:
    """Every submitted review of the dossier in the grid, anonymised, with the disagreement flags.

    Only for a grid past its reveal date (the view checks `sees_other_scores`). A
    conflicted pair's review never counts (as in the staff ranking).
    """
    reviews = list(
        Review.objects.filter(
            assignment__dossier_id=assignment.dossier_id,
            assignment__reviewer__grid_id=assignment.reviewer.grid_id,
            submitted_at__isnull=False,
        )
        .exclude(assignment__reviewer__conflicts__dossier_id=F("assignment__dossier_id"))
        .order_by("assignment_id")
    )
    rows, number = [], 0
    for review in reviews:
        mine = review.assignment_id == assignment.pk
        if not mine:
            number += 1
        rows.append(
            PanelRow(
                label=_("Vous") if mine else _("Évaluateur %(n)s") % {"n": number},
                levels=[review.scores.get(str(c.pk)) for c in criteria],
                total=review.total,
                verdict=review.get_verdict_display() if review.verdict else "",
                is_mine=mine,
            )
        )
    spread = defaultdict(list)
    for review in reviews:
        for c in criteria:
            if str(c.pk) in review.scores:
                spread[c.pk].append(review.scores[str(c.pk)])
    columns = [PanelColumn(_(c.label), calibration.disagreement(spread[c.pk], threshold=threshold)) for c in criteria]
    return Panel(columns=columns, rows=rows)
