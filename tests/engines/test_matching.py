"""The stable matching engine, as the rules read: candidate-proposing deferred acceptance with
seats per position; its result has no blocking pair (independent checker) and equals the
resident-optimal solution of the `matching` package from PyPI, used as a test oracle."""

import random
import sys
import threading
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from eig.engines.matching import (
    Instance,
    Matching,
    blocking_pairs,
    deferred_acceptance,
    explain,
    explain_all,
    validate,
)


def oracle(instance: Instance) -> dict[str, str | None]:
    """The `matching` package's resident-optimal solution (Gusfield & Irving's algorithm).

    That package wants each hospital to rank exactly the residents who rank it, every list
    non-empty and every capacity >= 1: otherwise it warns and, with clean=True, removes
    preferences or players (and a capacity of 0 breaks `solve`). So both sides are first reduced
    to the mutually acceptable pairs of positive capacity, players left with nothing are left out
    (they are unmatched in any matching), and a warning from the package fails the test.

    Its constructor deep-copies the player graph recursively (RecursionError from about a
    thousand residents), so it runs in a thread with a 512 MiB stack and a raised recursion limit."""
    ranking = {p: set(r) for p, r in instance.positions.items() if instance.capacity(p) > 0}
    residents = {c: [p for p in w if p in ranking and c in ranking[p]] for c, w in instance.candidates.items()}
    residents = {c: w for c, w in residents.items() if w}
    wished: dict[str, set[str]] = {}
    for c, w in residents.items():
        for p in w:
            wished.setdefault(p, set()).add(c)
    hospitals = {p: [c for c in instance.positions[p] if c in wished[p]] for p in wished}
    result: dict[str, str | None] = dict.fromkeys(instance.candidates)
    failure: list[BaseException] = []

    def solve():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                game = HospitalResident.create_from_dictionaries(
                    residents, hospitals, {p: instance.capacity(p) for p in hospitals}
                )
                solved = game.solve(optimal="resident")
            for hospital, matched in solved.items():
                for resident in matched:
                    result[resident.name] = hospital.name
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    limit, stack = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=solve)
        thread.start()
        thread.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(stack)
    if failure:
        raise failure[0]
    return result


def brute_force_blocking_pairs(instance: Instance, assignment: dict[str, str | None]) -> set[tuple[str, str]]:
    """The definition, pair by pair over every candidate × position."""
    pairs = set()
    for c, wishes in instance.candidates.items():
        current = assignment.get(c)
        for p, ranking in instance.positions.items():
            prefers = p in wishes and (current not in wishes or wishes.index(p) < wishes.index(current))
            if not prefers or c not in ranking:
                continue
            given_to = [a for a, q in assignment.items() if q == p]
            if len(given_to) < instance.capacity(p) or any(
                a not in ranking or ranking.index(c) < ranking.index(a) for a in given_to
            ):
                pairs.add((c, p))
    return pairs


# --- Hand examples ---------------------------------------------------------------------------


def hospitals_residents():
    """The hospital/resident example of the `matching` package's documentation."""
    return Instance(
        candidates={"A": ("C",), "S": ("C", "M"), "D": ("C", "M", "G"), "J": ("C", "G", "M"), "L": ("M", "C", "G")},
        positions={"M": ("D", "L", "S", "J"), "C": ("D", "A", "S", "L", "J"), "G": ("D", "J", "L")},
        capacities={"M": 2, "C": 2, "G": 2},
    )


def test_the_textbook_hospitals_residents_instance_gets_its_known_candidate_optimal_matching():
    instance = hospitals_residents()
    result = deferred_acceptance(instance)
    assert result.assignment == {"A": "C", "S": "M", "D": "C", "J": "G", "L": "M"}
    # Round 1: everyone proposes to their first wish, C keeps D and A; round 2: S and J move on.
    assert (result.rounds, result.proposals) == (2, 7)
    assert result.candidates_of("M") == ["L", "S"]
    assert result.matched == 5
    assert blocking_pairs(instance, result) == []
    assert validate(instance, result) == []


def latin_square():
    """Gale & Shapley's cyclic 3 × 3 case: three stable matchings; one gives every candidate their
    first wish, another gives every jury its first choice."""
    return Instance(
        candidates={"c1": ("p1", "p2", "p3"), "c2": ("p2", "p3", "p1"), "c3": ("p3", "p1", "p2")},
        positions={"p1": ("c2", "c3", "c1"), "p2": ("c3", "c1", "c2"), "p3": ("c1", "c2", "c3")},
    )


def test_candidates_get_their_best_stable_matching_even_when_each_jury_gets_its_last_choice():
    instance = latin_square()
    result = deferred_acceptance(instance)
    assert result.assignment == {"c1": "p1", "c2": "p2", "c3": "p3"}
    assert result.rounds == 1
    juries_first = Matching({"c1": "p3", "c2": "p1", "c3": "p2"}, 0.0, 0)
    assert blocking_pairs(instance, juries_first) == []  # stable too, but not candidate-optimal


