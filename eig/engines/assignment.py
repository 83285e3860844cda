"""Reviewer assignment: k reviewers per dossier, solved exactly as a min-cost flow.

Pure: plain dataclasses in and out, no Django. The network is
source → dossier (capacity k) → reviewer (capacity 1, cost −affinity up to a constant,
plus the tie-break below) → sink (capacity = the reviewer's load cap). Conflicts and forbidden pairs are
missing arcs, so no solution can contain them; pinned pairs are fixed before
the solve and count against the dossier's k and the reviewer's capacity. The
flow is maximal first (as many reviews as the constraints allow), of minimum
cost among maximal flows (`SimpleMinCostFlow.solve_max_flow_with_min_cost`);
the network is totally unimodular, so the optimum is integral and exact: the
bound equals the objective and the gap is 0.

**Pre-checks.** Before solving, pins that no assignment can honour are refused with a
French reason naming the people and the numbers: a reviewer pinned on more dossiers than
their capacity, a dossier pinned to more than k reviewers, a pin on a conflicted or
forbidden pair. The result is then « infeasible », places nothing, and says why
(`explanation`, and `refusals` by reviewer or dossier).

**Tie-break (one result per instance).** Many assignments may reach the same total
affinity. Among them the engine returns **the one of least tie-break weight**
`W = Σ w(d, r)` over its pairs, where `w(d, r) = canonical.isolation_weight("assignment",
(d, r), bits=b)` is a fixed pseudo-random integer in 1..2^b read from the SHA-256 of the
dossier's and the reviewer's ids (never a position in a list). It is folded into the
flow's integer costs, without a second solve:

    cost(d, r) = (a_max − affinity(d, r)) · M + w(d, r),    M = U · 2^b,

where a_max is the largest affinity of an arc and U the flow asked for (the sum of the
dossiers' unpinned places). Every maximal flow uses the same number F ≤ U of pair arcs, so
its cost is F·a_max·M − A·M + W with A its total affinity and F ≤ W ≤ F·2^b < M: one unit
of affinity always outweighs the whole tie-break, the tie-break **never changes the number
of reviews nor the total affinity**, and among the optima it picks the least W. With
weights drawn uniformly in 1..2^b the least-W optimum is unique with probability at least
1 − n/2^b, n the number of pair arcs (isolation lemma, Mulmuley, Vazirani & Vazirani 1987).

b is the largest number of bits ≤ 31 that keeps every arc cost times (nodes + 1) (OR-Tools'
cost-scaling bound) and every flow's total cost within int64 (`tie_break_bits`):
2^b · ((a_max − a_min)·U + 2) · max(U, nodes + 1) < 2^63. A call of a few hundred dossiers
gets b = 31 (a second optimum of the same weight: below 1 chance in 10^5); the benchmark's
10,000 × 1,000 (U = 30,000, affinity 0..100, about 495,000 arcs) gets b = 26 (below 0.75 %). Even then the result does not
vary from run to run: the arcs are added in the order of the sorted ids, so the flow
algorithm (single-threaded, deterministic) breaks any remaining tie the same way whatever
the order of the instance's lists or PYTHONHASHSEED. Below MIN_TIE_BREAK_BITS bits (huge
affinities) the costs are the plain affinities and `canonical` is False.

The result's `digest` is `canonical.result_digest("assignment", VERSION, parameters,
sorted pairs)` with the parameters k, pins, forbidden pairs and listed_pairs_only.

Sources: `reference/algorithms-perf.md` §3 (OpenReview's MinMax matcher and
HotCRP's autoassign use the same formulation; conflicts as missing arcs).
"""

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .canonical import result_digest

VERSION = "2026.12-1"  # bumped when the model or the tie-break changes (it enters the digest)
ENGINE = "assignment"
MAX_TIE_BREAK_BITS = 31
MIN_TIE_BREAK_BITS = 16
INT64_MAX = (1 << 63) - 1

Pair = tuple[str, str]  # (dossier id, reviewer id)


