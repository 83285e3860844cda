"""Reviewer assignment: k reviewers per dossier, solved exactly as a min-cost flow.

Pure: plain dataclasses in and out, no Django. The network is
source → dossier (capacity k) → reviewer (capacity 1, cost −affinity) → sink
(capacity = the reviewer's load cap). Conflicts and forbidden pairs are
missing arcs, so no solution can contain them; pinned pairs are fixed before
the solve and count against the dossier's k and the reviewer's capacity. The
flow is maximal first (as many reviews as the constraints allow), of minimum
cost among maximal flows (`SimpleMinCostFlow.solve_max_flow_with_min_cost`);
the network is totally unimodular, so the optimum is integral and exact: the
bound equals the objective and the gap is 0.

Sources: `reference/algorithms-perf.md` §3 (OpenReview's MinMax matcher and
HotCRP's autoassign use the same formulation; conflicts as missing arcs).
"""

import time
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

Pair = tuple[str, str]  # (dossier id, reviewer id)


@dataclass(frozen=True)
class Reviewer:
    id: str
    capacity: int  # at most this many dossiers
    expertise: frozenset[str] = frozenset()  # e.g. profiles: "datascience", "dev"


@dataclass(frozen=True)
class Dossier:
    id: str
    topics: frozenset[str] = frozenset()  # what the dossier is about, matched against expertise


@dataclass
class Instance:
    dossiers: list[Dossier]
    reviewers: list[Reviewer]
    k: int  # reviewers wanted per dossier
    conflicts: set[Pair] = field(default_factory=set)  # hard exclusions (declared or detected)
    forbidden: set[Pair] = field(default_factory=set)  # staff's exclusions
    pinned: set[Pair] = field(default_factory=set)  # staff's forced pairs
    # Affinity per pair (higher is better); missing pairs default to the expertise overlap.
    affinity: dict[Pair, int] = field(default_factory=dict)
    # Large calls keep only each dossier's best candidates (OpenReview keeps a top-K per
    # paper): then only the pairs listed in `affinity` (and pins) may be assigned.
    listed_pairs_only: bool = False

    def affinity_of(self, dossier: Dossier, reviewer: Reviewer) -> int:
        explicit = self.affinity.get((dossier.id, reviewer.id))
        if explicit is not None:
            return explicit
        return len(dossier.topics & reviewer.expertise)

    def excluded(self, pair: Pair) -> bool:
        return pair in self.conflicts or pair in self.forbidden


@dataclass
class Assignment:
    status: str  # "optimal", or "infeasible" when some dossier could not get k reviewers
    pairs: list[Pair]
    objective: int  # total affinity of the pairs (maximised)
    bound: int  # the best total affinity possible with this many reviews
    gap: float
    wall_seconds: float
    # dossier id -> French reason, for each dossier that got fewer than k reviewers
    unmet: dict[str, str] = field(default_factory=dict)

    def reviewers_of(self, dossier_id: str) -> list[str]:
        return sorted(r for d, r in self.pairs if d == dossier_id)

    def load_of(self, reviewer_id: str) -> int:
        return sum(1 for _d, r in self.pairs if r == reviewer_id)


def assign(instance: Instance) -> Assignment:
    started = time.perf_counter()
    dossiers = {d.id: d for d in instance.dossiers}
    reviewers = {r.id: r for r in instance.reviewers}
    pinned = sorted(p for p in instance.pinned if p[0] in dossiers and p[1] in reviewers and not instance.excluded(p))
    need = dict.fromkeys(dossiers, instance.k)
    room = {r.id: r.capacity for r in instance.reviewers}
    for d, r in pinned:
        need[d] -= 1
        room[r] -= 1

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    dossier_node = {d: 2 + i for i, d in enumerate(dossiers)}
    reviewer_node = {r: 2 + len(dossiers) + i for i, r in enumerate(reviewers)}
    arcs: dict[int, Pair] = {}
    pinned_set = set(pinned)
    if instance.listed_pairs_only:
        candidates: dict[str, list[str]] = {}
        for d, r in instance.affinity:
            if d in dossiers and r in reviewers:
                candidates.setdefault(d, []).append(r)
    for d, dossier in dossiers.items():
        if need[d] > 0:
            flow.add_arc_with_capacity_and_unit_cost(source, dossier_node[d], need[d], 0)
        for r in candidates.get(d, []) if instance.listed_pairs_only else reviewers:
            pair = (d, r)
            if instance.excluded(pair) or pair in pinned_set:
                continue
            arc = flow.add_arc_with_capacity_and_unit_cost(
                dossier_node[d], reviewer_node[r], 1, -instance.affinity_of(dossier, reviewers[r])
            )
            arcs[arc] = pair
    for r in reviewers:
        if room[r] > 0:
            flow.add_arc_with_capacity_and_unit_cost(reviewer_node[r], sink, room[r], 0)
    flow.set_node_supply(source, sum(max(n, 0) for n in need.values()))
    flow.set_node_supply(sink, -sum(max(n, 0) for n in need.values()))

    pairs = list(pinned)
    if arcs:
        solved = flow.solve_max_flow_with_min_cost()
        if solved != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow ended with status {solved}")
        pairs += [pair for arc, pair in arcs.items() if flow.flow(arc) > 0]
    pairs.sort()
    objective = sum(instance.affinity_of(dossiers[d], reviewers[r]) for d, r in pairs)
    unmet = _unmet(instance, pairs)
    return Assignment(
        status="infeasible" if unmet else "optimal",
        pairs=pairs,
        objective=objective,
        bound=objective,  # exact: a min-cost flow on a unimodular network
        gap=0.0,
        wall_seconds=time.perf_counter() - started,
        unmet=unmet,
    )