def test_a_position_with_two_seats_keeps_the_two_candidates_its_jury_ranks_best():
    instance = Instance(
        candidates={"a": ("P", "Q"), "b": ("P", "Q"), "c": ("P", "Q")},
        positions={"P": ("c", "a", "b"), "Q": ("a", "b", "c")},
        capacities={"P": 2},  # Q has the default single seat
    )
    result = deferred_acceptance(instance)
    assert result.assignment == {"a": "P", "b": "Q", "c": "P"}
    assert validate(instance, result) == []


def test_a_candidate_the_jury_did_not_rank_never_gets_the_position_even_with_seats_left():
    instance = Instance(
        candidates={"a": ("P", "Q"), "b": ("P",)},
        positions={"P": ("a",), "Q": ("b",)},  # P did not rank b; b did not wish Q
        capacities={"P": 3, "Q": 3},
    )
    result = deferred_acceptance(instance)
    assert result.assignment == {"a": "P", "b": None}
    assert result.proposals == 1
    assert blocking_pairs(instance, result) == []


def test_closed_positions_unknown_names_and_zero_seats_are_skipped():
    instance = Instance(
        candidates={"a": ("gone", "Z", "P"), "b": ("P",)},
        positions={"P": ("ghost", "b", "a"), "Z": ("a",)},
        capacities={"P": 1, "Z": 0},
    )
    result = deferred_acceptance(instance)
    assert result.assignment == {"a": None, "b": "P"}
    assert validate(instance, result) == []
    assert explain(instance, result, "a") == (
        "Aucun vœu obtenu : votre 1er vœu, gone, n'est pas ouvert ; votre 2e vœu, Z, n'a aucune place ; "
        "votre 3e vœu, P, a retenu 1 candidat mieux classé par son jury (vous y êtes au 3e rang)."
    )


def test_an_instance_with_a_repeated_wish_or_a_negative_capacity_is_refused():
    with pytest.raises(ValueError, match="twice"):
        deferred_acceptance(Instance({"a": ("P", "P")}, {"P": ("a",)}))
    with pytest.raises(ValueError, match="twice"):
        deferred_acceptance(Instance({"a": ("P",)}, {"P": ("a", "a")}))
    with pytest.raises(ValueError, match=">= 0"):
        deferred_acceptance(Instance({"a": ("P",)}, {"P": ("a",)}, {"P": -1}))


def test_the_validator_names_the_broken_rules_in_french():
    instance = hospitals_residents()
    broken = Matching({"A": "M", "S": "C", "D": "G", "J": "C", "L": "C"}, 0.0, 0)
    assert validate(instance, broken) == [
        "A est affecté au poste M, qui ne figure pas parmi ses vœux.",
        "A est affecté au poste M, dont le jury ne l'a pas classé.",
        "Le poste C reçoit 3 candidats pour 2 places.",
        "Paire bloquante (A, C) : A préfère le poste C au poste M, C l'a classé et le jury de C classe A devant J, "
        "qui y est affecté.",
        "Paire bloquante (D, C) : D préfère le poste C au poste G, C l'a classé et le jury de C classe D devant J, "
        "qui y est affecté.",
        "Paire bloquante (D, M) : D préfère le poste M au poste G, M l'a classé et M a une place libre.",
        "Paire bloquante (L, M) : L préfère le poste M au poste C, M l'a classé et M a une place libre.",
    ]
    unmatched = Matching({"A": "C", "S": "M", "D": "C", "J": "G"}, 0.0, 0)
    assert validate(instance, unmatched) == [
        "L manque dans le résultat.",
        "Paire bloquante (L, M) : L est sans affectation, M l'a classé et M a une place libre.",
        "Paire bloquante (L, G) : L est sans affectation, G l'a classé et G a une place libre.",
    ]


# --- Explanations ----------------------------------------------------------------------------


def test_every_candidate_of_the_textbook_instance_gets_the_rule_that_decided():
    instance = hospitals_residents()
    result = deferred_acceptance(instance)
    assert explain_all(instance, result) == {
        "A": "Vous obtenez votre 1er vœu (poste C).",
        "S": "Vous obtenez votre 2e vœu (poste M) : votre 1er vœu, C, a retenu 2 candidats mieux classés par "
        "son jury (vous y êtes au 3e rang).",
        "D": "Vous obtenez votre 1er vœu (poste C).",
        "J": "Vous obtenez votre 2e vœu (poste G) : votre 1er vœu, C, a retenu 2 candidats mieux classés par "
        "son jury (vous y êtes au 5e rang).",
        "L": "Vous obtenez votre 1er vœu (poste M).",
    }


