"""The panel audit, as the staff page reads it: « Équilibre atteint » only when every panel mixes
its types within the pool's proportions, keeps women and men within one of each other and seats
its required mentors; otherwise each deficit named (« 0 femme sur 5 ») with the count that
proves it out of reach (the half-day's availability, conflicts, the pool), or the statement
that the pool would allow better."""

from eig.engines.panel_audit import check
from eig.engines.panels import Instance, Item, Juror, Panel, Slot, solve
from tests.engines import jury_2020

MORNING = Slot("s1", "am", "r1")
AFTERNOON = Slot("s2", "pm", "r1")
TYPES = ["administration", "association", "research", "entrepreneurship"]


def juror(n, gender, kind=None, available=("am", "pm")):
    return Juror(f"j{n}", {"type": kind or TYPES[n % 4], "gender": gender}, frozenset(available))


def instance(jurors, items=(), panels=2):
    return Instance(
        jurors=list(jurors),
        items=list(items) or [Item("a"), Item("b")],
        slots=[MORNING, AFTERNOON],
        panels=panels,
        size_min=1,
        size_max=10,
        items_min=1,
        items_max=5,
        labels={"am": "le mardi matin", "pm": "le mardi après-midi"},
    )


def test_alternating_panels_are_balanced():
    jurors = [juror(n, "fm"[n % 2]) for n in range(10)]
    i = instance(jurors)
    panels = [
        Panel(0, MORNING, [f"j{n}" for n in (0, 1, 2, 3, 4)], ["a"]),
        Panel(1, AFTERNOON, [f"j{n}" for n in (5, 6, 7, 8, 9)], ["b"]),
    ]

    checks = check(i, panels)

    assert [c.balanced for c in checks] == [True, True]


def test_an_all_male_panel_names_its_deficit_and_that_the_pool_would_allow_better():
    jurors = [juror(n, "fm"[n % 2]) for n in range(10)]
    i = instance(jurors)
    men, women = [f"j{n}" for n in range(1, 10, 2)], [f"j{n}" for n in range(0, 10, 2)]

    first, _second = check(i, [Panel(0, MORNING, men, ["a"]), Panel(1, AFTERNOON, women, ["b"])])

    assert not first.balanced and not first.best_possible
    parity = next(d for d in first.deficits if d.rule == "parity")
    assert parity.text == "0 femme sur 5"
    assert parity.achievable and parity.reason.startswith("les disponibilités permettraient mieux (5 femmes")


def test_too_few_women_on_the_half_day_is_the_reason_given():
    # 2 women among 12 jurors, all of them available only in the afternoon.
    jurors = [juror(n, "f", available=("pm",)) for n in range(2)] + [juror(n, "m") for n in range(2, 12)]
    i = instance(jurors)
    morning = [f"j{n}" for n in range(2, 7)]
    afternoon = ["j0", "j1", *[f"j{n}" for n in range(7, 12)]]

    first, _second = check(i, [Panel(0, MORNING, morning, ["a"]), Panel(1, AFTERNOON, afternoon, ["b"])])

    parity = next(d for d in first.deficits if d.rule == "parity")
    assert parity.text == "0 femme sur 5"
    assert parity.reason == "aucune femme n'est disponible le mardi matin, sur 10 membres du jury disponibles"
    assert first.best_possible


def test_a_pool_with_too_few_men_for_every_panel_says_so():
    # 5 women and 3 men for two panels of four: one panel keeps 3 women and 1 man at best.
    jurors = [juror(n, "f") for n in range(5)] + [juror(n, "m") for n in range(5, 8)]
    i = instance(jurors)
    panels = [Panel(0, MORNING, ["j0", "j1", "j5", "j6"], ["a"]), Panel(1, AFTERNOON, ["j2", "j3", "j4", "j7"], ["b"])]

    first, second = check(i, panels)

    assert first.balanced
    parity = next(d for d in second.deficits if d.rule == "parity")
    assert parity.text == "1 homme sur 4"
    assert parity.reason.startswith("la réserve ne compte que 3 hommes sur 8 membres du jury, pour 2 groupes")
    assert second.best_possible


def test_a_missing_mentor_is_named_with_the_reason():
    jurors = [juror(n, "fm"[n % 2]) for n in range(4)] + [juror(9, "f", available=("pm",))]
    items = [Item("a", required=frozenset({"j9"})), Item("b")]
    i = instance(jurors, items)
    i.labels["j9"] = "Claire Morel"
    panels = [Panel(0, MORNING, ["j0", "j1"], ["a"]), Panel(1, AFTERNOON, ["j2", "j3", "j9"], ["b"])]

    first, _second = check(i, panels, required_noun="mentor opérationnel")

    required = next(d for d in first.deficits if d.rule == "required")
    assert required.text == "aucun mentor opérationnel pour « a »"
    assert required.reason == "Claire Morel n'est pas disponible le mardi matin"


def test_a_panel_of_a_single_type_is_not_mixed():
    jurors = [juror(n, "fm"[n % 2], kind="administration" if n < 4 else "research") for n in range(8)]
    i = instance(jurors)
    panels = [Panel(0, MORNING, ["j0", "j1", "j2", "j3"], ["a"]), Panel(1, AFTERNOON, ["j4", "j5", "j6", "j7"], ["b"])]

    first, _second = check(i, panels)

    assert {d.rule for d in first.deficits} == {"mix", "types"}
    assert (
        next(d for d in first.deficits if d.rule == "mix").text
        == "un seul type de profil (« administration »), 2 attendus"
    )


def test_the_2020_case_is_balanced_but_for_one_panel_the_pool_of_men_explains():
    """25 women and 23 men in 8 panels of 6: parity everywhere needs 24 men, so one panel has
    4 women and 2 men, and says why."""
    i = jury_2020.instance_2020(time_limit=20.0)

    checks = check(i, solve(i).panels)

    assert sum(c.balanced for c in checks) == 7
    (short,) = [c for c in checks if not c.balanced]
    assert short.best_possible
    assert [(d.text, d.reason) for d in short.deficits] == [
        (
            "2 hommes sur 6",
            "la réserve ne compte que 23 hommes sur 48 membres du jury, pour 8 groupes (il en faudrait 24 pour que "
            "chacun y parvienne)",
        )
    ]
