"""Small groups: no figure about fewer than `MIN_GROUP` people is ever shown.

The rule of every aggregate the platform shows or publishes (survey results, the candidate funnel,
the annual report, open data): a count of 1 to 4 people is masked, since a reader who knows the
group could name the person behind it. Zero is no one and is shown.

Masking a group is not enough when a total is shown beside it: « total minus the others » gives
the masked count back. Two remedies, one per kind of total:

- the total is shown only here (a survey question's « Ensemble »): mask the total when the masked
  groups together count 1 to 4 people (`reveals_by_subtraction`);
- the total is public anyway (the funnel's overall count, shown in its own table and repeated
  beside every breakdown): masking it here would hide nothing, so mask one more group instead —
  the smallest shown group with someone in it (the last of equals) — so that the masked groups
  together count at least `MIN_GROUP` people and none can be worked out (`mask_partition`).
  Such a group is masked like the others, with no different mark: a mark saying « masked only
  for subtraction » would tell the reader it holds 5 or more, and the small one the rest.
"""

from collections.abc import Sequence

MIN_GROUP = 5


def is_small(count: int) -> bool:
    """1 to 4 people: masked."""
    return 0 < count < MIN_GROUP


def reveals_by_subtraction(masked_together: int) -> bool:
    """A total shown beside masked groups that count this many people together would reveal them."""
    return is_small(masked_together)


def percent_tenths(part: int, whole: int) -> float | None:
    """`part` in percent of `whole`, to one decimal, halves rounded up (1/8 → 12.5, 1/3 → 33.3);
    None when `whole` is 0 (no rate of nothing)."""
    if not whole:
        return None
    return ((2000 * part + whole) // (2 * whole)) / 10


def mask_partition(
    counts: Sequence[int], *, total_public: bool, forced: Sequence[bool] | None = None
) -> tuple[list[bool], bool]:
    """Which groups of a partition to mask, and whether to mask its total (the sum of `counts`).

    Every small group is masked, and every non-empty group `forced` says (masked for another
    reason: the funnel keeps a group masked at the stages after one where it was). Then, when the
    masked groups together would be revealed by the total: with `total_public`, one more group is
    masked (the smallest shown non-empty one, the last of equals); otherwise the total is masked.
    The total is masked anyway when it is small, and then every group with it, zeros included (a
    shown 0 beside a single masked group would say the whole small total is that group).
    """
    forced = forced or [False] * len(counts)
    masked = [is_small(count) or bool(count and force) for count, force in zip(counts, forced, strict=True)]
    total = sum(counts)
    hidden = sum(count for count, hide in zip(counts, masked, strict=True) if hide)
    total_masked = is_small(total)
    if reveals_by_subtraction(hidden) and not total_masked:
        candidates = [(count, -i) for i, count in enumerate(counts) if count and not masked[i]]
        if total_public and candidates:
            _count, minus_index = min(candidates)
            masked[-minus_index] = True
        else:
            total_masked = True
    if total_masked and is_small(total):
        masked = [True] * len(counts)
    return masked, total_masked
