"""The audition timetable engine, as the rules read: each audition once inside its panel's
half-day, one audition at a time per room, nobody in two places at once, availabilities, one
half-day per juror, a break of 10 minutes every 40 minutes of work, the general grid after the
panel's last audition; manual moves checked rule by rule; French reasons when it cannot be done.
Checked by an independent validator, and on small random instances against an exhaustive search."""

import dataclasses
import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eig.engines import timetable as engine
from eig.engines.timetable import (
    CHALLENGE_FORMAT_2020,
    Audition,
    Format,
    Instance,
    MoveRefused,
    PanelSeat,
    Rules,
    Segment,
    Session,
    Slot,
    Timetable,
    _Model,  # the model alone, to check that the pre-checks are sound
    _Prep,
    apply_move,
    candidate_format,
    check_move,
    diagnose,
    explain,
    hm,
    shift_room,
    solve,
    validate,
)
from tests.engines.shared_rooms import shared_rooms_instance

DAY = 1440
MORNING, AFTERNOON = (9 * 60, 12 * 60 + 30), (14 * 60, 17 * 60 + 30)
GRID_2020 = Rules(break_every=40, break_minutes=10, general_grid_minutes=30)


def at(text: str, day: int = 0) -> int:
    """'10:20' on day 0 -> 620 (minutes on the timeline)."""
    h, m = text.split(":")
    return day * DAY + int(h) * 60 + int(m)


def half_day(sid: str, room: str, day: int = 0, afternoon: bool = False) -> Session:
    start, end = AFTERNOON if afternoon else MORNING
    return Session(sid, room, f"jour {day + 1}", day * DAY + start, day * DAY + end)


def challenge(aid: str, panel: str, **extra) -> Audition:
    return Audition(aid, panel, f"admin-{aid}", CHALLENGE_FORMAT_2020, **extra)


def starts(timetable: Timetable, panel: str | None = None) -> list[str]:
    return [hm(s.start) for s in timetable.slots if panel is None or s.panel == panel]


# --- The 2020 challenge jury -----------------------------------------------------------------


def own_2020() -> Instance:
    """8 panels of 6 jurors over 4 half-days in 2 rooms, 21 challenges (5 panels of 3, 3 of 2)."""
    sessions = [
        half_day(f"{d}{'am' if not pm else 'pm'}-{room}", room, d, pm)
        for d in (0, 1)
        for pm in (False, True)
        for room in ("1", "2")
    ]
    panels = [PanelSeat(str(p + 1), tuple(f"j{6 * p + k:02d}" for k in range(6)), (sessions[p].id,)) for p in range(8)]
    sizes = [3, 3, 3, 3, 3, 2, 2, 2]
    counter = itertools.count(1)
    auditions = [challenge(f"c{next(counter):02d}", str(p + 1)) for p, n in enumerate(sizes) for _ in range(n)]
    return Instance(auditions, panels, sessions, GRID_2020, time_limit=30)


def test_the_2020_challenge_jury_fits_each_panel_in_its_half_day_with_breaks_and_the_general_grid():
    instance = own_2020()
    result = solve(instance)
    assert result.status == "optimal" and result.gap == 0 and result.bound == result.objective
    assert validate(instance, result) == []
    assert len(result.slots) == 21
    # Guide 2020: 40-minute auditions, a 10-minute break after each, 30 minutes of general grid.
    assert starts(result, "1") == ["9 h", "9 h 50", "10 h 40"]
    assert [(hm(g.start), hm(g.end)) for g in result.grids if g.panel == "1"] == [("11 h 20", "11 h 50")]
    slot = result.by_panel()["1"][0]
    assert [(label, hm(a), hm(b), w) for label, a, b, w in slot.segments] == [
        ("Lecture et mise en commun", "9 h", "9 h 10", False),
        ("Présentation", "9 h 10", "9 h 15", True),
        ("Questions", "9 h 15", "9 h 30", True),
        ("Délibération", "9 h 30", "9 h 40", False),
    ]
    assert "Pause d'au moins 10 minutes après chaque audition" in result.explanation


