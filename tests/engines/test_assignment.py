"""The assignment engine, as the rules read: k reviewers per dossier, never a conflicted
pair, never over capacity, the best total affinity; checked against an independent
brute-force solver on small random instances."""

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eig.engines import assignment as engine
from eig.engines.assignment import Assignment, Dossier, Instance, Reviewer, assign, explain, validate, without_reviewer
from eig.engines.canonical import isolation_weight


def instance_of(n_dossiers, n_reviewers, k, capacity, conflicts=(), affinity=None, **extra):
    return Instance(
        dossiers=[Dossier(f"d{i}") for i in range(n_dossiers)],
        reviewers=[Reviewer(f"r{j}", capacity) for j in range(n_reviewers)],
        k=k,
        conflicts=set(conflicts),
        affinity=dict(affinity or {}),
        **extra,
    )


@st.composite
def small_instances(draw):
    n_d = draw(st.integers(1, 3))
    n_r = draw(st.integers(1, 4))
    k = draw(st.integers(1, 2))
    capacity = draw(st.integers(1, 3))
    pairs = [(f"d{i}", f"r{j}") for i in range(n_d) for j in range(n_r)]
    conflicts = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs)))
    affinity = {p: draw(st.integers(0, 5)) for p in pairs}
    return instance_of(n_d, n_r, k, capacity, conflicts, affinity)


def brute_force(instance):
    """Every way of giving each dossier up to k non-conflicted reviewers: the most reviews,
    then the best affinity. Independent of the flow formulation."""
    options = []
    for dossier in instance.dossiers:
        eligible = [r.id for r in instance.reviewers if not instance.excluded((dossier.id, r.id))]
        choices = []
        for size in range(min(instance.k, len(eligible)) + 1):
            choices += list(itertools.combinations(eligible, size))
        options.append([(dossier.id, combo) for combo in choices])
    capacity = {r.id: r.capacity for r in instance.reviewers}
    best = (-1, -1)
    for combination in itertools.product(*options):
        load = {}
        for _d, combo in combination:
            for r in combo:
                load[r] = load.get(r, 0) + 1
        if any(load[r] > capacity[r] for r in load):
            continue
        count = sum(len(combo) for _d, combo in combination)
        total = sum(instance.affinity.get((d, r), 0) for d, combo in combination for r in combo)
        best = max(best, (count, total))
    return best


@settings(max_examples=150, deadline=None)
@given(small_instances())
def test_the_engine_reaches_the_optimum_of_an_independent_solver_and_breaks_no_rule(instance):
    result = assign(instance)
    assert validate(instance, result) == []
    assert (len(result.pairs), result.objective) == brute_force(instance)
    assert result.gap == 0 and result.bound == result.objective


@settings(max_examples=100, deadline=None)
@given(small_instances())
def test_every_dossier_gets_k_reviewers_whenever_a_feasible_assignment_exists(instance):
    result = assign(instance)
    feasible = brute_force(instance)[0] == instance.k * len(instance.dossiers)
    assert (result.status == "optimal") == feasible
    if not feasible:
        assert result.unmet  # and each short dossier says why


@settings(max_examples=100, deadline=None)
@given(small_instances(), st.data())
def test_a_conflict_declared_after_assignment_removes_the_pair_and_replaces_it(instance, data):
    result = assign(instance)
    if not result.pairs:
        return
    declared = data.draw(st.sampled_from(result.pairs))
    instance.conflicts.add(declared)
    again = assign(instance)
    assert declared not in again.pairs
    assert validate(instance, again) == []
    assert (len(again.pairs), again.objective) == brute_force(instance)


def test_conflicts_are_hard_even_against_the_best_affinity():
    instance = instance_of(1, 2, 1, 1, conflicts={("d0", "r0")}, affinity={("d0", "r0"): 100, ("d0", "r1"): 1})
    assert assign(instance).pairs == [("d0", "r1")]


def test_when_k_cannot_be_met_the_engine_says_which_dossier_and_which_constraint():
    # Two reviewers, k = 2, one of them conflicted with d0: d0 can get only one.
    conflicted = assign(instance_of(1, 2, 2, 5, conflicts={("d0", "r0")}))
    assert conflicted.status == "infeasible"
    assert conflicted.unmet == {
        "d0": "1 évaluateur(s) sur 2 : seuls 1 évaluateurs n'ont pas de conflit avec ce dossier."
    }
    # Enough reviewers without conflict, but not enough capacity: 3 dossiers × 2 > 2 reviewers × 2.
    full = assign(instance_of(3, 2, 2, 2))
    assert full.status == "infeasible" and len(full.pairs) == 4
    assert all("ont atteint leur capacité" in reason for reason in full.unmet.values())


