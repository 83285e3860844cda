"""Calibration of reviewer scores: raw means, z-scores and a severity-corrected score.

Pure: plain dataclasses (or parallel arrays) in, plain dataclasses out, no Django.

Three views of the same reviews, per dossier (item):

- `mean`: the raw mean of its scores.
- `z_mean`: the mean of its reviewers' z-scores, (score − reviewer mean) / reviewer std, with
  the population std. A reviewer whose scores are all equal (in particular a reviewer with a
  single review) has std 0: their z-score is 0, i.e. their review says nothing about where the
  dossier stands among their own dossiers.
- `adjusted`: the least-squares fit of the two-way additive model
  score = mu + quality(item) + severity(reviewer) + noise, reported as mu + quality(item):
  on the original scale (e.g. 0..20), with each reviewer's severity taken out. A lenient
  reviewer (who scores above the others on the same dossiers) has a positive severity, a severe
  one a negative severity.

Identifiability. Within a connected component of the reviewer–dossier graph (two reviewers are
linked when they scored a common dossier), the model fixes severities only up to one common
constant; we choose the severities of each component to sum to 0 (unweighted, one term per
reviewer), so the zero of the scale is "the average reviewer of the component". Across
components nothing links the scales: adjusted scores of two components are comparable only as
far as their panels are alike. A reviewer alone in their component has severity 0 and their
dossiers keep their raw mean. Because the zero is the average reviewer, a reviewer who adds
3 points everywhere moves every adjusted score of the component by the same 3 / (number of
reviewers): differences and ranks are unchanged.

Solver. The item effects are eliminated (adjusted = mean over the dossier's reviews of
score − severity); the severities solve the reduced normal equations S b = g, where S is the
reviewers' graph Laplacian weighted by 1 / (reviews of the shared dossier). S is symmetric,
positive semi-definite, with one null vector per component (its indicator), so a conjugate
gradient with a Jacobi preconditioner, projected onto "sums to 0 per component", converges to
the exact least-squares solution; each iteration is two `np.bincount` over the reviews.
`validate` re-checks the normal equations independently, in plain Python.
"""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Review:
    reviewer: str
    item: str  # a dossier id
    score: float  # the weighted total of the grid, e.g. 0..20


@dataclass(frozen=True)
class ItemScore:
    item: str
    n_reviews: int
    mean: float  # raw mean of the scores
    z_mean: float  # mean of the reviewers' z-scores (0 for a reviewer with std 0)
    adjusted: float  # mu + quality: the mean with the reviewers' severities removed
    component: int = 0  # connected component of the reviewer–dossier graph (see module doc)


@dataclass(frozen=True)
class ReviewerStats:
    reviewer: str
    n_reviews: int
    mean: float
    std: float  # population std; 0 for a single review or identical scores
    severity: float  # > 0 lenient, < 0 severe; sums to 0 within a component
    component: int = 0


@dataclass
class Calibration:
    items: list[ItemScore]  # sorted by item id
    reviewers: list[ReviewerStats]  # sorted by reviewer id
    global_mean: float  # raw mean of all scores (0.0 when there is no review)
    n_components: int
    iterations: int  # conjugate-gradient iterations
    converged: bool  # False only if the iteration cap was hit before the tolerance
    wall_seconds: float
    _items: dict[str, ItemScore] = field(default_factory=dict, init=False, repr=False, compare=False)
    _reviewers: dict[str, ReviewerStats] = field(default_factory=dict, init=False, repr=False, compare=False)

    def item(self, item_id: str) -> ItemScore:
        if len(self._items) != len(self.items):
            self._items = {s.item: s for s in self.items}
        return self._items[item_id]

    def reviewer(self, reviewer_id: str) -> ReviewerStats:
        if len(self._reviewers) != len(self.reviewers):
            self._reviewers = {r.reviewer: r for r in self.reviewers}
        return self._reviewers[reviewer_id]

    def values(self, kind: str = "adjusted") -> dict[str, float]:
        """item id -> "adjusted", "mean" or "z_mean", ready for `rank`."""
        if kind not in ("adjusted", "mean", "z_mean"):
            raise ValueError(f"unknown score kind {kind!r}")
        return {s.item: getattr(s, kind) for s in self.items}


@dataclass(frozen=True)
class Ranked:
    rank: int  # competition ranking: 1, 2, 2, 4
    item: str
    value: float  # the value as given (ties are decided on the rounded value)
    tied: bool  # another item has the same rounded value