def test_the_2020_case_from_the_panel_engine_is_scheduled_and_every_rule_holds():
    jury_2020 = pytest.importorskip("tests.engines.jury_2020", reason="the 2020 fixture of the panel engine")
    panels_engine = pytest.importorskip("eig.engines.panels", reason="the panel formation engine")
    formed = panels_engine.solve(jury_2020.instance_2020())
    assert formed.status in ("optimal", "feasible"), formed.explanation
    offset = {d: i * DAY for i, d in enumerate(sorted({h.date for h in jury_2020.HALF_DAYS}))}
    window = {
        h.id: (
            offset[h.date] + h.start.hour * 60 + h.start.minute,
            offset[h.date] + h.end.hour * 60 + h.end.minute,
        )
        for h in jury_2020.HALF_DAYS
    }
    sessions = [
        Session(f"{h.id}/{r.id}", r.label, h.date.isoformat(), *window[h.id])
        for h in jury_2020.HALF_DAYS
        for r in jury_2020.ROOMS
    ]
    fmt = Format("2020", tuple(Segment(*s) for s in jury_2020.AUDITION_FORMAT))
    seats = [PanelSeat(str(p.index + 1), tuple(p.jurors), (p.slot.id,)) for p in formed.panels]
    auditions = [
        Audition(item, str(p.index + 1), item, fmt, people=(f"mentor-{item}",))
        for p in formed.panels
        for item in p.items
    ]
    instance = Instance(
        auditions,
        seats,
        sessions,
        Rules(jury_2020.BREAK_EVERY, jury_2020.BREAK_MINUTES, general_grid_minutes=30),
        juror_available={r.id: tuple(window[h] for h in r.available) for r in jury_2020.JURORS},
        names=jury_2020.labels(),
        time_limit=30,
    )
    result = solve(instance)
    assert result.status == "optimal"
    assert validate(instance, result) == []
    assert len(result.slots) == 21 and len(result.grids) == 8
    juror = seats[0].jurors[0]
    assert explain(instance, result, juror).startswith(f"{jury_2020.labels()[juror]} siège dans le jury 1")


# --- Formats, availabilities, fixed starts, half-days ----------------------------------------


def test_a_candidate_format_is_configurable_and_short_auditions_go_two_by_two_between_breaks():
    fmt = candidate_format(reading=5, interview=10, deliberation=5)  # 20 minutes: two fit in 40
    assert fmt.minutes == 20 and fmt.presence == (5, 15)
    instance = Instance(
        [Audition(f"a{i}", "P", f"cand{i}", fmt) for i in range(4)],
        [PanelSeat("P", ("j1", "j2"), ("s",))],
        [half_day("s", "A")],
        Rules(break_every=40, break_minutes=10),
        time_limit=30,
    )
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    assert starts(result) == ["9 h", "9 h 20", "9 h 50", "10 h 10"]  # 40 min of work, a break, 40 more


def test_the_default_candidate_format_is_five_twenty_five_ten():
    assert [(s.label, s.minutes, s.with_auditionee) for s in candidate_format().segments] == [
        ("Lecture du dossier", 5, False),
        ("Entretien", 25, True),
        ("Délibération", 10, False),
    ]


def test_auditionee_availability_windows_are_respected():
    instance = Instance(
        [
            challenge("c1", "P"),
            challenge("c2", "P", available=((at("11:00"), at("12:30")),)),
            challenge("c3", "P", available=((at("10:00"), at("10:40")),)),
        ],
        [PanelSeat("P", ("j1",), ("s",))],
        [half_day("s", "A")],
        GRID_2020,
        time_limit=30,
    )
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    c2, c3 = result.slot("c2"), result.slot("c3")
    assert at("11:00") <= c2.start + 10 and c2.start + 30 <= at("12:30")
    assert at("10:00") <= c3.start + 10 and c3.start + 30 <= at("10:40")
    assert "dans ses disponibilités (11 h – 12 h 30)" in explain(instance, result, "admin-c2")


def test_a_panel_with_two_half_days_meets_when_its_jurors_are_available():
    instance = Instance(
        [challenge("c1", "P"), challenge("c2", "P")],
        [PanelSeat("P", ("j1", "j2"), ("am", "pm"))],
        [half_day("am", "A"), half_day("pm", "A", afternoon=True)],
        GRID_2020,
        juror_available={"j2": ((at("13:00"), at("18:00")),)},
        time_limit=30,
    )
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    assert {s.session for s in result.slots} == {"pm"} and starts(result) == ["14 h", "14 h 50"]


def test_fixed_starts_are_kept_and_the_rest_is_planned_around_them():
    instance = dataclasses.replace(own_2020(), fixed={"c02": at("10:40")})
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    assert result.slot("c02").start == at("10:40")


def test_a_juror_on_two_panels_may_sit_two_half_days_only_when_the_rules_allow_it():
    sessions = [half_day("am", "A"), half_day("pm", "A", afternoon=True)]
    panels = [PanelSeat("1", ("j1", "shared"), ("am",)), PanelSeat("2", ("j2", "shared"), ("pm",))]
    auditions = [challenge("c1", "1"), challenge("c2", "2")]
    strict = Instance(auditions, panels, sessions, GRID_2020)
    assert diagnose(strict) == (
        "shared siège dans les jurys 1, 2, qui se réunissent sur 2 demi-journées différentes "
        "(jour 1 après-midi, jour 1 matin) : au plus 1 par juré (demi-journées par juré)."
    )
    relaxed = dataclasses.replace(strict, rules=dataclasses.replace(GRID_2020, max_half_days_per_juror=2))
    result = solve(relaxed)
    assert result.status == "optimal" and validate(relaxed, result) == []


