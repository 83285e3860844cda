"""`make bench ONLY=timetable`: the audition timetable engine on three instances.

1. The 2020 challenge jury (tests/engines/jury_2020.py): the panel engine forms the 8 panels,
   the timetable engine schedules their 21 challenges (10/5/15/10 format, a 10-minute break
   every 40 minutes, the 30-minute general grid, one half-day per juror).
2. Candidate auditions: 200 auditions over 5 days in 4 rooms (2 half-days a day: 40 sessions),
   20 panels, each fixed to the morning and the afternoon of one day in one room; 30-minute
   format (5 reading, 20 interview, 5 deliberation), a break after each audition, a 15-minute
   general grid; 20 % of candidates are heard by two panels the same day (never in two places
   at once), 30 % of the others give an availability window (their half-day, or two hours).
3. The same programme ten times larger: 2,000 auditions over the same 5 days in 40 rooms
   (400 sessions, 200 panels) — a bigger promotion runs more rooms in parallel, not a longer
   week. Candidates heard by two panels are heard the same day by panels of the same floor
   (4 rooms), which is how the decomposition into independent sub-problems stays exact and
   small (see eig/engines/timetable.py).

4. Ten panels sharing a room's half-days (issue 19; tests/engines/shared_rooms.py): 200
   auditions, 4 rooms × 10 panels × 5 candidates, each room with 10 half-days, and no panel
   fixed to a half-day: the engine chooses when each panel sits. Targets: a proven gap ≤ 1 %
   within 60 s, no rule broken.

One result per instance (issue 19): the 200 candidate auditions are solved 5 times, with 1 and
8 workers alternately; the timetables must be identical (same digest).

Every instance is built around a planted schedule (so it is feasible); the windows are drawn
around it. Each result is re-checked by the engine's independent validator.
"""

import dataclasses
import random
import time

from eig.engines.timetable import (
    Audition,
    Format,
    Instance,
    PanelSeat,
    Rules,
    Segment,
    Session,
    candidate_format,
    solve,
    validate,
)
from tests.bench.registry import Figure, Result, benchmark
from tests.engines.shared_rooms import SEED as SHARED_SEED
from tests.engines.shared_rooms import shared_rooms_instance

SEED = 20200324
DAY = 1440
MORNING, AFTERNOON = (9 * 60, 12 * 60 + 30), (14 * 60, 17 * 60 + 30)
FORMAT = candidate_format(reading=5, interview=20, deliberation=5)  # 30 minutes
RULES = Rules(break_every=40, break_minutes=10, max_half_days_per_juror=2, general_grid_minutes=15)
PER_SESSION = 5  # 5 × 30 + 4 × 10 + 15 = 205 of 210 minutes
FLOOR = 4  # rooms per floor: candidates heard twice stay on one floor


