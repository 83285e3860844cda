"""The panel formation engine, as the jury guide reads: panels of 5 to 8 jurors hearing 2 or 3
challenges, each juror on a half-day they are available, never with a challenge of their own
administration, mentors with their challenge's candidates, profiles mixed and gender as close
to parity as the pool allows; and when no panel can be formed, the reason in French. The
same instance always gives the same panels, whatever the number of workers or the order of
its lists."""

import dataclasses
import functools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from eig.engines import canonical
from eig.engines.panels import (
    ENGINE,
    VERSION,
    Instance,
    Item,
    Juror,
    Slot,
    _Aggregate,
    _Data,
    _even_sizes,
    _Model,
    _solver,
    _summary,
    balance_of,
    diagnose,
    digest_parameters,
    explain,
    solve,
    validate,
)
from tests.engines import jury_2020

SEED_LIMIT = 20.0  # generous: CI may share the 2 cores; the 2020 case takes under a second alone


@functools.cache
def solved_2020():
    instance = jury_2020.instance_2020(time_limit=SEED_LIMIT)
    return instance, solve(instance)


def by_id(instance):
    return {j.id: j for j in instance.jurors}


def test_the_2020_case_forms_8_panels_that_the_validator_accepts():
    instance, result = solved_2020()
    assert result.status in ("optimal", "feasible")
    assert validate(instance, result) == []
    assert len(result.panels) == 8
    assert sorted(it for p in result.panels for it in p.items) == [f"c{n:02d}" for n in range(1, 22)]
    assert all(5 <= len(p.jurors) <= 8 and 2 <= len(p.items) <= 3 for p in result.panels)
    assert sorted(p.slot.id for p in result.panels) == sorted(s.id for s in instance.slots)
    assert result.wall_seconds < SEED_LIMIT and result.bound <= result.objective
    assert result.unseated == []
    assert result.explanation.startswith("8 jurys formés")


def test_every_2020_panel_mixes_types_and_stays_within_one_or_two_of_parity():
    instance, result = solved_2020()
    jurors = by_id(instance)
    for panel in result.panels:
        types = {jurors[j].attributes["type"] for j in panel.jurors}
        genders = [jurors[j].attributes["gender"] for j in panel.jurors]
        assert len(types) >= 2
        assert abs(genders.count("f") - genders.count("m")) <= 2
    assert result.balance["type"]["unmixed"] == []
    assert result.balance["type"]["outside"] == [] and result.balance["gender"]["outside"] == []
    assert result.balance["gender"]["max_gap"] <= 2
    # No panel strays more than one person from the pool's proportions.
    assert result.balance["type"]["max_deviation"] < 1 and result.balance["gender"]["max_deviation"] < 1


def test_no_juror_ever_hears_a_challenge_of_their_own_administration():
    instance, result = solved_2020()
    conflicts = jury_2020.conflicts()
    assert sum(len(c) for c in conflicts.values()) == 12
    for panel in result.panels:
        for challenge in panel.items:
            assert not conflicts[challenge] & set(panel.jurors)


def test_each_juror_sits_once_on_a_half_day_they_are_available():
    instance, result = solved_2020()
    jurors = by_id(instance)
    seats = [j for p in result.panels for j in p.jurors]
    assert sorted(seats) == sorted(jurors)  # 48 jurors, each exactly once
    for panel in result.panels:
        assert all(panel.slot.half_day in jurors[j].available for j in panel.jurors)


def test_a_pinned_juror_stays_in_their_panel_after_a_rerun():
    instance, first = solved_2020()
    # Staff move a juror of the 3rd panel to the 6th and pin them there, and pin another in place.
    moved = first.panels[2].jurors[0]
    kept = first.panels[0].jurors[0]
    again_instance = dataclasses.replace(instance, pinned={moved: 5, kept: 0})
    again = solve(again_instance)
    assert again.status in ("optimal", "feasible")
    assert validate(again_instance, again) == []
    assert moved in again.panels[5].jurors and kept in again.panels[0].jurors
    assert explain(again_instance, again, moved).startswith(f"Membre {moved[1:]} siège au jury 6 (")
    assert "épinglage par l'équipe du programme" in explain(again_instance, again, moved)