def test_a_person_in_two_panels_is_never_expected_in_two_rooms_at_once():
    sessions = [half_day("s1", "1"), half_day("s2", "2")]
    panels = [PanelSeat("1", ("a1",), ("s1",)), PanelSeat("2", ("b1",), ("s2",))]
    auditions = [challenge(f"c{i}", "1", people=("mentor",)) for i in range(3)]
    auditions += [challenge(f"d{i}", "2", people=("mentor",)) for i in range(3)]
    instance = Instance(auditions, panels, sessions, GRID_2020, time_limit=30)
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    presences = sorted((s.start + 10, s.start + 30) for s in result.slots)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(presences))


# --- Manual moves and running late -----------------------------------------------------------


def two_rooms_with_a_shared_mentor() -> tuple[Instance, Timetable]:
    """Room 1 and room 2, same morning; Mme Durand mentors c2 (room 1) and d2 (room 2)."""
    sessions = [half_day("s1", "1"), half_day("s2", "2")]
    panels = [PanelSeat("1", ("a1", "a2"), ("s1",)), PanelSeat("2", ("b1", "b2"), ("s2",))]
    auditions = [
        challenge("c1", "1"),
        challenge("c2", "1", people=("durand",)),
        challenge("c3", "1"),
        challenge("d1", "2"),
        challenge("d2", "2", people=("durand",)),
    ]
    instance = Instance(
        auditions,
        panels,
        sessions,
        GRID_2020,
        fixed={"c1": at("9:00"), "c2": at("9:50"), "c3": at("10:40"), "d1": at("9:00"), "d2": at("10:40")},
        names={"durand": "Mme Durand", "admin-c2": "Ville de Lyon"},
    )
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    return instance, result


def test_a_manual_move_that_breaks_no_rule_is_accepted_and_moves_nothing_else():
    instance, result = two_rooms_with_a_shared_mentor()
    assert check_move(instance, result, "d1", at("9:10")) == []
    moved = apply_move(instance, result, "d1", at("9:10"))
    assert moved.slot("d1").start == at("9:10") and moved.slot("d1").segments[0][1] == at("9:10")
    assert [s for s in moved.slots if s.audition != "d1"] == [s for s in result.slots if s.audition != "d1"]
    moved_instance = dataclasses.replace(instance, fixed={**instance.fixed, "d1": at("9:10")})
    assert validate(moved_instance, moved) == []


def test_a_move_that_puts_a_person_in_two_places_is_refused_with_the_reason():
    instance, result = two_rooms_with_a_shared_mentor()
    # d2 at 9:50 room 2: Mme Durand presents c2 in room 1 from 10 h to 10 h 20.
    assert check_move(instance, result, "d2", at("9:50")) == [
        "Refusé : Mme Durand est attendue salle 1 à 10 h pendant ce créneau."
    ]
    with pytest.raises(MoveRefused) as refused:
        apply_move(instance, result, "d2", at("9:50"))
    assert refused.value.reasons == ["Refusé : Mme Durand est attendue salle 1 à 10 h pendant ce créneau."]


def test_a_move_that_skips_the_break_is_refused_with_the_break_rule():
    instance, result = two_rooms_with_a_shared_mentor()
    # c2 right after c1 (9:40): 80 minutes of work in a row.
    assert check_move(instance, result, "c2", at("9:40")) == [
        "Refusé : le jury travaillerait 80 minutes sans pause (au plus 40)."
    ]


def test_a_move_onto_another_audition_or_past_the_half_day_is_refused():
    instance, result = two_rooms_with_a_shared_mentor()
    reasons = check_move(instance, result, "c3", at("9:50"))
    assert "Refusé : la salle 1 est occupée de 9 h 50 – 10 h 30 (l'audition de Ville de Lyon)." in reasons
    assert check_move(instance, result, "c3", at("12:00")) == [
        "Refusé : l'audition finirait à 12 h 40, après la fin de la demi-journée (12 h 30).",
        "Refusé : la grille générale du jury (30 minutes) ne tiendrait plus avant la fin de la demi-journée (12 h 30).",
    ]


def test_a_move_to_another_half_day_of_the_panel_is_checked_there():
    instance = Instance(
        [challenge("c1", "P"), challenge("c2", "P")],
        [PanelSeat("P", ("j1",), ("am", "pm"))],
        [half_day("am", "A"), half_day("pm", "B", afternoon=True)],
        GRID_2020,
        time_limit=30,
    )
    result = solve(instance)
    assert starts(result) == ["9 h", "9 h 50"] and {s.session for s in result.slots} == {"am"}
    assert check_move(instance, result, "c2", at("14:00"), "pm") == [
        "Refusé : j1 siégerait sur 2 demi-journées (au plus 1)."
    ]
    instance.rules = dataclasses.replace(GRID_2020, max_half_days_per_juror=2)
    moved = apply_move(instance, result, "c2", at("14:00"), "pm")
    assert (moved.slot("c2").session, moved.slot("c2").room) == ("pm", "B")
    assert [(g.session, hm(g.start)) for g in moved.grids] == [("pm", "14 h 40")]
    assert validate(instance, moved) == []
    assert check_move(instance, result, "c2", at("14:00"), "nowhere") == [
        "Refusé : la demi-journée nowhere n'existe pas."
    ]