def candidates_instance(days: int, rooms: int, seed: int = SEED, time_limit: float = 10.0) -> Instance:
    rng = random.Random(seed)
    sessions, panels, planted = [], [], []
    for day in range(days):
        for room in range(rooms):
            ids = []
            for half, (start, end) in (("matin", MORNING), ("après-midi", AFTERNOON)):
                sid = f"d{day + 1}-{half}-salle{room + 1}"
                sessions.append(
                    Session(sid, f"{room + 1}", f"jour {day + 1}", day * DAY + start, day * DAY + end, half)
                )
                ids.append(sid)
            panel = f"{day + 1}.{room + 1}"
            panels.append(PanelSeat(panel, tuple(f"{panel}/j{k}" for k in range(5)), tuple(ids)))
            for sid, (start, _end) in zip(ids, (MORNING, AFTERNOON), strict=True):
                for position in range(PER_SESSION):
                    planted.append((panel, sid, day, room // FLOOR, day * DAY + start + position * 40))
    # Candidates: 20 % heard by two panels of the same floor and day, at different times.
    rng.shuffle(planted)
    by_group: dict[tuple[int, int], list] = {}
    for item in planted:
        by_group.setdefault((item[2], item[3]), []).append(item)
    auditions, counter = [], 0
    for group in by_group.values():
        waiting = list(group)
        while waiting:
            first = waiting.pop()
            counter += 1
            candidate = f"cand{counter:05d}"
            partner = next(
                (x for x in waiting if rng.random() < 0.25 and x[0] != first[0] and abs(x[4] - first[4]) >= 40),
                None,
            )
            if partner is not None:
                waiting.remove(partner)
                for panel, _sid, _day, _floor, _start in (first, partner):
                    auditions.append(Audition(f"a{len(auditions):05d}", panel, candidate, FORMAT))
                continue
            available = ()
            if rng.random() < 0.3:
                session = next(s for s in sessions if s.id == first[1])
                if rng.random() < 0.5:
                    available = ((session.start, session.end),)
                else:
                    presence = first[4] + 5
                    lead = rng.choice([0, 20, 40, 60])
                    available = ((presence - lead, presence - lead + 120),)
            auditions.append(Audition(f"a{len(auditions):05d}", first[0], candidate, FORMAT, available))
    return Instance(auditions, panels, sessions, RULES, time_limit=time_limit)


def instance_2020():
    """The panel engine's 2020 case, turned into the timetable engine's instance."""
    from eig.engines import panels as panels_engine
    from tests.engines import jury_2020

    started = time.perf_counter()
    formed = panels_engine.solve(jury_2020.instance_2020())
    formed_seconds = time.perf_counter() - started
    dates = sorted({h.date for h in jury_2020.HALF_DAYS})
    window = {
        h.id: (
            dates.index(h.date) * DAY + h.start.hour * 60 + h.start.minute,
            dates.index(h.date) * DAY + h.end.hour * 60 + h.end.minute,
        )
        for h in jury_2020.HALF_DAYS
    }
    sessions = [
        Session(f"{h.id}/{r.id}", r.label, h.date.isoformat(), *window[h.id])
        for h in jury_2020.HALF_DAYS
        for r in jury_2020.ROOMS
    ]
    fmt = Format("Audition de défi (2020)", tuple(Segment(*s) for s in jury_2020.AUDITION_FORMAT))
    seats = [PanelSeat(str(p.index + 1), tuple(p.jurors), (p.slot.id,)) for p in formed.panels]
    auditions = [Audition(c, str(p.index + 1), c, fmt) for p in formed.panels for c in p.items]
    instance = Instance(
        auditions,
        seats,
        sessions,
        Rules(jury_2020.BREAK_EVERY, jury_2020.BREAK_MINUTES, general_grid_minutes=30),
        juror_available={r.id: tuple(window[h] for h in r.available) for r in jury_2020.JURORS},
        names=jury_2020.labels(),
    )
    return instance, formed.status, formed_seconds


def _figures(label: str, instance: Instance, target_seconds: float, result=None) -> tuple[list[Figure], str]:
    result = result or solve(instance)
    problems = validate(instance, result)
    figures = [
        Figure(f"{label}: solve time", result.wall_seconds, "s", f"< {target_seconds:g}"),
        Figure(f"{label}: auditions scheduled", len(result.slots), "auditions", f"== {len(instance.auditions)}"),
        Figure(f"{label}: solved to a proven optimum (1 = optimal, 0 = feasible)", result.status == "optimal", "bool"),
        Figure(f"{label}: hard rules broken (validator)", len(problems), "rules", "== 0"),
        Figure(f"{label}: objective", result.objective or 0, "points"),
        Figure(f"{label}: bound", result.bound or 0, "points"),
        Figure(f"{label}: gap", (result.gap or 0) * 100, "%"),
    ]
    note = (
        f"{label}: status {result.status}, tie-break {'proven' if result.canonical else 'NOT proven'}, "
        f"{result.components} independent sub-problem(s), {len(instance.panels)} panels, "
        f"{len(instance.sessions)} sessions, digest {result.digest[:16]}…"
    )
    return figures, note


def _runs(instance: Instance, runs: int = 5):
    """The instance solved `runs` times with 1 and 8 workers alternately."""
    return [solve(dataclasses.replace(instance, workers=1 if k % 2 else 8)) for k in range(runs)]


@benchmark(
    "timetable",
    title="Audition timetable: the 2020 challenge jury, 200 and 2,000 candidate auditions, shared rooms",
    description=__doc__.split("\n\n", 1)[1].strip(),
)
def timetable():
    figures, notes = [], []
    instance, panels_status, panels_seconds = instance_2020()
    found, note = _figures("2020 challenge jury (21 auditions)", instance, 2)
    figures += found
    notes.append(f"{note} Panels formed first by the panel engine ({panels_status}, {panels_seconds:.2f} s).")
    started = time.perf_counter()
    instance = candidates_instance(days=5, rooms=4, time_limit=10)
    built = time.perf_counter() - started
    runs = _runs(instance)
    found, note = _figures("200 candidate auditions, 5 days × 4 rooms", instance, 10, runs[0])
    figures += found
    figures.append(
        Figure(
            "200 candidate auditions: distinct results over 5 runs (workers 8, 1, 8, 1, 8)",
            len({r.digest for r in runs}),
            "results",
            "== 1",
        )
    )
    notes.append(
        f"{note} Instance built in {built:.2f} s (seed {SEED}). Five runs: digests "
        f"{', '.join(sorted({r.digest[:16] for r in runs}))}; tie-break proven in "
        f"{sum(r.canonical for r in runs)} of 5; times {', '.join(f'{r.wall_seconds:.1f}' for r in runs)} s."
    )
    started = time.perf_counter()
    instance = candidates_instance(days=5, rooms=40, time_limit=50)
    built = time.perf_counter() - started
    found, note = _figures("2,000 candidate auditions, 5 days × 40 rooms", instance, 60)
    figures += found
    notes.append(f"{note} Instance built in {built:.2f} s (seed {SEED}); time limit 50 s.")
    instance = shared_rooms_instance(time_limit=60)
    result = solve(instance)
    label = "Shared rooms, 200 auditions, 10 panels per room"
    figures += [
        Figure(f"{label}: solved to a proven optimum (1 = optimal, 0 = feasible)", result.status == "optimal", "bool"),
        Figure(f"{label}: gap", (result.gap if result.gap is not None else 1) * 100, "%", "<= 1"),
        Figure(f"{label}: solve time", result.wall_seconds, "s", "<= 60"),
        Figure(f"{label}: hard rules broken (validator)", len(validate(instance, result)), "rules", "== 0"),
        Figure(f"{label}: auditions scheduled", len(result.slots), "auditions", f"== {len(instance.auditions)}"),
    ]
    notes.append(
        f"{label}: status {result.status}, tie-break {'proven' if result.canonical else 'NOT proven'}, "
        f"{result.components} sub-problems, 4 rooms × 10 half-days, seed {SHARED_SEED}, time limit 60 s, "
        f"digest {result.digest[:16]}…. Before issue 19: « unknown » (no schedule; the first room's "
        "sub-problem used its share and stopped the run)."
    )
    return Result(figures=figures, notes=notes)
