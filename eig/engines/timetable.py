"""Audition timetable: when and where each panel hears each auditionee, solved with CP-SAT.

Pure: plain dataclasses in and out, no Django.

Time. Every time is an integer number of minutes on ONE timeline, from a reference such as
midnight of the first day: 09:00 on the first day is 540, 09:00 on the second day is
1440 + 540 = 1980. `Session.day` is a label (shown to people, used to count half-days); the
half ("matin" / "après-midi") is `Session.half`, or derived from the time of day (before 13 h
is the morning) when left empty.

The rules (issue 6, `reference/rules/Guide_jury_EIG4.txt`):
- each audition is held once, inside one of its panel's sessions (a half-day in a room);
- a room hosts one audition at a time, with `buffer` minutes of changeover between two;
- nobody is in two places at once: a juror sits the whole audition (and the general grid),
  the auditionee is present from the start of the first segment "with the auditionee" to the
  end of the last one (e.g. 10 min reading without them, 5 + 15 min with them, 10 min
  deliberation without them: present 20 minutes); `people` (e.g. a challenge's mentors) are
  present like the auditionee, or the whole audition when `people_whole_audition`;
- availability windows (auditionees', and `juror_available` for jurors and `people`);
- at most `max_half_days_per_juror` distinct half-days per juror;
- breaks (Guide du jury 2020: « une pause de 10 minutes toutes les 40 minutes »): a panel never
  works more than `break_every` minutes in a row; a stretch of work only ends with a gap of at
  least `break_minutes` between two auditions (shorter gaps, e.g. changeovers, count as work);
- the general grid (Guide du jury 2020, point 4: 30 minutes after the panel's last audition):
  `general_grid_minutes` right after the panel's last audition, in its room, with its jurors,
  before the end of that session;
- fixed starts (`fixed`, `fixed_session`) are respected.

Model. One start variable per audition, its domain already cut to the allowed sessions and the
availability windows (a window is an interval of allowed starts, so availability costs nothing
at search time); one presence literal per allowed session, an optional interval per session in
its room's NoOverlap (shifted by the buffer); one NoOverlap per panel; one NoOverlap per person
who appears in two panels. Breaks: when two back-to-back auditions of a panel already exceed
`break_every` (the 2020 case: 2 × 40 > 40), the rule is exactly "a gap of at least
`break_minutes` after every audition", i.e. the panel's intervals lengthened by the break in the
panel's NoOverlap. Otherwise the panel's auditions are ordered by a circuit and each audition
carries the start of its stretch: the stretch restarts after a gap of at least
`break_minutes`, else continues the previous one, and must end within `break_every` of its
start. The general grid is an interval starting at the maximum end of the panel's auditions.

Objective "compact": minimise the idle time inside each panel's half-days (last end − first
start, summed over panels and sessions; each half-day a panel sits beyond its first counts as a
whole half-day of waiting, so a panel is split over two half-days only when it must be), then
the makespans (last end − session start), i.e. one block per half-day, starting as early as the
rules allow; "earliest": only the makespans (and the same cost of a return); "feasible": any
schedule. Redundant linear constraints give the LP its bound: a block lasts at least its
auditions and the pauses between them, summed per panel with its count of sessions (presolve
turns the per-session forms into enforced constraints the LP loses), what a session's room holds
fits in its minutes, a start lies inside its chosen session. Two auditions of a panel that could
swap their slots unnoticed (same length, allowed starts and attendees, an auditionee heard
nowhere else) are held in the order of their ids (symmetry breaking). A greedy schedule (panels
most constrained first, each audition at its earliest allowed start) is CP-SAT's hint.

Decomposition (exact). Panels are grouped into connected components: two panels are linked when
they share a person (juror, auditionee, other attendee) or may use the same room at overlapping
times. No constraint links two components (rooms, people and half-day counts all stay inside
one) and the objective is a sum over panels, so solving each component alone and adding the
results gives exactly the optimum of the whole, with the bound the sum of the bounds. In the
usual case (each panel fixed to its own half-day and room by the panel engine) a component is
one panel, a model of a few dozen variables.

One result per instance (issue 19, `eig/engines/canonical.py`). Among the optimal timetables,
the engine returns the one of least tie-break weight: each audition's presence in each session
keyed (audition id, session id) with the isolation weights, its start keyed (audition id,
"début") with smaller weights (weight × start summed stays below 2^52). A component of several
panels is settled panel by panel (`_panel_by_panel`): the panels with the fewest sessions that
can hold them first, then by id; each gets, among its best schedules as if alone that fit with
the panels already placed, the one of least weight. A panel's best alone bounds its part of the
objective from below, so when every panel reaches it the component is optimal; every step is a
proven optimum of a one-panel problem, so the result is the same whatever the workers, the load
or the order of the lists. When a panel cannot reach its best next to the others, the component
is solved whole (stage 1, then the least weight over the whole component, which CP-SAT may not
prove in time: the result then says it is not canonical). The digest (`Timetable.digest`) names
the engine's VERSION, the rules, formats, fixed starts and sessions, the objective, and the slots.

Time budget. Components are solved largest first, each with its share of the time left in
proportion to its auditions: the time one leaves goes to the next. A component that finds no
schedule in its share waits, and is tried again with all the time left at the end; only then
does the run answer « unknown », saying how many groups were placed and in how long, and which
group found nothing in how many seconds.

Infeasibility. `diagnose` runs pre-checks that name the binding rule in French, with the sum
that does not fit: a half-day too short for its panel (« 5 × 40 min + 4 pauses de 10 min + 30
min de grille générale = 270 min > 210 min »), a panel that none of its sessions can hold in as
many half-days as its jurors may sit, a room that cannot hold the panels that sit nowhere else
(« il manque 30 minutes »), an auditionee never available, a juror needed on too many
half-days, … When CP-SAT proves infeasibility without a pre-check hit, the component is
re-solved with one rule family lifted at a time, and the explanation names the families whose
lifting alone makes a schedule exist.

Manual changes: `check_move` / `apply_move` (a staff member moves one slot, every other slot
stays; the move is refused with the reasons in French), `shift_room` ("running late by N
minutes": the following slots of a room that day move together, unchecked).

Sources: `reference/algorithms-perf.md` §4 (CP-SAT intervals + NoOverlap; 8 workers even on 2
cores), issue 6.
"""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from .canonical import (
    WEIGHT_BITS,
    CanonicalSolve,
    canonical_json,
    isolation_weight,
    result_digest,
    solve_canonical,
)

ENGINE = "timetable"
VERSION = "2026.12-1"  # bumped when the model, the objective or the tie-break changes (it enters the digest)

# --- Data in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    label: str
    minutes: int
    with_auditionee: bool


@dataclass(frozen=True)
class Format:
    name: str
    segments: tuple[Segment, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.segments)

    @property
    def presence(self) -> tuple[int, int] | None:
        """Offsets (from the start) during which the auditionee is present: from the start of
        the first segment with them to the end of the last one; None when no segment needs them."""
        offset, first, last = 0, None, None
        for segment in self.segments:
            if segment.with_auditionee and segment.minutes > 0:
                first = offset if first is None else first
                last = offset + segment.minutes
            offset += segment.minutes
        return None if first is None else (first, last)


# Guide du jury 2020 : 10 min de mise en commun sans les mentors, 20 min d'audition
# (5 min de présentation + 15 min de questions), 10 min de délibération.
CHALLENGE_FORMAT_2020 = Format(
    "Audition de défi (2020)",
    (
        Segment("Lecture et mise en commun", 10, False),
        Segment("Présentation", 5, True),
        Segment("Questions", 15, True),
        Segment("Délibération", 10, False),
    ),
)


def candidate_format(reading: int = 5, interview: int = 25, deliberation: int = 10, name: str = "") -> Format:
    """The candidate audition: reading without the candidate, the interview with them,
    deliberation without them; each length configurable."""
    return Format(
        name or f"Audition de candidat ({reading} + {interview} + {deliberation} min)",
        (
            Segment("Lecture du dossier", reading, False),
            Segment("Entretien", interview, True),
            Segment("Délibération", deliberation, False),
        ),
    )


CANDIDATE_FORMAT = candidate_format()

Window = tuple[int, int]  # [start, end) in minutes


@dataclass(frozen=True)
class Session:
    """A half-day in a room: auditions of the panels allowed here fit in [start, end)."""

    id: str
    room: str
    day: str
    start: int
    end: int
    half: str = ""  # "matin" / "après-midi"; derived from the time of day when empty

    @property
    def half_day(self) -> tuple[str, str]:
        return (self.day, self.half or ("matin" if self.start % 1440 < 13 * 60 else "après-midi"))

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Audition:
    id: str
    panel: str
    auditionee: str
    format: Format
    available: tuple[Window, ...] = ()  # when the auditionee can be present; empty = any time
    people: tuple[str, ...] = ()  # others who must attend, e.g. the challenge's mentors
    people_whole_audition: bool = False  # False: present like the auditionee; True: the whole audition


@dataclass(frozen=True)
class PanelSeat:
    id: str
    jurors: tuple[str, ...]
    sessions: tuple[str, ...] = ()  # the sessions this panel may use; empty = any session


@dataclass(frozen=True)
class Rules:
    break_every: int = 40  # at most this many minutes of work in a row (0 = no break rule)
    break_minutes: int = 10  # a gap this long ends a stretch of work
    buffer: int = 0  # changeover between two auditions in a room
    max_half_days_per_juror: int = 1  # 0 = no limit
    general_grid_minutes: int = 0  # after each panel's last audition (2020: 30)


@dataclass
class Instance:
    auditions: Sequence[Audition]
    panels: Sequence[PanelSeat]
    sessions: Sequence[Session]
    rules: Rules = field(default_factory=Rules)
    # Availability windows by person id: jurors, and the `people` of auditions. Absent = any time.
    juror_available: dict[str, tuple[Window, ...]] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)  # audition id -> forced start
    fixed_session: dict[str, str] = field(default_factory=dict)  # audition id -> forced session
    time_limit: float = 10.0
    workers: int = 8
    objective: str = "compact"  # "compact", "earliest" or "feasible"
    names: dict[str, str] = field(default_factory=dict)  # person id -> name shown in messages
    seed: int = 0


# --- Data out --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    audition: str
    panel: str
    session: str
    room: str
    day: str
    start: int
    end: int
    segments: list[tuple[str, int, int, bool]]  # (label, start, end, with the auditionee)


@dataclass(frozen=True)
class Grid:
    """The general grid of a panel: right after its last audition, in the same room."""

    panel: str
    session: str
    room: str
    day: str
    start: int
    end: int


@dataclass
class Timetable:
    status: str  # "optimal", "feasible", "infeasible", "unknown" (no schedule in time) or "error"
    slots: list[Slot]
    objective: int | None  # the "compact" objective (see the module doc); None without schedule
    bound: float | None  # the solver's proven lower bound on it
    gap: float | None  # (objective − bound) / objective, a fraction (0.0 when optimal)
    wall_seconds: float
    explanation: str  # in French: what was solved, or which rule makes it impossible
    grids: list[Grid] = field(default_factory=list)
    components: int = 0  # independent sub-problems solved
    digest: str = ""  # SHA-256 of the engine, its version, the decision's parameters and the slots
    canonical: bool = False  # the tie-break was proven: any run returns these slots

    def by_room(self) -> dict[str, list[Slot]]:
        """Room -> its slots in time order; rooms in alphabetical order."""
        return _grouped(self.slots, lambda s: [s.room])

    def by_panel(self) -> dict[str, list[Slot]]:
        return _grouped(self.slots, lambda s: [s.panel])

    def by_person(self, instance: Instance) -> dict[str, list[Slot]]:
        """Person id (jurors, auditionees, other attendees) -> the slots they attend, in time order."""
        panels = {p.id: p for p in instance.panels}
        auditions = {a.id: a for a in instance.auditions}

        def people(slot: Slot) -> list[str]:
            audition = auditions.get(slot.audition)
            seat = panels.get(slot.panel)
            found = list(seat.jurors) if seat else []
            if audition:
                found += [audition.auditionee, *audition.people]
            return list(dict.fromkeys(found))

        return _grouped(self.slots, people)

    def slot(self, audition_id: str) -> Slot | None:
        return next((s for s in self.slots if s.audition == audition_id), None)