def test_a_juror_cannot_sit_two_panels_of_the_same_half_day_that_together_need_more_than_it():
    sessions = [half_day("s1", "1"), half_day("s2", "2")]
    panels = [PanelSeat("1", ("a", "Mme Roux"), ("s1",)), PanelSeat("2", ("b", "Mme Roux"), ("s2",))]
    auditions = [challenge(f"c{i}", "1") for i in range(3)] + [challenge(f"d{i}", "2") for i in range(3)]
    result = solve(Instance(auditions, panels, sessions, GRID_2020))
    assert result.status == "infeasible"
    assert result.explanation == (
        "Mme Roux est attendue dans les jurys 1, 2 la même demi-journée (jour 1 matin) : ces jurys ont besoin de "
        "150 + 150 minutes et on ne peut pas être à deux endroits à la fois ; la demi-journée n'en compte que 210."
    )


def test_running_late_shifts_only_the_following_slots_of_that_room_that_day():
    instance, result = two_rooms_with_a_shared_mentor()
    shifted, moved = shift_room(result, "1", "jour 1", at("9:50"), 15)
    assert moved == ["c2", "c3"]
    assert {s.audition: hm(s.start) for s in shifted.slots} == {
        "c1": "9 h",
        "c2": "10 h 05",
        "c3": "10 h 55",
        "d1": "9 h",
        "d2": "10 h 40",
    }
    assert [(g.panel, hm(g.start)) for g in shifted.grids] == [("2", "11 h 20"), ("1", "11 h 35")]
    # Unchecked: the caller validates and shows what it changed (here, the pinned starts).
    assert validate(instance, shifted) == [
        "L'audition de Ville de Lyon devait commencer à 9 h 50 (créneau imposé), elle commence à 10 h 05.",
        "L'audition de admin-c3 devait commencer à 10 h 40 (créneau imposé), elle commence à 10 h 55.",
    ]
    assert validate(dataclasses.replace(instance, fixed={}), shifted) == []


# --- Infeasible instances --------------------------------------------------------------------


def test_too_many_auditions_for_a_half_day_is_explained_by_the_time_needed():
    instance = Instance(
        [challenge(f"c{i}", "P") for i in range(5)],
        [PanelSeat("P", ("j1",), ("s",))],
        [half_day("s", "A")],
        GRID_2020,
    )
    result = solve(instance)
    assert result.status == "infeasible" and result.slots == []
    # The sum, term by term: what the panel needs, and the half-day it has.
    assert result.explanation == (
        "Le jury P doit entendre 5 auditions de 40 minutes dans sa demi-journée (salle A, jour 1 matin, "
        "9 h – 12 h 30) : 5 × 40 min + 4 pauses de 10 min + 30 min de grille générale = 270 min > 210 min "
        "(règle des pauses : pas plus de 40 minutes de travail d'affilée)."
    )


def test_short_auditions_count_only_the_pauses_between_stretches_of_work():
    # 8 × 20 min: two auditions fit in 40 minutes of work, so 4 stretches and 3 pauses.
    fmt = candidate_format(reading=5, interview=10, deliberation=5)
    instance = Instance(
        [Audition(f"a{i}", "P", f"cand{i}", fmt) for i in range(8)],
        [PanelSeat("P", ("j1",), ("s",))],
        [Session("s", "A", "jour 1", at("9:00"), at("11:30"))],
        Rules(break_every=40, break_minutes=10),
    )
    assert diagnose(instance) == (
        "Le jury P doit entendre 8 auditions de 20 minutes dans sa demi-journée (salle A, jour 1 matin, "
        "9 h – 11 h 30) : 8 × 20 min + 3 pauses de 10 min = 190 min > 150 min "
        "(règle des pauses : pas plus de 40 minutes de travail d'affilée)."
    )


def test_a_panel_whose_jurors_sit_one_half_day_must_fit_in_one_of_its_sessions():
    # Two half-days offered, but its jurors may sit only one: neither holds the five challenges.
    instance = Instance(
        [challenge(f"c{i}", "P") for i in range(5)],
        [PanelSeat("P", ("j1",), ("am", "pm"))],
        [half_day("am", "A"), half_day("pm", "B", afternoon=True)],
        GRID_2020,
    )
    assert diagnose(instance) == (
        "Le jury P doit entendre 5 auditions de 40 minutes en une seule demi-journée (au plus 1 demi-journée par "
        "juré) : 5 × 40 min + 4 pauses de 10 min + 30 min de grille générale = 270 min (règle des pauses : pas "
        "plus de 40 minutes de travail d'affilée), mais aucune de ses demi-journées n'en compte autant : salle A, "
        "jour 1 matin, 9 h – 12 h 30 (210 min) ; salle B, jour 1 après-midi, 14 h – 17 h 30 (210 min)."
    )
    # Two half-days allowed: each holds a part, one pause fewer, and the engine splits the panel.
    relaxed = dataclasses.replace(instance, rules=dataclasses.replace(GRID_2020, max_half_days_per_juror=2))
    assert diagnose(relaxed) is None
    result = solve(relaxed)
    assert result.status == "optimal" and validate(relaxed, result) == []
    assert {s.session for s in result.slots} == {"am", "pm"}