def test_staff_pins_and_forbids_pairs_and_the_engine_reruns_around_them():
    base = instance_of(2, 3, 1, 2, affinity={("d0", "r0"): 5, ("d1", "r0"): 5})
    base.pinned = {("d0", "r2")}
    base.forbidden = {("d1", "r0")}
    result = assign(base)
    assert set(result.pairs) == {("d0", "r2"), ("d1", "r1")} or set(result.pairs) == {("d0", "r2"), ("d1", "r2")}
    assert validate(base, result) == []
    assert explain(base, result, ("d0", "r2")) == "Paire imposée par l'équipe du programme."


def test_expertise_drives_the_choice_and_each_pair_says_why():
    instance = Instance(
        dossiers=[Dossier("d0", frozenset({"datascience"}))],
        reviewers=[Reviewer("r0", 1, frozenset({"design"})), Reviewer("r1", 1, frozenset({"datascience", "dev"}))],
        k=1,
    )
    result = assign(instance)
    assert result.pairs == [("d0", "r1")]
    assert explain(instance, result, ("d0", "r1")).startswith(
        "Choisi pour une affinité 1 (expertise commune : datascience), sans conflit, avec 1 dossier(s) sur 1 au plus"
    )


def test_a_reviewer_who_drops_out_is_replaced_without_moving_the_others():
    instance = instance_of(4, 4, 2, 3, affinity={(f"d{i}", f"r{j}"): (i + j) % 4 for i in range(4) for j in range(4)})
    before = assign(instance)
    after = without_reviewer(instance, before, "r1")
    kept = [p for p in before.pairs if p[1] != "r1"]
    assert set(kept) <= set(after.pairs)
    assert all(r != "r1" for _d, r in after.pairs)
    assert after.status == "optimal" and len(after.pairs) == 8


# --- One result per instance: the tie-break -----------------------------------------------


def tied_instance(n_dossiers=12, n_reviewers=8, k=2, capacity=4):
    """Every affinity equal, a few conflicts and pins: a great many optimal assignments."""
    conflicts = {(f"d{i}", f"r{(3 * i) % n_reviewers}") for i in range(0, n_dossiers, 2)}
    pinned = {("d1", "r2"), ("d5", "r7")}
    return instance_of(n_dossiers, n_reviewers, k, capacity, conflicts, pinned=pinned)


def reordered(instance, seed):
    """The same instance, its lists shuffled and its sets and dict built in another order."""
    rng = random.Random(seed)
    dossiers, reviewers = list(instance.dossiers), list(instance.reviewers)
    rng.shuffle(dossiers)
    rng.shuffle(reviewers)
    affinity = list(instance.affinity.items())
    rng.shuffle(affinity)
    return Instance(
        dossiers=dossiers,
        reviewers=reviewers,
        k=instance.k,
        conflicts=set(rng.sample(sorted(instance.conflicts), len(instance.conflicts))),
        forbidden=set(instance.forbidden),
        pinned=set(rng.sample(sorted(instance.pinned), len(instance.pinned))),
        affinity=dict(affinity),
        listed_pairs_only=instance.listed_pairs_only,
    )


def test_an_instance_full_of_ties_gives_the_same_pairs_and_digest_every_time_and_in_any_order():
    instance = tied_instance()
    first = assign(instance)
    assert first.status == "optimal" and first.canonical and len(first.pairs) == 24
    assert len(first.digest) == 64 and first.tie_break_bits == engine.MAX_TIE_BREAK_BITS
    runs = [assign(instance) for _ in range(4)] + [assign(reordered(instance, seed)) for seed in range(5)]
    assert {tuple(run.pairs) for run in runs} == {tuple(first.pairs)}
    assert {run.digest for run in runs} == {first.digest}


def test_the_list_order_no_longer_decides_among_equal_optima_of_a_listed_call():
    # A top-K call (listed pairs only) where every listed affinity is equal.
    rng = random.Random(7)
    affinity = {(f"d{i}", f"r{j}"): 3 for i in range(30) for j in rng.sample(range(12), 6)}
    instance = instance_of(30, 12, 2, 6, affinity=affinity, listed_pairs_only=True)
    first = assign(instance)
    assert validate(instance, first) == [] and first.status == "optimal"
    assert {assign(reordered(instance, seed)).digest for seed in range(5)} == {first.digest}


