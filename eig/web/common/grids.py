"""What the reviewers' and the jurors' scoring grids share."""

from django.utils.translation import gettext as _

from eig.reviews.models import Grid


def level_choices(grid: Grid) -> list[tuple[str, str]]:
    """[(level, label)]: the grid's label of each level ("3 — bon"), or the bare number."""
    labels = list(grid.level_labels or [])
    choices = []
    for i, level in enumerate(grid.levels):
        label = labels[i] if i < len(labels) and labels[i] else str(level)
        choices.append((str(level), _(label)))  # the default labels are in the catalogue
    return choices