def test_a_room_shared_by_panels_that_sit_nowhere_else_names_the_missing_minutes():
    # Three panels of five 30-minute auditions, a juror common to all three, one room with two
    # half-days: 450 minutes of auditions for 420. Lifting any one rule does not help (the room or
    # Mme Roux still holds them apart): before, this read « Aucune règle levée seule ne suffit ».
    fmt = candidate_format(reading=5, interview=20, deliberation=5)
    panels = [PanelSeat(p, (f"j{p}", "roux"), ("am", "pm")) for p in ("1", "2", "3")]
    auditions = [Audition(f"{p}-{i}", p, f"cand{p}{i}", fmt) for p in ("1", "2", "3") for i in range(5)]
    instance = Instance(
        auditions,
        panels,
        [half_day("am", "A"), half_day("pm", "A", afternoon=True)],
        Rules(break_every=40, break_minutes=10),
        names={"roux": "Mme Roux"},
    )
    result = solve(instance)
    assert result.status == "infeasible"
    assert result.explanation == (
        "La salle A doit accueillir les jurys 1, 2, 3, qui ne peuvent siéger ailleurs : 15 × 30 min = 450 min, "
        "mais ses demi-journées n'en comptent que 420 (salle A, jour 1 matin, 9 h – 12 h 30 (210 min) ; salle A, "
        "jour 1 après-midi, 14 h – 17 h 30 (210 min)) : il manque 30 minutes."
    )
    # One audition fewer per panel (360 minutes): it fits, and the pre-check lets it through.
    fewer = dataclasses.replace(instance, auditions=[a for a in auditions if not a.id.endswith("-4")])
    assert diagnose(fewer) is None


def test_an_auditionee_never_available_is_named():
    instance = Instance(
        [challenge("c1", "P", available=((at("14:00"), at("17:00")),))],
        [PanelSeat("P", ("j1",), ("s",))],
        [half_day("s", "A")],
        GRID_2020,
        names={"admin-c1": "Mme Martin"},
    )
    result = solve(instance)
    assert result.status == "infeasible"
    assert result.explanation == (
        "Mme Martin n'est disponible à aucun moment des demi-journées de son jury P (salle A, jour 1 matin, "
        "9 h – 12 h 30) : ses disponibilités sont 14 h – 17 h (disponibilités des personnes auditionnées)."
    )


def test_when_only_the_solver_finds_it_impossible_the_binding_rules_are_named():
    # A mentor presents in room 1 and room 2, and both auditionees can only come 9:10–9:30.
    window = ((at("9:10"), at("9:30")),)
    instance = Instance(
        [challenge("c1", "1", people=("m",), available=window), challenge("d1", "2", people=("m",), available=window)],
        [PanelSeat("1", ("a",), ("s1",)), PanelSeat("2", ("b",), ("s2",))],
        [half_day("s1", "1"), half_day("s2", "2")],
        GRID_2020,
    )
    assert diagnose(instance) is None
    result = solve(instance)
    assert result.status == "infeasible"
    assert result.explanation == (
        "Aucun planning ne respecte toutes les règles pour les jurys 1, 2. Lever une seule de ces règles "
        "suffirait : les disponibilités des personnes auditionnées ; l'interdiction d'être à deux endroits à la fois."
    )


def test_a_format_longer_than_the_break_rule_allows_is_explained():
    long = candidate_format(10, 30, 10)
    instance = Instance([Audition("a", "P", "x", long)], [PanelSeat("P", ("j",), ("s",))], [half_day("s", "A")])
    assert solve(instance).explanation == (
        "Le format « Audition de candidat (10 + 30 + 10 min) » dure 50 minutes d'un seul tenant : plus que les "
        "40 minutes de travail autorisées sans pause (règle des pauses)."
    )


# --- One result per instance (issue 19) -------------------------------------------------------


def ties() -> Instance:
    """Two rooms, three panels each that may sit in any of the room's four half-days, four
    candidates per panel, 40 % of them heard by two panels, some with a window: many optimal
    timetables (which panel sits when, in which order it hears its candidates)."""
    return shared_rooms_instance(
        rooms=2, panels_per_room=3, auditions_per_panel=4, days=2, heard_twice=0.4, time_limit=30
    )


def test_the_same_instance_gives_the_same_timetable_and_digest_whatever_the_workers():
    instance = ties()
    results = [solve(dataclasses.replace(instance, workers=w)) for w in (1, 8, 1, 8, 1)]
    assert all(r.status == "optimal" and r.canonical for r in results), results[0].explanation
    assert validate(instance, results[0]) == []
    assert all(r.slots == results[0].slots for r in results)
    assert len({r.digest for r in results}) == 1 and len(results[0].digest) == 64


