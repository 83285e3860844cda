"""The candidate funnel on a known fixture: every cell of every breakdown, masked ones included.

Forty applications over two promotions (EIG 1: 24, EIG 2: 16), written out below as
(promotion, civility, wishes, region, furthest stage, how many). Each expected table lists, for
each stage (started, submitted, admissible, auditioned, selected, in post, finished), the count and
the conversions from the previous stage and from the first, in percent:

- « × » is masked (a count of 1 to 4, one more group masked so that « overall minus the others »
  reveals none, or a rate computed from a masked count);
- None is no rate (the first stage, or a rate of nothing: 0 of 0).
"""

import pytest

from eig.calls.defaults import REGIONS
from eig.core.small_groups import mask_partition, percent_tenths
from eig.reporting.funnel import (
    STAGE_KEYS,
    Application,
    ProposedChallenge,
    compute,
    compute_challenges,
    flat,
)

X = "×"
PROFILES = [("dev", "Développement"), ("datascience", "Data science"), ("design", "Design")]
PROMOTIONS = [("eig-1", "EIG 1"), ("eig-2", "EIG 2")]
IDF, BZH, OCC = "ile_de_france", "bretagne", "occitanie"
DEV, DS, DESIGN = "dev", "datascience", "design"

# (promotion, civility, wishes in rank order, region, furthest stage, how many)
FIXTURE = [
    ("eig-1", "madame", [DEV], IDF, "started", 2),
    ("eig-1", "madame", [DS, DEV], BZH, "submitted", 3),
    ("eig-1", "madame", [DEV], IDF, "admissible", 2),
    ("eig-1", "madame", [DESIGN, DEV, DS], IDF, "selected", 1),
    ("eig-1", "madame", [DEV], OCC, "in_post", 1),
    ("eig-1", "monsieur", [], "", "started", 3),
    ("eig-1", "monsieur", [DEV, DS], IDF, "submitted", 4),
    ("eig-1", "monsieur", [DS], IDF, "auditioned", 2),
    ("eig-1", "monsieur", [DEV], BZH, "selected", 2),
    ("eig-1", "monsieur", [DS, DESIGN], IDF, "finished", 1),
    ("eig-1", "non_precise", [DESIGN], "", "submitted", 1),
    ("eig-1", "non_precise", [DEV], IDF, "auditioned", 1),
    ("eig-1", "", [], "", "started", 1),
    ("eig-2", "madame", [DS], OCC, "submitted", 2),
    ("eig-2", "madame", [DS, DEV], IDF, "auditioned", 2),
    ("eig-2", "madame", [DS], IDF, "finished", 1),
    ("eig-2", "monsieur", [DEV], "", "started", 4),
    ("eig-2", "monsieur", [DEV, DESIGN], IDF, "submitted", 3),
    ("eig-2", "monsieur", [DESIGN], OCC, "admissible", 1),
    ("eig-2", "monsieur", [DEV], IDF, "in_post", 1),
    ("eig-2", "non_precise", [DEV, DS], BZH, "selected", 1),
    ("eig-2", "", [], "", "submitted", 1),
]


def rows():
    return [
        Application(
            stage=stage,
            promotion=promotion,
            call=f"appel-{promotion}",
            gender=gender,
            region=region,
            wishes=tuple(enumerate(wishes, start=1)),
        )
        for promotion, gender, wishes, region, stage, n in FIXTURE
        for _ in range(n)
    ]


@pytest.fixture(scope="module")
def funnel():
    return compute(rows(), profiles=PROFILES, promotions=PROMOTIONS)


def shown(group) -> list[tuple]:
    """Each stage as (count, from previous, from first), « × » where masked."""
    return [
        (
            X if cell.masked else cell.count,
            X if cell.previous_masked else cell.from_previous,
            X if cell.first_masked else cell.from_first,
        )
        for cell in group.cells
    ]


def table(section) -> dict[str, list[tuple]]:
    return {group.key: shown(group) for group in section.groups}


MASKED = (X, X, X)
MASKED_START = (X, None, None)  # the first stage has no rate to mask
ZEROS = [(0, None, None)] * 7  # a group no one is in: 0 everywhere, no rate of nothing
# The same in the fixture's funnel, whose last two totals are small (4 in post, 2 finished): masked there.
SMALL_END = [(0, None, None)] * 5 + [MASKED, MASKED]


