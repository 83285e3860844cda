"""The calibration engine, as the rules read: raw means, z-scores, and a severity-corrected
score that is exactly the least-squares fit of score = mu + quality + severity, checked
against numpy's own least-squares solver on small random instances."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eig.engines.calibration import (
    Calibration,
    Review,
    calibrate,
    calibrate_arrays,
    disagreement,
    explain,
    rank,
    validate,
)


def reviews_of(rows):
    return [Review(reviewer, item, score) for reviewer, item, score in rows]


@st.composite
def small_designs(draw):
    n_reviewers = draw(st.integers(1, 5))
    n_items = draw(st.integers(1, 6))
    pairs = st.tuples(st.integers(0, n_reviewers - 1), st.integers(0, n_items - 1))
    chosen = draw(st.lists(pairs, min_size=1, max_size=18))
    scores = st.one_of(st.integers(0, 20).map(float), st.floats(0, 20, allow_nan=False))
    return [Review(f"r{r}", f"d{i}", draw(scores)) for r, i in chosen]


def components_by_search(reviews):
    """Reviewer groups linked by shared dossiers, found by a plain graph search."""
    by_item = {}
    for rv in reviews:
        by_item.setdefault(rv.item, set()).add(rv.reviewer)
    groups = []
    for names in by_item.values():
        touching = [g for g in groups if g & names]
        merged = set(names).union(*touching)
        groups = [g for g in groups if not g & names] + [merged]
    return groups


def least_squares_reference(reviews):
    """numpy.linalg.lstsq on score = a(item) + b(reviewer), with one extra equation per
    component: the severities sum to 0. The constraint only picks one of the least-squares
    solutions, so the stacked system is solved exactly."""
    items = sorted({rv.item for rv in reviews})
    reviewers = sorted({rv.reviewer for rv in reviews})
    col = {name: k for k, name in enumerate(items)} | {name: len(items) + k for k, name in enumerate(reviewers)}
    rows, rhs = [], []
    for rv in reviews:
        row = np.zeros(len(col))
        row[col[rv.item]] += 1
        row[col[rv.reviewer]] += 1
        rows.append(row)
        rhs.append(rv.score)
    for group in components_by_search(reviews):
        row = np.zeros(len(col))
        for name in group:
            row[col[name]] = 1
        rows.append(row)
        rhs.append(0.0)
    solution = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)[0]
    return {name: solution[col[name]] for name in items}, {name: solution[col[name]] for name in reviewers}


@settings(max_examples=300, deadline=None)
@given(small_designs())
def test_adjusted_scores_and_severities_are_the_exact_least_squares_fit(reviews):
    adjusted, severity = least_squares_reference(reviews)
    result = calibrate(reviews)
    assert {s.item: s.adjusted for s in result.items} == pytest.approx(adjusted, abs=1e-7)
    assert {s.reviewer: s.severity for s in result.reviewers} == pytest.approx(severity, abs=1e-7)
    assert result.converged
    assert validate(reviews, result) == []


@settings(max_examples=100, deadline=None)
@given(small_designs())
def test_the_review_list_and_the_parallel_arrays_give_the_same_calibration(reviews):
    arrays = calibrate_arrays(
        np.array([rv.reviewer for rv in reviews]),
        np.array([rv.item for rv in reviews]),
        np.array([rv.score for rv in reviews]),
    )
    assert arrays.items == calibrate(reviews).items
    assert arrays.reviewers == calibrate(reviews).reviewers


def connected_panel(shift=0.0):
    """8 dossiers, 4 reviewers, 3 per dossier in rotation: one connected component."""
    quality = [11, 14, 9, 16, 12, 13, 10, 15]
    leniency = {"r0": -1.0, "r1": 0.5, "r2": 0.0 + shift, "r3": 0.5}
    rows = []
    for d, q in enumerate(quality):
        for k in range(3):
            reviewer = f"r{(d + k) % 4}"
            rows.append((reviewer, f"d{d}", q + leniency[reviewer] + 0.25 * ((d * 7 + k) % 3 - 1)))
    return reviews_of(rows)


def test_a_lenient_reviewers_three_extra_points_are_absorbed_and_change_no_rank():
    before, after = calibrate(connected_panel()), calibrate(connected_panel(shift=3.0))
    # r2's severity rises by exactly 3 relative to every other reviewer…
    for name in ("r0", "r1", "r3"):
        assert after.reviewer("r2").severity - after.reviewer(name).severity == pytest.approx(
            before.reviewer("r2").severity - before.reviewer(name).severity + 3
        )
    # …and the adjusted scores move together by 3 / 4 (severities sum to 0 over the 4
    # reviewers, so the zero of the scale is the average reviewer): no gap, no rank changes.
    for b, a in zip(before.items, after.items, strict=True):
        assert a.adjusted - b.adjusted == pytest.approx(3 / 4)
    assert [r.item for r in rank(after.values())] == [r.item for r in rank(before.values())]
    # The raw means, by contrast, favour the dossiers r2 happened to review.
    assert [r.item for r in rank(after.values("mean"))] != [r.item for r in rank(before.values("mean"))]


def test_a_severe_reviewers_dossier_is_ranked_on_its_merit_not_on_its_reviewer():
    # d0 and d1 are alike (both reviewers agree on d2), but r1 is 4 points harsher than r0.
    reviews = reviews_of([("r0", "d0", 15), ("r0", "d2", 12), ("r1", "d1", 11), ("r1", "d2", 8)])
    result = calibrate(reviews)
    assert result.item("d0").mean - result.item("d1").mean == 4
    assert result.item("d0").adjusted == pytest.approx(result.item("d1").adjusted)
    assert result.reviewer("r0").severity == pytest.approx(2)
    assert result.reviewer("r1").severity == pytest.approx(-2)


def test_z_mean_averages_each_reviewers_standardised_scores_with_the_population_std():
    reviews = reviews_of(
        [
            ("a", "d1", 10),
            ("a", "d2", 14),  # mean 12, std 2: z = −1, +1
            ("b", "d1", 16),
            ("b", "d2", 16),
            ("b", "d3", 12),
            ("b", "d4", 12),  # mean 14, std 2
            ("c", "d3", 20),  # a single review: std 0, z = 0
        ]
    )
    result = calibrate(reviews)
    assert [(r.reviewer, r.n_reviews, r.mean, r.std) for r in result.reviewers] == [
        ("a", 2, 12.0, 2.0),
        ("b", 4, 14.0, 2.0),
        ("c", 1, 20.0, 0.0),
    ]
    assert result.values("z_mean") == {"d1": 0.0, "d2": 1.0, "d3": -0.5, "d4": -1.0}
    assert result.values("mean") == {"d1": 13.0, "d2": 15.0, "d3": 16.0, "d4": 12.0}


def test_a_reviewer_with_one_review_or_identical_scores_has_std_zero_and_z_zero():
    reviews = reviews_of([("solo", "d0", 17), ("flat", "d0", 14.3), ("flat", "d1", 14.3), ("flat", "d2", 14.3)])
    result = calibrate(reviews)
    assert result.reviewer("solo").std == 0 and result.reviewer("flat").std == 0
    assert result.values("z_mean") == {"d0": 0.0, "d1": 0.0, "d2": 0.0}


def test_a_reviewer_alone_on_their_dossier_links_nothing_and_keeps_the_raw_mean():
    reviews = reviews_of([("r0", "d0", 12), ("r1", "d0", 16), ("r2", "d1", 5)])
    result = calibrate(reviews)
    assert result.n_components == 2
    assert result.reviewer("r2").severity == 0
    assert result.item("d1").adjusted == 5
    assert result.item("d0").adjusted == pytest.approx(14)


def test_severities_sum_to_zero_within_each_disconnected_component():
    reviews = reviews_of(
        [
            ("a", "d1", 12),
            ("b", "d1", 16),
            ("a", "d2", 10),
            ("b", "d2", 15),  # component {a, b}
            ("c", "d3", 9),
            ("d", "d3", 10),
            ("c", "d4", 14),
            ("d", "d4", 18),
            ("e", "d4", 20),  # {c, d, e}
            ("f", "d5", 7),  # alone
        ]
    )
    result = calibrate(reviews)
    assert result.n_components == 3
    severity = {r.reviewer: r.severity for r in result.reviewers}
    assert severity["a"] + severity["b"] == pytest.approx(0, abs=1e-12)
    assert severity["c"] + severity["d"] + severity["e"] == pytest.approx(0, abs=1e-12)
    assert severity["f"] == 0
    assert severity["a"] == pytest.approx(-2.25) and severity["b"] == pytest.approx(2.25)
    assert len({result.reviewer(n).component for n in "ab"} | {result.item(d).component for d in ("d1", "d2")}) == 1
    assert result.item("d1").component != result.item("d3").component
    assert validate(reviews, result) == []


def test_no_review_gives_an_empty_calibration_and_bad_input_is_refused():
    empty = calibrate([])
    assert (empty.items, empty.reviewers, empty.n_components) == ([], [], 0)
    with pytest.raises(ValueError, match="differ in length"):
        calibrate_arrays(["r0", "r1"], ["d0"], [1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        calibrate(reviews_of([("r0", "d0", float("nan"))]))


# --- Ranking --------------------------------------------------------------------------------


def test_ranking_is_descending_and_values_equal_once_rounded_share_a_rank():
    ranked = rank({"d1": 15.0, "d2": 14.004, "d3": 13.996, "d4": 12.0, "d5": 16.5})
    assert [(r.rank, r.item, r.tied) for r in ranked] == [
        (1, "d5", False),
        (2, "d1", False),
        (3, "d2", True),  # 14.00 and 14.00: a tie, not broken by the third decimal
        (3, "d3", True),
        (5, "d4", False),  # competition ranking: 1, 2, 3, 3, 5
    ]
    assert ranked[2].value == 14.004  # the value is reported as given


def test_tied_items_are_listed_by_item_id_whatever_the_input_order():
    ranked = rank({"d9": 10.0, "d2": 12.0, "d5": 12.0, "d1": 12.0})
    assert [(r.rank, r.item, r.tied) for r in ranked] == [
        (1, "d1", True),
        (1, "d2", True),
        (1, "d5", True),
        (4, "d9", False),
    ]


def test_the_tie_precision_is_a_parameter():
    values = {"d1": 14.04, "d2": 14.01}
    assert [r.rank for r in rank(values)] == [1, 2]
    assert [r.rank for r in rank(values, decimals=1)] == [1, 1]


# --- Disagreement ---------------------------------------------------------------------------


def test_disagreement_flags_scores_spread_by_two_points_or_more():
    assert disagreement([12, 14]) is True
    assert disagreement([12.3, 14.3, 13]) is True  # 2 points despite floating-point rounding
    assert disagreement([12, 13.9]) is False
    assert disagreement([15]) is False and disagreement([]) is False
    assert disagreement([10, 13], threshold=4) is False


# --- Validation and explanations ------------------------------------------------------------


def test_validate_catches_a_tampered_calibration():
    reviews = connected_panel()
    result = calibrate(reviews)
    assert validate(reviews, result) == []

    def tampered(**changes):
        return dataclasses.replace(result, **changes)

    items = list(result.items)
    items[2] = dataclasses.replace(items[2], adjusted=items[2].adjusted + 0.5)
    assert any("résidus du dossier d2" in p for p in validate(reviews, tampered(items=items)))

    reviewers = list(result.reviewers)
    reviewers[0] = dataclasses.replace(reviewers[0], severity=reviewers[0].severity + 1)
    problems = validate(reviews, tampered(reviewers=reviewers))
    assert any("résidus de l'évaluateur r0" in p for p in problems)
    assert any("sévérités du groupe d'évaluateurs" in p for p in problems)

    items = list(result.items)
    items[0] = dataclasses.replace(items[0], n_reviews=2, mean=99.0)
    assert validate(reviews, tampered(items=items)) == [
        "Le dossier d0 a 3 évaluations, pas 2.",
        f"Le dossier d0 a une moyenne brute de {result.items[0].mean}, pas 99.0.",
    ]

    assert validate(reviews, tampered(items=result.items[1:])) == [
        "Le dossier d0 a des évaluations mais aucun score calibré."
    ]


def test_a_shift_of_all_severities_within_a_component_is_caught_even_though_the_fit_is_unchanged():
    reviews = reviews_of([("r0", "d0", 12), ("r1", "d0", 16), ("r0", "d1", 10), ("r1", "d1", 13)])
    result = calibrate(reviews)
    shifted = Calibration(
        items=[dataclasses.replace(s, adjusted=s.adjusted - 1) for s in result.items],
        reviewers=[dataclasses.replace(r, severity=r.severity + 1) for r in result.reviewers],
        global_mean=result.global_mean,
        n_components=1,
        iterations=result.iterations,
        converged=True,
        wall_seconds=0.0,
    )
    assert validate(reviews, shifted) == [
        "Les sévérités du groupe d'évaluateurs de r0 (2 évaluateur(s) reliés par des dossiers communs) "
        "somment à 2 au lieu de 0."
    ]


def test_each_dossier_explains_its_score_in_one_french_sentence():
    reviews = reviews_of([("r0", "d0", 15), ("r0", "d2", 12), ("r1", "d1", 11), ("r1", "d2", 8), ("r2", "d3", 13.25)])
    result = calibrate(reviews)
    assert explain(result, "d1") == (
        "Moyenne brute 11,0 sur 1 évaluation ; après correction de la sévérité des évaluateurs : 13,0."
    )
    assert explain(result, "d2") == (
        "Moyenne brute 10,0 sur 2 évaluations ; après correction de la sévérité des évaluateurs : 10,0."
    )


def test_a_long_chain_of_reviewers_still_converges_to_the_least_squares_fit():
    # 300 reviewers, each sharing one dossier with the next: the worst-connected design.
    rows = [(f"r{k:03d}", f"d{k:03d}", 10 + (k * 37) % 7) for k in range(300)]
    rows += [(f"r{k + 1:03d}", f"d{k:03d}", 11 + (k * 53) % 5) for k in range(299)]
    reviews = reviews_of(rows)
    result = calibrate(reviews)
    assert result.converged and result.n_components == 1
    assert validate(reviews, result) == []