@dataclass(frozen=True)
class Reviewer:
    id: str
    capacity: int  # at most this many dossiers
    expertise: frozenset[str] = frozenset()  # e.g. profiles: "datascience", "dev"
    label: str = ""  # the name the refusals show (the id when empty)


@dataclass(frozen=True)
class Dossier:
    id: str
    topics: frozenset[str] = frozenset()  # what the dossier is about, matched against expertise
    label: str = ""  # the number the refusals show (the id when empty)


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
    # Pre-check refusals (nothing placed): the reviewer's or dossier's label -> French reason
    refusals: dict[str, str] = field(default_factory=dict)
    explanation: str = ""  # the refusals in one French paragraph, or what limits the result
    digest: str = ""  # result_digest(ENGINE, VERSION, parameters, sorted pairs)
    canonical: bool = False  # the least-weight optimum: any run returns these pairs
    tie_break_bits: int = 0  # b: tie-break weights in 1..2^b (0: no tie-break)

    def reviewers_of(self, dossier_id: str) -> list[str]:
        return sorted(r for d, r in self.pairs if d == dossier_id)

    def load_of(self, reviewer_id: str) -> int:
        return sum(1 for _d, r in self.pairs if r == reviewer_id)


def digest_parameters(instance: Instance) -> dict:
    """What shapes the decision besides the people and affinities: k and staff's rules."""
    return {
        "k": instance.k,
        "pinned": sorted(instance.pinned),
        "forbidden": sorted(instance.forbidden),
        "listed_pairs_only": instance.listed_pairs_only,
    }


def _digest(instance: Instance, pairs: list[Pair]) -> str:
    return result_digest(ENGINE, VERSION, digest_parameters(instance), [list(p) for p in sorted(pairs)])


def precheck(instance: Instance) -> dict[str, str]:
    """Pins no assignment can honour, before any solve: the reviewer's or dossier's label ->
    the French reason (naming them and the number that does not fit); {} when all can be."""
    dossiers = {d.id: d for d in instance.dossiers}
    reviewers = {r.id: r for r in instance.reviewers}
    pins = sorted(p for p in instance.pinned if p[0] in dossiers and p[1] in reviewers)
    per_reviewer = Counter(r for _d, r in pins)
    per_dossier = Counter(d for d, _r in pins)
    reasons: list[tuple[str, str]] = []
    for r in sorted(per_reviewer):
        reviewer = reviewers[r]
        if per_reviewer[r] > reviewer.capacity:
            name = reviewer.label or r
            reasons.append(
                (name, f"{name} a {per_reviewer[r]} dossiers imposés pour une capacité de {reviewer.capacity}.")
            )
    for d in sorted(per_dossier):
        if per_dossier[d] > instance.k:
            label = dossiers[d].label or d
            reasons.append(
                (
                    label,
                    f"Le dossier {label} a {per_dossier[d]} évaluateurs imposés "
                    f"pour {instance.k} évaluateur(s) par dossier.",
                )
            )
    for d, r in pins:
        label, name = dossiers[d].label or d, reviewers[r].label or r
        if (d, r) in instance.conflicts:
            reasons.append((label, f"Le dossier {label} est imposé à {name}, en conflit d'intérêts avec lui."))
        elif (d, r) in instance.forbidden:
            reasons.append((label, f"Le dossier {label} est imposé à {name}, mais cette paire est aussi interdite."))
    refusals: dict[str, str] = {}
    for subject, reason in reasons:
        refusals[subject] = f"{refusals[subject]} {reason}" if subject in refusals else reason
    return refusals


def tie_break_bits(span: int, flow: int, nodes: int) -> int:
    """The largest b ≤ 31 with 2^b · (span·flow + 2) · max(flow, nodes + 1) < 2^63: every arc
    cost (at most 2^b · (span·flow + 1)), plus one, times (nodes + 1) and every flow's total cost
    (at most flow arcs of it) stay within int64."""
    room = INT64_MAX // ((span * flow + 2) * max(flow, nodes + 1))
    return max(0, min(MAX_TIE_BREAK_BITS, room.bit_length() - 1))