def test_the_order_of_the_instance_lists_does_not_change_the_timetable():
    instance = ties()
    rng = random.Random(19)
    shuffled = dataclasses.replace(
        instance,
        auditions=rng.sample(list(instance.auditions), len(instance.auditions)),
        panels=rng.sample(list(instance.panels), len(instance.panels)),
        sessions=rng.sample(list(instance.sessions), len(instance.sessions)),
    )
    first, second = solve(instance), solve(shuffled)
    assert second.canonical and second.slots == first.slots and second.digest == first.digest


def test_the_digest_names_the_rules_not_the_run():
    instance = own_2020()
    result = solve(instance)
    assert solve(dataclasses.replace(instance, time_limit=12, seed=7, workers=1)).digest == result.digest
    other_rules = dataclasses.replace(
        instance, rules=dataclasses.replace(GRID_2020, buffer=0, max_half_days_per_juror=2)
    )
    assert solve(other_rules).slots == result.slots and solve(other_rules).digest != result.digest
    assert engine.VERSION and result.digest == engine.result_digest(
        "timetable", engine.VERSION, engine.digest_parameters(instance), result.slots
    )


def test_an_optimum_whose_tie_break_is_not_proven_says_so(monkeypatch):
    proven = solve(own_2020())
    assert proven.canonical and "départage" not in proven.explanation
    solve_component = engine._solve_component

    def unproven(prep, component, budget):
        return dataclasses.replace(solve_component(prep, component, budget), canonical=False)

    monkeypatch.setattr(engine, "_solve_component", unproven)
    result = solve(own_2020())
    assert result.status == "optimal" and not result.canonical
    assert result.explanation.endswith(
        "Planning optimal, mais le départage des ex æquo n'a pas été prouvé dans le temps imparti : une autre "
        "exécution pourrait retenir un autre planning de même valeur."
    )


# --- Time budget (issue 19) ------------------------------------------------------------------


def two_rooms() -> Instance:
    """Two panels with nothing in common: two independent sub-problems of three auditions each."""
    sessions = [half_day("s1", "1"), half_day("s2", "2")]
    panels = [PanelSeat("1", ("a",), ("s1",)), PanelSeat("2", ("b",), ("s2",))]
    auditions = [challenge(f"c{i}", "1") for i in range(3)] + [challenge(f"d{i}", "2") for i in range(3)]
    return Instance(auditions, panels, sessions, GRID_2020, time_limit=30)


def test_a_group_that_finds_nothing_in_its_share_is_tried_again_with_the_time_left(monkeypatch):
    solve_component = engine._solve_component
    calls = []

    def first_share_in_vain(prep, component, budget):
        calls.append((component, budget))
        if component == ["1"] and len(calls) == 1:
            return engine._Outcome("unknown")  # as if its share ran out
        return solve_component(prep, component, budget)

    monkeypatch.setattr(engine, "_solve_component", first_share_in_vain)
    instance = two_rooms()
    result = solve(instance)
    assert result.status == "optimal" and validate(instance, result) == []
    assert [c for c, _budget in calls] == [["1"], ["2"], ["1"]]
    # Its second try has all the time the other group left: more than its first share (half).
    assert calls[2][1] > calls[0][1]


def test_a_group_whose_tie_break_ran_out_of_time_tries_again_with_the_time_left(monkeypatch):
    solve_component = engine._solve_component
    calls = []

    def unproven_first(prep, component, budget):
        calls.append(component)
        outcome = solve_component(prep, component, budget)
        return dataclasses.replace(outcome, canonical=False) if len(calls) == 1 else outcome

    monkeypatch.setattr(engine, "_solve_component", unproven_first)
    result = solve(two_rooms())
    assert calls == [["1"], ["2"], ["1"]]
    assert result.status == "optimal" and result.canonical and "départage" not in result.explanation


def test_when_a_group_finds_nothing_the_message_says_what_was_placed_and_how_long_it_took(monkeypatch):
    solve_component = engine._solve_component
    calls = []

    def never(prep, component, budget):
        calls.append(component)
        return engine._Outcome("unknown") if component == ["2"] else solve_component(prep, component, budget)

    monkeypatch.setattr(engine, "_solve_component", never)
    result = solve(two_rooms())
    assert result.status == "unknown" and result.slots == []
    assert calls == [["1"], ["2"], ["2"]]  # tried again before saying « unknown »
    assert re.fullmatch(
        r"Aucun planning trouvé dans le temps imparti \(30 s\), sans preuve d'impossibilité : 1 groupe de jurys "
        r"sur 2 placé en \d+,\d s ; le groupe du jury 2 \(3 auditions\) n'a pas de solution trouvée en \d+,\d s\. "
        r"Augmentez la limite de temps\.",
        result.explanation,
    ), result.explanation