def test_a_candidate_left_out_is_told_why_for_each_wish():
    instance = Instance(
        candidates={"a": ("P",), "b": ("P", "Q"), "c": ("Q",)},
        positions={"P": ("a", "b"), "Q": ("c",)},
    )
    result = deferred_acceptance(instance)
    assert explain(instance, result, "b") == (
        "Aucun vœu obtenu : votre 1er vœu, P, a retenu 1 candidat mieux classé par son jury (vous y êtes au "
        "2e rang) ; le jury de votre 2e vœu, Q, ne vous a pas classé."
    )


def test_a_candidate_without_wishes_is_told_so():
    instance = Instance(candidates={"a": ()}, positions={"P": ("a",)})
    assert explain(instance, deferred_acceptance(instance), "a") == "Aucun vœu obtenu : vous n'avez formulé aucun vœu."


# --- Random instances against the oracle -----------------------------------------------------


@st.composite
def small_instances(draw):
    """Few names, so hypothesis explores ties of popularity, 0 seats and unacceptable pairs."""
    candidates = [f"c{i}" for i in range(draw(st.integers(1, 7)))]
    positions = [f"p{j}" for j in range(draw(st.integers(1, 5)))]
    wishes = {c: tuple(draw(st.lists(st.sampled_from(positions), unique=True, max_size=4))) for c in candidates}
    rankings = {}
    for p in positions:
        order = draw(st.permutations(candidates))
        unranked = draw(st.sets(st.sampled_from(candidates)))
        rankings[p] = tuple(c for c in order if c not in unranked)
    capacities = {p: draw(st.integers(0, 3)) for p in positions}
    return Instance(wishes, rankings, capacities)


def random_instance(seed: int, n_candidates: int, n_positions: int, max_wishes: int = 3) -> Instance:
    """Skewed popularity, up to `max_wishes` wishes, 1–3 seats; juries rank their applicants by a
    common merit plus their own view (or at random), leaving about 10 % unranked."""
    rng = random.Random(seed)
    positions = [f"p{j}" for j in range(n_positions)]
    weights = [rng.paretovariate(1.5) for _ in positions]
    merit = {f"c{i}": rng.gauss(0, 1) for i in range(n_candidates)}
    candidates = {}
    for c in merit:
        wanted = []
        for p in rng.choices(positions, weights, k=rng.randint(1, max_wishes)):
            if p not in wanted:
                wanted.append(p)
        candidates[c] = tuple(wanted)
    correlated = rng.random() < 0.5
    rankings = {}
    for p in positions:
        applicants = [c for c, w in candidates.items() if p in w and rng.random() >= 0.1]
        view = {c: (merit[c] if correlated else 0.0) + rng.gauss(0, 1) for c in applicants}
        rankings[p] = tuple(sorted(applicants, key=view.__getitem__, reverse=True))
    capacities = {p: rng.randint(1, 3) for p in positions}
    return Instance(candidates, rankings, capacities)


@settings(max_examples=300, deadline=None)
@given(small_instances())
def test_on_small_instances_the_result_is_stable_and_equals_the_oracle(instance):
    result = deferred_acceptance(instance)
    assert blocking_pairs(instance, result) == []
    assert validate(instance, result) == []
    assert result.assignment == oracle(instance)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300), st.integers(1, 100), st.integers(1, 5))
def test_on_random_instances_of_a_few_hundred_the_result_is_stable_and_equals_the_oracle(
    seed, n_candidates, n_positions, max_wishes
):
    instance = random_instance(seed, n_candidates, n_positions, max_wishes)
    result = deferred_acceptance(instance)
    assert blocking_pairs(instance, result) == []
    assert validate(instance, result) == []
    assert result.assignment == oracle(instance)


def test_on_2000_candidates_the_result_is_stable_and_equals_the_oracle():
    instance = random_instance(seed=2017, n_candidates=2_000, n_positions=300, max_wishes=3)
    result = deferred_acceptance(instance)
    assert blocking_pairs(instance, result) == []
    assert validate(instance, result) == []
    assert result.assignment == oracle(instance)
    assert result.matched > 400


@settings(max_examples=100, deadline=None)
@given(small_instances(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_candidates_and_positions(instance, rnd):
    candidates, positions = list(instance.candidates.items()), list(instance.positions.items())
    rnd.shuffle(candidates)
    rnd.shuffle(positions)
    shuffled = Instance(dict(candidates), dict(positions), instance.capacities)
    assert deferred_acceptance(shuffled).assignment == deferred_acceptance(instance).assignment


@settings(max_examples=300, deadline=None)
@given(small_instances(), st.data())
def test_the_checker_finds_exactly_the_blocking_pairs_of_any_assignment(instance, data):
    """Any assignment at all, even over capacity or unacceptable: the checker agrees with the
    definition applied pair by pair."""
    choices = [None, *instance.positions]
    assignment = {c: data.draw(st.sampled_from(choices)) for c in instance.candidates}
    pairs = blocking_pairs(instance, Matching(assignment, 0.0, 0))
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == brute_force_blocking_pairs(instance, assignment)
