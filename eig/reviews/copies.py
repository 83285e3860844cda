"""What the evaluation adds to a call copied for another year (eig.calls.setup.duplicate_call): its grids,
each with its criteria, scale, level labels and settings in both languages, the dates shifted by the same
offset as the call's. Reviewers, assignments, reviews and decisions belong to last year's dossiers: never
copied. Registered from ReviewsConfig.ready() (the dossier engine names no app above it)."""

from eig.calls.setup import field_values, register_copier
from eig.core.activity import log_activity

from .models import Criterion, Grid

DATES = ("opens_at", "closes_at", "reveals_at")


def copy_grids(source, target, *, offset, by) -> list[Grid]:
    copies = []
    for grid in source.grids.prefetch_related("criteria").order_by("opens_at", "pk"):
        values = field_values(grid, exclude={"call"})
        values.update({name: getattr(grid, name) + offset for name in DATES})
        copy = Grid.objects.create(call=target, **values)
        Criterion.objects.bulk_create(
            Criterion(grid=copy, **field_values(criterion, exclude={"grid"}))
            for criterion in sorted(grid.criteria.all(), key=lambda c: (c.order, c.pk))
        )
        log_activity("grid.created", copy, actor=by, call=target.pk, phase=grid.phase, copied_from=grid.pk)
        copies.append(copy)
    return copies


# Before the juries' copier (eig.juries.copies): a jury's collective grid is one of these.
register_copier("reviews.grids", copy_grids, order=10)