# --- The validator catches tampering ---------------------------------------------------------


def tampered(result: Timetable, audition: str, start: int, **fields) -> Timetable:
    slots = []
    for s in result.slots:
        if s.audition == audition:
            shift = start - s.start
            s = dataclasses.replace(
                s, start=start, end=s.end + shift, segments=[(x, a + shift, b + shift, w) for x, a, b, w in s.segments]
            )
            s = dataclasses.replace(s, **fields)
        slots.append(s)
    return dataclasses.replace(result, slots=slots)


def test_the_validator_catches_two_auditions_in_one_room():
    instance, result = two_rooms_with_a_shared_mentor()
    instance = dataclasses.replace(instance, fixed={})
    bad = tampered(result, "d1", at("9:50"), panel="2", session="s1", room="1")
    problems = validate(instance, bad)
    assert problems == [
        "L'audition de admin-d1 est placée dans une demi-journée où le jury 2 ne siège pas (salle 1, jour 1 matin, "
        "9 h – 12 h 30).",
        "La salle 1 accueille en même temps l'audition de Ville de Lyon (9 h 50 – 10 h 30) et l'audition de admin-d1 "
        "(9 h 50 – 10 h 30).",
    ]


def test_the_validator_catches_a_missing_break():
    instance, result = two_rooms_with_a_shared_mentor()
    instance = dataclasses.replace(instance, fixed={})
    problems = validate(instance, tampered(result, "c2", at("9:40")))
    assert problems == [
        "Le jury 1 travaille 80 minutes sans pause d'au moins 10 minutes (9 h – 10 h 20, salle 1) : au plus 40."
    ]


def test_the_validator_catches_a_juror_in_two_places_and_a_missing_audition():
    instance, result = two_rooms_with_a_shared_mentor()
    instance = dataclasses.replace(
        instance, fixed={}, panels=[PanelSeat("1", ("a1", "x"), ("s1",)), PanelSeat("2", ("b1", "x"), ("s2",))]
    )
    bad = dataclasses.replace(result, slots=[s for s in result.slots if s.audition != "c3"])
    problems = validate(instance, bad)
    assert "L'audition de admin-c3 (c3) n'est pas planifiée." in problems
    assert (
        "x est à deux endroits en même temps : salle 1 à 9 h (l'audition de admin-c1, jury 1) et salle 2 à 9 h "
        "(l'audition de admin-d1, jury 2)." in problems
    )


# --- Properties on small random instances ----------------------------------------------------


def greedy_makespan(durations, rules: Rules) -> int:
    """Time one panel needs for auditions in this order: continue the stretch when it fits in
    break_every, else take a break (next-fit is optimal for a fixed order)."""
    total = stretch = 0
    for i, d in enumerate(durations):
        if i == 0:
            total = stretch = d
        elif stretch + rules.buffer + d <= rules.break_every:
            total += rules.buffer + d
            stretch += rules.buffer + d
        else:
            total += max(rules.break_minutes, rules.buffer) + d
            stretch = d
    return total


@st.composite
def one_panel(draw):
    durations = draw(st.lists(st.sampled_from([10, 15, 20, 25, 30]), min_size=1, max_size=5))
    rules = Rules(
        break_every=draw(st.sampled_from([30, 40, 60])),
        break_minutes=draw(st.sampled_from([5, 10, 15])),
        buffer=draw(st.sampled_from([0, 5])),
        general_grid_minutes=draw(st.sampled_from([0, 15])),
    )
    length = draw(st.integers(6, 30)) * 5
    fmts = [Format(f"f{d}", (Segment("avant", 5, False), Segment("entretien", d - 5, True))) for d in durations]
    return Instance(
        [Audition(f"a{i}", "P", f"x{i}", f) for i, f in enumerate(fmts)],
        [PanelSeat("P", ("j",), ("s",))],
        [Session("s", "A", "jour 1", 540, 540 + length)],
        rules,
        time_limit=20,
    )


@settings(max_examples=40, deadline=None)
@given(one_panel())
def test_one_panel_is_scheduled_exactly_as_tightly_as_an_exhaustive_search_allows(instance):
    durations = [a.format.minutes for a in instance.auditions]
    rules, session = instance.rules, instance.sessions[0]
    if max(durations) > rules.break_every:
        assert solve(instance).status == "infeasible"
        return
    best = min(greedy_makespan(order, rules) for order in set(itertools.permutations(durations)))
    result = solve(instance)
    fits = best + rules.general_grid_minutes <= session.end - session.start
    assert result.status == ("optimal" if fits else "infeasible"), result.explanation
    if fits:
        assert validate(instance, result) == []
        assert max(s.end for s in result.slots) - min(s.start for s in result.slots) == best
        assert min(s.start for s in result.slots) == session.start