def _unmet(instance: Instance, pairs: list[Pair]) -> dict[str, str]:
    """Why each short dossier is short, in plain French."""
    got: dict[str, int] = {}
    for d, _r in pairs:
        got[d] = got.get(d, 0) + 1
    unmet = {}
    for dossier in instance.dossiers:
        have = got.get(dossier.id, 0)
        if have >= instance.k:
            continue
        eligible = [
            r
            for r in instance.reviewers
            if not instance.excluded((dossier.id, r.id))
            and (not instance.listed_pairs_only or (dossier.id, r.id) in instance.affinity)
        ]
        if len(eligible) < instance.k:
            unmet[dossier.id] = (
                f"{have} évaluateur(s) sur {instance.k} : seuls {len(eligible)} évaluateurs n'ont pas de conflit "
                f"avec ce dossier."
            )
        else:
            unmet[dossier.id] = (
                f"{have} évaluateur(s) sur {instance.k} : les évaluateurs sans conflit ont atteint leur capacité."
            )
    return unmet


def validate(instance: Instance, result: Assignment) -> list[str]:
    """Re-check every hard rule on a result, independently of the solver; [] when all hold."""
    problems = []
    dossiers = {d.id for d in instance.dossiers}
    capacity = {r.id: r.capacity for r in instance.reviewers}
    if len(set(result.pairs)) != len(result.pairs):
        problems.append("a pair is assigned twice")
    for d, r in result.pairs:
        if d not in dossiers or r not in capacity:
            problems.append(f"unknown pair {(d, r)}")
        if instance.excluded((d, r)):
            problems.append(f"excluded pair {(d, r)} assigned")
    for r, cap in capacity.items():
        if result.load_of(r) > cap:
            problems.append(f"reviewer {r} over capacity: {result.load_of(r)} > {cap}")
    for d in dossiers:
        if len(result.reviewers_of(d)) > instance.k:
            problems.append(f"dossier {d} has more than {instance.k} reviewers")
    for pair in instance.pinned:
        if pair[0] in dossiers and pair[1] in capacity and not instance.excluded(pair) and pair not in result.pairs:
            problems.append(f"pinned pair {pair} missing")
    return problems


def explain(instance: Instance, result: Assignment, pair: Pair) -> str:
    """Why this reviewer reviews this dossier, in plain French."""
    dossiers = {d.id: d for d in instance.dossiers}
    reviewers = {r.id: r for r in instance.reviewers}
    dossier, reviewer = dossiers[pair[0]], reviewers[pair[1]]
    if pair in instance.pinned:
        return "Paire imposée par l'équipe du programme."
    shared = sorted(dossier.topics & reviewer.expertise)
    reason = f"affinité {instance.affinity_of(dossier, reviewer)}"
    if shared:
        reason += f" (expertise commune : {', '.join(shared)})"
    return (
        f"Choisi pour une {reason}, sans conflit, avec {result.load_of(reviewer.id)} dossier(s) "
        f"sur {reviewer.capacity} au plus ; la répartition maximise l'affinité totale."
    )


def without_reviewer(instance: Instance, result: Assignment, reviewer_id: str) -> Assignment:
    """A reviewer drops out: their dossiers are reassigned, every other pair stays where it is."""
    kept = {p for p in result.pairs if p[1] != reviewer_id}
    remaining = [r for r in instance.reviewers if r.id != reviewer_id]
    rerun = Instance(
        dossiers=instance.dossiers,
        reviewers=remaining,
        k=instance.k,
        conflicts=instance.conflicts,
        forbidden=instance.forbidden,
        pinned=kept | {p for p in instance.pinned if p[1] != reviewer_id},
        affinity=instance.affinity,
        listed_pairs_only=instance.listed_pairs_only,
    )
    return assign(rerun)