def calibrate(reviews: Iterable[Review], *, tol: float = 1e-10, max_iterations: int = 10_000) -> Calibration:
    reviews = list(reviews)
    return calibrate_arrays(
        [r.reviewer for r in reviews],
        [r.item for r in reviews],
        [r.score for r in reviews],
        tol=tol,
        max_iterations=max_iterations,
    )


def calibrate_arrays(
    reviewers: Sequence[str] | np.ndarray,
    items: Sequence[str] | np.ndarray,
    scores: Sequence[float] | np.ndarray,
    *,
    tol: float = 1e-10,
    max_iterations: int = 10_000,
) -> Calibration:
    """The fast path: one review per position of three parallel sequences.

    `tol` bounds the relative residual of the reduced normal equations; the same (reviewer,
    dossier) pair may appear twice, each review then counts as one observation.
    """
    started = time.perf_counter()
    s = np.asarray(scores, dtype=np.float64)
    reviewer_ids, r = np.unique(np.asarray(reviewers).astype(str), return_inverse=True)
    item_ids, i = np.unique(np.asarray(items).astype(str), return_inverse=True)
    if not (len(s) == len(r) == len(i)):
        raise ValueError(f"reviewers, items and scores differ in length: {len(r)}, {len(i)}, {len(s)}")
    if s.ndim != 1 or not np.all(np.isfinite(s)):
        raise ValueError("scores must be a flat sequence of finite numbers")
    if len(s) == 0:
        return Calibration([], [], 0.0, 0, 0, True, time.perf_counter() - started)
    n_r, n_i = len(reviewer_ids), len(item_ids)

    # Per reviewer: count, mean, population std, z-scores.
    count_r = np.bincount(r, minlength=n_r).astype(np.float64)
    mean_r = np.bincount(r, s, n_r) / count_r
    centred = s - mean_r[r]
    std_r = np.sqrt(np.bincount(r, centred * centred, n_r) / count_r)
    # Exactly 0 when all of a reviewer's scores are equal (rounding may leave 1e-16 otherwise).
    order = np.argsort(r, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(r[order]) != 0])
    spread = np.maximum.reduceat(s[order], starts) - np.minimum.reduceat(s[order], starts)
    std_r[spread == 0] = 0.0
    safe_std = np.where(std_r > 0, std_r, 1.0)
    z = np.where(std_r[r] > 0, centred / safe_std[r], 0.0)

    # Per item: count, mean, z_mean.
    count_i = np.bincount(i, minlength=n_i).astype(np.float64)
    mean_i = np.bincount(i, s, n_i) / count_i
    z_mean_i = np.bincount(i, z, n_i) / count_i

    component_r, component_i, n_components = _components(r, i, n_r, n_i)
    severity, iterations, converged = _severities(
        r, i, s, count_r, count_i, mean_i, component_r, n_components, tol, max_iterations
    )
    adjusted_i = np.bincount(i, s - severity[r], n_i) / count_i

    item_scores = [
        ItemScore(item, n, mean, zm, adj, comp)
        for item, n, mean, zm, adj, comp in zip(
            item_ids.tolist(),
            count_i.astype(int).tolist(),
            mean_i.tolist(),
            z_mean_i.tolist(),
            adjusted_i.tolist(),
            component_i.tolist(),
            strict=True,
        )
    ]
    reviewer_stats = [
        ReviewerStats(reviewer, n, mean, std, sev, comp)
        for reviewer, n, mean, std, sev, comp in zip(
            reviewer_ids.tolist(),
            count_r.astype(int).tolist(),
            mean_r.tolist(),
            std_r.tolist(),
            severity.tolist(),
            component_r.tolist(),
            strict=True,
        )
    ]
    return Calibration(
        items=item_scores,
        reviewers=reviewer_stats,
        global_mean=float(s.mean()),
        n_components=n_components,
        iterations=iterations,
        converged=converged,
        wall_seconds=time.perf_counter() - started,
    )