def candidate_jury(**overrides):
    """Two challenges, each with 4 candidates and an operational mentor; 12 challenge-jury
    members; one morning, two rooms: 2 panels of 4 to 6 hearing one challenge's candidates."""
    jurors = [
        Juror(f"j{n}", {"type": ("administration", "association", "research")[n % 3], "gender": "fm"[n % 2]}, {"am"})
        for n in range(12)
    ]
    jurors += [
        Juror("mentor-a", {"type": "administration", "gender": "f"}, {"am"}),
        Juror("mentor-b", {"type": "administration", "gender": "m"}, {"am"}),
    ]
    items = [
        Item(f"{challenge}{k}", required=frozenset({f"mentor-{challenge}"}), group=challenge)
        for challenge in "ab"
        for k in range(4)
    ]
    instance = Instance(
        jurors=jurors,
        items=items,
        slots=[Slot("am-1", "am", "1"), Slot("am-2", "am", "2")],
        panels=2,
        size_min=4,
        size_max=7,
        items_min=4,
        items_max=4,
        keep_groups=True,
        time_limit=SEED_LIMIT,
    )
    return dataclasses.replace(instance, **overrides)


def test_a_required_mentor_sits_with_their_challenge_candidates():
    instance = candidate_jury()
    result = solve(instance)
    assert result.status == "optimal"
    assert validate(instance, result) == []
    for panel in result.panels:
        (challenge,) = {item[0] for item in panel.items}  # one challenge's candidates per panel
        assert f"mentor-{challenge}" in panel.jurors
    heard = result.panel_hearing("a0")
    assert "présence requise pour « a0 »" in explain(instance, result, "mentor-a")
    assert heard is not None and sorted(heard.items) == ["a0", "a1", "a2", "a3"]


def test_a_conflict_outweighs_any_balance():
    # j0 is the only researcher: the balance wants them everywhere, the conflict forbids a0's panel.
    instance = candidate_jury()
    jurors = [dataclasses.replace(j, attributes={**j.attributes, "type": "research"}) for j in instance.jurors[:1]]
    jurors += [
        dataclasses.replace(j, attributes={**j.attributes, "type": "administration"}) for j in instance.jurors[1:]
    ]
    items = [dataclasses.replace(it, conflicts=frozenset({"j0"})) if it.group == "a" else it for it in instance.items]
    instance = dataclasses.replace(instance, jurors=jurors, items=items)
    result = solve(instance)
    assert validate(instance, result) == []
    assert "j0" not in result.panel_hearing("a0").jurors
    assert "j0" in result.panel_hearing("b0").jurors  # and, seated, it mixes the other panel
    assert result.balance["type"]["unmixed"] == [result.panel_hearing("a0").index]
    assert "ne mélangent pas 2 valeurs de « type de profil »" in result.explanation


def test_too_few_jurors_available_on_a_half_day_is_named():
    instance = jury_2020.instance_2020(time_limit=SEED_LIMIT)
    stay = {"j05", "j06", "j07", "j08"}
    jurors = [
        dataclasses.replace(j, available=j.available | {"mar-matin"} if j.id in stay else j.available - {"mar-matin"})
        for j in instance.jurors
    ]
    result = solve(dataclasses.replace(instance, jurors=jurors))
    assert result.status == "infeasible" and result.panels == []
    assert result.explanation == (
        "Seulement 4 membres du jury sont disponibles le mardi matin alors qu'un jury en demande au moins 5 : "
        "6 jurys peuvent siéger au plus, pour 8 demandés."
    )


def test_too_few_jurors_overall_is_named():
    result = solve(jury_2020.instance_2020(size_min=7))
    assert result.status == "infeasible"
    assert (
        result.explanation
        == "Il faut 8 jurys de 7 membres au moins, soit 56 personnes ; 48 seulement sont disponibles."
    )


def test_too_many_challenges_for_the_panels_is_named():
    result = solve(jury_2020.instance_2020(items_max=2))
    assert result.status == "infeasible"
    assert result.explanation == (
        "Il y a 21 dossiers à entendre, mais 8 jurys de 2 dossiers au plus n'en entendent que 16."
    )


def test_a_required_juror_also_in_conflict_is_named_before_solving():
    instance = candidate_jury()
    items = [dataclasses.replace(instance.items[0], conflicts=frozenset({"mentor-a"})), *instance.items[1:]]
    result = solve(dataclasses.replace(instance, items=items))
    assert result.status == "infeasible"
    assert result.explanation == "mentor-a est à la fois requis et en conflit pour le dossier « a0 »."


