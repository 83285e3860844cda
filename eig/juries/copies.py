"""What the juries add to a call copied for another year (eig.calls.setup.duplicate_call): each jury's
settings (format of an audition, breaks, panel sizes, charter, waiting-room instructions) and its
collective grid, pointed at the copy of that grid. Half-days, rooms, jurors, panels and auditions are
last year's people and days: never copied. Registered from JuriesConfig.ready()."""

from eig.calls.setup import field_values, register_copier
from eig.core.activity import log_activity
from eig.reviews.models import Grid

from .models import Jury


def copy_juries(source, target, *, offset, by) -> list[Jury]:
    grids = {grid.phase: grid for grid in Grid.objects.filter(call=target)}
    copies = []
    for jury in source.juries.select_related("grid").order_by("pk"):
        values = field_values(jury, exclude={"call", "grid", "results_published_at"})
        grid = grids.get(jury.grid.phase) if jury.grid_id else None
        copy = Jury.objects.create(call=target, grid=grid, **values)
        log_activity("jury.created", copy, actor=by, call=target.pk, copied_from=jury.pk)
        copies.append(copy)
    return copies


# After the grids (eig.reviews.copies, order 10).
register_copier("juries.settings", copy_juries, order=20)
