"""`make bench ONLY=deferred-acceptance`: 100,000 candidates × 3 wishes among 10,000 positions."""

import time

import numpy as np

from eig.engines.matching import Instance, blocking_pairs, deferred_acceptance, explain_all, validate
from tests.bench.registry import Figure, Result, benchmark
from tests.engines.test_matching import oracle

CANDIDATES, POSITIONS, WISHES = 100_000, 10_000, 3
ORACLE_CANDIDATES, ORACLE_POSITIONS = 2_000, 200
NOISE_SD = 0.5  # a jury's opinion = the candidate's common merit + its own view
UNRANKED = 0.05  # share of (candidate, position) wishes the position's jury does not rank
SEED = 20261207


def build_instance(rng: np.random.Generator, n_candidates: int, n_positions: int, k: int = WISHES) -> Instance:
    """Skewed popularity (log-normal weights), k distinct wishes per candidate, 1 to 3 seats per
    position; each jury ranks the candidates who wished its position, minus 5 %, by merit + noise."""
    popularity = rng.lognormal(0.0, 1.0, n_positions)
    wishes = rng.choice(n_positions, size=(n_candidates, k), p=popularity / popularity.sum())
    for column in range(1, k):
        clash = (wishes[:, [column]] == wishes[:, :column]).any(axis=1)
        while clash.any():
            wishes[clash, column] = rng.choice(n_positions, int(clash.sum()), p=popularity / popularity.sum())
            clash = (wishes[:, [column]] == wishes[:, :column]).any(axis=1)
    seats = rng.integers(1, 4, n_positions)
    merit = rng.normal(0.0, 1.0, n_candidates)

    candidate = np.repeat(np.arange(n_candidates), k)
    position = wishes.ravel()
    opinion = merit[candidate] + rng.normal(0.0, NOISE_SD, len(candidate))
    ranked = rng.random(len(candidate)) >= UNRANKED
    candidate, position, opinion = candidate[ranked], position[ranked], opinion[ranked]
    order = np.lexsort((-opinion, position))  # by position, then the jury's best first
    candidate, position = candidate[order], position[order]
    bounds = np.searchsorted(position, np.arange(n_positions + 1))

    candidate_names = [f"c{i:06d}" for i in range(n_candidates)]
    position_names = [f"p{j:05d}" for j in range(n_positions)]
    ranked_names = [candidate_names[i] for i in candidate.tolist()]
    bounds = bounds.tolist()
    return Instance(
        candidates={
            name: tuple(position_names[j] for j in row)
            for name, row in zip(candidate_names, wishes.tolist(), strict=True)
        },
        positions={name: tuple(ranked_names[bounds[j] : bounds[j + 1]]) for j, name in enumerate(position_names)},
        capacities=dict(zip(position_names, seats.tolist(), strict=True)),
    )


@benchmark(
    "deferred-acceptance",
    title="Stable matching: 100,000 candidates × 3 wishes, 10,000 positions of 1–3 seats",
    description=(
        "Candidate-proposing deferred acceptance (eig/engines/matching.py, pure Python, a heap per position) "
        f"on a synthetic selection: {CANDIDATES:,} candidates each wish {WISHES} distinct positions among "
        f"{POSITIONS:,} with log-normal popularity; each position has 1 to 3 seats; its jury ranks the "
        f"candidates who wished it by a common merit ~ N(0, 1) plus its own view ~ N(0, {NOISE_SD:g}), "
        f"leaving {UNRANKED:.0%} of them unranked (unacceptable). The independent checker then looks for "
        f"blocking pairs, and the `matching` package from PyPI solves a {ORACLE_CANDIDATES:,}-candidate "
        "instance for comparison."
    ),
)
def deferred_acceptance_bench():
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    instance = build_instance(rng, CANDIDATES, POSITIONS)
    built = time.perf_counter() - started

    result = deferred_acceptance(instance)

    checking = time.perf_counter()
    pairs = blocking_pairs(instance, result)
    checked = time.perf_counter() - checking
    validating = time.perf_counter()
    problems = validate(instance, result)
    validated = time.perf_counter() - validating
    explaining = time.perf_counter()
    explanations = explain_all(instance, result)
    explained = time.perf_counter() - explaining

    first_wish = sum(1 for c, p in result.assignment.items() if p is not None and instance.candidates[c][0] == p)
    seats = sum(instance.capacity(p) for p in instance.positions)

    small = build_instance(np.random.default_rng(SEED + 1), ORACLE_CANDIDATES, ORACLE_POSITIONS)
    ours_small = deferred_acceptance(small)
    oracle_started = time.perf_counter()
    oracle_assignment = oracle(small)
    oracle_seconds = time.perf_counter() - oracle_started
    differences = sum(1 for c in small.candidates if oracle_assignment[c] != ours_small.assignment[c])

    return Result(
        figures=[
            Figure("deferred acceptance time (100,000 candidates)", result.wall_seconds, "s", "< 5"),
            Figure("rounds of proposals", result.rounds, "rounds"),
            Figure("proposals", result.proposals, "proposals"),
            Figure("candidates matched", result.matched, "candidates"),
            Figure("candidates matched to their 1st wish", first_wish, "candidates"),
            Figure("seats offered", seats, "seats"),
            Figure("blocking pairs (independent checker)", len(pairs), "pairs", "== 0"),
            Figure("checker time", checked, "s"),
            Figure("rules broken (validator)", len(problems), "rules", "== 0"),
            Figure("validator time", validated, "s"),
            Figure("French explanations for every candidate: time", explained, "s"),
            Figure(
                f"oracle `matching` 1.4.3 time ({ORACLE_CANDIDATES:,} candidates, filter + build + solve)",
                oracle_seconds,
                "s",
            ),
            Figure(f"our time on the same {ORACLE_CANDIDATES:,} candidates", ours_small.wall_seconds, "s"),
            Figure("candidates placed differently from the oracle", differences, "candidates", "== 0"),
        ],
        notes=[
            f"Instance generated in {built:.1f} s (seed {SEED}); not counted in the matching time, which "
            "includes reading the dictionaries into integer ids and rank tables.",
            f"{sum(len(r) for r in instance.positions.values()):,} ranked (candidate, position) pairs; "
            f"{len(explanations):,} explanations written.",
            f"Oracle instance: {ORACLE_CANDIDATES:,} candidates × {WISHES} wishes, {ORACLE_POSITIONS} positions "
            f"(seed {SEED + 1}), run in a thread with a 512 MiB stack (its constructor deep-copies recursively).",
        ],
    )