def _grouped(slots: Iterable[Slot], keys) -> dict[str, list[Slot]]:
    grouped: dict[str, list[Slot]] = {}
    for slot in slots:
        for key in keys(slot):
            grouped.setdefault(key, []).append(slot)
    return {k: sorted(grouped[k], key=lambda s: (s.start, s.room, s.audition)) for k in sorted(grouped)}


class MoveRefused(ValueError):
    """A manual move breaks a rule; `reasons` are the French « Refusé : … » sentences."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# --- French words ----------------------------------------------------------------------------


def hm(minutes: int) -> str:
    """9 h, 10 h 20 (time of day of a point on the timeline)."""
    h, m = divmod(minutes % 1440, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def _span(start: int, end: int) -> str:
    return f"{hm(start)} – {hm(end)}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _room(room: str) -> str:
    return room if room.lower().startswith("salle") else f"salle {room}"


def _windows_text(windows: Iterable[Window]) -> str:
    return ", ".join(_span(a, b) for a, b in windows) or "aucune"


def _feminine(name: str) -> str:
    if name.startswith(("Mme", "Madame")):
        return "e"
    if name.startswith(("M.", "Monsieur")):
        return ""
    return "(e)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


# --- Intervals of integers (inclusive bounds) ------------------------------------------------


def _merge(windows: Iterable[Window]) -> list[Window]:
    """Half-open windows merged when they overlap or touch."""
    merged: list[list[int]] = []
    for a, b in sorted(w for w in windows if w[1] > w[0]):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _intersect(xs: list[Window], ys: list[Window]) -> list[Window]:
    """Intersection of two unions of inclusive integer intervals."""
    out, i, j = [], 0, 0
    xs, ys = sorted(xs), sorted(ys)
    while i < len(xs) and j < len(ys):
        lo, hi = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return out


def _union(parts: Iterable[list[Window]]) -> list[Window]:
    merged: list[list[int]] = []
    for a, b in sorted(w for part in parts for w in part):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _starts_within(windows: Iterable[Window], offset: int, length: int) -> list[Window]:
    """Starts s such that [s + offset, s + offset + length) lies inside one merged window."""
    return [(a - offset, b - offset - length) for a, b in _merge(windows) if b - a >= length]


def _inside(windows: Iterable[Window], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in _merge(windows))


# --- Preparation shared by the solver, the pre-checks and the validator ----------------------


RELAXABLE = {
    "breaks": "la règle des pauses",
    "auditionee_availability": "les disponibilités des personnes auditionnées",
    "juror_availability": "les disponibilités des jurés et des autres participants",
    "half_days": "le nombre maximal de demi-journées par juré",
    "persons": "l'interdiction d'être à deux endroits à la fois",
    "rooms": "une seule audition à la fois par salle",
    "buffer": "le temps de changement entre deux auditions",
    "grid": "le temps réservé à la grille générale",
    "fixed": "les créneaux imposés",
}


class _Prep:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.rules = instance.rules
        self.sessions = {s.id: s for s in instance.sessions}
        self.panels = {p.id: p for p in instance.panels}
        self.auditions = {a.id: a for a in instance.auditions}
        self.by_panel: dict[str, list[str]] = {p.id: [] for p in instance.panels}
        for a in instance.auditions:
            self.by_panel.setdefault(a.panel, []).append(a.id)
        order = {s.id: i for i, s in enumerate(instance.sessions)}
        self.allowed: dict[str, list[str]] = {}
        for p in instance.panels:
            sids = [sid for sid in p.sessions if sid in self.sessions] if p.sessions else list(self.sessions)
            self.allowed[p.id] = sorted(dict.fromkeys(sids), key=order.__getitem__)
        self.windows = {pid: _merge(ws) for pid, ws in instance.juror_available.items()}
        self.whole: set[tuple[str, ...]] = set()  # components that must be solved whole (see `_panel_by_panel`)
        self.juror_panels: dict[str, list[str]] = {}
        for p in instance.panels:
            for j in dict.fromkeys(p.jurors):
                self.juror_panels.setdefault(j, []).append(p.id)

    def name(self, person: str) -> str:
        return self.instance.names.get(person, person)

    def label(self, aid: str) -> str:
        a = self.auditions.get(aid)
        return f"l'audition de {self.name(a.auditionee)}" if a else f"l'audition {aid}"

    def breaks_on(self, relax=frozenset()) -> bool:
        return self.rules.break_every > 0 and self.rules.break_minutes > 0 and "breaks" not in relax

    def describe(self, session: Session) -> str:
        day, half = session.half_day
        return f"{_room(session.room)}, {day} {half}, {_span(session.start, session.end)}"

    def start_domain(self, aid: str, sid: str, relax=frozenset()) -> list[Window]:
        """Allowed starts of an audition in a session: inside the session (and before the
        general grid when the panel has this session only), within every availability, fixed."""
        a, s = self.auditions[aid], self.sessions[sid]
        d = a.format.minutes
        hi = s.end - d
        if "grid" not in relax and len(self.allowed[a.panel]) == 1:
            hi -= self.rules.general_grid_minutes
        dom = [(s.start, hi)] if hi >= s.start else []
        if "fixed" not in relax:
            if aid in self.instance.fixed_session and self.instance.fixed_session[aid] != sid:
                return []
            if aid in self.instance.fixed:
                dom = _intersect(dom, [(self.instance.fixed[aid], self.instance.fixed[aid])])
        presence = a.format.presence
        if "auditionee_availability" not in relax and a.available and presence:
            dom = _intersect(dom, _starts_within(a.available, presence[0], presence[1] - presence[0]))
        if "juror_availability" not in relax:
            for j in self.panels[a.panel].jurors:
                if j in self.windows:
                    dom = _intersect(dom, _starts_within(self.windows[j], 0, d))
            for p in a.people:
                if p in self.windows:
                    if a.people_whole_audition:
                        dom = _intersect(dom, _starts_within(self.windows[p], 0, d))
                    elif presence:
                        dom = _intersect(dom, _starts_within(self.windows[p], presence[0], presence[1] - presence[0]))
        return dom

    def grid_domain(self, pid: str, sid: str, relax=frozenset()) -> list[Window]:
        grid = 0 if "grid" in relax else self.rules.general_grid_minutes
        s = self.sessions[sid]
        dom = [(s.start, s.end - grid)] if s.end - grid >= s.start else []
        if grid and "juror_availability" not in relax:
            for j in self.panels[pid].jurors:
                if j in self.windows:
                    dom = _intersect(dom, _starts_within(self.windows[j], 0, grid))
        return dom

    def components(self) -> list[list[str]]:
        """Panels linked by a shared person or a shared room at overlapping times (see the doc)."""
        panels = [p for p in self.panels if self.by_panel.get(p)]
        parent = {p: p for p in panels}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def link(group):
            group = [p for p in group if p in parent]
            for p in group[1:]:
                parent[find(p)] = find(group[0])

        persons: dict[str, set[str]] = {}
        for p in panels:
            for j in self.panels[p].jurors:
                persons.setdefault(j, set()).add(p)
            for aid in self.by_panel[p]:
                a = self.auditions[aid]
                for person in (a.auditionee, *a.people):
                    persons.setdefault(person, set()).add(p)
        for group in persons.values():
            link(sorted(group))
        users: dict[str, list[str]] = {}
        for p in panels:
            for sid in self.allowed[p]:
                users.setdefault(sid, []).append(p)
        by_room: dict[str, list[Session]] = {}
        for sid in users:
            by_room.setdefault(self.sessions[sid].room, []).append(self.sessions[sid])
        # Sessions of one room whose times overlap (changeover and grid included) are one resource.
        margin = self.rules.buffer + self.rules.general_grid_minutes
        for sessions in by_room.values():
            sessions.sort(key=lambda s: (s.start, s.end))
            anchor, reach = None, None
            for s in sessions:
                link(users[s.id])
                if reach is not None and s.start < reach + margin:
                    link([anchor, users[s.id][0]])
                    reach = max(reach, s.end)
                else:
                    anchor, reach = users[s.id][0], s.end
        groups: dict[str, list[str]] = {}
        for p in panels:
            groups.setdefault(find(p), []).append(p)
        return list(groups.values())


# --- Pre-checks ------------------------------------------------------------------------------


def _arithmetic(prep: _Prep, durations: list[int], grids: int = 0, pieces: int = 1) -> tuple[int, str, bool]:
    """The least time one panel needs for auditions of these lengths held in `pieces` half-days
    (each one saves a pause: the panel rests between two half-days), with `grids` minutes of
    general grid, as a sum in words: (total, « 8 × 40 min + 7 pauses de 10 min », pauses counted).

    In one piece: without the break rule, a changeover between two auditions; with a break after
    every audition (two in a row exceed `break_every`), a pause of max(break, changeover) between
    two; else each stretch holds whole auditions within `break_every`, Σd + (n − k)·buffer ≤ k·B,
    so at least k stretches, k − 1 pauses and n − k changeovers. In m pieces, each piece is such
    a sum: m − 1 pauses fewer (changeovers once the pauses are gone), never less."""
    rules = prep.rules
    n, work, buffer = len(durations), sum(durations), rules.buffer
    if not prep.breaks_on():
        pause, pauses, changes = 0, 0, n - 1
    else:
        pause = max(rules.break_minutes, buffer)
        if 2 * min(durations) > rules.break_every:  # a break after every audition
            pauses, changes = n - 1, 0
        else:
            stretches = max(1, -(-(work + n * buffer) // (rules.break_every + buffer)))
            pauses, changes = stretches - 1, n - stretches
    saved = min(pieces - 1, pauses)
    pauses -= saved
    changes = max(changes - (pieces - 1 - saved), 0)
    total = work + pauses * pause + changes * buffer + grids
    counts: dict[int, int] = {}
    for d in durations:
        counts[d] = counts.get(d, 0) + 1
    terms = [f"{k} × {d} min" for d, k in sorted(counts.items(), reverse=True)]
    if pauses:
        terms.append(f"{pauses} pause{'s' if pauses > 1 else ''} de {pause} min")
    if changes and buffer:
        terms.append(f"{changes} changement{'s' if changes > 1 else ''} de salle de {buffer} min")
    if grids:
        terms.append(f"{grids} min de grille générale")
    return total, " + ".join(terms), pauses > 0


def _pause_rule(prep: _Prep) -> str:
    return f" (règle des pauses : pas plus de {prep.rules.break_every} minutes de travail d'affilée)"


def _panel_time(prep: _Prep, p: str) -> list[str]:
    """A panel needs more time than its sessions hold: in its one session; or in as many of its
    half-days as its jurors may sit (each half-day holds one piece of the panel's work, the union
    of its sessions that half-day: the panel is in one place at a time)."""
    rules = prep.rules
    aids = prep.by_panel[p]
    sids = prep.allowed[p]
    durations = [prep.auditions[a].format.minutes for a in aids]
    what = _lengths_text(prep, aids)
    if len(sids) == 1:
        s = prep.sessions[sids[0]]
        need, text, paused = _arithmetic(prep, durations, rules.general_grid_minutes)
        if need <= s.minutes:
            return []
        return [
            f"Le jury {p} doit entendre {what} dans sa demi-journée ({prep.describe(s)}) : {text} = {need} min > "
            f"{s.minutes} min{_pause_rule(prep) if paused else ''}."
        ]
    halves: dict[tuple[str, str], list[Session]] = {}
    for sid in sids:
        halves.setdefault(prep.sessions[sid].half_day, []).append(prep.sessions[sid])
    room = {h: sum(b - a for a, b in _merge((x.start, x.end) for x in group)) for h, group in halves.items()}
    limit = rules.max_half_days_per_juror if prep.panels[p].jurors else 0
    pieces = min(limit or len(halves), len(halves), len(durations))
    need, text, paused = _arithmetic(prep, durations, rules.general_grid_minutes, pieces)
    largest = sorted(room.values(), reverse=True)[:pieces]
    if need <= sum(largest):
        return []
    listed = " ; ".join(
        f"{prep.describe(x)} ({x.minutes} min)"
        for x in sorted((prep.sessions[i] for i in sids), key=lambda x: (x.start, x.id))
    )
    rule = _pause_rule(prep) if paused else ""
    if pieces == 1:
        return [
            f"Le jury {p} doit entendre {what} en une seule demi-journée (au plus 1 demi-journée par juré) : "
            f"{text} = {need} min{rule}, mais aucune de ses demi-journées n'en compte autant : {listed}."
        ]
    bound = f" (au plus {limit} par juré)" if limit and limit < len(halves) else ""
    return [
        f"Le jury {p} doit entendre {what} en {pieces} demi-journées au plus{bound}, une pause de moins par "
        f"demi-journée de plus : {text} = {need} min{rule}, mais ses {pieces} plus longues demi-journées n'en "
        f"comptent que {sum(largest)} ({listed}) : il manque {need - sum(largest)} minutes."
    ]


def _room_time(prep: _Prep) -> list[str]:
    """The panels that can only sit in one room need, together, more of it than its sessions
    hold: their auditions, general grids and changeovers (their pauses may serve another panel)."""
    rules = prep.rules
    confined: dict[str, list[str]] = {}
    for p in prep.panels:
        rooms = {prep.sessions[s].room for s in prep.allowed[p]}
        if prep.by_panel.get(p) and len(rooms) == 1:
            confined.setdefault(rooms.pop(), []).append(p)
    found = []
    for room, pids in confined.items():
        if len(pids) < 2:
            continue  # one panel: `_panel_time`
        sessions = sorted({s for p in pids for s in prep.allowed[p]}, key=lambda s: (prep.sessions[s].start, s))
        windows = _merge((prep.sessions[s].start, prep.sessions[s].end) for s in sessions)
        hold = sum(b - a for a, b in windows)
        durations = [prep.auditions[a].format.minutes for p in pids for a in prep.by_panel[p]]
        changes = max(len(durations) - len(windows), 0) if rules.buffer else 0
        grids = len(pids) * rules.general_grid_minutes
        need = sum(durations) + grids + changes * rules.buffer
        if need <= hold:
            continue
        counts: dict[int, int] = {}
        for d in durations:
            counts[d] = counts.get(d, 0) + 1
        terms = [f"{k} × {d} min" for d, k in sorted(counts.items(), reverse=True)]
        if grids:
            terms.append(f"{len(pids)} × {rules.general_grid_minutes} min de grille générale")
        if changes:
            terms.append(f"{changes} changements de salle de {rules.buffer} min")
        listed = " ; ".join(f"{prep.describe(prep.sessions[s])} ({prep.sessions[s].minutes} min)" for s in sessions)
        found.append(
            f"La {_room(room)} doit accueillir les jurys {', '.join(pids)}, qui ne peuvent siéger ailleurs : "
            f"{' + '.join(terms)} = {need} min, mais ses demi-journées n'en comptent que {hold} ({listed}) : "
            f"il manque {need - hold} minutes."
        )
    return found


def _lengths_text(prep: _Prep, aids: list[str]) -> str:
    lengths = sorted({prep.auditions[a].format.minutes for a in aids})
    if len(lengths) == 1:
        return f"{_plural(len(aids), 'audition')} de {lengths[0]} minutes"
    return f"{_plural(len(aids), 'audition')} ({sum(prep.auditions[a].format.minutes for a in aids)} minutes en tout)"


def _prechecks(prep: _Prep) -> list[str]:
    inst, rules = prep.instance, prep.rules
    found: list[str] = []
    # Structure.
    for kind, ids in (
        ("audition", [a.id for a in inst.auditions]),
        ("jury", [p.id for p in inst.panels]),
        ("demi-journée", [s.id for s in inst.sessions]),
    ):
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            found.append(f"Identifiant de {kind} en double : {', '.join(doubles)}.")
    for s in inst.sessions:
        if s.end <= s.start:
            found.append(f"La demi-journée {s.id} finit avant de commencer ({_span(s.start, s.end)}).")
    for a in inst.auditions:
        if a.panel not in prep.panels:
            found.append(f"{_cap(prep.label(a.id))} ({a.id}) renvoie à un jury inconnu ({a.panel}).")
    for p in inst.panels:
        unknown = [sid for sid in p.sessions if sid not in prep.sessions]
        if unknown:
            found.append(f"Le jury {p.id} renvoie à des demi-journées inconnues : {', '.join(unknown)}.")
        elif prep.by_panel.get(p.id) and not prep.allowed[p.id]:
            found.append(f"Le jury {p.id} n'a aucune demi-journée pour ses auditions.")
    if inst.objective not in ("compact", "earliest", "feasible"):
        found.append(f"Objectif inconnu : {inst.objective} (compact, earliest ou feasible).")
    for aid in inst.fixed:
        if aid not in prep.auditions:
            found.append(f"Créneau imposé pour une audition inconnue ({aid}).")
    if found:
        return found
    # Formats longer than a stretch of work.
    if prep.breaks_on():
        for f in {a.format for a in inst.auditions}:
            if f.minutes > rules.break_every:
                found.append(
                    f"Le format « {f.name} » dure {f.minutes} minutes d'un seul tenant : plus que les "
                    f"{rules.break_every} minutes de travail autorisées sans pause (règle des pauses)."
                )
    # Each audition alone: session length, fixed start, availabilities.
    for a in inst.auditions:
        sids = prep.allowed[a.panel]
        sessions_text = " ; ".join(prep.describe(prep.sessions[s]) for s in sids)
        grid_text = (
            f" (avec les {rules.general_grid_minutes} minutes de grille générale)"
            if rules.general_grid_minutes and len(sids) == 1
            else ""
        )
        if not any(prep.start_domain(a.id, s, RELAXABLE.keys() - {"grid"}) for s in sids):
            found.append(
                f"{_cap(prep.label(a.id))} ({a.format.minutes} minutes{grid_text}) ne tient dans aucune "
                f"demi-journée du jury {a.panel} ({sessions_text})."
            )
            continue
        if not any(prep.start_domain(a.id, s, RELAXABLE.keys() - {"grid", "fixed"}) for s in sids):
            where = inst.fixed_session.get(a.id)
            at = f" à {hm(inst.fixed[a.id])}" if a.id in inst.fixed else ""
            found.append(
                f"{_cap(prep.label(a.id))} est imposée{at}"
                f"{' (' + prep.describe(prep.sessions[where]) + ')' if where in prep.sessions else ''}, "
                f"hors des demi-journées de son jury {a.panel} ({sessions_text}) (créneaux imposés)."
            )
            continue
        keep = RELAXABLE.keys() - {"grid", "fixed", "auditionee_availability"}
        if not any(prep.start_domain(a.id, s, keep) for s in sids):
            found.append(
                f"{prep.name(a.auditionee)} n'est disponible à aucun moment "
                f"des demi-journées de son jury {a.panel} ({sessions_text}) : ses disponibilités sont "
                f"{_windows_text(_merge(a.available))} (disponibilités des personnes auditionnées)."
            )
            continue
        if not any(prep.start_domain(a.id, s) for s in sids):
            blocking = [
                j
                for j in (*prep.panels[a.panel].jurors, *a.people)
                if j in prep.windows
                and not any(
                    _intersect(
                        prep.start_domain(a.id, s, RELAXABLE.keys() - {"grid", "fixed", "auditionee_availability"}),
                        _starts_within(prep.windows[j], 0, a.format.minutes),
                    )
                    for s in sids
                )
            ]
            if blocking:
                who = ", ".join(f"{prep.name(j)} ({_windows_text(prep.windows[j])})" for j in blocking)
                found.append(
                    f"Pour {prep.label(a.id)} (jury {a.panel}), n'est disponible à aucun moment de ses "
                    f"demi-journées ({sessions_text}) : {who} (disponibilités des jurés)."
                )
            else:
                found.append(
                    f"Les membres du jury {a.panel} et les personnes attendues ne sont jamais disponibles ensemble "
                    f"{a.format.minutes} minutes d'affilée pour {prep.label(a.id)} (disponibilités des jurés)."
                )
    if found:
        return found
    # Time needed by each panel versus its sessions (in as few half-days as its jurors may sit).
    for p in inst.panels:
        aids = prep.by_panel.get(p.id, [])
        if not aids:
            continue
        found += _panel_time(prep, p.id)
    # Time needed in each room by the panels that can only sit there.
    found += _room_time(prep)
    # Jurors: half-days and two panels on the same half-day.
    for juror, pids in prep.juror_panels.items():
        pids = [p for p in pids if prep.by_panel.get(p)]
        forced = {}
        for p in pids:
            halves = {prep.sessions[s].half_day for s in prep.allowed[p]}
            if len(halves) == 1:
                forced.setdefault(next(iter(halves)), []).append(p)
        limit = rules.max_half_days_per_juror
        if limit and len(forced) > limit:
            halves_text = ", ".join(f"{d} {h}" for d, h in sorted(forced))
            found.append(
                f"{prep.name(juror)} siège dans les jurys {', '.join(pids)}, qui se réunissent sur "
                f"{len(forced)} demi-journées différentes ({halves_text}) : au plus {limit} par juré "
                f"(demi-journées par juré)."
            )
        for half, group in forced.items():
            if len(group) < 2:
                continue
            sessions = [prep.sessions[s] for p in group for s in prep.allowed[p]]
            room_for = max(s.end for s in sessions) - min(s.start for s in sessions)
            # The juror sits every audition and grid of these panels (their breaks may overlap).
            needs = [
                sum(prep.auditions[a].format.minutes for a in prep.by_panel[p]) + rules.general_grid_minutes
                for p in group
            ]
            if sum(needs) > room_for:
                name = prep.name(juror)
                found.append(
                    f"{name} est attendu{_feminine(name)} dans les jurys {', '.join(group)} la même demi-journée "
                    f"({half[0]} {half[1]}) : ces jurys ont besoin de {' + '.join(map(str, needs))} minutes et "
                    f"on ne peut pas être à deux endroits à la fois ; la demi-journée n'en compte que {room_for}."
                )
    return found


def diagnose(instance: Instance) -> str | None:
    """Pre-checks naming the binding rule in French; None when none of them fails (the solver
    may still prove the instance infeasible: `solve` then says which rule family binds)."""
    found = _prechecks(_Prep(instance))
    return "\n".join(found) if found else None


# --- A greedy schedule, the solver's first hint ---------------------------------------------


class _Greedy:
    """Panels one after the other (most constrained first), each in the first of its sessions
    where its auditions fit one after the other, else over several sessions in time order;
    each audition at the earliest start its availabilities, the room, the people and the break
    rule allow. Not optimal, not always complete: only a hint that gives CP-SAT a schedule at
    once when panels share sessions (without it, finding a first one took most of the time)."""

    def __init__(self, prep: _Prep, panel_ids: list[str]):
        self.prep = prep
        self.rooms: dict[str, list[Window]] = {}  # room -> busy [start − buffer, end)
        self.people: dict[str, list[Window]] = {}  # person -> busy [start, end)
        self.halves: dict[str, set] = {}  # juror -> half-days already sat
        self.placed: dict[str, tuple[str, int]] = {}  # audition -> (session, start)
        order = sorted(panel_ids, key=lambda p: (len(prep.allowed[p]), -len(prep.by_panel[p]), p))
        for p in order:
            sessions = sorted(prep.allowed[p], key=lambda sid: (prep.sessions[sid].start, sid))
            if not any(self._panel(p, [sid]) for sid in sessions):
                self._panel(p, sessions)

    def _attends(self, aid: str, start: int) -> list[tuple[str, Window]]:
        prep = self.prep
        a = prep.auditions[aid]
        whole = (start, start + a.format.minutes)
        presence = a.format.presence
        part = (start + presence[0], start + presence[1]) if presence else None
        out = [(j, whole) for j in prep.panels[a.panel].jurors]
        out += [(x, whole if a.people_whole_audition else part) for x in a.people]
        out.append((a.auditionee, part))
        return [(x, w) for x, w in out if w is not None]

    @staticmethod
    def _clash(busy: Iterable[Window], lo: int, hi: int) -> int | None:
        """The latest end of the occupations overlapping [lo, hi), if any."""
        return max((b for a, b in busy if a < hi and lo < b), default=None)

    def _earliest(self, aid: str, sid: str, lo: int, hi: int, rooms: dict, people: dict) -> int | None:
        """The earliest start in [lo, hi] allowed in this session, free in the room and for
        everyone attending (`rooms`, `people`: this panel's tentative occupations)."""
        prep = self.prep
        buffer = prep.rules.buffer
        room = prep.sessions[sid].room
        d = prep.auditions[aid].format.minutes
        busy_room = self.rooms.get(room, []) + rooms.get(room, [])
        for a, b in prep.start_domain(aid, sid):
            t = max(a, lo)
            while t <= min(b, hi):
                end = self._clash(busy_room, t - buffer, t + d)
                if end is not None:
                    t = max(t + 1, end + buffer)
                    continue
                for person, (x, y) in self._attends(aid, t):
                    end = self._clash(self.people.get(person, []) + people.get(person, []), x, y)
                    if end is not None:
                        t = max(t + 1, end + t - x)
                        break
                else:
                    return t
        return None

    def _panel(self, p: str, sessions: list[str]) -> bool:
        prep, rules = self.prep, self.prep.rules
        limit, grid = rules.max_half_days_per_juror, rules.general_grid_minutes
        breaks, pause = prep.breaks_on(), max(rules.break_minutes, rules.buffer)
        special = breaks and 2 * min(prep.auditions[a].format.minutes for a in prep.by_panel[p]) > rules.break_every
        jurors = prep.panels[p].jurors
        rooms: dict[str, list[Window]] = {}
        people: dict[str, list[Window]] = {}
        halves = {j: set(self.halves.get(j, ())) for j in jurors}
        todo = sorted(prep.by_panel[p])
        placed: dict[str, tuple[str, int]] = {}
        last_end = stretch = None
        used: list[str] = []
        for sid in sessions:
            session = prep.sessions[sid]
            if limit and any(len(halves[j] | {session.half_day}) > limit for j in jurors):
                continue
            while todo:
                rested = session.start if last_end is None else max(session.start, last_end + pause)
                options = []  # (earliest, latest, start of the stretch it continues)
                if breaks and not special and stretch is not None:
                    options.append((max(session.start, last_end + rules.buffer), None, stretch))
                options.append((rested if breaks else max(session.start, (last_end or 0) + rules.buffer), None, None))
                best = None
                for aid in todo:
                    d = prep.auditions[aid].format.minutes
                    for lo, _hi, keep in options:
                        hi = session.end if keep is None else keep + rules.break_every - d
                        t = self._earliest(aid, sid, lo, hi, rooms, people)
                        if t is not None:
                            if best is None or t < best[0]:
                                best = (t, aid, keep)
                            break
                if best is None:
                    break
                t, aid, keep = best
                d = prep.auditions[aid].format.minutes
                placed[aid] = (sid, t)
                todo.remove(aid)
                rooms.setdefault(session.room, []).append((t - rules.buffer, t + d))
                for person, w in self._attends(aid, t):
                    people.setdefault(person, []).append(w)
                rested_now = last_end is None or t >= last_end + rules.break_minutes
                stretch = t if keep is None or rested_now else keep
                last_end = t + d
                if sid not in used:
                    used.append(sid)
                    for j in jurors:
                        halves[j].add(session.half_day)
            if not todo:
                break
        if todo or not used:
            return False
        if grid:  # the general grid, right after the last audition, in its room
            session = prep.sessions[used[-1]]
            g = (last_end, last_end + grid)
            if g[1] > session.end or self._clash(self.rooms.get(session.room, []), *g) is not None:
                return False
            for j in jurors:
                if j in prep.windows and not _inside(prep.windows[j], *g):
                    return False
                if self._clash(self.people.get(j, []) + people.get(j, []), *g) is not None:
                    return False
            rooms.setdefault(session.room, []).append(g)
            for j in jurors:
                people.setdefault(j, []).append(g)
        for room, windows in rooms.items():
            self.rooms.setdefault(room, []).extend(windows)
        for person, windows in people.items():
            self.people.setdefault(person, []).extend(windows)
        for j in jurors:
            self.halves[j] = halves[j]
        self.placed.update(placed)
        return True


# --- The model -------------------------------------------------------------------------------


class _Model:
    def __init__(
        self,
        prep: _Prep,
        panel_ids: list[str],
        relax: frozenset[str],
        context: list[str] | None = None,
        greedy: bool = True,
    ):
        self.prep, self.panel_ids, self.relax = prep, panel_ids, relax
        # The panels whose people count when telling interchangeable auditions apart (see
        # `_interchangeable`): the model's own, or more when it stands for a step of a larger one.
        self.context = panel_ids if context is None else context
        self.ok = True
        self.m = cp_model.CpModel()
        self.start: dict[str, cp_model.IntVar] = {}
        self.bounds: dict[str, tuple[int, int]] = {}
        self.present: dict[str, dict[str, cp_model.IntVar]] = {}
        self.grid_start: dict[str, dict[str, tuple]] = {}  # panel -> session -> (start expr, literal)
        self.used: dict[str, dict[str, cp_model.IntVar]] = {}  # panel -> session -> "holds an audition"
        # panel -> (idle, makespans): its part of the objective, weight·idle + makespans
        self.parts: dict[str, tuple[cp_model.LinearExprT, cp_model.LinearExprT]] = {}
        self.weight = 1
        self._build()
        if self.ok and not relax and greedy:
            self._hint(_Greedy(prep, panel_ids).placed)

    def _build(self):
        prep, m, relax = self.prep, self.m, self.relax
        rules = prep.rules
        buffer = 0 if "buffer" in relax else rules.buffer
        room_buffer = 0 if "rooms" in relax else buffer  # between two auditions of a panel in its room
        grid = 0 if "grid" in relax else rules.general_grid_minutes
        breaks = prep.breaks_on(relax)
        B, R = rules.break_every, rules.break_minutes
        room_intervals: dict[str, list] = {}
        whole: dict[str, cp_model.IntervalVar] = {}
        spans, makespans, returns = [], [], []
        grid_intervals: dict[str, list] = {}

        for p in self.panel_ids:
            marks = (len(spans), len(makespans), len(returns))
            aids = prep.by_panel[p]
            durations = {a: prep.auditions[a].format.minutes for a in aids}
            if breaks and max(durations.values()) > B:
                self.ok = False
                return
            used_sessions: list[str] = []
            for aid in aids:
                doms = {s: prep.start_domain(aid, s, relax) for s in prep.allowed[p]}
                doms = {s: dom for s, dom in doms.items() if dom}
                if not doms:
                    self.ok = False
                    return
                union = _union(doms.values())
                start = m.new_int_var_from_domain(cp_model.Domain.from_intervals([list(w) for w in union]), f"S{aid}")
                self.start[aid] = start
                self.bounds[aid] = (union[0][0], union[-1][1])
                self.present[aid] = {}
                for s, dom in doms.items():
                    lit = m.new_bool_var(f"p{aid}@{s}")
                    self.present[aid][s] = lit
                    if len(doms) > 1 and _union([dom]) != union:
                        m.add_linear_expression_in_domain(
                            start, cp_model.Domain.from_intervals([list(w) for w in dom])
                        ).only_enforce_if(lit)
                    if "rooms" not in relax:
                        room_intervals.setdefault(prep.sessions[s].room, []).append(
                            m.new_optional_fixed_size_interval_var(
                                start - buffer, durations[aid] + buffer, lit, f"r{aid}@{s}"
                            )
                        )
                    if s not in used_sessions:
                        used_sessions.append(s)
                m.add_exactly_one(self.present[aid].values())
                if len(doms) > 1:  # redundant, for the LP: the start lies in the chosen session
                    m.add(start >= sum(dom[0][0] * self.present[aid][s] for s, dom in doms.items()))
                    m.add(start <= sum(dom[-1][1] * self.present[aid][s] for s, dom in doms.items()))
                whole[aid] = m.new_fixed_size_interval_var(start, durations[aid], f"w{aid}")

            # The panel: one audition at a time, and the break rule.
            special = breaks and 2 * min(durations.values()) > B
            if len(aids) > 1:
                if special:
                    m.add_no_overlap(
                        [m.new_fixed_size_interval_var(self.start[a], durations[a] + R, f"b{a}") for a in aids]
                    )
                else:
                    m.add_no_overlap([whole[a] for a in aids])
                    if breaks:
                        self._stretches(aids, durations, B, R)

            # Spans (idle time) per session, and the general grid after the last audition.
            session_order = sorted(used_sessions, key=lambda s: (prep.sessions[s].start, prep.sessions[s].end, s))
            if len(session_order) == 1:
                s = prep.sessions[session_order[0]]
                first = m.new_int_var(s.start, s.end, f"first{p}@{s.id}")
                last = m.new_int_var(s.start, s.end, f"last{p}@{s.id}")
                m.add_min_equality(first, [self.start[a] for a in aids])
                m.add_max_equality(last, [self.start[a] + durations[a] for a in aids])
                pause = max(R, room_buffer) if special else room_buffer
                m.add(last - first >= sum(durations.values()) + (len(aids) - 1) * pause)
                spans.append(last - first)
                makespans.append(last - s.start)
                if grid:
                    dom = prep.grid_domain(p, s.id, relax)
                    if not dom:
                        self.ok = False
                        return
                    m.add_linear_expression_in_domain(last, cp_model.Domain.from_intervals([list(w) for w in dom]))
                    self.grid_start[p] = {s.id: (last, 1)}
                    grid_intervals[p] = [(s.id, m.new_fixed_size_interval_var(last, grid, f"g{p}"))]
            else:
                literals = {}
                grid_intervals[p] = []
                self.grid_start[p] = {}
                for sid in session_order:
                    s = prep.sessions[sid]
                    members = [(a, self.present[a][sid]) for a in aids if sid in self.present[a]]
                    ends, starts = [], []
                    for a, lit in members:
                        end_in = m.new_int_var(s.start, s.end, "")
                        m.add(end_in == self.start[a] + durations[a]).only_enforce_if(lit)
                        m.add(end_in == s.start).only_enforce_if(~lit)
                        start_in = m.new_int_var(s.start, s.end, "")
                        m.add(start_in == self.start[a]).only_enforce_if(lit)
                        m.add(start_in == s.end).only_enforce_if(~lit)
                        ends.append(end_in)
                        starts.append(start_in)
                    last = m.new_int_var(s.start, s.end, f"last{p}@{sid}")
                    first = m.new_int_var(s.start, s.end, f"first{p}@{sid}")
                    m.add_max_equality(last, [s.start, *ends])
                    m.add_min_equality(first, [s.end, *starts])
                    span = m.new_int_var(0, s.minutes, f"span{p}@{sid}")
                    m.add(span >= last - first)
                    used = m.new_bool_var(f"used{p}@{sid}")
                    for _a, lit in members:
                        m.add_implication(lit, used)
                    m.add_bool_or([lit for _a, lit in members]).only_enforce_if(used)
                    # The same link, aggregated, for the LP relaxation: presolve turns the
                    # implications into clauses, which the default linearization leaves out, and
                    # the bound (a panel sits at least one session) rests on it.
                    m.add(len(members) * used >= sum(lit for _a, lit in members))
                    literals[sid] = used
                    self.used.setdefault(p, {})[sid] = used
                    # Redundant, for the bound: the auditions held here and the gaps between them
                    # (one gap fewer than auditions, counted only when the session is used: with
                    # `− pause` alone, the LP bound lost one pause per allowed session).
                    pause = max(R, room_buffer) if special else room_buffer
                    block = sum((durations[a] + pause) * lit for a, lit in members) - pause * used
                    m.add(span >= block)
                    m.add(last - s.start >= block)
                    spans.append(span)
                    makespans.append(last - s.start)
                    if grid:
                        dom = prep.grid_domain(p, sid, relax)
                        g = m.new_bool_var(f"grid{p}@{sid}")
                        if not dom:
                            m.add(g == 0)
                            dom = [(s.start, s.start)]
                        g_start = m.new_int_var_from_domain(cp_model.Domain.from_intervals([list(w) for w in dom]), "")
                        m.add_implication(g, used)
                        m.add(g_start == last).only_enforce_if(g)
                        for a in aids:
                            m.add(g_start >= self.start[a] + durations[a]).only_enforce_if(g)
                        self.grid_start[p][sid] = (g_start, g)
                        grid_intervals[p].append(
                            (sid, m.new_optional_fixed_size_interval_var(g_start, grid, g, f"g{p}@{sid}"))
                        )
                if grid:
                    gs = [g for _start, g in self.grid_start[p].values()]
                    m.add_exactly_one(gs)
                    for i, sid in enumerate(session_order):
                        for later in session_order[i + 1 :]:
                            m.add_implication(self.grid_start[p][sid][1], ~literals[later])
                # Each half-day a panel sits beyond its first costs its jurors a return: it counts
                # as a whole half-day of waiting, so a panel is never split only to save a pause.
                count = m.new_int_var(1, len(session_order), f"sessions{p}")
                m.add(count == sum(literals.values()))
                returns.append(max(prep.sessions[sid].minutes for sid in session_order) * (count - 1))
                # The per-session bounds above, summed over the panel: presolve rewrites those
                # with the sessions' literals as enforcements, which the LP relaxation loses.
                pause = max(R, room_buffer) if special else room_buffer
                total = sum(durations.values()) + len(aids) * pause
                m.add(sum(spans[-len(session_order) :]) + pause * count >= total)
                m.add(sum(makespans[-len(session_order) :]) + pause * count >= total)

            if grid and "rooms" not in relax:
                for sid, interval in grid_intervals.get(p, []):
                    room_intervals.setdefault(prep.sessions[sid].room, []).append(interval)
            own_spans, own_makespans, own_returns = spans[marks[0] :], makespans[marks[1] :], returns[marks[2] :]
            self.parts[p] = (sum(own_spans) + sum(own_returns), sum(own_makespans))

        for intervals in room_intervals.values():
            if len(intervals) > 1:
                m.add_no_overlap(intervals)
        if "rooms" not in relax:
            self._session_loads(buffer, grid)
        self._interchangeable()

        # People in two panels (or more): one NoOverlap each, over where they must be.
        if "persons" not in relax:
            self._persons(whole, grid_intervals)
        if "half_days" not in relax and prep.rules.max_half_days_per_juror > 0:
            self._half_days()

        objective = prep.instance.objective
        # Lexicographic: idle time first (returns included), then the end of each half-day's
        # block (makespan).
        self.weight = _weight(prep, self.panel_ids)
        self.objective: cp_model.LinearExprT = 0
        if objective == "compact":
            self.objective = self.weight * (sum(spans) + sum(returns)) + sum(makespans)
        elif objective == "earliest":
            self.objective = sum(returns) + sum(makespans)
            self.parts = {p: (0, idle + makespan) for p, (idle, makespan) in self.parts.items()}
        else:
            self.parts = dict.fromkeys(self.parts, (0, 0))
        if objective != "feasible":
            m.minimize(self.objective)

    def _hint(self, placed: dict[str, tuple[str, int]]):
        """The greedy schedule as CP-SAT's hint (the auditions it placed, the sessions used)."""
        m, prep = self.m, self.prep
        for p in self.panel_ids:
            sessions = {}
            for aid in prep.by_panel[p]:
                if aid not in placed:
                    continue
                sid, start = placed[aid]
                m.add_hint(self.start[aid], start)
                for other, lit in self.present[aid].items():
                    m.add_hint(lit, other == sid)
                sessions[sid] = max(sessions.get(sid, start), start)
            if len(sessions) and all(aid in placed for aid in prep.by_panel[p]):
                for sid, lit in self.used.get(p, {}).items():
                    m.add_hint(lit, sid in sessions)
                last = max(sessions, key=lambda sid: (sessions[sid], sid))
                for sid, (_start, g) in self.grid_start.get(p, {}).items():
                    if not isinstance(g, int):
                        m.add_hint(g, sid == last)

    def _session_loads(self, buffer: int, grid: int):
        """Redundant, for the LP bound and the search: what a session's room holds (auditions
        with their changeover, general grids) fits in its minutes. Implied by the room's
        NoOverlap, which the LP relaxation cannot see; decisive when panels share a room."""
        prep, m = self.prep, self.m
        load: dict[str, list] = {}
        for p in self.panel_ids:
            for a in prep.by_panel[p]:
                d = prep.auditions[a].format.minutes + buffer
                for sid, lit in self.present[a].items():
                    load.setdefault(sid, []).append((d, lit))
            if grid:
                for sid, (_start, g) in self.grid_start.get(p, {}).items():
                    load.setdefault(sid, []).append((grid, g))
        for sid in sorted(load):
            terms = load[sid]
            room = prep.sessions[sid].minutes + buffer
            if sum(c for c, _lit in terms) > room:
                m.add(sum(c * lit for c, lit in terms) <= room)

    def _interchangeable(self):
        """Symmetry breaking: two auditions of one panel with the same length, the same allowed
        starts in each session and the same attendees, whose auditionee is heard nowhere else (in
        the model's context), can swap their slots without any rule noticing; the one of smaller
        id is held first. Each schedule of the other auditions keeps exactly one representative,
        so the optimum is unchanged, and the tie-break has far fewer equal solutions to tell apart."""
        prep = self.prep
        seen: dict[str, int] = {}
        for p in self.context:
            for aid in prep.by_panel[p]:
                a = prep.auditions[aid]
                for person in {a.auditionee, *a.people}:
                    seen[person] = seen.get(person, 0) + 1
            for person in set(prep.panels[p].jurors):
                seen[person] = seen.get(person, 0) + 1
        for p in self.panel_ids:
            groups: dict[tuple, list[str]] = {}
            for aid in prep.by_panel[p]:
                a = prep.auditions[aid]
                if seen[a.auditionee] > 1:
                    continue
                # Same allowed starts in every session (availabilities, fixed starts and
                # sessions all cut these), same length, same other attendees.
                domains = tuple(tuple(prep.start_domain(aid, sid, self.relax)) for sid in prep.allowed[p])
                presence = a.format.presence
                signature = (a.format.minutes, presence, domains, tuple(sorted(set(a.people))), a.people_whole_audition)
                groups.setdefault(signature, []).append(aid)
            for group in groups.values():
                group.sort()
                for x, y in zip(group, group[1:], strict=False):
                    self.m.add(self.start[x] + prep.auditions[x].format.minutes <= self.start[y])

    def _stretches(self, aids, durations, B, R):
        """Exact break rule for short auditions: a circuit orders the panel's auditions; each
        carries the start of its stretch of work, restarted only after a gap ≥ R."""
        m = self.m
        block = {}
        arcs = []
        for k, a in enumerate(aids, start=1):
            lo, hi = self.bounds[a]
            block[a] = m.new_int_var(lo - B, hi, f"bs{a}")
            m.add(block[a] <= self.start[a])
            m.add(self.start[a] + durations[a] - block[a] <= B)
            arcs.append((0, k, m.new_bool_var("")))
            arcs.append((k, 0, m.new_bool_var("")))
        for i, a in enumerate(aids, start=1):
            for j, b in enumerate(aids, start=1):
                if a == b:
                    continue
                follows = m.new_bool_var(f"{a}>{b}")
                arcs.append((i, j, follows))
                m.add(self.start[b] >= self.start[a] + durations[a]).only_enforce_if(follows)
                rested = m.new_bool_var("")
                m.add_implication(rested, follows)
                m.add(self.start[b] >= self.start[a] + durations[a] + R).only_enforce_if(rested)
                m.add(block[b] <= block[a]).only_enforce_if([follows, ~rested])
        m.add_circuit(arcs)

    def _persons(self, whole, grid_intervals):
        prep, m = self.prep, self.m
        presence_iv: dict[str, cp_model.IntervalVar] = {}
        attends: dict[str, dict[str, str]] = {}  # person -> audition -> "whole" | "presence"
        grids_of: dict[str, list[str]] = {}
        for p in self.panel_ids:
            for j in prep.panels[p].jurors:
                grids_of.setdefault(j, []).append(p)
                for a in prep.by_panel[p]:
                    attends.setdefault(j, {})[a] = "whole"
            for a in prep.by_panel[p]:
                au = prep.auditions[a]
                attends.setdefault(au.auditionee, {}).setdefault(a, "presence")
                for person in au.people:
                    kind = "whole" if au.people_whole_audition else "presence"
                    current = attends.setdefault(person, {}).get(a)
                    attends[person][a] = "whole" if "whole" in (kind, current) else "presence"
        for person, items in attends.items():
            panels = {prep.auditions[a].panel for a in items} | set(grids_of.get(person, []))
            if len(panels) < 2:
                continue  # the panel's own NoOverlap already keeps its auditions apart
            intervals = []
            for a, kind in items.items():
                if kind == "whole":
                    intervals.append(whole[a])
                    continue
                presence = prep.auditions[a].format.presence
                if presence is None:
                    continue
                if a not in presence_iv:
                    presence_iv[a] = m.new_fixed_size_interval_var(
                        self.start[a] + presence[0], presence[1] - presence[0], f"pr{a}"
                    )
                intervals.append(presence_iv[a])
            for p in grids_of.get(person, []):
                intervals += [iv for _sid, iv in grid_intervals.get(p, [])]
            if len(intervals) > 1:
                m.add_no_overlap(intervals)

    def _half_days(self):
        prep, m = self.prep, self.m
        limit = prep.rules.max_half_days_per_juror
        seen = set()
        for pids in prep.juror_panels.values():
            pids = tuple(sorted(p for p in pids if p in self.panel_ids))
            if not pids or pids in seen:
                continue
            seen.add(pids)
            halves = {prep.sessions[s].half_day for p in pids for a in prep.by_panel[p] for s in self.present[a]}
            if len(halves) <= limit:
                continue
            used = {h: m.new_bool_var(f"half{h}") for h in sorted(halves)}
            for p in pids:
                for a in prep.by_panel[p]:
                    for s, lit in self.present[a].items():
                        m.add(used[prep.sessions[s].half_day] >= lit)
                # Redundant, for the LP bound: a session the panel uses is one of its half-days.
                for s, lit in self.used.get(p, {}).items():
                    m.add(used[prep.sessions[s].half_day] >= lit)
            m.add(sum(used.values()) <= limit)

    def solve(self, seconds: float, workers: int, seed: int) -> tuple[str, cp_model.CpSolver | None]:
        if not self.ok:
            return "infeasible", None
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        return _status(self.prep.instance, solver.solve(self.m)), solver

    def decisions(self, bits: int, panels: Iterable[str] | None = None) -> tuple[list[tuple], list[int]]:
        """The tie-break's variables (of these panels; all by default), named by stable keys,
        and their weights: each audition's presence in each allowed session, keyed (audition id,
        session id), with the isolation weights (1..2^31); its start, keyed (audition id,
        "début"), with weights of `bits` bits (`_start_bits`: weight × start summed stays exact)."""
        presences, starts = [], []
        for p in self.panel_ids if panels is None else panels:
            for aid in self.prep.by_panel[p]:
                presences += [((aid, sid), lit) for sid, lit in sorted(self.present[aid].items())]
                starts.append(((aid, "début"), self.start[aid]))
        weights = [isolation_weight(ENGINE, key) for key, _var in presences]
        weights += [isolation_weight(ENGINE, key, bits) for key, _var in starts]
        return presences + starts, weights

    def solve_canonical(
        self, seconds: float, workers: int, seed: int, bits: int, second_stage_limit: float | None = None
    ) -> tuple[str, CanonicalSolve | None]:
        """Stage 1: the objective; stage 2 (when stage 1 is proven): the least tie-break weight
        among the optimal schedules (eig.engines.canonical)."""
        if not self.ok:
            return "infeasible", None
        decisions, weights = self.decisions(bits)
        result = solve_canonical(
            self.m,
            self.objective,
            maximize=False,
            decisions=decisions,
            engine=ENGINE,
            time_limit=seconds,
            workers=workers,
            seed=seed,
            weights=weights,
            second_stage_limit=second_stage_limit,
        )
        return _status(self.prep.instance, result.status), result

    def part_values(self, solver: cp_model.CpSolver, panel: str) -> tuple[int, int]:
        return tuple(e if isinstance(e, int) else round(solver.value(e)) for e in self.parts[panel])

    def fix(self, slots: Iterable[Slot]):
        for slot in slots:
            self.m.add(self.start[slot.audition] == slot.start)
            self.m.add(self.present[slot.audition][slot.session] == 1)

    def hint_slots(self, slots: Iterable[Slot]):
        self.m.clear_hints()
        for slot in slots:
            self.m.add_hint(self.start[slot.audition], slot.start)
            for sid, lit in self.present[slot.audition].items():
                self.m.add_hint(lit, sid == slot.session)

    def slots(self, solver: cp_model.CpSolver) -> list[Slot]:
        prep = self.prep
        slots = []
        for p in self.panel_ids:
            for aid in prep.by_panel[p]:
                start = solver.value(self.start[aid])
                sid = next(s for s, lit in self.present[aid].items() if solver.boolean_value(lit))
                slots.append(_slot(prep, aid, sid, start))
        return slots


def _segments(fmt: Format, start: int) -> list[tuple[str, int, int, bool]]:
    out, t = [], start
    for segment in fmt.segments:
        out.append((segment.label, t, t + segment.minutes, segment.with_auditionee))
        t += segment.minutes
    return out


def _slot(prep: _Prep, aid: str, sid: str, start: int) -> Slot:
    a, s = prep.auditions[aid], prep.sessions[sid]
    return Slot(aid, a.panel, sid, s.room, s.day, start, start + a.format.minutes, _segments(a.format, start))


def _grids(prep: _Prep, slots: Iterable[Slot]) -> list[Grid]:
    minutes = prep.rules.general_grid_minutes
    if not minutes:
        return []
    last: dict[str, Slot] = {}
    for slot in slots:
        if slot.panel not in last or slot.end > last[slot.panel].end:
            last[slot.panel] = slot
    return sorted(
        (Grid(p, s.session, s.room, s.day, s.end, s.end + minutes) for p, s in last.items()),
        key=lambda g: (g.start, g.room),
    )


# --- Solve -----------------------------------------------------------------------------------


def solve(instance: Instance) -> Timetable:
    """The timetable, its digest and its explanation. Components are solved one after the other,
    each with its share of the time left (in proportion to its auditions): the time a component
    does not use goes to the next ones; a component that finds nothing in its share is tried
    again, at the end, with all the time left; so is, then, one whose tie-break was not proven."""
    started = time.perf_counter()
    prep = _Prep(instance)

    def failed(status: str, why: str) -> Timetable:
        return Timetable(status, [], None, None, None, time.perf_counter() - started, why)

    found = _prechecks(prep)
    if found:
        return failed("infeasible", "\n".join(found))
    components = sorted((sorted(c) for c in prep.components()), key=lambda c: (-_size(prep, c), c))
    sizes = [_size(prep, c) for c in components]
    spent = [0.0] * len(components)
    solved: dict[int, _Outcome] = {}

    def attempt(i: int, budget: float) -> str:
        begun = time.perf_counter()
        outcome = _solve_component(prep, components[i], budget)
        spent[i] += time.perf_counter() - begun
        if outcome.status in ("optimal", "feasible"):
            solved[i] = outcome
        return outcome.status

    def left() -> float:
        return instance.time_limit - (time.perf_counter() - started)

    waiting: list[int] = []  # found nothing in their share: tried again with the time left
    for i in range(len(components)):
        # This one's share of the time left; the components still to try (again) share the rest.
        rest = sum(sizes[i:]) + sum(sizes[j] for j in waiting)
        status = attempt(i, max(left() * sizes[i] / rest, min(left(), 1.0), 0.05))
        if status == "unknown":
            waiting.append(i)
        elif status not in ("optimal", "feasible"):
            if status == "infeasible":
                return failed(status, _why_infeasible(prep, components[i], left()))
            return failed(status, "Erreur interne du solveur (modèle invalide).")
    for k, i in enumerate(waiting):
        if left() > 0.05:
            status = attempt(i, left() * sizes[i] / sum(sizes[j] for j in waiting[k:]))
            if status == "infeasible":
                return failed(status, _why_infeasible(prep, components[i], left()))
    missing = [i for i in waiting if i not in solved]
    if missing:
        return failed("unknown", _unknown_text(prep, components, sizes, spent, missing, instance.time_limit))
    # Time left: the groups whose tie-break ran out of time in their share try again with it (a
    # group that must be solved whole is left as is: its tie-break is rarely provable).
    unproven = [i for i in range(len(components)) if not solved[i].canonical and tuple(components[i]) not in prep.whole]
    for k, i in enumerate(unproven):
        if left() < 0.5:
            break
        before = solved.pop(i)
        attempt(i, left() * sizes[i] / sum(sizes[j] for j in unproven[k:]))
        if i not in solved or not solved[i].canonical:
            solved[i] = before

    outcomes = [solved[i] for i in range(len(components))]
    slots = sorted((s for o in outcomes for s in o.slots), key=lambda s: (s.start, s.room, s.audition))
    status = "optimal" if all(o.status == "optimal" for o in outcomes) else "feasible"
    canonical = all(o.canonical for o in outcomes)
    objective, bound = sum(o.objective for o in outcomes), sum(o.bound for o in outcomes)
    gap = 0.0 if status == "optimal" else (objective - bound) / max(abs(objective), 1)
    if instance.objective == "feasible":
        objective_out, bound_out, gap = None, None, None
    else:
        objective_out, bound_out = objective, bound
    wall = time.perf_counter() - started
    explanation = _summary(prep, slots, status, wall, len(components))
    if status == "optimal" and not canonical:
        explanation += (
            " Planning optimal, mais le départage des ex æquo n'a pas été prouvé dans le temps imparti : une autre "
            "exécution pourrait retenir un autre planning de même valeur."
        )
    return Timetable(
        status=status,
        slots=slots,
        objective=objective_out,
        bound=bound_out,
        gap=gap,
        wall_seconds=wall,
        explanation=explanation,
        grids=_grids(prep, slots),
        components=len(components),
        digest=result_digest(ENGINE, VERSION, digest_parameters(instance), slots),
        canonical=canonical,
    )


@dataclass
class _Outcome:
    """One component's schedule (or why there is none)."""

    status: str  # "optimal", "feasible", "infeasible", "unknown" or "error"
    slots: list[Slot] = field(default_factory=list)
    objective: int = 0  # the component's objective (weight · idle + makespans)
    bound: float = 0.0
    canonical: bool = False


def _solve_component(prep: _Prep, component: list[str], budget: float) -> _Outcome:
    """Panel by panel first (`_panel_by_panel`); the whole component when that does not settle it."""
    deadline = time.perf_counter() + budget
    inst = prep.instance
    bits = _start_bits(prep, component)
    if len(component) > 1 and tuple(component) not in prep.whole:
        outcome = _panel_by_panel(prep, component, deadline, bits)
        if outcome is not None:
            return outcome
    seconds = max(deadline - time.perf_counter(), 0.05)
    model = _Model(prep, component, frozenset())
    # The tie-break may not be provable in a large component: its share of the time stays
    # bounded (a third of the budget, at least 1 s), and the result then says so.
    cap = None if len(component) == 1 else max(1.0, seconds / 3)
    workers = 1 if _size(prep, component) <= 16 else inst.workers  # see `_panel_by_panel`
    status, result = model.solve_canonical(seconds, workers, inst.seed, bits, cap)
    if status not in ("optimal", "feasible"):
        return _Outcome(status)
    value = round(result.objective) if inst.objective != "feasible" else 0
    bound = result.bound if inst.objective != "feasible" else 0.0
    return _Outcome(status, model.slots(result.solver), value, bound, result.canonical)


def _panel_by_panel(prep: _Prep, component: list[str], deadline: float, bits: int) -> _Outcome | None:
    """The tie-break, panel by panel: the panels with the fewest sessions that can hold them
    first, then in the order of their ids. Each panel in turn gets, among its best schedules
    (its part of the objective at its least, as if alone) that fit with the panels already
    placed, the one of least tie-break weight; auditions that could swap their slots, given
    those panels, are held in the order of their ids. A panel's best alone is a lower bound on
    its part of the objective, so when every panel reaches it the component is optimal; each
    step is a proven optimum, so the result does not depend on the run. None when a panel
    cannot reach its best next to the panels before it (the component is then solved whole,
    and `prep.whole` remembers it) or not in time.

    Far cheaper than one tie-break over the whole component, which CP-SAT often cannot prove in
    time (the order of a panel's auditions is a permutation, and a weighted sum of starts gives
    the LP a weak bound): here each step orders one panel's auditions at most."""
    inst = prep.instance
    sizes = {p: len(prep.by_panel[p]) for p in component}

    def holding(p: str) -> int:
        return sum(all(prep.start_domain(a, sid) for a in prep.by_panel[p]) for sid in prep.allowed[p])

    order = sorted(component, key=lambda p: (holding(p), p))
    placed: list[Slot] = []
    value, canonical = 0, True
    weight = _weight(prep, component)

    def share(k: int) -> float:
        return max((deadline - time.perf_counter()) * sizes[order[k]] / sum(sizes[q] for q in order[k:]), 0.05)

    for k, p in enumerate(order):
        # One panel's model gains nothing from parallel workers but their start-up (measured:
        # 1 worker 5 to 10 times faster on the benchmark's panels of 10 auditions).
        workers = 1 if sizes[p] <= 16 else inst.workers
        alone = _Model(prep, [p], frozenset())
        status, solver = alone.solve(share(k) / 2, workers, inst.seed)
        if status == "infeasible":
            return _Outcome("infeasible")
        if status != ("feasible" if inst.objective == "feasible" else "optimal"):
            return None
        best = alone.part_values(solver, p)
        value += weight * best[0] + best[1]
        # Its best next to the panels placed before it, of least tie-break weight.
        context = order[: k + 1]
        model = _Model(prep, context, frozenset(), greedy=False)
        if not model.ok:
            return None
        model.fix(placed)
        model.m.add(model.parts[p][0] == best[0])
        model.m.add(model.parts[p][1] == best[1])
        decisions, weights = model.decisions(bits, [p])
        model.m.clear_objective()
        model.m.minimize(cp_model.LinearExpr.weighted_sum([var for _key, var in decisions], weights))
        model.hint_slots(placed + alone.slots(solver))
        step = cp_model.CpSolver()
        step.parameters.max_time_in_seconds = share(k)
        step.parameters.num_workers = workers
        step.parameters.random_seed = inst.seed
        # The LP bound is of no help in ordering auditions (measured: 30 to 40 % faster without).
        step.parameters.linearization_level = 0
        code = step.solve(model.m)
        if code == cp_model.INFEASIBLE:
            prep.whole.add(tuple(component))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        canonical = canonical and code == cp_model.OPTIMAL
        placed = model.slots(step)
    status = "feasible" if inst.objective == "feasible" else "optimal"
    return _Outcome(status, placed, value, float(value), canonical)


def _weight(prep: _Prep, panels: Iterable[str]) -> int:
    """Idle time's weight over the makespans: more than any sum of makespans of these panels."""
    return sum(prep.sessions[s].minutes for p in panels for s in prep.allowed[p]) + 1


def _start_bits(prep: _Prep, component: list[str]) -> int:
    """Bits of the starts' tie-break weights in this component: the sum of weight × start over
    its auditions stays below 2^52 (exact in a double, as LP bounds need), at most 31 bits."""
    reach = max((prep.sessions[s].end for p in component for s in prep.allowed[p]), default=1)
    return max(8, min(WEIGHT_BITS, (2**52 // max(_size(prep, component) * abs(reach), 1)).bit_length() - 1))


def digest_parameters(instance: Instance) -> dict:
    """What shapes the decision besides the auditions, panels and sessions named in the slots:
    the rules, the formats, the fixed starts and sessions, the objective (not the workers, seed
    or time limit: a proven result does not depend on them)."""
    formats = sorted({a.format for a in instance.auditions}, key=canonical_json)
    return {
        "rules": instance.rules,
        "formats": formats,
        "fixed": dict(sorted(instance.fixed.items())),
        "fixed_session": dict(sorted(instance.fixed_session.items())),
        "objective": instance.objective,
    }


def _size(prep: _Prep, component: list[str]) -> int:
    return sum(len(prep.by_panel[p]) for p in component)


def _status(instance: Instance, code: int) -> str:
    status = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.UNKNOWN: "unknown",
    }.get(code, "error")
    if status == "optimal" and instance.objective == "feasible":
        return "feasible"
    return status


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")


def _group(component: list[str]) -> str:
    return f"le groupe du jury {component[0]}" if len(component) == 1 else f"le groupe des jurys {', '.join(component)}"


def _unknown_text(prep: _Prep, components, sizes, spent, missing: list[int], limit: float) -> str:
    """No schedule in time, without proof that none exists: what was placed and what was not."""
    placed = [i for i in range(len(components)) if i not in missing]
    lost = " ; ".join(
        f"{_group(components[i])} ({_plural(sizes[i], 'audition')}) n'a pas de solution trouvée en {_seconds(spent[i])}"
        for i in missing
    )
    head = f"Aucun planning trouvé dans le temps imparti ({limit:g} s), sans preuve d'impossibilité : "
    if placed:
        head += (
            f"{len(placed)} groupe{'s' if len(placed) > 1 else ''} de jurys sur {len(components)} "
            f"placé{'s' if len(placed) > 1 else ''} en {_seconds(sum(spent[i] for i in placed))} ; "
        )
    return head + lost + ". Augmentez la limite de temps."


def _summary(prep: _Prep, slots: list[Slot], status: str, wall: float, components: int) -> str:
    rules = prep.rules
    sessions = {s.session for s in slots}
    rooms = {s.room for s in slots}
    quality = "planning optimal (prouvé)" if status == "optimal" else "planning valable, non prouvé optimal"
    text = (
        f"{_plural(len(slots), 'audition')} planifiée{'s' if len(slots) > 1 else ''} pour "
        f"{_plural(len({s.panel for s in slots}), 'jury')}, sur {_plural(len(sessions), 'demi-journée')} et "
        f"{_plural(len(rooms), 'salle')} : {quality}, calculé en {wall:.1f} s".replace(".", ",")
        + (f" ({components} sous-problèmes indépendants)" if components > 1 else "")
        + "."
    )
    if prep.breaks_on():
        formats = {prep.auditions[s.audition].format.minutes for s in slots}
        if formats and 2 * min(formats) > rules.break_every:
            text += (
                f" Pause d'au moins {rules.break_minutes} minutes après chaque audition : deux auditions "
                f"d'affilée dépasseraient {rules.break_every} minutes de travail sans pause."
            )
        else:
            text += f" Pause d'au moins {rules.break_minutes} minutes dès que {rules.break_every} minutes de travail."
    if rules.general_grid_minutes:
        text += f" Grille générale : {rules.general_grid_minutes} minutes après la dernière audition de chaque jury."
    if rules.max_half_days_per_juror:
        text += f" Au plus {_plural(rules.max_half_days_per_juror, 'demi-journée')} par juré."
    return text


def _why_infeasible(prep: _Prep, component: list[str], seconds_left: float) -> str:
    """Lift one rule family at a time; name those whose lifting alone makes a schedule exist."""
    families = [f for f in RELAXABLE if f != "breaks" or prep.breaks_on()]
    budget = max(min(seconds_left / max(len(families), 1), 5.0), 0.5)
    lifting = []
    for family in families:
        model = _Model(prep, component, frozenset({family}))
        status, _solver = model.solve(budget, prep.instance.workers, prep.instance.seed)
        if status in ("optimal", "feasible"):
            lifting.append(family)
    who = f"les jurys {', '.join(component)}" if len(component) > 1 else f"le jury {component[0]}"
    head = f"Aucun planning ne respecte toutes les règles pour {who}."
    if len(lifting) == 1:
        return f"{head} La règle qui bloque : {RELAXABLE[lifting[0]]} — sans elle, un planning existe."
    if lifting:
        names = " ; ".join(RELAXABLE[f] for f in lifting)
        return f"{head} Lever une seule de ces règles suffirait : {names}."
    return f"{head} Aucune règle levée seule ne suffit : plusieurs règles se combinent."


# --- The independent validator ---------------------------------------------------------------


@dataclass(frozen=True)
class _Issue:
    involves: frozenset[str]
    text: str  # as found, for `validate`
    moved: dict = field(default_factory=dict, hash=False)  # audition id -> reason if that one moved
    default_move: str = ""

    def for_move(self, aid: str) -> str:
        return self.moved.get(aid) or self.default_move or self.text


def _issues(prep: _Prep, slots: list[Slot]) -> list[_Issue]:
    inst, rules = prep.instance, prep.rules
    issues: list[_Issue] = []

    def add(involves, text, moved=None, default_move=""):
        issues.append(_Issue(frozenset(involves), text, moved or {}, default_move))

    # Every audition once, in one of its panel's sessions, as long as its format.
    seen: dict[str, Slot] = {}
    for slot in slots:
        if slot.audition not in prep.auditions:
            add([slot.audition], f"Le créneau {slot.audition} ne correspond à aucune audition.")
            continue
        if slot.audition in seen:
            add([slot.audition], f"{_cap(prep.label(slot.audition))} est planifiée plusieurs fois.")
            continue
        seen[slot.audition] = slot
    for a in inst.auditions:
        if a.id not in seen:
            add([a.id], f"{_cap(prep.label(a.id))} ({a.id}) n'est pas planifiée.")
    placed = [seen[a.id] for a in inst.auditions if a.id in seen]
    good: list[Slot] = []
    for slot in placed:
        a = prep.auditions[slot.audition]
        label = prep.label(a.id)
        s = prep.sessions.get(slot.session)
        if slot.panel != a.panel:
            add([a.id], f"{_cap(label)} est attribuée au jury {slot.panel} au lieu du jury {a.panel}.")
        if s is None:
            add([a.id], f"{_cap(label)} est placée dans une demi-journée inconnue ({slot.session}).")
            continue
        if slot.session not in prep.allowed[a.panel]:
            add(
                [a.id],
                f"{_cap(label)} est placée dans une demi-journée où le jury {a.panel} ne siège pas "
                f"({prep.describe(s)}).",
                default_move=f"le jury {a.panel} ne siège pas dans cette demi-journée ({prep.describe(s)})",
            )
        if (slot.room, slot.day) != (s.room, s.day):
            add([a.id], f"{_cap(label)} indique {_room(slot.room)}, {slot.day} au lieu de {prep.describe(s)}.")
        if slot.end - slot.start != a.format.minutes:
            add(
                [a.id],
                f"{_cap(label)} dure {slot.end - slot.start} minutes au lieu de {a.format.minutes} "
                f"(format « {a.format.name} »).",
            )
        if list(slot.segments) != _segments(a.format, slot.start):
            add([a.id], f"Les séquences de {label} ne suivent pas son format « {a.format.name} ».")
        if slot.start < s.start:
            add(
                [a.id],
                f"{_cap(label)} commence à {hm(slot.start)}, avant le début de la demi-journée ({hm(s.start)}).",
                default_move=f"l'audition commencerait à {hm(slot.start)}, avant le début de la demi-journée "
                f"({hm(s.start)})",
            )
        if slot.end > s.end:
            add(
                [a.id],
                f"{_cap(label)} finit à {hm(slot.end)}, après la fin de la demi-journée ({hm(s.end)}).",
                default_move=f"l'audition finirait à {hm(slot.end)}, après la fin de la demi-journée ({hm(s.end)})",
            )
        if a.id in inst.fixed and slot.start != inst.fixed[a.id]:
            add(
                [a.id],
                f"{_cap(label)} devait commencer à {hm(inst.fixed[a.id])} (créneau imposé), "
                f"elle commence à {hm(slot.start)}.",
            )
        if a.id in inst.fixed_session and slot.session != inst.fixed_session[a.id]:
            add([a.id], f"{_cap(label)} devait avoir lieu dans la demi-journée {inst.fixed_session[a.id]}.")
        presence = a.format.presence
        if presence:
            p0, p1 = slot.start + presence[0], slot.start + presence[1]
            if a.available and not _inside(a.available, p0, p1):
                name = prep.name(a.auditionee)
                add(
                    [a.id],
                    f"{name} n'est pas disponible de {hm(p0)} à {hm(p1)} "
                    f"(disponibilités : {_windows_text(_merge(a.available))}).",
                    default_move=f"{name} n'est pas disponible à ce moment "
                    f"(disponibilités : {_windows_text(_merge(a.available))})",
                )
        for person in (*prep.panels[a.panel].jurors, *a.people):
            if person not in prep.windows:
                continue
            if person in a.people and person not in prep.panels[a.panel].jurors and not a.people_whole_audition:
                if not presence:
                    continue
                t0, t1 = slot.start + presence[0], slot.start + presence[1]
            else:
                t0, t1 = slot.start, slot.end
            if not _inside(prep.windows[person], t0, t1):
                name = prep.name(person)
                add(
                    [a.id],
                    f"{name} n'est pas disponible de {hm(t0)} à {hm(t1)} pour {label} "
                    f"(disponibilités : {_windows_text(prep.windows[person])}).",
                    default_move=f"{name} n'est pas disponible à ce moment "
                    f"(disponibilités : {_windows_text(prep.windows[person])})",
                )
        good.append(slot)

    by_panel: dict[str, list[Slot]] = {}
    for slot in good:
        by_panel.setdefault(slot.panel, []).append(slot)
    for group in by_panel.values():
        group.sort(key=lambda s: (s.start, s.end))

    # The general grid: right after the panel's last audition, before the end of its session.
    grids = _grids(prep, good)
    for g in grids:
        s = prep.sessions[g.session]
        panel_aids = [x.audition for x in by_panel[g.panel]]
        if g.end > s.end:
            add(
                panel_aids,
                f"La grille générale du jury {g.panel} ({rules.general_grid_minutes} minutes à partir de "
                f"{hm(g.start)}) dépasse la fin de la demi-journée ({hm(s.end)}).",
                default_move=f"la grille générale du jury ({rules.general_grid_minutes} minutes) ne tiendrait plus "
                f"avant la fin de la demi-journée ({hm(s.end)})",
            )
        for j in prep.panels[g.panel].jurors:
            if j in prep.windows and not _inside(prep.windows[j], g.start, g.end):
                name = prep.name(j)
                add(
                    panel_aids,
                    f"{name} n'est pas disponible pour la grille générale du jury {g.panel} ({_span(g.start, g.end)}).",
                    default_move=f"{name} ne serait plus disponible pour la grille générale ({_span(g.start, g.end)})",
                )

    # Rooms: one occupation at a time, with the changeover between auditions.
    occupations: dict[str, list[tuple]] = {}  # room -> (start, end, kind, panel, involves, what)
    for slot in good:
        occupations.setdefault(slot.room, []).append(
            (slot.start, slot.end, "audition", slot.panel, [slot.audition], prep.label(slot.audition))
        )
    for g in grids:
        occupations.setdefault(g.room, []).append(
            (
                g.start,
                g.end,
                "grid",
                g.panel,
                [x.audition for x in by_panel[g.panel]],
                f"la grille générale du jury {g.panel}",
            )
        )
    buffer = rules.buffer
    for room, occ in occupations.items():
        occ.sort(key=lambda o: (o[0], o[1]))
        for i, x in enumerate(occ):
            for y in occ[i + 1 :]:
                if y[0] >= x[1] + buffer:
                    break  # sorted by start: no later occupation can touch x either
                own_grid = y[2] == "grid" and x[3] == y[3]
                if y[0] >= x[1] and (own_grid or y[0] >= x[1] + buffer):
                    continue
                involved = {*x[4], *y[4]}
                if y[0] < x[1]:
                    text = (
                        f"La {_room(room)} accueille en même temps {x[5]} ({_span(x[0], x[1])}) et {y[5]} "
                        f"({_span(y[0], y[1])})."
                    )
                    moved = {a: f"la {_room(room)} est occupée de {_span(y[0], y[1])} ({y[5]})" for a in x[4]}
                    moved.update({a: f"la {_room(room)} est occupée de {_span(x[0], x[1])} ({x[5]})" for a in y[4]})
                else:
                    text = (
                        f"Il manque {buffer} minutes de changement {_room(room)} entre {x[5]} (fin {hm(x[1])}) "
                        f"et {y[5]} (début {hm(y[0])})."
                    )
                    moved = {
                        a: f"il faut {buffer} minutes de changement {_room(room)} avant {y[5]} (début {hm(y[0])})"
                        for a in x[4]
                    }
                    moved.update(
                        {
                            a: f"il faut {buffer} minutes de changement {_room(room)} après {x[5]} (fin {hm(x[1])})"
                            for a in y[4]
                        }
                    )
                add(involved, text, moved)

    # People: nobody in two places at once (pairs inside one panel are the panel's own problem).
    presences: dict[str, dict[str, tuple]] = {}  # person -> key -> (start, end, panel, room, involves, what)
    for slot in good:
        a = prep.auditions[slot.audition]
        presence = a.format.presence
        whole = (slot.start, slot.end)
        part = (slot.start + presence[0], slot.start + presence[1]) if presence else None
        what = f"{prep.label(a.id)}, jury {a.panel}"
        entries = [(j, whole) for j in prep.panels[a.panel].jurors]
        entries += [(p, whole if a.people_whole_audition else part) for p in a.people]
        entries.append((a.auditionee, part))
        for person, span in entries:
            if span is None:
                continue
            current = presences.setdefault(person, {}).get(a.id)
            if current is None or span[1] - span[0] > current[1] - current[0]:
                presences[person][a.id] = (span[0], span[1], a.panel, slot.room, [a.id], what)
    for g in grids:
        for j in prep.panels[g.panel].jurors:
            presences.setdefault(j, {})[f"grid:{g.panel}"] = (
                g.start,
                g.end,
                g.panel,
                g.room,
                [x.audition for x in by_panel[g.panel]],
                f"grille générale du jury {g.panel}",
            )
    for person, items in presences.items():
        entries = sorted(items.values(), key=lambda e: (e[0], e[1]))
        if len({e[2] for e in entries}) < 2:
            continue
        name = prep.name(person)
        for i, x in enumerate(entries):
            for y in entries[i + 1 :]:
                if y[0] >= x[1]:
                    break
                if x[2] == y[2]:
                    continue
                text = (
                    f"{name} est à deux endroits en même temps : {_room(x[3])} à {hm(x[0])} ({x[5]}) et "
                    f"{_room(y[3])} à {hm(y[0])} ({y[5]})."
                )
                e = _feminine(name)
                moved = {a: f"{name} est attendu{e} {_room(y[3])} à {hm(y[0])} pendant ce créneau" for a in x[4]}
                moved.update({a: f"{name} est attendu{e} {_room(x[3])} à {hm(x[0])} pendant ce créneau" for a in y[4]})
                add({*x[4], *y[4]}, text, moved)

    # Half-days per juror.
    limit = rules.max_half_days_per_juror
    if limit:
        for juror, pids in prep.juror_panels.items():
            mine = [x for p in pids for x in by_panel.get(p, [])]
            halves = sorted({prep.sessions[x.session].half_day for x in mine})
            if len(halves) > limit:
                name = prep.name(juror)
                add(
                    [x.audition for x in mine],
                    f"{name} siège sur {len(halves)} demi-journées ({', '.join(f'{d} {h}' for d, h in halves)}) : "
                    f"au plus {limit}.",
                    default_move=f"{name} siégerait sur {len(halves)} demi-journées (au plus {limit})",
                )

    # Panels: one audition at a time, and the break rule.
    for p, group in by_panel.items():
        for x, y in zip(group, group[1:], strict=False):
            if y.start < x.end:
                add(
                    [x.audition, y.audition],
                    f"Le jury {p} a deux auditions en même temps : {prep.label(x.audition)} "
                    f"({_span(x.start, x.end)}) et {prep.label(y.audition)} ({_span(y.start, y.end)}).",
                    {
                        x.audition: f"le jury {p} a déjà {prep.label(y.audition)} de {_span(y.start, y.end)}",
                        y.audition: f"le jury {p} a déjà {prep.label(x.audition)} de {_span(x.start, x.end)}",
                    },
                )
        if not prep.breaks_on():
            continue
        stretch: list[Slot] = []
        reach = None
        for slot in [*group, None]:
            if slot is None or (stretch and slot.start - reach >= rules.break_minutes):
                length = reach - stretch[0].start if stretch else 0
                if length > rules.break_every:
                    add(
                        [x.audition for x in stretch],
                        f"Le jury {p} travaille {length} minutes sans pause d'au moins {rules.break_minutes} minutes "
                        f"({_span(stretch[0].start, reach)}, {_room(stretch[0].room)}) : au plus "
                        f"{rules.break_every}.",
                        default_move=f"le jury travaillerait {length} minutes sans pause (au plus {rules.break_every})",
                    )
                stretch, reach = [], None
            if slot is not None:
                stretch.append(slot)
                reach = slot.end if reach is None else max(reach, slot.end)
    return issues


def validate(instance: Instance, timetable: Timetable) -> list[str]:
    """Every rule re-checked on the slots, independently of the solver; [] when all hold."""
    return list(dict.fromkeys(issue.text for issue in _issues(_Prep(instance), timetable.slots)))


# --- Manual changes --------------------------------------------------------------------------


def _moved(prep: _Prep, timetable: Timetable, audition_id: str, new_start: int, new_session: str | None):
    current = timetable.slot(audition_id)
    a = prep.auditions[audition_id]
    if new_session is None:
        end = new_start + a.format.minutes
        candidates = ([current.session] if current else []) + prep.allowed.get(a.panel, [])
        fitting = [s for s in candidates if prep.sessions[s].start <= new_start and end <= prep.sessions[s].end]
        new_session = (fitting or candidates)[0]
    slot = _slot(prep, audition_id, new_session, new_start)
    slots = [s for s in timetable.slots if s.audition != audition_id] + [slot]
    slots.sort(key=lambda s: (s.start, s.room, s.audition))
    return slots


def check_move(
    instance: Instance, timetable: Timetable, audition_id: str, new_start: int, new_session: str | None = None
) -> list[str]:
    """The French reasons why moving this audition would break a rule; [] when accepted.
    Only problems the move creates are reported (others, already there, are not its fault);
    the moved audition's own fixed start is overridden by the move."""
    prep = _Prep(instance)
    if audition_id not in prep.auditions:
        return [f"Refusé : l'audition {audition_id} n'existe pas."]
    if new_session is not None and new_session not in prep.sessions:
        return [f"Refusé : la demi-journée {new_session} n'existe pas."]
    unpinned = replace(
        instance,
        fixed={k: v for k, v in instance.fixed.items() if k != audition_id},
        fixed_session={k: v for k, v in instance.fixed_session.items() if k != audition_id},
    )
    prep = _Prep(unpinned)
    before = {issue.text for issue in _issues(prep, timetable.slots)}
    after = _issues(prep, _moved(prep, timetable, audition_id, new_start, new_session))
    reasons = [
        f"Refusé : {issue.for_move(audition_id)}."
        for issue in after
        if audition_id in issue.involves and issue.text not in before
    ]
    return list(dict.fromkeys(reasons))


def apply_move(
    instance: Instance, timetable: Timetable, audition_id: str, new_start: int, new_session: str | None = None
) -> Timetable:
    """The timetable with this one audition moved (every other slot stays); raises MoveRefused
    with the French reasons when the move breaks a rule."""
    reasons = check_move(instance, timetable, audition_id, new_start, new_session)
    if reasons:
        raise MoveRefused(reasons)
    prep = _Prep(instance)
    slots = _moved(prep, timetable, audition_id, new_start, new_session)
    slot = next(s for s in slots if s.audition == audition_id)
    note = (
        f" Modifié à la main : {prep.label(audition_id)} déplacée à {hm(new_start)} ({_room(slot.room)}, {slot.day})."
    )
    return replace(timetable, slots=slots, grids=_grids(prep, slots), explanation=timetable.explanation + note)


def shift_room(timetable: Timetable, room: str, day: str, after: int, minutes: int) -> tuple[Timetable, list[str]]:
    """ "Running late by N minutes": every slot (and grid) of this room that day starting at or
    after `after` moves by `minutes`. Unchecked: the caller validates and shows the problems.
    Returns the new timetable and the ids of the moved auditions, in time order."""
    moved, slots = [], []
    for slot in timetable.slots:
        if slot.room == room and slot.day == day and slot.start >= after:
            moved.append(slot.audition)
            slot = replace(
                slot,
                start=slot.start + minutes,
                end=slot.end + minutes,
                segments=[(label, a + minutes, b + minutes, w) for label, a, b, w in slot.segments],
            )
        slots.append(slot)
    grids = [
        replace(g, start=g.start + minutes, end=g.end + minutes)
        if g.room == room and g.day == day and g.start >= after
        else g
        for g in timetable.grids
    ]
    grids.sort(key=lambda g: (g.start, g.room))
    slots.sort(key=lambda s: (s.start, s.room, s.audition))
    note = f" Décalage de {minutes} minutes {_room(room)}, {day}, à partir de {hm(after)}."
    return replace(timetable, slots=slots, grids=grids, explanation=timetable.explanation + note), moved


# --- Explanations per person -----------------------------------------------------------------


def explain(instance: Instance, timetable: Timetable, person: str) -> str:
    """A person's day in plain French: where and when they are expected, and why then."""
    prep = _Prep(instance)
    name = prep.name(person)
    e = _feminine(name)
    lines = []
    by_panel = timetable.by_panel()
    grids = {g.panel: g for g in timetable.grids}
    for p in prep.juror_panels.get(person, []):
        slots = by_panel.get(p, [])
        if not slots:
            continue
        days = sorted({(s.day, s.room) for s in slots})
        where = " ; ".join(f"{_room(r)}, {d}" for d, r in days)
        line = (
            f"{name} siège dans le jury {p} ({where}) : {_plural(len(slots), 'audition')} de "
            f"{hm(slots[0].start)} à {hm(slots[-1].end)}"
        )
        if p in grids:
            line += f", puis la grille générale jusqu'à {hm(grids[p].end)}"
        lines.append(line + ".")
    for slot in timetable.slots:
        a = prep.auditions.get(slot.audition)
        if a is None or person not in (a.auditionee, *a.people):
            continue
        presence = a.format.presence
        whole = person != a.auditionee and a.people_whole_audition
        t0, t1 = (
            (slot.start, slot.end) if whole or not presence else (slot.start + presence[0], slot.start + presence[1])
        )
        role = "auditionné" + e if person == a.auditionee else "attendu" + e
        line = (
            f"{name} est {role} par le jury {a.panel}, {_room(slot.room)}, {slot.day}, de {hm(t0)} à {hm(t1)} "
            f"(audition de {hm(slot.start)} à {hm(slot.end)} : "
            + ", ".join(f"{label} {_span(x, y)}" for label, x, y, _w in slot.segments)
            + ")"
        )
        windows = a.available if person == a.auditionee else prep.windows.get(person, ())
        if windows:
            line += f", dans ses disponibilités ({_windows_text(_merge(windows))})"
        if slot.audition in instance.fixed:
            line += ", horaire imposé par l'équipe"
        lines.append(line + ".")
    return "\n".join(lines) or f"{name} n'a aucun créneau dans ce planning."