def test_an_infeasibility_no_count_reveals_is_traced_to_the_rules_that_bind():
    # c01 needs j10, c02 needs j10 and j11, j11 may not hear c01: j10 sits once, so c01 and
    # c02 share a panel, where j11 must and must not sit.
    instance = jury_2020.instance_2020(time_limit=SEED_LIMIT)
    first, second, *rest = instance.items
    items = [
        dataclasses.replace(first, required=frozenset({"j10"}), conflicts=first.conflicts | {"j11"}),
        dataclasses.replace(second, required=frozenset({"j10", "j11"})),
        *rest,
    ]
    instance = dataclasses.replace(instance, items=items)
    assert diagnose(instance) is None
    result = solve(instance)
    assert result.status == "infeasible"
    assert result.explanation.startswith("Aucune répartition ne respecte toutes les règles.")
    for rule in ("membres requis", "conflits d'intérêts", "nombre maximal de jurys par membre"):
        assert rule in result.explanation
    assert "« Newsroom »" in result.explanation


def test_the_validator_catches_a_tampered_solution():
    instance, result = solved_2020()
    tampered = dataclasses.replace(result, panels=[dataclasses.replace(p) for p in result.panels])
    culture = tampered.panel_hearing("c02")
    untouched = [p for p in tampered.panels if p is not culture and "j01" not in p.jurors]
    full = next(p for p in untouched if len(p.items) == 3)
    pair = next(p for p in untouched if len(p.items) == 2)
    other = next(p for p in untouched if p is not full and p is not pair)
    # One more challenge for a full panel, one fewer for a panel of two, a challenge heard twice,
    # j01 (Ministère de la Culture) also on the panel hearing « Portail de la langue française »,
    # two panels in one slot.
    full.items = [*full.items, pair.items[0]]
    pair.items = pair.items[1:]
    other.items = [*other.items, full.items[0]]
    culture.jurors = [*culture.jurors, "j01"]
    other.slot = full.slot
    problems = validate(instance, tampered)
    twice = instance.labels[full.items[0]]
    assert f"Le jury {full.index + 1} entend 4 dossiers ; il en faut entre 2 et 3." in problems
    assert f"Le jury {pair.index + 1} entend 1 dossier ; il en faut entre 2 et 3." in problems
    assert f"Le dossier {twice} est entendu par 2 jurys au lieu d'un." in problems
    assert (
        f"Membre 01 siège au jury {culture.index + 1}, qui entend « Portail de la langue française » "
        "(Ministère de la Culture), malgré un conflit d'intérêts." in problems
    )
    assert "Membre 01 siège dans 2 jurys, 1 au plus." in problems
    first, second = sorted((full.index + 1, other.index + 1))
    assert f"Les jurys {first} et {second} occupent le même créneau." in problems
    assert f"Le bilan « type » ne correspond pas à la composition du jury {culture.index + 1}." in problems


def test_the_validator_refuses_a_balance_report_that_hides_a_breach():
    instance = candidate_jury()
    result = solve(instance)
    assert validate(instance, result) == [] and result.balance["type"]["unmixed"] == []
    # Only administrators on the first panel, with the report still saying every panel mixes.
    admins = [j.id for j in instance.jurors if j.attributes["type"] == "administration"]
    result.panels[0] = dataclasses.replace(result.panels[0], jurors=admins[:4])
    assert "Le jury 1 ne mélange pas 2 valeurs de « type » sans que le bilan le signale." in validate(instance, result)


def test_each_juror_gets_a_reason_for_their_seat_or_its_absence():
    instance, result = solved_2020()
    panel = result.panels[0]
    reason = explain(instance, result, panel.jurors[0])
    assert f"siège au jury 1 ({instance.labels[panel.slot.half_day]}, salle" in reason
    assert "disponibilité" in reason and "% de la réserve" in reason
    nobody = dataclasses.replace(instance, jurors=[*instance.jurors, Juror("j99", {"type": "alumni"})])
    assert explain(nobody, result, "j99") == (
        "j99 ne siège dans aucun jury : disponible sur aucune des demi-journées prévues."
    )
    assert explain(instance, result, "inconnu") == "Cette personne ne fait pas partie des membres du jury."