def all_optima(instance):
    """Every assignment placing the most reviews with the best total affinity (brute force)."""
    options = []
    for dossier in instance.dossiers:
        eligible = [r.id for r in instance.reviewers if not instance.excluded((dossier.id, r.id))]
        options.append(
            [
                [(dossier.id, r) for r in combo]
                for size in range(min(instance.k, len(eligible)) + 1)
                for combo in itertools.combinations(eligible, size)
            ]
        )
    capacity = {r.id: r.capacity for r in instance.reviewers}
    scored = {}
    for combination in itertools.product(*options):
        pairs = [pair for chosen in combination for pair in chosen]
        load = {}
        for _d, r in pairs:
            load[r] = load.get(r, 0) + 1
        if all(load[r] <= capacity[r] for r in load):
            key = (len(pairs), sum(instance.affinity.get(p, 0) for p in pairs))
            scored.setdefault(key, []).append(sorted(pairs))
    return scored[max(scored)]


@settings(max_examples=60, deadline=None)
@given(small_instances())
def test_among_the_optima_the_engine_returns_the_one_of_least_isolation_weight(instance):
    result = assign(instance)
    optima = all_optima(instance)
    assert result.canonical
    bits = result.tie_break_bits
    if bits == 0:  # nothing left to choose once the pins are placed
        assert optima == [result.pairs]
        return
    assert bits == engine.MAX_TIE_BREAK_BITS

    def weight(pairs):
        return sum(isolation_weight("assignment", pair, bits=bits) for pair in pairs)

    least = min(optima, key=weight)
    assert result.pairs == least
    assert sum(1 for pairs in optima if weight(pairs) == weight(least)) == 1  # the least is unique


@st.composite
def tied_instances(draw):
    """Larger than the brute force reaches, with few affinity values: many ties."""
    n_d, n_r = draw(st.integers(1, 15)), draw(st.integers(1, 8))
    k, capacity = draw(st.integers(1, 3)), draw(st.integers(1, 6))
    pairs = [(f"d{i}", f"r{j}") for i in range(n_d) for j in range(n_r)]
    affinity = {p: draw(st.integers(0, 2)) for p in pairs}
    conflicts = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3))
    return instance_of(n_d, n_r, k, capacity, conflicts, affinity)


@settings(max_examples=150, deadline=None)
@given(tied_instances())
def test_the_tie_break_never_changes_the_number_of_reviews_nor_the_total_affinity(instance):
    plain = assign(instance, tie_break=False)
    broken = assign(instance)
    assert plain.tie_break_bits == 0
    assert (len(broken.pairs), broken.objective) == (len(plain.pairs), plain.objective)
    assert validate(instance, broken) == [] and broken.status == plain.status


def test_huge_affinities_leave_no_room_for_the_tie_break_and_the_result_says_so():
    instance = instance_of(3, 3, 1, 1, affinity={("d0", "r0"): 10**14, ("d1", "r1"): 10**14, ("d2", "r2"): 1})
    result = assign(instance)
    assert result.tie_break_bits == 0 and not result.canonical
    assert result.objective == 2 * 10**14 + 1 and validate(instance, result) == []
    assert "trop grandes pour le départage des ex æquo" in result.explanation


def fits_in_int64(bits, span, flow, nodes):
    """OR-Tools refuses (largest cost + 1) × (nodes + 1) ≥ 2^63; a flow's total cost is at most
    `flow` times the largest cost."""
    largest_cost = (span * flow << bits) + (1 << bits)
    return (largest_cost + 1) * (nodes + 1) < 2**63 and flow * largest_cost < 2**63


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 10**6), st.integers(3, 10**6))
def test_the_tie_break_takes_as_many_bits_as_int64_allows_and_no_more(span, flow, nodes):
    bits = engine.tie_break_bits(span, flow, nodes)
    assert 0 <= bits <= engine.MAX_TIE_BREAK_BITS
    if bits:
        assert fits_in_int64(bits, span, flow, nodes)
    if bits < engine.MAX_TIE_BREAK_BITS:
        assert not fits_in_int64(bits + 2, span, flow, nodes)


def test_at_the_benchmark_s_size_the_tie_break_has_26_bits():
    # 30,000 reviews asked, affinities 0..100, 11,002 nodes: see the module's docstring.
    assert engine.tie_break_bits(span=100, flow=30_000, nodes=11_002) == 26


HASH_SEED_SCRIPT = """
from eig.engines.assignment import Dossier, Instance, Reviewer, assign
instance = Instance(
    dossiers=[Dossier(f"d{i}", frozenset({"dev", "data"})) for i in range(20)],
    reviewers=[Reviewer(f"r{j}", 5, frozenset({"dev", "data", "design"})) for j in range(9)],
    k=2,
    conflicts={(f"d{i}", f"r{(i * 5) % 9}") for i in range(20)},
    forbidden={("d3", "r1"), ("d4", "r1")},
    pinned={("d0", "r8"), ("d7", "r6")},
)
result = assign(instance)
print(result.digest, len(result.pairs))
"""


