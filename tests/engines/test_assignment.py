"""The assignment engine, as the rules read: k reviewers per dossier, never a conflicted
pair, never over capacity, the best total affinity; checked against an independent
brute-force solver on small random instances."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from eig.engines.assignment import Dossier, Instance, Reviewer, assign, explain, validate, without_reviewer


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