@st.composite
def small_instances(draw):
    """Mostly feasible small instances, with enough hostile ones (no availability, conflicts,
    pins, required jurors) to reach the pre-checks and the relaxations."""
    half_days = ["h0", "h1", "h2"][: draw(st.integers(1, 3))]
    rooms = draw(st.integers(1, 2))
    slots = [Slot(f"{h}/{r}", h, str(r)) for h in half_days for r in range(rooms)]
    panels = draw(st.integers(1, min(3, len(slots))))
    n_jurors = draw(st.integers(panels, 10))
    jurors = [
        Juror(
            f"j{n}",
            {
                "type": draw(st.sampled_from(["administration", "association", "research"])),
                "gender": draw(st.sampled_from("fffmmmx")),
            },
            frozenset(draw(st.sets(st.sampled_from(half_days), min_size=draw(st.sampled_from([1, 1, 1, 0]))))),
            draw(st.sampled_from([1, 1, 2])),
        )
        for n in range(n_jurors)
    ]
    ids = [j.id for j in jurors]
    size_min = draw(st.integers(1, max(1, n_jurors // panels)))
    items_min = draw(st.integers(0, 2))
    items_max = items_min + draw(st.integers(0, 2))
    n_items = draw(st.integers(panels * items_min, max(panels * items_max, 0)))
    items = [
        Item(
            f"i{k}",
            required=frozenset(draw(st.sampled_from([[], [], [], [draw(st.sampled_from(ids))]]))),
            conflicts=frozenset(draw(st.sets(st.sampled_from(ids), max_size=2))),
            group=draw(st.sampled_from(["", "", "g0", "g1"])),
        )
        for k in range(n_items)
    ]
    pinned = draw(st.dictionaries(st.sampled_from(ids), st.integers(0, panels - 1), max_size=2))
    pinned_slots = draw(st.dictionaries(st.integers(0, panels - 1), st.sampled_from([s.id for s in slots]), max_size=1))
    return Instance(
        jurors=jurors,
        items=items,
        slots=slots,
        panels=panels,
        size_min=size_min,
        size_max=size_min + draw(st.integers(0, 2)),
        items_min=items_min,
        items_max=items_max,
        keep_groups=draw(st.booleans()),
        pinned=pinned,
        pinned_slots=pinned_slots,
        seat_all=draw(st.sampled_from([True, True, False])),
        time_limit=5.0,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_whenever_the_engine_returns_panels_the_validator_accepts_them(instance):
    result = solve(instance)
    assert result.status in ("optimal", "feasible", "infeasible")
    if result.status == "infeasible":
        assert result.panels == [] and result.explanation
        if diagnose(instance) is not None:
            # The pre-checks only name what is truly infeasible: the full model agrees.
            _solver, status = _Model(_Data(instance), objective=False).solve(5.0, 8, 0)
            assert _solver.status_name(status) == "INFEASIBLE"
    else:
        assert validate(instance, result) == []
        for juror in instance.jurors:
            assert explain(instance, result, juror.id)


# --- One result per instance ------------------------------------------------------------


def tie_heavy(**overrides):
    """30 jurors of 3 types, alternating women and men, 24 of them free on both half-days and
    alike in every respect: countless panels share the optimum."""
    jurors = [
        Juror(
            f"j{n:02d}",
            {"type": ("administration", "association", "research")[n % 3], "gender": "fm"[n % 2]},
            frozenset({"am", "pm"}) if n % 5 else frozenset({"am"}),
        )
        for n in range(30)
    ]
    items = [Item(f"d{k}", conflicts=frozenset({"j00"}) if k == 0 else frozenset()) for k in range(10)]
    instance = Instance(
        jurors=jurors,
        items=items,
        slots=[Slot(f"{h}/{r}", h, r) for h in ("am", "pm") for r in ("1", "2")],
        panels=4,
        size_min=6,
        size_max=8,
        items_min=2,
        items_max=3,
        time_limit=SEED_LIMIT,
    )
    return dataclasses.replace(instance, **overrides)


def shuffled(instance, seed):
    rng = random.Random(seed)
    jurors, items = list(instance.jurors), list(instance.items)
    rng.shuffle(jurors)
    rng.shuffle(items)
    return dataclasses.replace(instance, jurors=jurors, items=items)


def layout(result):
    return [(p.index, p.slot.id, p.jurors, p.items) for p in result.panels]


def test_a_tie_heavy_instance_gives_the_same_panels_and_digest_with_1_or_8_workers():
    results = [solve(tie_heavy(workers=1 if run % 2 == 0 else 8)) for run in range(5)]
    assert all(r.status == "optimal" and r.canonical for r in results)
    assert len({r.digest for r in results}) == 1
    assert all(layout(r) == layout(results[0]) for r in results)
    assert validate(tie_heavy(), results[0]) == []


def test_with_pins_and_spare_slots_the_panels_are_still_the_same_with_1_or_8_workers():
    # A third half-day for a third of the jurors: 6 slots for 4 panels; panel 1 pinned to the
    # afternoon's second room, two jurors pinned.
    base = tie_heavy()
    jurors = [
        dataclasses.replace(j, available=j.available | {"eve"}) if n % 3 == 0 else j for n, j in enumerate(base.jurors)
    ]
    instance = dataclasses.replace(
        base,
        jurors=jurors,
        slots=[*base.slots, Slot("eve/1", "eve", "1"), Slot("eve/2", "eve", "2")],
        pinned={"j03": 2, "j07": 0},
        pinned_slots={0: "pm/2"},
    )
    one = solve(dataclasses.replace(instance, workers=1))
    eight = solve(shuffled(dataclasses.replace(instance, workers=8), 3))
    assert one.canonical and eight.canonical and validate(instance, one) == []
    assert one.digest == eight.digest and layout(one) == layout(eight)
    assert one.panels[0].slot.id == "pm/2" and "j07" in one.panels[0].jurors and "j03" in one.panels[2].jurors


def test_the_order_of_the_lists_changes_nothing():
    first = solve(tie_heavy(workers=8))
    for seed in (1, 2):
        again = solve(shuffled(tie_heavy(workers=1), seed))
        assert again.digest == first.digest and layout(again) == layout(first)


def test_the_2020_case_is_the_same_with_1_or_8_workers():
    one = solve(jury_2020.instance_2020(workers=1, time_limit=SEED_LIMIT))
    _instance, eight = solved_2020()
    assert one.canonical and eight.canonical
    assert one.objective == eight.objective == 1656
    assert one.digest == eight.digest and layout(one) == layout(eight)


def test_the_digest_names_the_engine_its_version_the_decision_parameters_and_the_panels():
    instance, result = solved_2020()
    panels = [[p.index, p.slot.id, sorted(p.jurors), sorted(p.items)] for p in result.panels]
    expected = canonical.result_digest(ENGINE, VERSION, digest_parameters(instance), panels)
    assert result.digest == expected
    # Workers, seed and time limit do not shape a proven decision; a rule does.
    assert digest_parameters(dataclasses.replace(instance, workers=1, seed=7, time_limit=3)) == digest_parameters(
        instance
    )
    assert digest_parameters(dataclasses.replace(instance, parity=None)) != digest_parameters(instance)


def test_an_optimum_whose_tie_break_was_not_proven_says_so():
    instance, result = solved_2020()
    data = _Data(instance)
    args = (data, result.panels, result.balance, result.unseated, True, 0.0, 1.0, False)
    assert "départage des ex æquo n'a pas été prouvé" in _summary(*args, False)
    assert "départage" not in _summary(*args, True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_the_counted_model_has_the_optimum_of_the_model_that_names_everyone(instance):
    """The engine's model counts interchangeable jurors and dossiers; the explicit model names
    each (x[juror, panel], y[dossier, panel], z[panel, slot]): same status, same optimum, and
    the panels read back cost exactly that optimum in the explicit model."""
    if diagnose(instance) is not None:
        return
    data = _Data(instance)
    sizes = _even_sizes(data)
    explicit, explicit_status = _Model(data, sizes=sizes).solve(10.0, 8, 0)
    counted = _Aggregate(data, sizes=sizes)
    solver = _solver(10.0, instance)
    status = solver.solve(counted.model)
    assert solver.status_name(status) == explicit.status_name(explicit_status)
    if status != cp_model.OPTIMAL:
        return
    assert round(solver.objective_value) == round(explicit.objective_value)
    panels = counted.read(solver)
    check = _Model(data, sizes=sizes)
    for panel in panels:
        check.model.add(check.z[panel.index, panel.slot.id] == 1)
        for juror in data.pool:
            check.model.add(check.x[juror.id, panel.index] == int(juror.id in panel.jurors))
        for item in instance.items:
            check.model.add(check.y[item.id, panel.index] == int(item.id in panel.items))
    fixed, fixed_status = check.solve(10.0, 8, 0)
    assert fixed_status == cp_model.OPTIMAL and round(fixed.objective_value) == round(solver.objective_value)
    result = dataclasses.replace(solve(instance), panels=panels, balance=balance_of(instance, panels))
    assert validate(instance, result) == []


# --- Pins that cannot hold, named before solving ------------------------------------------


def pins_case(**overrides):
    """The 2020 case with two challenges that need a juror each (a mentor)."""
    instance = jury_2020.instance_2020(time_limit=SEED_LIMIT)
    first, second, *rest = instance.items
    items = [
        dataclasses.replace(first, required=frozenset({"j10"})),
        dataclasses.replace(second, required={"j11"}),
        *rest,
    ]
    return dataclasses.replace(instance, items=items, **overrides)


def refused(instance):
    result = solve(instance)
    assert result.status == "infeasible" and result.panels == []
    assert diagnose(instance) == result.explanation
    return result.explanation


def test_more_jurors_pinned_to_a_panel_than_it_holds_are_named():
    pinned = {f"j{n:02d}": 2 for n in (5, 6, 7)}
    assert refused(jury_2020.instance_2020(size_min=2, size_max=2, pinned=pinned)) == (
        "3 membres sont épinglés au jury 3 (Membre 05, Membre 06 et Membre 07), qui en compte 2 au plus."
    )


def test_a_juror_pinned_where_a_dossier_in_conflict_must_be_heard_is_named():
    # Membre 10 is « Newsroom »'s mentor, sits on one panel and is pinned to panel 2: « Newsroom »
    # goes there; Membre 20, pinned there too, is in conflict with it.
    instance = pins_case(pinned={"j10": 1, "j20": 1})
    first, *rest = instance.items
    instance = dataclasses.replace(instance, items=[dataclasses.replace(first, conflicts={"j20"}), *rest])
    assert refused(instance) == (
        "Membre 20 est épinglé au jury 2, en conflit avec le dossier « Newsroom » (Direction générale des "
        "collectivités locales), que ce jury doit entendre : Membre 10, requis pour ce dossier, y est aussi épinglé "
        "et ne siège que dans ce jury."
    )


def test_a_dossier_whose_required_jurors_are_pinned_to_two_panels_is_named():
    instance = pins_case(pinned={"j10": 0, "j11": 3})
    first, second, *rest = instance.items
    instance = dataclasses.replace(instance, items=[dataclasses.replace(first, required={"j10", "j11"}), second, *rest])
    assert refused(instance) == (
        "Le dossier « Newsroom » (Direction générale des collectivités locales) demande Membre 10, épinglé au jury 1, "
        "et Membre 11, épinglé au jury 4, qui ne siègent chacun que dans un jury."
    )


def test_more_dossiers_sent_to_a_panel_than_it_hears_are_named():
    # Membres 10 and 11 sit on one panel each, both pinned to panel 5, and are required by two
    # challenges each: four challenges for a panel that hears three.
    instance = pins_case(pinned={"j10": 4, "j11": 4})
    mentor = ["j10", "j10", "j11", "j11"]
    items = [dataclasses.replace(it, required={j}) for it, j in zip(instance.items, mentor, strict=False)]
    instance = dataclasses.replace(instance, items=items + instance.items[4:])
    explanation = refused(instance)
    assert explanation.startswith("Le jury 5 devrait entendre 4 dossiers, 3 au plus : les membres requis pour « Newsr")
    assert explanation.endswith("et « L.A.B.E.L » (Cour de cassation) y sont épinglés et ne siègent que dans ce jury.")


def test_a_juror_pinned_to_a_panel_whose_imposed_slot_they_cannot_attend_is_named():
    juror = jury_2020.JURORS[0]
    elsewhere = next(h.id for h in jury_2020.HALF_DAYS if h.id not in juror.available)
    slot = f"{elsewhere}/salle-2"
    instance = jury_2020.instance_2020(pinned={juror.id: 6}, pinned_slots={6: slot})
    label = jury_2020.labels()[elsewhere]
    assert refused(instance) == (
        f"Membre 01 est épinglé au jury 7, dont le créneau imposé est {label}, salle 2, mais n'est pas disponible "
        f"{label}."
    )


def test_a_half_day_whose_imposed_panels_need_more_jurors_than_it_has_is_named():
    # Only 4 jurors come on Tuesday morning; a panel is imposed there and needs 5.
    stay = {"j05", "j06", "j07", "j08"}
    instance = jury_2020.instance_2020(pinned_slots={0: "mar-matin/salle-1"})
    jurors = [
        dataclasses.replace(j, available=j.available | {"mar-matin"} if j.id in stay else j.available - {"mar-matin"})
        for j in instance.jurors
    ]
    instance = dataclasses.replace(instance, jurors=jurors, panels=7)
    assert refused(instance) == (
        "Le jury 1 a un créneau imposé le mardi matin : il lui faut 5 membres au moins, mais 4 seulement sont "
        "disponibles le mardi matin."
    )