def _pair_hashes(pairs: list[Pair]) -> np.ndarray:
    """The first 8 bytes of SHA-256("assignment|d|r") as an integer: `isolation_weight(ENGINE,
    (d, r), bits)` is this modulo 2^bits, plus one (inlined: half a million pairs per large call)."""
    sha, prefix = hashlib.sha256, f"{ENGINE}|"
    heads = b"".join([sha(f"{prefix}{d}|{r}".encode()).digest()[:8] for d, r in pairs])
    return np.frombuffer(heads, dtype=">u8").astype(np.uint64)


def assign(instance: Instance, *, tie_break: bool = True) -> Assignment:
    """The assignment placing the most reviews, then of greatest total affinity, then of least
    tie-break weight. `tie_break=False` solves with the plain affinities (for comparison)."""
    started = time.perf_counter()
    refusals = precheck(instance)
    if refusals:
        return Assignment(
            status="infeasible",
            pairs=[],
            objective=0,
            bound=0,
            gap=0.0,
            wall_seconds=time.perf_counter() - started,
            refusals=refusals,
            explanation=" ".join(refusals.values()),
            digest=_digest(instance, []),
            canonical=True,
        )
    # Sorted by id: the nodes and arcs do not depend on the order of the instance's lists.
    dossiers = {d.id: d for d in sorted(instance.dossiers, key=lambda d: d.id)}
    reviewers = {r.id: r for r in sorted(instance.reviewers, key=lambda r: r.id)}
    pinned = sorted(p for p in instance.pinned if p[0] in dossiers and p[1] in reviewers)
    need = dict.fromkeys(dossiers, instance.k)
    room = {r: reviewer.capacity for r, reviewer in reviewers.items()}
    for d, r in pinned:
        need[d] -= 1
        room[r] -= 1
    pinned_set = set(pinned)
    if instance.listed_pairs_only:
        listed: dict[str, list[str]] = {}
        for d, r in instance.affinity:
            if d in dossiers and r in reviewers:
                listed.setdefault(d, []).append(r)
        candidates = {d: sorted(rs) for d, rs in listed.items()}
    else:
        everyone = list(reviewers)
        candidates = dict.fromkeys(dossiers, everyone)

    # The pair arcs, in the order of the sorted ids (`excluded` and `affinity_of` inlined:
    # half a million pairs per large call).
    arc_pairs: list[Pair] = []
    arc_affinity: list[int] = []
    conflicts, forbidden, affinity = instance.conflicts, instance.forbidden, instance.affinity
    for d, dossier in dossiers.items():
        if need[d] <= 0:
            continue
        for r in candidates.get(d, ()):
            pair = (d, r)
            if pair in conflicts or pair in forbidden or pair in pinned_set:
                continue
            explicit = affinity.get(pair)
            arc_pairs.append(pair)
            arc_affinity.append(explicit if explicit is not None else len(dossier.topics & reviewers[r].expertise))

    supply = sum(max(n, 0) for n in need.values())
    nodes = 2 + len(dossiers) + len(reviewers)
    bits, pairs = 0, list(pinned)
    if arc_pairs and supply:
        a_max, a_min = max(arc_affinity), min(arc_affinity)
        bits = tie_break_bits(a_max - a_min, supply, nodes) if tie_break else 0
        if bits < MIN_TIE_BREAK_BITS:
            bits = 0
        pairs += _solve(dossiers, reviewers, need, room, arc_pairs, arc_affinity, a_max, supply, bits)
    pairs.sort()
    objective = sum(instance.affinity_of(dossiers[d], reviewers[r]) for d, r in pairs)
    unmet = _unmet(instance, pairs)
    explanation = ""
    if tie_break and bits == 0 and arc_pairs and supply:
        explanation = (
            "Répartition optimale, mais les affinités sont trop grandes pour le départage des ex æquo : "
            "une autre version du calcul pourrait retenir une autre répartition de même valeur."
        )
    return Assignment(
        status="infeasible" if unmet else "optimal",
        pairs=pairs,
        objective=objective,
        bound=objective,  # exact: a min-cost flow on a unimodular network
        gap=0.0,
        wall_seconds=time.perf_counter() - started,
        unmet=unmet,
        explanation=explanation,
        digest=_digest(instance, pairs),
        canonical=bits > 0 or not (arc_pairs and supply),
        tie_break_bits=bits,
    )


