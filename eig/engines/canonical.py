"""One result per instance: the tie-break rule shared by the engines, and the result's digest.

A decision engine may have many optimal results for one instance (two candidates of equal rank,
two jurors of the same profile and gender…). Which one CP-SAT returns depends on its workers and
on thread timing, so a re-run could place other people. Every engine therefore picks, among the
optimal results, **the one of least tie-break weight**:

1. the engine solves its own objective (stage 1) and, when it proves the optimum, the optimum's
   value is fixed as a constraint: the tie-break can never change the optimum;
2. it then minimises `Σ w(key) · value(variable)` over the decision variables (stage 2), where each
   variable is named by a **stable key** (the identifiers of the people and items it links, never
   a position in a list) and its weight `w(key)` is read from the SHA-256 of the engine's name and
   that key: a fixed, public, pseudo-random integer in 1..2^31.

With weights drawn independently and uniformly in 1..R, the least-weight solution among any
family of 0/1 solutions over n variables is unique with probability at least 1 − n/R (the
isolation lemma: Mulmuley, Vazirani & Vazirani, « Matching is as easy as matrix inversion »,
1987). With R = 2^31 and the 40,000 variables of the largest instance measured, a second
solution of the same weight has a chance below 2 in 100,000; and the stage-2 solve is proven
optimal, so the result does not depend on the number of workers or on the machine's load. A
run whose stage 2 is not proven in its time says so (`canonical=False`): its result is optimal
but another run could pick another optimal one.

The **digest** of a result (`result_digest`) is the SHA-256 of a canonical JSON holding the
engine's name, its version (`VERSION` of each engine: bumped when the model or the tie-break
changes), the parameters that shape the decision (weights, rules; not the workers, seed or
time limit, which change nothing in a proven result) and the result itself.

Pure: no Django (an architecture test enforces it).
"""

import hashlib
import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

WEIGHT_BITS = 31  # weights in 1..2^31: sums of 40,000 of them stay exact in a double (LP bounds)


def isolation_weight(engine: str, key: Hashable, bits: int = WEIGHT_BITS) -> int:
    """The tie-break weight of the variable named `key`, in 1..2^bits: fixed by SHA-256."""
    text = f"{engine}|{_key_text(key)}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % (1 << bits) + 1


def _key_text(key: Hashable) -> str:
    if isinstance(key, tuple):
        return "|".join(_key_text(part) for part in key)
    return str(key)


def canonical_json(content) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value):
    if isinstance(value, set | frozenset):
        return sorted(value, key=canonical_json)
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    raise TypeError(f"{type(value).__name__} n'a pas de forme JSON canonique")


def result_digest(engine: str, version: str, parameters, result) -> str:
    """SHA-256 of {engine, version, parameters, result} in canonical JSON."""
    content = {"engine": engine, "version": version, "parameters": parameters, "result": result}
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


@dataclass
class CanonicalSolve:
    """What `solve_canonical` found. `solver` holds the values to read (stage 2's when it ran)."""

    status: int  # stage 1's CP-SAT status (OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID)
    solver: cp_model.CpSolver | None
    objective: float  # stage 1's objective value (the engine's own objective)
    bound: float  # stage 1's best bound
    canonical: bool  # stage 2 proved the least tie-break weight: any run gives this result
    seconds: float  # wall time of both stages
    tiebreak_seconds: float = 0.0  # wall time of stage 2 alone (0 when it did not run)


def _solver(
    seconds: float, workers: int, seed: int, parameters: Mapping[str, object] | None = None
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    for name, value in (parameters or {}).items():
        setattr(solver.parameters, name, value)
    return solver


def solve_canonical(
    model: cp_model.CpModel,
    objective: cp_model.LinearExprT,
    *,
    maximize: bool,
    decisions: Sequence[tuple[Hashable, cp_model.IntVar]],
    engine: str,
    time_limit: float,
    workers: int,
    seed: int = 0,
    weights: Iterable[int] | None = None,
    optimum_as_bound: bool = False,
    parameters: Mapping[str, object] | None = None,
    second_stage_limit: float | None = None,
) -> CanonicalSolve:
    """Solve `model` (whose objective is `objective`, maximised or minimised), then, when the
    optimum is proven, fix it and minimise the tie-break weight of `decisions` (stable key,
    variable) with the time left. `weights` overrides the isolation weights (same order as
    `decisions`), e.g. for integer variables whose range would overflow 2^31 weights.

    `optimum_as_bound` states the optimum as a bound (objective ≥ optimum when maximising, ≤ when
    minimising) instead of an equality: the same solutions, since nothing beats a proven optimum,
    but CP-SAT's presolve leaves a bound alone where it rewrites a long equality (a diophantine
    reformulation that took the team engine's stage 2 at 10,000 × 1,000 from 15 s to 100 s).

    `parameters` are further CP-SAT parameters for both stages, e.g. {"linearization_level": 2}
    when the engine's LP relaxation is its strength (a single worker otherwise runs without it).

    `second_stage_limit` caps stage 2's seconds (default: all the time left), for an engine whose
    tie-break may not be provable in time while other parts of its run need the time left.

    The model is modified (the optimum's constraint, the stage-2 objective and hints): build a
    fresh one for another solve."""
    solver = _solver(time_limit, workers, seed, parameters)
    status = solver.solve(model)
    first = solver.wall_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CanonicalSolve(status, None, 0.0, 0.0, False, first)
    value, bound = solver.objective_value, solver.best_objective_bound
    if status != cp_model.OPTIMAL or not decisions:
        return CanonicalSolve(status, solver, value, bound, status == cp_model.OPTIMAL, first)
    optimum = round(value)
    model.clear_objective()
    model.clear_hints()
    if not optimum_as_bound:
        model.add(objective == optimum)
    elif maximize:
        model.add(objective >= optimum)
    else:
        model.add(objective <= optimum)
    variables = [var for _key, var in decisions]
    for var in variables:
        model.add_hint(var, solver.value(var))
    weights = list(weights) if weights is not None else [isolation_weight(engine, key) for key, _var in decisions]
    model.minimize(cp_model.LinearExpr.weighted_sum(variables, weights))
    left = time_limit - first
    second = _solver(left if second_stage_limit is None else min(left, second_stage_limit), workers, seed, parameters)
    status2 = second.solve(model)
    tiebreak = second.wall_time
    seconds = first + tiebreak
    if status2 == cp_model.OPTIMAL:
        return CanonicalSolve(status, second, value, bound, True, seconds, tiebreak)
    if status2 == cp_model.FEASIBLE:
        return CanonicalSolve(status, second, value, bound, False, seconds, tiebreak)
    return CanonicalSolve(status, solver, value, bound, False, seconds, tiebreak)  # stage 1's values stand