def test_the_fixture_holds_forty_applications_over_two_promotions():
    assert len(rows()) == 40
    assert sum(1 for row in rows() if row.promotion == "eig-1") == 24


def test_the_overall_funnel_counts_who_reached_each_stage_and_masks_counts_under_five(funnel):
    assert [key for key, _label in funnel.stages] == list(STAGE_KEYS)
    assert shown(funnel.overall) == [
        (40, None, None),
        (30, 75.0, 75.0),
        (16, 53.3, 40.0),
        (13, 81.3, 32.5),
        (8, 61.5, 20.0),
        MASKED,  # 4 in post
        MASKED,  # 2 finished
    ]


def test_by_gender_ne_se_prononce_pas_and_not_answered_are_groups_of_their_own(funnel):
    section = funnel.breakdown("gender").section()
    assert [(g.key, g.label) for g in section.groups] == [
        ("madame", "Madame"),
        ("monsieur", "Monsieur"),
        ("non_precise", "Ne se prononce pas"),
        ("", "Non renseignée"),
    ]
    assert table(section) == {
        # 14 12 7 5 3 2 1: 12 submitted masked beside the small groups (3 + 1 would be 30 − 12 − 14);
        # shown again at 7 admissible (5 fewer: « at least 7 submitted » gives nothing away)
        "madame": [(14, None, None), MASKED, (7, X, 50.0), (5, 71.4, 35.7), MASKED, MASKED, MASKED],
        # 21 14 7 6 4 2 1: 7 admissible masked beside « ne se prononce pas » (7 = 7: the last of equals),
        # then 6 auditioned stays masked (one fewer: it would say « at least 6 admissible »)
        "monsieur": [(21, None, None), (14, 66.7, 66.7), MASKED, MASKED, MASKED, MASKED, MASKED],
        # 3 3 2 2 1 0 0
        "non_precise": [MASKED_START, *[MASKED] * 6],  # 0 in post and finished, masked: those totals are small
        # 2 1 0 0 0 0 0
        "": [MASKED_START, MASKED, (0, X, X), (0, None, X), (0, None, X), MASKED, MASKED],
    }


def test_by_profile_of_the_first_wish_with_those_who_wished_nothing(funnel):
    section = funnel.breakdown("profile").section()
    assert [g.label for g in section.groups] == ["Développement", "Data science", "Design", "Aucun vœu"]
    assert table(section) == {
        # 21 15 8 6 5 2 0
        "dev": [(21, None, None), (15, 71.4, 71.4), (8, 53.3, 38.1), (6, 75.0, 28.6), MASKED, MASKED, MASKED],
        # 11 11 6 6 2 2 2: masked from « submitted » on, each time the smallest group beside a small one
        "datascience": [(11, None, None), MASKED, MASKED, MASKED, MASKED, MASKED, MASKED],
        # 3 3 2 1 1 0 0
        "design": [MASKED_START, *[MASKED] * 6],
        # 5 1 0 0 0 0 0: 5 started is masked, or 40 − 21 − 11 − 5 would give design's 3
        "": [MASKED_START, MASKED, (0, X, X), (0, None, X), (0, None, X), MASKED, MASKED],
    }


def test_by_region_every_region_is_listed_then_the_dossiers_without_one(funnel):
    section = funnel.breakdown("region").section()
    assert [g.key for g in section.groups] == [key for key, _label in REGIONS] + [""]
    assert section.groups[-1].label == "Non renseignée"
    found = table(section)
    assert found.pop(IDF) == [
        (20, None, None),
        (18, 90.0, 90.0),
        (11, 61.1, 55.0),
        MASKED,  # 9, masked beside 3 and 1 (13 − 9 would give 4)
        MASKED,
        MASKED,
        MASKED,
    ]
    # 6 6 3 3 3 0 0: 6 started masked beside Occitanie's 4, and so after
    assert found.pop(BZH) == [MASKED_START, *[MASKED] * 6]
    # 4 4 2 1 1 1 0
    assert found.pop(OCC) == [MASKED_START, *[MASKED] * 6]
    # 10 2 0 0 0 0 0
    assert found.pop("") == [
        (10, None, None),
        MASKED,
        (0, X, 0.0),
        (0, None, 0.0),
        (0, None, 0.0),
        MASKED,
        MASKED,
    ]
    # The regions no one is in: 0, then masked in post and finished (small totals: 4 and 2)
    assert found == {key: SMALL_END for key, _label in REGIONS if key not in {IDF, BZH, OCC}}


