"""Panels that share a room's half-days, for the timetable engine's tests and benchmark (issue 19).

Pure Python, no Django. `shared_rooms_instance()` builds, from a seed, a week of candidate
auditions where the staff did not fix each panel's half-day: each room has its half-days
(`days` × morning and afternoon, 9:00–12:30 and 14:00–17:30), and the `panels_per_room` panels
of a room may sit in any of them; the engine chooses when each panel sits, and in which order
it hears its candidates. The default is the benchmark's scale: 4 rooms × 10 panels × 5
auditions = 200 auditions, 40 sessions.

The rules are the candidate benchmark's (tests/bench/timetable.py): a 30-minute format (5 min
reading, 20 min interview, 5 min deliberation), a 10-minute break after every audition (two in
a row would exceed 40 minutes of work), a 15-minute general grid, at most 2 half-days per juror.
A panel of 5 needs 5 × 30 + 4 × 10 + 15 = 205 of a half-day's 210 minutes, so a room's panels
fill its half-days one each, and the engine must find which panel goes where.

The instance is built around a planted schedule, so it is feasible: each panel gets one of its
room's half-days (a random one, without repeats while there are half-days left). Around it,
`heard_twice` of the candidates are heard by two panels of the same room (so a candidate is never
expected in two places at once, and the room's panels form one independent sub-problem), and
`with_window` of the others give an availability window: the planted half-day, or its whole day.
"""

import random

from eig.engines.timetable import Audition, Instance, PanelSeat, Rules, Session, candidate_format

DAY = 1440
HALVES = (("matin", 9 * 60, 12 * 60 + 30), ("après-midi", 14 * 60, 17 * 60 + 30))
FORMAT = candidate_format(reading=5, interview=20, deliberation=5)  # 30 minutes
RULES = Rules(break_every=40, break_minutes=10, max_half_days_per_juror=2, general_grid_minutes=15)
SEED = 20260319


def shared_rooms_instance(
    rooms: int = 4,
    panels_per_room: int = 10,
    auditions_per_panel: int = 5,
    days: int = 5,
    *,
    seed: int = SEED,
    heard_twice: float = 0.2,
    with_window: float = 0.3,
    time_limit: float = 60.0,
    workers: int = 8,
) -> Instance:
    rng = random.Random(seed)
    sessions: list[Session] = []
    panels: list[PanelSeat] = []
    auditions: list[Audition] = []
    candidates = 0
    for room in range(rooms):
        mine = []
        for day in range(days):
            for half, start, end in HALVES:
                session = Session(
                    f"j{day + 1}-{half}-salle{room + 1}",
                    f"{room + 1}",
                    f"jour {day + 1}",
                    day * DAY + start,
                    day * DAY + end,
                    half,
                )
                sessions.append(session)
                mine.append(session)
        planted = []  # (panel, session, start)
        order: list[Session] = []
        for k in range(panels_per_room):
            if not order:
                order = rng.sample(mine, len(mine))
            session = order.pop()
            panel = f"{room + 1}.{k + 1}"
            panels.append(PanelSeat(panel, tuple(f"{panel}/juré{j + 1}" for j in range(5)), tuple(s.id for s in mine)))
            planted += [(panel, session, session.start + 40 * position) for position in range(auditions_per_panel)]
        rng.shuffle(planted)
        while planted:
            first = planted.pop()
            candidates += 1
            candidate = f"cand{candidates:04d}"
            partner = next(
                (x for x in planted if x[0] != first[0] and abs(x[2] - first[2]) >= 40 and rng.random() < heard_twice),
                None,
            )
            if partner is not None:
                planted.remove(partner)
                for panel, _session, _start in (first, partner):
                    auditions.append(Audition(f"a{len(auditions) + 1:04d}", panel, candidate, FORMAT))
                continue
            available = ()
            if rng.random() < with_window:
                session = first[1]
                midnight = session.start - session.start % DAY
                available = ((session.start, session.end),) if rng.random() < 0.5 else ((midnight, midnight + DAY),)
            auditions.append(Audition(f"a{len(auditions) + 1:04d}", first[0], candidate, FORMAT, available))
    return Instance(auditions, panels, sessions, RULES, time_limit=time_limit, workers=workers)