def test_the_digest_does_not_depend_on_python_s_hash_seed():
    root = Path(__file__).resolve().parents[2]
    outputs = set()
    for seed in ("1", "4242"):
        run = subprocess.run(
            [sys.executable, "-c", HASH_SEED_SCRIPT],
            capture_output=True,
            text=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1
    digest, placed = outputs.pop().split()
    assert len(digest) == 64 and placed == "40"


def test_the_digest_changes_with_the_rules_that_shape_the_decision():
    instance = tied_instance()
    base = assign(instance).digest
    instance.forbidden = {("d0", "r0")}
    forbidding = assign(instance)
    instance.forbidden = set()
    instance.k = 1
    assert len({base, forbidding.digest, assign(instance).digest}) == 3


# --- Pre-checks: pins no assignment can honour are refused, and the reason names them ---------


def labelled(n_dossiers, n_reviewers, k, capacity, **extra):
    return Instance(
        dossiers=[Dossier(f"d{i}", label=f"2026-{i:04d}") for i in range(n_dossiers)],
        reviewers=[
            Reviewer(f"r{j}", capacity, label=["Alice Martin", "Bruno Diallo", "Chloé Petit"][j])
            for j in range(n_reviewers)
        ],
        k=k,
        **extra,
    )


def test_a_reviewer_pinned_beyond_their_capacity_is_refused_with_the_numbers():
    instance = labelled(7, 3, 1, 5, pinned={(f"d{i}", "r0") for i in range(7)})
    result = assign(instance)
    assert (result.status, result.pairs) == ("infeasible", [])
    assert result.explanation == "Alice Martin a 7 dossiers imposés pour une capacité de 5."
    assert result.refusals == {"Alice Martin": result.explanation}
    assert validate(instance, result) == []


def test_a_dossier_pinned_to_more_than_k_reviewers_is_refused_with_the_numbers():
    instance = labelled(2, 3, 2, 5, pinned={("d1", "r0"), ("d1", "r1"), ("d1", "r2")})
    result = assign(instance)
    assert (result.status, result.pairs) == ("infeasible", [])
    assert result.refusals == {
        "2026-0001": "Le dossier 2026-0001 a 3 évaluateurs imposés pour 2 évaluateur(s) par dossier."
    }


def test_a_pin_on_a_conflicted_pair_is_refused_naming_both():
    instance = labelled(2, 2, 1, 5, pinned={("d0", "r1")}, conflicts={("d0", "r1")})
    result = assign(instance)
    assert (result.status, result.pairs) == ("infeasible", [])
    assert result.explanation == "Le dossier 2026-0000 est imposé à Bruno Diallo, en conflit d'intérêts avec lui."


def test_a_pin_on_a_forbidden_pair_is_refused_naming_both():
    instance = labelled(2, 3, 1, 5, pinned={("d1", "r2")}, forbidden={("d1", "r2")})
    result = assign(instance)
    assert (result.status, result.pairs) == ("infeasible", [])
    assert result.explanation == "Le dossier 2026-0001 est imposé à Chloé Petit, mais cette paire est aussi interdite."


def test_every_refusal_is_listed_and_unlabelled_people_are_named_by_their_id():
    instance = instance_of(3, 2, 1, 1, pinned={("d0", "r0"), ("d1", "r0"), ("d0", "r1")})
    result = assign(instance)
    assert result.refusals == {
        "r0": "r0 a 2 dossiers imposés pour une capacité de 1.",
        "d0": "Le dossier d0 a 2 évaluateurs imposés pour 1 évaluateur(s) par dossier.",
    }
    assert result.explanation == " ".join(result.refusals.values())


def test_pins_within_capacity_and_k_are_accepted():
    instance = labelled(5, 3, 2, 5, pinned={(f"d{i}", "r0") for i in range(5)})
    result = assign(instance)
    assert result.status == "optimal" and not result.refusals and validate(instance, result) == []


# --- The validator: counts once, keeps its messages ------------------------------------------


def test_the_validator_names_every_broken_rule():
    instance = instance_of(2, 2, 1, 1, conflicts={("d1", "r1")}, pinned={("d0", "r0")})
    bad = Assignment("optimal", [("d0", "r1"), ("d1", "r1"), ("d1", "r1"), ("d9", "r0")], 0, 0, 0.0, 0.0)
    assert validate(instance, bad) == [
        "a pair is assigned twice",
        "excluded pair ('d1', 'r1') assigned",
        "excluded pair ('d1', 'r1') assigned",
        "unknown pair ('d9', 'r0')",
        "reviewer r1 over capacity: 3 > 1",
        "dossier d1 has more than 1 reviewers",
        "pinned pair ('d0', 'r0') missing",
    ]