def test_by_wish_rank_the_profile_wished_at_each_rank(funnel):
    breakdown = funnel.breakdown("wish_rank")
    assert [(s.key, s.label) for s in breakdown.sections] == [("1", "1er vœu"), ("2", "2e vœu"), ("3", "3e vœu")]
    assert table(breakdown.section("1")) == table(funnel.breakdown("profile").section())
    assert table(breakdown.section("2")) == {
        # 6 6 3 3 1 0 0
        "dev": [(6, None, None), (6, 100.0, 100.0), MASKED, MASKED, MASKED, MASKED, MASKED],
        # 5 5 1 1 1 0 0: masked beside design's 4
        "datascience": [MASKED_START, *[MASKED] * 6],
        # 4 4 1 1 1 1 1
        "design": [MASKED_START, *[MASKED] * 6],
        # 25 15 11 8 5 3 1: 5 selected masked beside three groups of 1
        "": [(25, None, None), (15, 60.0, 60.0), (11, 73.3, 44.0), (8, 72.7, 32.0), MASKED, MASKED, MASKED],
    }
    assert table(breakdown.section("3")) == {
        "dev": SMALL_END,
        # 1 1 1 1 1 0 0
        "datascience": [MASKED_START, *[MASKED] * 6],
        "design": SMALL_END,
        # 39 29 15 12 7 4 2: every count masked, or 40 − 39 would give the one third wish
        "": [MASKED_START, *[MASKED] * 6],
    }


def test_by_promotion(funnel):
    assert table(funnel.breakdown("promotion").section()) == {
        # 24 18 10 8 5 2 1: 5 selected masked beside EIG 2's 3
        "eig-1": [(24, None, None), (18, 75.0, 75.0), (10, 55.6, 41.7), (8, 80.0, 33.3), MASKED, MASKED, MASKED],
        # 16 12 6 5 3 2 1
        "eig-2": [(16, None, None), (12, 75.0, 75.0), (6, 50.0, 37.5), (5, 83.3, 31.3), MASKED, MASKED, MASKED],
    }


def test_no_masked_group_can_be_worked_out_from_the_overall_count(funnel):
    """In every breakdown and at every stage, the masked groups together count 0 or at least 5."""
    overall = [cell.count for cell in funnel.overall.cells]
    hidden_counts = {}
    for breakdown in funnel.breakdowns:
        for section in breakdown.sections:
            for stage, total in enumerate(overall):
                if total is None:
                    continue
                shown_sum = sum(g.cells[stage].count for g in section.groups if not g.cells[stage].masked)
                hidden_counts[(breakdown.key, section.key, stage)] = total - shown_sum
    assert all(h == 0 or h >= 5 for h in hidden_counts.values()), hidden_counts
    assert hidden_counts[("gender", "", 1)] == 16  # 12 + 3 + 1


def test_a_call_alone_and_an_empty_scope():
    one = compute([r for r in rows() if r.promotion == "eig-2"], profiles=PROFILES, promotions=PROMOTIONS[1:])
    assert shown(one.overall)[:4] == [(16, None, None), (12, 75.0, 75.0), (6, 50.0, 37.5), (5, 83.3, 31.3)]
    empty = compute([], profiles=PROFILES, breakdowns=["gender"])
    assert shown(empty.overall) == ZEROS
    assert [b.key for b in empty.breakdowns] == ["gender"]
    assert all(shown(g) == ZEROS for g in empty.breakdown("gender").section().groups)


def test_an_unknown_civility_counts_as_not_answered_and_an_unlisted_profile_gets_a_group():
    found = compute([Application("submitted", gender="mademoiselle", wishes=((1, "droit"),))] * 6, profiles=PROFILES)
    assert shown(found.breakdown("gender").section().group(""))[:2] == [(6, None, None), (6, 100.0, 100.0)]
    assert found.breakdown("profile").section().groups[-1].key == "droit"


def test_the_flat_rows_list_the_overall_then_every_group_in_order(funnel):
    flat_rows = flat(funnel)
    assert (flat_rows[0].breakdown, flat_rows[0].group.label) == ("overall", "Ensemble")
    assert [(r.breakdown, r.section, r.group.key) for r in flat_rows[1:6]] == [
        ("gender", "", "madame"),
        ("gender", "", "monsieur"),
        ("gender", "", "non_precise"),
        ("gender", "", ""),
        ("profile", "", "dev"),
    ]
    assert len(flat_rows) == 1 + 4 + 4 + 21 + 3 * 4 + 2