def _solve(dossiers, reviewers, need, room, arc_pairs, arc_affinity, a_max, supply, bits) -> list[Pair]:
    """The pairs of a maximal flow of least cost; costs folded with the tie-break when bits > 0."""
    source, sink = 0, 1
    dossier_node = {d: 2 + i for i, d in enumerate(dossiers)}
    reviewer_node = {r: 2 + len(dossiers) + i for i, r in enumerate(reviewers)}
    # (a_max − affinity)·M + w, M = supply·2^bits, w in 1..2^bits; tie_break_bits keeps it in int64.
    costs = a_max - np.array(arc_affinity, dtype=np.int64)
    if bits:
        weights = (_pair_hashes(arc_pairs) & np.uint64((1 << bits) - 1)).astype(np.int64) + 1
        costs = costs * np.int64(supply << bits) + weights
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    unit_costs: list[int] = []
    for d in dossiers:
        if need[d] > 0:
            tails.append(source)
            heads.append(dossier_node[d])
            capacities.append(need[d])
            unit_costs.append(0)
    first_pair_arc = len(tails)
    tails += [dossier_node[d] for d, _r in arc_pairs]
    heads += [reviewer_node[r] for _d, r in arc_pairs]
    capacities += [1] * len(arc_pairs)
    unit_costs += costs.tolist()
    for r in reviewers:
        if room[r] > 0:
            tails.append(reviewer_node[r])
            heads.append(sink)
            capacities.append(room[r])
            unit_costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(capacities, dtype=np.int64),
        np.array(unit_costs, dtype=np.int64),
    )
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    solved = flow.solve_max_flow_with_min_cost()
    if solved != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {solved}")
    pair_arcs = np.asarray(arcs, dtype=np.int32)[first_pair_arc : first_pair_arc + len(arc_pairs)]
    used = np.flatnonzero(np.asarray(flow.flows(pair_arcs)) > 0)
    return [arc_pairs[i] for i in used.tolist()]


def _unmet(instance: Instance, pairs: list[Pair]) -> dict[str, str]:
    """Why each short dossier is short, in plain French."""
    got = Counter(d for d, _r in pairs)
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
    """Re-check every hard rule on a result, independently of the solver; [] when all hold.

    Linear in the pairs, reviewers and dossiers: each load is counted once. A result refused
    by the pre-checks places nothing, so its pins are not looked for."""
    problems = []
    dossiers = [d.id for d in instance.dossiers]
    known_dossiers = set(dossiers)
    capacity = {r.id: r.capacity for r in instance.reviewers}
    assigned = set(result.pairs)
    if len(assigned) != len(result.pairs):
        problems.append("a pair is assigned twice")
    for d, r in result.pairs:
        if d not in known_dossiers or r not in capacity:
            problems.append(f"unknown pair {(d, r)}")
        if instance.excluded((d, r)):
            problems.append(f"excluded pair {(d, r)} assigned")
    load = Counter(r for _d, r in result.pairs)
    reviewers_per_dossier = Counter(d for d, _r in result.pairs)
    for r, cap in capacity.items():
        if load[r] > cap:
            problems.append(f"reviewer {r} over capacity: {load[r]} > {cap}")
    for d in dict.fromkeys(dossiers):
        if reviewers_per_dossier[d] > instance.k:
            problems.append(f"dossier {d} has more than {instance.k} reviewers")
    if not result.refusals:
        for pair in sorted(instance.pinned):
            if (
                pair[0] in known_dossiers
                and pair[1] in capacity
                and not instance.excluded(pair)
                and pair not in assigned
            ):
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