@st.composite
def small_instances(draw):
    n_rooms = draw(st.integers(1, 2))
    sessions = []
    for day in range(draw(st.integers(1, 2))):
        for pm in (False, True):
            for r in range(n_rooms):
                length = draw(st.sampled_from([90, 120, 210]))
                start = day * DAY + (840 if pm else 540)
                sessions.append(Session(f"s{day}{int(pm)}{r}", f"R{r}", f"jour {day + 1}", start, start + length))
    people = [f"p{i}" for i in range(5)]
    panels, auditions = [], []
    for p in range(draw(st.integers(1, 3))):
        allowed = tuple(draw(st.lists(st.sampled_from([s.id for s in sessions]), min_size=1, max_size=2, unique=True)))
        jurors = tuple(draw(st.lists(st.sampled_from(people), min_size=1, max_size=2, unique=True)))
        panels.append(PanelSeat(f"P{p}", jurors, allowed))
        for k in range(draw(st.integers(1, 3))):
            d = draw(st.sampled_from([15, 20, 25, 40]))
            fmt = Format(
                f"f{d}", (Segment("lecture", 5, False), Segment("entretien", d - 10, True), Segment("d", 5, False))
            )
            available = ()
            if draw(st.booleans()):
                start = draw(st.sampled_from([s.start for s in sessions])) + draw(st.sampled_from([0, 30, 60]))
                available = ((start, start + draw(st.sampled_from([40, 90, 180]))),)
            extra = tuple(draw(st.lists(st.sampled_from(people), max_size=1)))
            auditions.append(
                Audition(f"a{p}{k}", f"P{p}", draw(st.sampled_from(["c1", "c2", f"c{p}{k}"])), fmt, available, extra)
            )
    rules = Rules(
        break_every=draw(st.sampled_from([0, 40, 60])),
        break_minutes=10,
        buffer=draw(st.sampled_from([0, 5])),
        max_half_days_per_juror=draw(st.sampled_from([0, 1, 2])),
        general_grid_minutes=draw(st.sampled_from([0, 15])),
    )
    juror_available = {}
    if draw(st.booleans()):
        juror_available[people[0]] = ((sessions[0].start, sessions[0].start + 120),)
    return Instance(auditions, panels, sessions, rules, juror_available=juror_available, time_limit=20)


@settings(max_examples=60, deadline=None)
@given(small_instances(), st.data())
def test_every_schedule_the_engine_returns_breaks_no_rule_and_an_accepted_move_keeps_it_so(instance, data):
    result = solve(instance)
    assert result.status in ("optimal", "feasible", "infeasible"), result.explanation
    if result.status == "infeasible":
        assert result.explanation and result.slots == []
        # The pre-checks are sound: the model, run without them, finds no schedule either.
        prep = _Prep(instance)
        statuses = [_Model(prep, c, frozenset()).solve(20, 8, 0)[0] for c in prep.components()]
        assert "infeasible" in statuses, result.explanation
        return
    assert validate(instance, result) == []
    assert sorted(s.audition for s in result.slots) == sorted(a.id for a in instance.auditions)
    # A slot moved onto itself is always accepted; the engine's checks agree with the validator.
    first = result.slots[0]
    assert check_move(instance, result, first.audition, first.start) == []
    # Any move: accepted only if the moved timetable still breaks no rule.
    slot = data.draw(st.sampled_from(result.slots))
    session = data.draw(st.sampled_from(instance.sessions))
    start = session.start + data.draw(st.integers(0, (session.end - session.start) // 5)) * 5
    reasons = check_move(instance, result, slot.audition, start, session.id)
    if reasons:
        assert all(r.startswith("Refusé : ") for r in reasons)
        with pytest.raises(MoveRefused):
            apply_move(instance, result, slot.audition, start, session.id)
    else:
        assert validate(instance, apply_move(instance, result, slot.audition, start, session.id)) == []


@settings(max_examples=40, deadline=None)
@given(small_instances())
def test_settling_ties_panel_by_panel_never_costs_optimality(instance):
    # The tie-break places panels one by one, each at its best as if alone; whenever it answers
    # « optimal », each independent group's value is the optimum of the group solved whole.
    result = solve(instance)
    if result.status != "optimal" or instance.objective == "feasible":
        return
    prep = _Prep(instance)
    whole = 0
    for component in prep.components():
        status, solver = _Model(prep, component, frozenset()).solve(20, 8, 0)
        assert status == "optimal"
        whole += round(solver.objective_value)
    assert result.objective == whole and result.bound == whole


def test_a_slot_is_hashable_data_and_the_views_are_ordered():
    instance = own_2020()
    result = solve(instance)
    rooms = result.by_room()
    assert list(rooms) == ["1", "2"]
    assert all(a.start <= b.start for slots in rooms.values() for a, b in itertools.pairwise(slots))
    people = result.by_person(instance)
    assert sorted(s.audition for s in people["j00"]) == ["c01", "c02", "c03"]
    assert [s.audition for s in people["admin-c04"]] == ["c04"]
    assert isinstance(result.slots[0], Slot)