# --- The shared rule ------------------------------------------------------------------------------


def test_the_rule_masks_one_to_four_but_never_zero():
    assert mask_partition([0, 4, 5, 12], total_public=False) == ([False, True, False, False], True)
    assert mask_partition([0, 5, 5], total_public=False) == ([False, False, False], False)


def test_a_private_total_is_masked_when_it_would_reveal_the_small_groups():
    """The survey rule: 7 + 2 shows the 7 and hides the whole, which would give the 2 back."""
    assert mask_partition([7, 2], total_public=False) == ([False, True], True)
    assert mask_partition([7, 2, 3], total_public=False) == ([False, True, True], False)  # 2 + 3 = 5


def test_a_masked_group_is_shown_again_only_once_it_lost_four_people():
    """21 started (masked beside a group of 1), then 21 submitted: showing 21 would say « at least 21
    started », so « everyone minus the others » would give the small group back."""
    made = [Application("submitted", gender="monsieur")] * 17 + [Application("admissible", gender="monsieur")] * 4
    made += [Application("started", gender="non_precise")] + [Application("admissible", gender="madame")] * 30
    section = compute(made, breakdowns=["gender"]).breakdown("gender").section()
    assert [c.count for c in section.group("monsieur").cells[:3]] == [None, None, None]  # 21, 21, then 4
    made += [Application("started", gender="monsieur")] * 4  # 25 started, 21 submitted: 4 fewer
    section = compute(made, breakdowns=["gender"]).breakdown("gender").section()
    assert [c.count for c in section.group("monsieur").cells[:2]] == [None, 21]


def test_a_forced_group_is_masked_unless_empty_and_counts_in_what_the_total_would_reveal():
    assert mask_partition([7, 2, 9], total_public=True, forced=[True, False, False]) == ([True, True, False], False)
    assert mask_partition([0, 2, 9], total_public=True, forced=[True, False, False]) == ([False, True, True], False)


def test_a_public_total_masks_the_smallest_other_group_instead():
    assert mask_partition([7, 2, 9], total_public=True) == ([True, True, False], False)
    assert mask_partition([7, 2, 7], total_public=True) == ([False, True, True], False)  # the last of equals
    assert mask_partition([3, 0], total_public=True) == ([True, True], True)  # a small total is masked itself


def test_a_small_total_masks_every_group_zeros_included():
    """« Moins de 5 » finished, with 0 beside every group but one, would say who the few are."""
    assert mask_partition([0, 3, 0, 0], total_public=True) == ([True, True, True, True], True)
    assert mask_partition([0, 3, 0, 0], total_public=False) == ([True, True, True, True], True)
    # A total of 5 or more keeps its zeros: what they say is about a group of at least 5.
    assert mask_partition([0, 3, 0, 2], total_public=True) == ([False, True, False, True], False)


def test_percent_to_one_decimal_rounds_halves_up():
    assert [percent_tenths(1, 8), percent_tenths(1, 3), percent_tenths(2, 3), percent_tenths(0, 0)] == [
        12.5,
        33.3,
        66.7,
        None,
    ]
    assert percent_tenths(13, 16) == 81.3  # 81.25


# --- Challenges ---------------------------------------------------------------------------------------


def test_challenges_per_ministry_are_counted_without_masking():
    made = [
        *[ProposedChallenge("proposed", "interieur")] * 3,
        *[ProposedChallenge("preselected", "interieur")] * 2,
        ProposedChallenge("selected", "interieur"),
        ProposedChallenge("selected", "culture"),
        ProposedChallenge("proposed", ""),
    ]
    found = compute_challenges(made, ministries=[("culture", "Culture"), ("interieur", "Intérieur")])
    assert [key for key, _label in found.stages] == ["proposed", "preselected", "selected"]
    assert shown(found.overall) == [(8, None, None), (4, 50.0, 50.0), (2, 50.0, 25.0)]
    assert [(g.key, g.label, shown(g)) for g in found.ministries] == [
        ("culture", "Culture", [(1, None, None), (1, 100.0, 100.0), (1, 100.0, 100.0)]),
        ("interieur", "Intérieur", [(6, None, None), (3, 50.0, 50.0), (1, 33.3, 16.7)]),
        ("", "Sans ministère de tutelle", [(1, None, None), (0, 0.0, 0.0), (0, None, 0.0)]),
    ]