def _components(r: np.ndarray, i: np.ndarray, n_r: int, n_i: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Connected components of the reviewer–item graph, numbered by their first reviewer.

    Union-find over reviewers: the reviewers of one item are joined in a chain. Linear in the
    number of reviews whatever the shape of the graph (a label propagation would take as many
    passes as the graph's diameter)."""
    parent = list(range(n_r))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = np.lexsort((r, i))
    ri, ii = r[order], i[order]
    same_item = np.flatnonzero(ii[1:] == ii[:-1])
    for a, b in zip(ri[same_item].tolist(), ri[same_item + 1].tolist(), strict=True):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    roots = np.array([find(x) for x in range(n_r)])
    _, component_r = np.unique(roots, return_inverse=True)
    component_i = np.zeros(n_i, dtype=np.int64)
    component_i[i] = component_r[r]
    return component_r, component_i, int(component_r.max()) + 1


def _severities(r, i, s, count_r, count_i, mean_i, component_r, n_components, tol, max_iterations):
    """Solve S b = g, b summing to 0 per component, by projected preconditioned CG."""
    n_r, n_i = len(count_r), len(count_i)
    size_c = np.bincount(component_r, minlength=n_components).astype(np.float64)

    def project(x):  # remove each component's mean: the null space of S
        return x - (np.bincount(component_r, x, n_components) / size_c)[component_r]

    def apply_s(b):
        item_mean_of_b = np.bincount(i, b[r], n_i) / count_i
        return count_r * b - np.bincount(r, item_mean_of_b[i], n_r)

    # Diagonal of S: n_r − Σ_items (reviews of r on the item)² / (reviews of the item).
    pair, pair_count = np.unique(r.astype(np.int64) * n_i + i, return_counts=True)
    diagonal = count_r - np.bincount(pair // n_i, pair_count**2 / count_i[pair % n_i], n_r)
    # A zero diagonal means a reviewer alone in their component: severity 0, nothing to solve.
    inverse_diagonal = np.where(diagonal > 1e-12 * count_r, 1.0 / np.where(diagonal > 0, diagonal, 1.0), 0.0)

    g = project(np.bincount(r, s - mean_i[i], n_r))
    b = np.zeros(n_r)
    threshold = tol * float(np.linalg.norm(g))
    residual = g
    if float(np.linalg.norm(residual)) <= threshold:
        return b, 0, True
    z = project(residual * inverse_diagonal)
    direction = z
    rz = float(residual @ z)
    for iteration in range(1, max_iterations + 1):
        s_direction = apply_s(direction)
        curvature = float(direction @ s_direction)
        if curvature <= 0:  # nothing left to reduce in the range of S
            return project(b), iteration, True
        alpha = rz / curvature
        b = b + alpha * direction
        residual = project(residual - alpha * s_direction)
        if float(np.linalg.norm(residual)) <= threshold:
            return project(b), iteration, True
        z = project(residual * inverse_diagonal)
        rz_next = float(residual @ z)
        direction = z + (rz_next / rz) * direction
        rz = rz_next
    return project(b), max_iterations, False


# --- Ranking ------------------------------------------------------------------------------


def rank(values: dict[str, float], *, decimals: int = 2) -> list[Ranked]:
    """Descending competition ranking ("1, 2, 2, 4"). Values equal once rounded to `decimals`
    are ties: they share the rank, are flagged, and are listed by item id, never broken."""
    rounded = {item: round(value, decimals) for item, value in values.items()}
    order = sorted(values, key=lambda item: (-rounded[item], item))
    counts: dict[float, int] = {}
    for value in rounded.values():
        counts[value] = counts.get(value, 0) + 1
    ranked: list[Ranked] = []
    for position, item in enumerate(order, start=1):
        tied_with_previous = ranked and rounded[ranked[-1].item] == rounded[item]
        place = ranked[-1].rank if tied_with_previous else position
        ranked.append(Ranked(place, item, values[item], counts[rounded[item]] > 1))
    return ranked


def disagreement(scores: Sequence[float], threshold: float = 2) -> bool:
    """Reviewers disagree when their scores spread by `threshold` points or more (default 2).

    A 1e-9 slack keeps 14.3 − 12.3 (1.9999999999999982 in floating point) a spread of 2."""
    if len(scores) < 2:
        return False
    return max(scores) - min(scores) >= threshold - 1e-9


# --- Validation and explanations ----------------------------------------------------------


def validate(reviews: Iterable[Review], calibration: Calibration, *, tolerance: float = 1e-6) -> list[str]:
    """Re-check a calibration against its reviews, in plain Python; [] when all holds.

    Counts and means are recomputed; the least-squares optimum is checked through its normal
    equations (the residuals score − adjusted − severity sum to 0 on every dossier and for
    every reviewer); the severities sum to 0 on every connected component, found again by a
    graph search."""
    reviews = list(reviews)
    problems: list[str] = []
    scale = max([1.0] + [abs(rv.score) for rv in reviews])
    slack = tolerance * scale

    by_item: dict[str, list[Review]] = {}
    by_reviewer: dict[str, list[Review]] = {}
    for rv in reviews:
        by_item.setdefault(rv.item, []).append(rv)
        by_reviewer.setdefault(rv.reviewer, []).append(rv)
    items = {s.item: s for s in calibration.items}
    reviewers = {s.reviewer: s for s in calibration.reviewers}
    if len(items) != len(calibration.items) or len(reviewers) != len(calibration.reviewers):
        problems.append("Un dossier ou un évaluateur apparaît deux fois dans le résultat.")
    for missing in sorted(by_item.keys() - items.keys()):
        problems.append(f"Le dossier {missing} a des évaluations mais aucun score calibré.")
    for extra in sorted(items.keys() - by_item.keys()):
        problems.append(f"Le dossier {extra} a un score calibré mais aucune évaluation.")
    for missing in sorted(by_reviewer.keys() - reviewers.keys()):
        problems.append(f"L'évaluateur {missing} a des évaluations mais aucune statistique.")
    for extra in sorted(reviewers.keys() - by_reviewer.keys()):
        problems.append(f"L'évaluateur {extra} a des statistiques mais aucune évaluation.")
    if problems:
        return problems

    if reviews:
        global_mean = sum(rv.score for rv in reviews) / len(reviews)
        if abs(global_mean - calibration.global_mean) > slack:
            problems.append(f"Moyenne générale {calibration.global_mean} au lieu de {global_mean}.")
    for reviewer, own in sorted(by_reviewer.items()):
        stats = reviewers[reviewer]
        mean = sum(rv.score for rv in own) / len(own)
        if stats.n_reviews != len(own):
            problems.append(f"L'évaluateur {reviewer} a {len(own)} évaluations, pas {stats.n_reviews}.")
        if abs(stats.mean - mean) > slack:
            problems.append(f"L'évaluateur {reviewer} a une moyenne de {mean}, pas {stats.mean}.")
        residual = sum(rv.score - items[rv.item].adjusted - stats.severity for rv in own)
        if abs(residual) > slack * len(own):
            problems.append(
                f"Les résidus de l'évaluateur {reviewer} somment à {residual:.3g} au lieu de 0 : "
                f"sa sévérité n'est pas celle des moindres carrés."
            )
    for item, own in sorted(by_item.items()):
        score = items[item]
        mean = sum(rv.score for rv in own) / len(own)
        if score.n_reviews != len(own):
            problems.append(f"Le dossier {item} a {len(own)} évaluations, pas {score.n_reviews}.")
        if abs(score.mean - mean) > slack:
            problems.append(f"Le dossier {item} a une moyenne brute de {mean}, pas {score.mean}.")
        residual = sum(rv.score - score.adjusted - reviewers[rv.reviewer].severity for rv in own)
        if abs(residual) > slack * len(own):
            problems.append(
                f"Les résidus du dossier {item} somment à {residual:.3g} au lieu de 0 : "
                f"son score corrigé n'est pas celui des moindres carrés."
            )

    # Connected components, found again by a breadth-first search over reviewers.
    neighbours: dict[str, set[str]] = {}
    for own in by_item.values():
        names = {rv.reviewer for rv in own}
        for name in names:
            neighbours.setdefault(name, set()).update(names)
    seen: set[str] = set()
    for start in sorted(by_reviewer):
        if start in seen:
            continue
        component, frontier = [start], [start]
        seen.add(start)
        while frontier:
            for other in neighbours[frontier.pop()]:
                if other not in seen:
                    seen.add(other)
                    component.append(other)
                    frontier.append(other)
        total = sum(reviewers[name].severity for name in component)
        if abs(total) > slack * len(component):
            problems.append(
                f"Les sévérités du groupe d'évaluateurs de {start} ({len(component)} évaluateur(s) "
                f"reliés par des dossiers communs) somment à {total:.3g} au lieu de 0."
            )
    return problems


def _french(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace("-", "−")


def explain(calibration: Calibration, item: str) -> str:
    """One French sentence: the raw mean, how many reviews, the corrected score."""
    score = calibration.item(item)
    reviews = "évaluation" if score.n_reviews == 1 else "évaluations"
    return (
        f"Moyenne brute {_french(score.mean)} sur {score.n_reviews} {reviews} ; après correction "
        f"de la sévérité des évaluateurs : {_french(score.adjusted)}."
    )
