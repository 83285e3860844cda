"""Panel formation: jurors split into balanced panels, each panel given its dossiers and a slot.

Pure: plain dataclasses in and out, no Django. One CP-SAT model decides together who sits on
which panel (x[j,p]), which dossier each panel hears (y[i,p]) and where and when each panel
sits (z[p,s], a slot being a half-day in a room), because availabilities tie the three.

Hard rules (the validator re-checks each one, independently of the solver):

- each panel sits in exactly one slot, each slot holds at most one panel;
- a juror sits only on panels of half-days they are available, on at most `max_panels`
  panels, and never on two panels of the same half-day;
- each panel has `size_min`..`size_max` jurors and hears `items_min`..`items_max` dossiers;
- each dossier is heard by exactly one panel; a juror in conflict with a dossier never sits on
  its panel; a required juror (a challenge's operational mentor, for its candidates' auditions)
  always does; with `keep_groups`, the dossiers of a group (a challenge's candidates) go to the
  same panel;
- staff's pins hold: `pinned` juror -> panel index, `pinned_slots` panel index -> slot id.

Balance, « hard when possible »: these rules hold whenever the pool allows them, and a
result that cannot meet one says so in its `balance` report (the validator checks that every
breach is reported). They are penalties so heavy that no gain elsewhere pays for a breach:

- mixing: each panel has at least min(`mix_min`, values in the pool) distinct values of the
  `mix` attribute (by default 2 types of profile);
- windows: for each attribute in `balance`, each value v of share q_v in the pool (the jurors
  available on at least one half-day) and each panel of size s, the count of v lies in
  [⌊q_v·s⌋ − 1, ⌈q_v·s⌉ + 1] (computed in integers: the share is n_v / N);
- seating: with `seat_all`, every juror available on some half-day sits on a panel.

Then the objective, in decreasing weight: the largest gap between the two main values of the
`parity` attribute (women and men) over the panels, the sum of those gaps, the total
deviation Σ |count − q_v·s| (scaled by N to stay in integers), and the spread of panel sizes.
For each possible size k a redundant cut (the chord of |N·c − n_v·k| between the two roundings
of q_v·k) makes the LP bound tight, so the solver proves the optimum instead of searching.
Panels free of pins are ordered by slot, which breaks the symmetry of relabelling panels (and
fixes panel p to slot p when every slot is used).

Sizes. The first attempt asks for panels of equal sizes within one (⌊N/panels⌋..⌈N/panels⌉
inside `size_min`..`size_max`): staff expect it, and with the size known the cuts above are
exact (the 2020 case is proven optimal in well under a second). Only when the availabilities
forbid it does the engine solve again over the whole size range. « optimal » then means
optimal among panels of equal sizes within one, and the explanation says so.

Infeasibility is explained in plain French: `diagnose` runs cheap counts first (jurors
available per half-day against the panels it must host, jurors overall against
panels × size_min, dossiers against panels × items_max, required jurors unavailable or also
in conflict…); when the solver still proves the model infeasible, the families of rules are
relaxed one at a time (then per half-day or per dossier) to name the one that binds.

Sources: `reference/algorithms-perf.md` §2 and §4 (CP-SAT, ≥ 8 workers even on 2 cores; the
50-juror case is a small model), `reference/rules/Guide_jury_EIG4.txt` (2020: 48 jurors,
8 panels, 2–3 challenges each, two rooms in parallel, one half-day per juror).
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Juror:
    id: str
    # e.g. {"type": "administration", "gender": "f", "organisation": "Insee"}; the types are
    # administration, association, research, entrepreneurship, programme, alumni.
    attributes: dict[str, str] = field(default_factory=dict)
    available: frozenset[str] = frozenset()  # ids of the half-days they can attend
    max_panels: int = 1


@dataclass(frozen=True)
class Item:
    """A dossier heard by a panel: a challenge, or a candidate (`group` = its challenge)."""

    id: str
    required: frozenset[str] = frozenset()  # jurors who must sit on its panel (mentors)
    conflicts: frozenset[str] = frozenset()  # jurors who must not
    group: str = ""


@dataclass(frozen=True)
class Slot:
    id: str
    half_day: str
    room: str


@dataclass
class Instance:
    jurors: list[Juror]
    items: list[Item]
    slots: list[Slot]
    panels: int
    size_min: int
    size_max: int
    items_min: int
    items_max: int
    balance: tuple[str, ...] = ("type", "gender")
    parity: str | None = "gender"
    keep_groups: bool = False
    pinned: dict[str, int] = field(default_factory=dict)  # juror id -> panel index (0-based)
    time_limit: float = 10.0
    workers: int = 8  # ≥ 8 even on 2 cores: reference/algorithms-perf.md §2
    mix: str | None = "type"  # each panel mixes at least `mix_min` values of this attribute
    mix_min: int = 2
    seat_all: bool = True  # every available juror sits on a panel, when the sizes allow it
    pinned_slots: dict[int, str] = field(default_factory=dict)  # panel index -> slot id
    labels: dict[str, str] = field(default_factory=dict)  # any id or value -> French name
    seed: int = 0


@dataclass
class Panel:
    index: int  # 0-based; people read « jury index + 1 »
    slot: Slot
    jurors: list[str]
    items: list[str]


@dataclass
class Panels:
    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    panels: list[Panel]
    objective: float
    bound: float
    gap: float
    wall_seconds: float
    explanation: str  # French
    # attribute -> {"shares", "counts" (per panel), "windows", "outside", "max_deviation",
    # "total_deviation"}; the `mix` attribute adds "distinct" and "unmixed", the `parity`
    # attribute "pair", "gaps" and "max_gap". Plain JSON-able values.
    balance: dict = field(default_factory=dict)
    unseated: list[str] = field(default_factory=list)  # available jurors on no panel

    def panels_of(self, juror_id: str) -> list[Panel]:
        return [p for p in self.panels if juror_id in p.jurors]

    def panel_hearing(self, item_id: str) -> Panel | None:
        return next((p for p in self.panels if item_id in p.items), None)


# --- Weights ------------------------------------------------------------------
# The deviation is counted in 1/N of a juror (N = the pool), so one juror of deviation costs N.
# Each weight below is per juror (or per missing type); breaches of the « hard when
# possible » rules cost more than any realistic gain on the terms under them.
W_SPREAD = 1
W_GAP = 2
W_MAX_GAP = 4
W_WINDOW = 50
W_SEAT = 200
W_MIX = 1000

# Families of hard rules, in the order they are tried when explaining an infeasibility.
FAMILIES = {
    "pins": "les épinglages faits par l'équipe",
    "required": "la présence obligatoire des membres requis, comme les mentors",
    "conflicts": "les conflits d'intérêts",
    "groups": "le regroupement des dossiers d'un même groupe dans un jury",
    "availability": "les disponibilités des membres",
    "max_panels": "le nombre maximal de jurys par membre",
    "sizes": "la taille des jurys",
    "items": "le nombre de dossiers par jury",
}

_DEFAULT_LABELS = {
    "type": "type de profil",
    "gender": "genre",
    "administration": "administration",
    "association": "association",
    "research": "recherche",
    "entrepreneurship": "entrepreneuriat",
    "programme": "équipe du programme",
    "alumni": "anciens EIG",
    "f": "femmes",
    "m": "hommes",
    "x": "personnes non binaires",
    "": "non renseigné",
}


# --- Data shared by the model, the report and the explanations --------------


class _Data:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.half_days: list[str] = []
        for slot in instance.slots:
            if slot.half_day not in self.half_days:
                self.half_days.append(slot.half_day)
        self.rooms = {h: sum(1 for s in instance.slots if s.half_day == h) for h in self.half_days}
        self.available = {j.id: [h for h in self.half_days if h in j.available] for j in instance.jurors}
        self.pool = [j for j in instance.jurors if self.available[j.id]]  # seatable jurors
        self.jurors = {j.id: j for j in instance.jurors}
        self.items = {i.id: i for i in instance.items}
        self.slots = {s.id: s for s in instance.slots}
        self.groups: dict[str, list[str]] = {}
        for item in instance.items:
            if item.group:
                self.groups.setdefault(item.group, []).append(item.id)
        self.values = {a: _values(self.pool, a) for a in self._attributes()}
        self.pair = _parity_pair(self.pool, instance.parity) if instance.parity else None
        mix_values = [v for v in self.values.get(instance.mix, {}) if v] if instance.mix else []
        self.mix_needed = min(instance.mix_min, len(mix_values))

    def _attributes(self) -> list[str]:
        attributes = list(self.instance.balance)
        for extra in (self.instance.mix, self.instance.parity):
            if extra and extra not in attributes:
                attributes.append(extra)
        return attributes

    def label(self, key: str) -> str:
        return self.instance.labels.get(key) or _DEFAULT_LABELS.get(key) or key

    def juror(self, juror_id: str) -> str:
        return self.instance.labels.get(juror_id) or juror_id

    def item(self, item_id: str) -> str:
        return self.instance.labels.get(item_id) or f"« {item_id} »"

    def when(self, half_day: str) -> str:
        return self.instance.labels.get(half_day) or f"la demi-journée « {half_day} »"

    def where(self, slot: Slot) -> str:
        room = self.instance.labels.get(slot.room) or f"salle « {slot.room} »"
        return f"{self.when(slot.half_day)}, {room}"


def _values(pool: Iterable[Juror], attribute: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for juror in pool:
        value = juror.attributes.get(attribute, "")
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def _parity_pair(pool: list[Juror], attribute: str) -> tuple[str, str] | None:
    """The two most common values (women and men), compared for parity; others don't count."""
    counts = sorted(((-n, v) for v, n in _values(pool, attribute).items() if v), key=lambda t: (t[0], t[1]))
    if len(counts) < 2:
        return None
    first, second = sorted((counts[0][1], counts[1][1]))
    return first, second


def _window(n_value: int, pool: int, size: int) -> tuple[int, int]:
    """[⌊q·s⌋ − 1, ⌈q·s⌉ + 1] with q = n_value / pool, in integers."""
    low = n_value * size // pool - 1
    high = -(-n_value * size // pool) + 1
    return max(low, 0), min(high, size)


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def _decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _panels_of(panels: int, count: int, noun: str) -> str:
    """« 8 jurys de 6 membres », « 1 jury de 1 membre »."""
    return f"{_n(panels, 'jury', 'jurys')} de {_n(count, noun, noun + 's')}"


def _jury(index: int) -> str:
    return f"jury {index + 1}"


# --- Pre-checks ----------------------------------------------------------------


def diagnose(instance: Instance) -> str | None:
    """The binding constraint, in French, when cheap counts already prove the instance
    infeasible; None when they do not (the instance may still be infeasible)."""
    data = _Data(instance)
    i = instance
    for check in (_check_parameters, _check_items, _check_people, _check_jurors_overall, _check_half_days):
        message = check(i, data)
        if message:
            return message
    return None


def _check_parameters(i: Instance, data: _Data) -> str | None:
    if i.panels < 1:
        return "Il faut au moins un jury."
    if i.size_min > i.size_max:
        return f"La taille minimale d'un jury ({i.size_min}) dépasse sa taille maximale ({i.size_max})."
    if i.items_min > i.items_max:
        return f"Le nombre minimal de dossiers par jury ({i.items_min}) dépasse le nombre maximal ({i.items_max})."
    if i.panels > len(i.slots):
        return (
            f"Il faut {_n(i.panels, 'jury', 'jurys')} mais seulement "
            f"{_n(len(i.slots), 'créneau est ouvert', 'créneaux sont ouverts')} (une demi-journée dans une salle)."
        )
    for panel, slot_id in sorted(i.pinned_slots.items()):
        if not 0 <= panel < i.panels:
            return f"Un créneau est imposé au {_jury(panel)}, qui n'existe pas ({i.panels} jurys)."
        if slot_id not in data.slots:
            return f"Le créneau imposé au {_jury(panel)} (« {slot_id} ») n'existe pas."
    taken: dict[str, int] = {}
    for panel, slot_id in sorted(i.pinned_slots.items()):
        if slot_id in taken:
            return f"Le même créneau est imposé aux {_jury(taken[slot_id])} et {_jury(panel)}."
        taken[slot_id] = panel
    return None


def _check_items(i: Instance, data: _Data) -> str | None:
    count = len(i.items)
    if count > i.panels * i.items_max:
        return (
            f"Il y a {_n(count, 'dossier', 'dossiers')} à entendre, mais {_panels_of(i.panels, i.items_max, 'dossier')} "
            f"au plus n'en {'entend' if i.panels == 1 else 'entendent'} que {i.panels * i.items_max}."
        )
    if count < i.panels * i.items_min:
        return (
            f"Il faut {_panels_of(i.panels, i.items_min, 'dossier')} au moins, soit "
            f"{_n(i.panels * i.items_min, 'dossier', 'dossiers')} ; il n'y en a que {count}."
        )
    if i.keep_groups:
        for group, members in data.groups.items():
            if len(members) > i.items_max:
                return (
                    f"Les {len(members)} dossiers du groupe {data.label(group)} doivent passer devant le même jury, "
                    f"qui en entend {i.items_max} au plus."
                )
    return None


def _check_people(i: Instance, data: _Data) -> str | None:
    """Required jurors, conflicts and pins that cannot all hold."""
    for item in i.items:
        for juror_id in sorted(item.required):
            if juror_id not in data.jurors:
                return f"{juror_id}, requis pour le dossier {data.item(item.id)}, ne fait pas partie du jury."
            if juror_id in item.conflicts:
                return (
                    f"{data.juror(juror_id)} est à la fois requis et en conflit pour le dossier {data.item(item.id)}."
                )
            if not data.available[juror_id]:
                return (
                    f"{data.juror(juror_id)} doit siéger pour le dossier {data.item(item.id)} mais n'est disponible "
                    "sur aucune des demi-journées prévues."
                )
    # Everything that must sit together: an item's required jurors, and its group's with keep_groups.
    units: dict[str, list[Item]] = {}
    for item in i.items:
        key = f"group:{item.group}" if i.keep_groups and item.group else f"item:{item.id}"
        units.setdefault(key, []).append(item)
    for members in units.values():
        required = sorted({j for item in members for j in item.required})
        for item in members:
            clash = sorted(set(required) & item.conflicts)
            if clash:
                return (
                    f"{data.juror(clash[0])} doit siéger avec le groupe {data.label(item.group)} mais est en conflit "
                    f"avec le dossier {data.item(item.id)}, du même groupe."
                )
        if len(required) > i.size_max:
            return (
                f"Le dossier {data.item(members[0].id)} demande {len(required)} membres requis, plus que les "
                f"{i.size_max} membres d'un jury."
            )
        common = set(data.half_days)
        for juror_id in required:
            common &= set(data.available[juror_id])
        if required and not common:
            names = ", ".join(data.juror(j) for j in required)
            return (
                f"Les membres requis pour le dossier {data.item(members[0].id)} ({names}) n'ont aucune demi-journée "
                "de disponibilité commune."
            )
    # A required juror sits on at most max_panels panels, each hearing at most items_max dossiers.
    needing: dict[str, set[str]] = {}
    for key, members in units.items():
        for juror_id in {j for item in members for j in item.required}:
            needing.setdefault(juror_id, set()).add(key)
    for juror_id, keys in sorted(needing.items()):
        juror = data.jurors[juror_id]
        heard = sum(len(units[k]) for k in keys)
        if heard > juror.max_panels * i.items_max:
            return (
                f"{data.juror(juror_id)} est requis pour {heard} dossiers, mais siège dans "
                f"{_n(juror.max_panels, 'jury', 'jurys')} au plus, de {_n(i.items_max, 'dossier', 'dossiers')} "
                "au plus chacun."
            )
    # Pins.
    pinned: dict[int, list[str]] = {}
    for juror_id, panel in sorted(i.pinned.items()):
        if juror_id not in data.jurors:
            return f"Un membre épinglé ({juror_id}) ne fait pas partie du jury."
        if not 0 <= panel < i.panels:
            return f"{data.juror(juror_id)} est épinglé au {_jury(panel)}, qui n'existe pas ({i.panels} jurys)."
        if not data.available[juror_id]:
            return (
                f"{data.juror(juror_id)} est épinglé au {_jury(panel)} mais n'est disponible sur aucune des "
                "demi-journées prévues."
            )
        pinned.setdefault(panel, []).append(juror_id)
    for panel, members in sorted(pinned.items()):
        if len(members) > i.size_max:
            return f"{len(members)} membres sont épinglés au {_jury(panel)}, qui en compte {i.size_max} au plus."
        common = set(data.half_days)
        if panel in i.pinned_slots:
            common &= {data.slots[i.pinned_slots[panel]].half_day}
        for juror_id in members:
            common &= set(data.available[juror_id])
        if not common:
            names = ", ".join(data.juror(j) for j in members)
            return (
                f"Les membres épinglés au {_jury(panel)} ({names}) n'ont aucune demi-journée de disponibilité commune."
            )
    # An item needs size_min jurors free of conflict.
    for item in i.items:
        free = sum(1 for j in data.pool if j.id not in item.conflicts)
        if free < i.size_min and free == 0:
            return f"Tous les membres du jury disponibles sont en conflit avec le dossier {data.item(item.id)}."
        if free < i.size_min:
            return (
                f"{'Seuls' if free > 1 else 'Seul'} {_n(free, "membre du jury n'a", "membres du jury n'ont")} pas de "
                f"conflit avec le dossier {data.item(item.id)}, alors qu'un jury en compte au moins {i.size_min}."
            )
    return None


def _check_jurors_overall(i: Instance, data: _Data) -> str | None:
    needed = i.panels * i.size_min
    seats = sum(min(j.max_panels, len(data.available[j.id])) for j in i.jurors)
    if seats >= needed:
        return None
    if all(j.max_panels <= 1 for j in i.jurors):
        return (
            f"Il faut {_panels_of(i.panels, i.size_min, 'membre')} au moins, soit {_n(needed, 'personne', 'personnes')} ; "
            f"{_n(seats, 'seulement est disponible', 'seulement sont disponibles')}."
        )
    return (
        f"Il faut {_panels_of(i.panels, i.size_min, 'membre')} au moins, soit {_n(needed, 'place', 'places')} ; "
        f"les membres disponibles ne peuvent en occuper que {seats}."
    )


def _check_half_days(i: Instance, data: _Data) -> str | None:
    """Each half-day hosts at most min(rooms, ⌊available jurors / size_min⌋) panels: a juror
    never sits on two panels at once."""
    capacity, short = {}, []
    for h in data.half_days:
        available = sum(1 for j in data.pool if h in data.available[j.id])
        capacity[h] = min(data.rooms[h], available // i.size_min) if i.size_min > 0 else data.rooms[h]
        if capacity[h] < data.rooms[h]:
            short.append((h, available))
    total = sum(capacity.values())
    if total >= i.panels:
        return None
    reasons = []
    for h, available in short:
        if available == 0:
            reasons.append(f"aucun membre du jury n'est disponible {data.when(h)}")
        elif available < i.size_min:
            reasons.append(
                f"seulement {_n(available, 'membre du jury est disponible', 'membres du jury sont disponibles')} "
                f"{data.when(h)} alors qu'un jury en demande au moins {i.size_min}"
            )
        else:
            reasons.append(
                f"seulement {_n(available, 'membre du jury est disponible', 'membres du jury sont disponibles')} "
                f"{data.when(h)}, assez pour "
                f"{_n(capacity[h], 'jury', 'jurys')} et non {data.rooms[h]}"
            )
    text = " ; ".join(reasons)
    text = text[0].upper() + text[1:]
    return (
        f"{text} : {_n(total, 'jury peut', 'jurys peuvent')} siéger au plus, pour "
        f"{_n(i.panels, 'demandé', 'demandés')}."
    )


# --- The model -----------------------------------------------------------------


class _Model:
    def __init__(
        self,
        data: _Data,
        relax: frozenset[str] = frozenset(),
        objective: bool = True,
        only: dict[str, str] | None = None,
        sizes: tuple[int, int] | None = None,
    ):
        """`relax`: families of hard rules left out; `only`: family -> the key (half-day or
        item id) for which that family is left out, for the drill-down; `sizes`: a narrower
        size range than the instance's (the first, even-sized attempt)."""
        self.data = data
        i = data.instance
        only = only or {}
        m = self.model = cp_model.CpModel()
        P, slots, pool = range(i.panels), i.slots, data.pool
        self.x = {(j.id, p): m.new_bool_var(f"x[{j.id},{p}]") for j in pool for p in P}
        self.y = {(it.id, p): m.new_bool_var(f"y[{it.id},{p}]") for it in i.items for p in P}
        self.z = {(p, s.id): m.new_bool_var(f"z[{p},{s.id}]") for p in P for s in slots}
        x, y, z = self.x, self.y, self.z
        pool_ids = {j.id for j in pool}
        size_min, size_max = (0, len(pool)) if "sizes" in relax else sizes or (i.size_min, i.size_max)
        self.size_max = size_max
        items_min, items_max = (0, len(i.items)) if "items" in relax else (i.items_min, i.items_max)
        for p in P:
            m.add_exactly_one(z[p, s.id] for s in slots)
        for s in slots:
            m.add_at_most_one(z[p, s.id] for p in P)
        free_panels, fixed = set(P), {}  # fixed: panel -> its half-day, when known
        if "pins" not in relax:
            for j_id, p in i.pinned.items():
                if (j_id, p) in x:
                    m.add(x[j_id, p] == 1)
                    free_panels.discard(p)
                elif j_id in data.jurors and 0 <= p < i.panels:
                    m.add_bool_or([])  # pinned but never available: infeasible, diagnose names it
            for p, s_id in i.pinned_slots.items():
                if 0 <= p < i.panels and s_id in data.slots:
                    m.add(z[p, s_id] == 1)
                    free_panels.discard(p)
                    fixed[p] = data.slots[s_id].half_day
        # Symmetry: panels without pins are interchangeable, so order them by slot.
        position = {p: sum(k * z[p, s.id] for k, s in enumerate(slots)) for p in P}
        ordered = sorted(free_panels)
        for p, q in zip(ordered, ordered[1:], strict=False):
            m.add(position[p] < position[q])
        if len(ordered) == len(slots):  # every slot used, no pin: panel p sits in slot p
            for k, p in enumerate(ordered):
                m.add(z[p, slots[k].id] == 1)
                fixed[p] = slots[k].half_day
        # at[p, h]: panel p sits on half-day h (a constant once its slot is known).
        half = {h: [s.id for s in slots if s.half_day == h] for h in data.half_days}
        at = {
            (p, h): (int(fixed[p] == h) if p in fixed else cp_model.LinearExpr.sum([z[p, s] for s in half[h]]))
            for p in P
            for h in data.half_days
        }

        self.size = {}
        for p in P:
            self.size[p] = m.new_int_var(size_min, size_max, f"size[{p}]")
            m.add(self.size[p] == sum(x[j.id, p] for j in pool))
        self.size_is = {}
        for p in P:
            self.size_is[p] = {k: m.new_bool_var(f"size[{p}]={k}") for k in range(size_min, size_max + 1)}
            m.add_exactly_one(self.size_is[p].values())
            m.add(self.size[p] == sum(k * b for k, b in self.size_is[p].items()))
            m.add_linear_constraint(sum(y[it.id, p] for it in i.items), items_min, items_max)
        for it in i.items:
            m.add_exactly_one(y[it.id, p] for p in P)

        for j in pool:
            # Availability: only on panels sitting on one of the juror's half-days.
            usable = set(data.available[j.id])
            if "availability" in relax:
                usable = set(data.half_days)
            elif "availability" in only:
                usable.add(only["availability"])
            if usable != set(data.half_days):
                for p in P:
                    if p in fixed:
                        if fixed[p] not in usable:
                            m.add(x[j.id, p] == 0)
                    else:
                        m.add(x[j.id, p] <= cp_model.LinearExpr.sum([at[p, h] for h in usable]))
            if "max_panels" not in relax:
                m.add(sum(x[j.id, p] for p in P) <= j.max_panels)
                if j.max_panels > 1 and i.panels > 1:
                    # Never two panels of the same half-day: a[j,p,h] ≥ x[j,p] ∧ panel p on h.
                    for h in sorted(usable):
                        both = []
                        for p in P:
                            a = m.new_bool_var(f"a[{j.id},{p},{h}]")
                            m.add(a >= x[j.id, p] + at[p, h] - 1)
                            both.append(a)
                        m.add(sum(both) <= 1)

        for it in i.items:
            if "conflicts" not in relax and only.get("conflicts") != it.id:
                for j_id in it.conflicts & pool_ids:
                    for p in P:
                        m.add(x[j_id, p] + y[it.id, p] <= 1)
            if "required" not in relax and only.get("required") != it.id:
                for j_id in it.required:
                    for p in P:
                        if j_id in pool_ids:
                            m.add(y[it.id, p] <= x[j_id, p])
                        else:
                            m.add(y[it.id, p] == 0)
        if i.keep_groups and "groups" not in relax:
            for members in data.groups.values():
                for other in members[1:]:
                    for p in P:
                        m.add(y[other, p] == y[members[0], p])

        if objective:
            self._objective()

    def _objective(self) -> None:
        data, m, x = self.data, self.model, self.x
        i = data.instance
        P, pool, N = range(i.panels), data.pool, len(data.pool)
        if N == 0:
            return
        terms = []
        self.count = {}
        for attribute, values in data.values.items():
            for value in values:
                members = [j.id for j in pool if j.attributes.get(attribute, "") == value]
                for p in P:
                    # One variable per count, so the constraints below stay short at scale.
                    count = m.new_int_var(0, min(len(members), self.size_max), f"count[{attribute},{value},{p}]")
                    m.add(count == sum(x[j, p] for j in members))
                    self.count[attribute, value, p] = count
        for attribute in i.balance:
            for value, n in data.values[attribute].items():
                for p in P:
                    c, s = self.count[attribute, value, p], self.size[p]
                    d = m.new_int_var(0, N * self.size_max, f"dev[{attribute},{value},{p}]")
                    m.add(d >= N * c - n * s)
                    m.add(d >= n * s - N * c)
                    # For each size k, the chord of |N·c − n·k| between the two roundings of
                    # q·k: an integral count never goes below it, and with the size known the
                    # LP bound becomes tight (the solver proves the optimum instead of searching).
                    for k, is_k in self.size_is[p].items():
                        base, rest = divmod(n * k, N)
                        chord = m.add(d >= rest + (N - 2 * rest) * (c - base))
                        if len(self.size_is[p]) > 1:
                            chord.only_enforce_if(is_k)
                    terms.append(d)
                    # Window [⌊q·s⌋ − 1, ⌈q·s⌉ + 1], soft: o jurors outside it.
                    o = m.new_int_var(0, self.size_max, f"out[{attribute},{value},{p}]")
                    m.add(N * (c + o + 2) >= n * s + 1)
                    m.add(N * (c - o - 2) <= n * s - 1)
                    terms.append(W_WINDOW * N * o)
        if data.pair:
            a, b = data.pair
            top = m.new_int_var(0, self.size_max, "max_gap")
            for p in P:
                g = m.new_int_var(0, self.size_max, f"gap[{p}]")
                ca, cb = self.count[i.parity, a, p], self.count[i.parity, b, p]
                m.add(g >= ca - cb)
                m.add(g >= cb - ca)
                if set(data.values[i.parity]) == {a, b}:
                    # Only two values: the gap has the parity of the size (a redundant fact
                    # that spares the solver a search: 25 women and 23 men in panels of 6 can
                    # only give gaps 0, 2, 4…).
                    half = m.new_int_var(0, self.size_max, f"half[{p}]")
                    m.add(g + self.size[p] == 2 * half)
                m.add(top >= g)
                terms.append(W_GAP * N * g)
            terms.append(W_MAX_GAP * N * top)
        if data.mix_needed:
            for p in P:
                present = []
                for value in data.values[i.mix]:
                    if value:
                        b = m.new_bool_var(f"has[{value},{p}]")
                        m.add(b <= self.count[i.mix, value, p])
                        present.append(b)
                short = m.new_int_var(0, data.mix_needed, f"unmixed[{p}]")
                m.add(sum(present) + short >= data.mix_needed)
                terms.append(W_MIX * N * short)
        if i.seat_all:
            for j in pool:
                unseated = m.new_bool_var(f"unseated[{j.id}]")
                m.add(unseated + sum(x[j.id, p] for p in P) >= 1)
                terms.append(W_SEAT * N * unseated)
        if i.panels > 1:
            largest = m.new_int_var(0, self.size_max, "largest")
            smallest = m.new_int_var(0, self.size_max, "smallest")
            m.add_max_equality(largest, list(self.size.values()))
            m.add_min_equality(smallest, list(self.size.values()))
            terms.append(W_SPREAD * N * (largest - smallest))
        m.minimize(sum(terms))

    def solve(self, time_limit: float, workers: int, seed: int):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.solve(self.model)
        return solver, status

    def read(self, solver) -> list[Panel]:
        data = self.data
        i = data.instance
        panels = []
        for p in range(i.panels):
            slot = next(s for s in i.slots if solver.value(self.z[p, s.id]))
            jurors = [j.id for j in data.pool if solver.value(self.x[j.id, p])]
            items = [it.id for it in i.items if solver.value(self.y[it.id, p])]
            panels.append(Panel(p, slot, jurors, items))
        return panels


# --- Solve -----------------------------------------------------------------------


def solve(instance: Instance) -> Panels:
    started = time.perf_counter()
    data = _Data(instance)
    reason = diagnose(instance)
    if reason:
        return _empty("infeasible", reason, started)
    # First attempt: panels of equal sizes (within one), which staff expect and which lets the
    # solver prove the optimum; only if the availabilities forbid it, the whole size range.
    deadline = started + instance.time_limit
    even = _even_sizes(data)
    status, evened = cp_model.UNKNOWN, even != (instance.size_min, instance.size_max)
    if evened:
        model = _Model(data, sizes=even)
        solver, status = model.solve(instance.time_limit, instance.workers, instance.seed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        evened = False
        model = _Model(data)
        remaining = max(deadline - time.perf_counter(), min(1.0, instance.time_limit))
        solver, status = model.solve(remaining, instance.workers, instance.seed)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        panels = model.read(solver)
        objective = solver.objective_value
        bound = solver.best_objective_bound
        optimal = status == cp_model.OPTIMAL
        gap = 0.0 if optimal else (objective - bound) / max(abs(objective), 1.0)
        balance = balance_of(instance, panels)
        seated = {j for p in panels for j in p.jurors}
        unseated = [j.id for j in data.pool if j.id not in seated]
        wall = time.perf_counter() - started
        return Panels(
            status="optimal" if optimal else "feasible",
            panels=panels,
            objective=objective,
            bound=bound,
            gap=gap,
            wall_seconds=wall,
            explanation=_summary(data, panels, balance, unseated, optimal, gap, wall, evened),
            balance=balance,
            unseated=unseated,
        )
    if status == cp_model.INFEASIBLE:
        return _empty("infeasible", _why_infeasible(data, started), started)
    if status == cp_model.MODEL_INVALID:  # a bug of ours, never a traceback for the user
        return _empty("unknown", f"Le modèle est invalide : {model.model.validate()}", started)
    return _empty(
        "unknown",
        f"Aucune répartition trouvée en {_decimal(instance.time_limit)} s, sans preuve qu'il n'en existe pas : "
        "augmenter le temps de calcul ou assouplir les règles.",
        started,
    )


def _even_sizes(data: _Data) -> tuple[int, int]:
    """⌊N / panels⌋..⌈N / panels⌉ for the N available jurors, within the instance's range."""
    i = data.instance
    n = len(data.pool)

    def clip(size: int) -> int:
        return min(max(size, i.size_min), i.size_max)

    return clip(n // i.panels), clip(-(-n // i.panels))


def _empty(status: str, explanation: str, started: float) -> Panels:
    return Panels(status, [], 0.0, 0.0, 0.0, time.perf_counter() - started, explanation)


def _why_infeasible(data: _Data, started: float) -> str:
    """Relax the families of rules one at a time to name the one that binds."""
    i = data.instance
    deadline = started + 2 * i.time_limit + 1

    def feasible(relax=frozenset(), only=None) -> bool | None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return None
        model = _Model(data, frozenset(relax), objective=False, only=only)
        _solver, status = model.solve(min(remaining, max(1.0, i.time_limit / 4)), i.workers, i.seed)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        return False if status == cp_model.INFEASIBLE else None

    families = [f for f in FAMILIES if _applies(data, f)]
    binding = [f for f in families if feasible({f})]
    head = "Aucune répartition ne respecte toutes les règles."
    if not binding:
        for k, first in enumerate(families):
            for second in families[k + 1 :]:
                if feasible({first, second}):
                    return (
                        f"{head} Aucune règle ne bloque seule : c'est la combinaison de {FAMILIES[first]} et de "
                        f"{FAMILIES[second]} qui rend la formation impossible."
                    )
        return f"{head} Plusieurs règles se combinent pour rendre la formation impossible."
    parts = [FAMILIES[f] + _detail(data, f, feasible) for f in binding]
    if len(parts) == 1:
        return f"{head} La règle qui bloque : {parts[0]}. Sans elle, une répartition existe."
    return f"{head} Chacune de ces règles bloque ; en assouplir une seule suffit : {' ; '.join(parts)}."


def _applies(data: _Data, family: str) -> bool:
    i = data.instance
    return {
        "pins": bool(i.pinned or i.pinned_slots),
        "required": any(it.required for it in i.items),
        "conflicts": any(it.conflicts for it in i.items),
        "groups": i.keep_groups and bool(data.groups),
        "availability": any(set(a) != set(data.half_days) for a in data.available.values()),
        "max_panels": True,
        "sizes": True,
        "items": True,
    }[family]


def _detail(data: _Data, family: str, feasible) -> str:
    """Which half-day, or which dossier, within a binding family."""
    i = data.instance
    if family == "availability":
        found = [h for h in data.half_days if feasible(only={"availability": h})]
        if found:
            return (
                f" (en particulier {', '.join(data.when(h) for h in found)} : trop peu de membres y sont disponibles)"
            )
    if family in ("conflicts", "required") and len(i.items) <= 50:
        keyed = [it for it in i.items if (it.conflicts if family == "conflicts" else it.required)]
        found = [it.id for it in keyed if feasible(only={family: it.id})]
        if found:
            return f" (en particulier pour {', '.join(data.item(f) for f in found)})"
    if family == "sizes":
        return f" (entre {i.size_min} et {i.size_max} membres)"
    if family == "items":
        return f" (entre {i.items_min} et {i.items_max} dossiers)"
    return ""


# --- Balance report ------------------------------------------------------------


def balance_of(instance: Instance, panels: list[Panel]) -> dict:
    """The balance reached, per attribute: counts per panel, windows, breaches, deviations."""
    data = _Data(instance)
    N = len(data.pool)
    jurors = data.jurors
    report = {}
    for attribute, values in data.values.items():
        entry: dict = {"shares": {v: n / N for v, n in values.items()}, "counts": [], "windows": [], "outside": []}
        worst = total = 0.0
        for panel in panels:
            size = len(panel.jurors)
            counts = dict.fromkeys(values, 0)
            for j in panel.jurors:
                value = jurors[j].attributes.get(attribute, "")
                counts[value] = counts.get(value, 0) + 1
            windows = {v: list(_window(n, N, size)) for v, n in values.items()}
            entry["counts"].append(counts)
            entry["windows"].append(windows)
            for v, n in values.items():
                deviation = abs(counts[v] - n * size / N)
                worst, total = max(worst, deviation), total + deviation
                low, high = windows[v]
                if attribute in instance.balance and not low <= counts[v] <= high:
                    entry["outside"].append(
                        {"panel": panel.index, "value": v, "count": counts[v], "window": [low, high]}
                    )
        entry["max_deviation"] = round(worst, 6)
        entry["total_deviation"] = round(total, 6)
        if attribute == instance.mix:
            entry["needed"] = data.mix_needed
            entry["distinct"] = [sum(1 for v, c in counts.items() if v and c) for counts in entry["counts"]]
            entry["unmixed"] = [p.index for p, d in zip(panels, entry["distinct"], strict=True) if d < data.mix_needed]
        if attribute == instance.parity and data.pair:
            a, b = data.pair
            entry["pair"] = [a, b]
            entry["gaps"] = [abs(c[a] - c[b]) for c in entry["counts"]]
            entry["max_gap"] = max(entry["gaps"], default=0)
        report[attribute] = entry
    return report


def _summary(data: _Data, panels, balance, unseated, optimal, gap, wall, evened) -> str:
    i = data.instance
    quality = (
        "solution optimale" if optimal else f"meilleure solution trouvée (écart à l'optimum ≤ {_decimal(gap * 100)} %)"
    )
    if evened:
        quality += " parmi les jurys de tailles égales à un près"
    lines = [f"{_n(len(panels), 'jury formé', 'jurys formés')}, {quality}, en {_decimal(wall, 2)} s."]
    if i.mix and i.mix in balance:
        entry = balance[i.mix]
        if not entry["unmixed"]:
            lines.append(f"Chaque jury mélange au moins {entry['needed']} valeurs de « {data.label(i.mix)} ».")
        else:
            which = ", ".join(str(p + 1) for p in entry["unmixed"])
            cause = "les disponibilités ne le permettent pas" if optimal else "la recherche s'est arrêtée avant"
            lines.append(
                f"Les jurys {which} ne mélangent pas {entry['needed']} valeurs de « {data.label(i.mix)} » : {cause}."
            )
    if i.parity and i.parity in balance and "max_gap" in balance[i.parity]:
        entry = balance[i.parity]
        a, b = entry["pair"]
        pool = data.values[i.parity]
        lines.append(
            f"Parité : écart maximal de {entry['max_gap']} entre {data.label(a)} et {data.label(b)} dans un jury "
            f"(la réserve compte {pool[a]} {data.label(a)} et {pool[b]} {data.label(b)})."
        )
    deviations = [f"« {data.label(a)} » {_decimal(balance[a]['max_deviation'])}" for a in i.balance if a in balance]
    if deviations:
        lines.append(
            "Plus grand écart d'un jury aux proportions de la réserve, en personnes : " + ", ".join(deviations) + "."
        )
    outside = [(a, o) for a in i.balance if a in balance for o in balance[a]["outside"]]
    for attribute, o in outside:
        lines.append(
            f"Le {_jury(o['panel'])} compte {o['count']} « {data.label(o['value'])} » ({data.label(attribute)}), hors de la "
            f"fourchette {o['window'][0]} à {o['window'][1]}."
        )
    if unseated:
        names = ", ".join(data.juror(j) for j in unseated)
        lines.append(f"Ne siègent pas, faute de place compatible avec leurs disponibilités : {names}.")
    elif data.pool:
        lines.append("Tous les membres disponibles siègent.")
    absent = [j.id for j in i.jurors if not data.available[j.id]]
    if absent:
        lines.append(
            "Indisponibles sur toutes les demi-journées prévues : " + ", ".join(data.juror(j) for j in absent) + "."
        )
    return " ".join(lines)


# --- Validation ----------------------------------------------------------------


def validate(instance: Instance, result: Panels) -> list[str]:
    """Re-check every hard rule on a result, independently of the solver; [] when all hold."""
    if result.status not in ("optimal", "feasible"):
        return [] if not result.panels else ["Un résultat sans solution ne doit pas contenir de jurys."]
    problems: list[str] = []
    i = instance
    jurors = {j.id: j for j in i.jurors}
    items = {it.id: it for it in i.items}
    slots = {s.id: s for s in i.slots}
    labels = _Data(instance)  # names only: every check below reads the instance itself
    name, item_name = labels.juror, labels.item

    indices = sorted(p.index for p in result.panels)
    if indices != list(range(i.panels)):
        problems.append(
            f"Le résultat doit compter les jurys 1 à {i.panels}, numérotés une fois chacun ; il en compte {len(indices)}."
        )
    used_slots: dict[str, int] = {}
    for panel in result.panels:
        label = _jury(panel.index)
        if panel.slot.id not in slots or slots[panel.slot.id] != panel.slot:
            problems.append(f"Le {label} siège dans un créneau inconnu (« {panel.slot.id} »).")
        if panel.slot.id in used_slots:
            problems.append(f"Les jurys {used_slots[panel.slot.id] + 1} et {panel.index + 1} occupent le même créneau.")
        used_slots[panel.slot.id] = panel.index
        if panel.index in i.pinned_slots and panel.slot.id != i.pinned_slots[panel.index]:
            problems.append(f"Le {label} ne siège pas dans le créneau qui lui est imposé.")
        if len(set(panel.jurors)) != len(panel.jurors):
            problems.append(f"Un membre figure deux fois dans le {label}.")
        if not i.size_min <= len(set(panel.jurors)) <= i.size_max:
            problems.append(
                f"Le {label} compte {_n(len(set(panel.jurors)), 'membre', 'membres')} ; il en faut entre {i.size_min} "
                f"et {i.size_max}."
            )
        if not i.items_min <= len(set(panel.items)) <= i.items_max:
            problems.append(
                f"Le {label} entend {_n(len(set(panel.items)), 'dossier', 'dossiers')} ; il en faut entre "
                f"{i.items_min} et {i.items_max}."
            )
        for j in panel.jurors:
            if j not in jurors:
                problems.append(f"Le {label} compte un membre inconnu ({j}).")
            elif panel.slot.half_day not in jurors[j].available:
                problems.append(
                    f"{name(j)} siège au {label} mais n'est pas disponible {labels.when(panel.slot.half_day)}."
                )
        for it in panel.items:
            if it not in items:
                problems.append(f"Le {label} entend un dossier inconnu ({it}).")
                continue
            for j in sorted(items[it].conflicts & set(panel.jurors)):
                problems.append(
                    f"{name(j)} siège au {label}, qui entend {item_name(it)}, malgré un conflit d'intérêts."
                )
            for j in sorted(items[it].required - set(panel.jurors)):
                problems.append(
                    f"{name(j)} est requis pour {item_name(it)} mais ne siège pas au {label}, qui l'entend."
                )
    heard: dict[str, list[int]] = {}
    sits: dict[str, list[Panel]] = {}
    for panel in result.panels:
        for it in set(panel.items):
            heard.setdefault(it, []).append(panel.index)
        for j in set(panel.jurors):
            sits.setdefault(j, []).append(panel)
    for it in i.items:
        count = len(heard.get(it.id, []))
        if count != 1:
            if count == 0:
                problems.append(f"Le dossier {item_name(it.id)} n'est entendu par aucun jury.")
            else:
                problems.append(f"Le dossier {item_name(it.id)} est entendu par {count} jurys au lieu d'un.")
    for j_id, panels in sits.items():
        if j_id not in jurors:
            continue
        if len(panels) > jurors[j_id].max_panels:
            problems.append(f"{name(j_id)} siège dans {len(panels)} jurys, {jurors[j_id].max_panels} au plus.")
        half_days = [p.slot.half_day for p in panels]
        if len(set(half_days)) != len(half_days):
            problems.append(f"{name(j_id)} siège dans deux jurys la même demi-journée.")
    for j_id, p in i.pinned.items():
        if j_id in jurors and p not in [q.index for q in sits.get(j_id, [])]:
            problems.append(f"{name(j_id)} est épinglé au {_jury(p)} mais n'y siège pas.")
    if i.keep_groups:
        groups: dict[str, set[int]] = {}
        for it in i.items:
            if it.group:
                groups.setdefault(it.group, set()).update(heard.get(it.id, []))
        for group, where in sorted(groups.items()):
            if len(where) > 1:
                problems.append(
                    f"Les dossiers du groupe {labels.label(group)} sont répartis entre les jurys "
                    f"{', '.join(str(p + 1) for p in sorted(where))}."
                )
    problems += _validate_balance(i, result)
    return problems


def _validate_balance(i: Instance, result: Panels) -> list[str]:
    """Balance bounds: every breach of the mixing rule or of a window is reported in
    `result.balance`, and the report matches the panels."""
    problems = []
    jurors = {j.id: j for j in i.jurors}
    half_days = {s.half_day for s in i.slots}
    pool = [j for j in i.jurors if j.available & half_days]
    N = len(pool)
    if N == 0 or any(j not in jurors for p in result.panels for j in p.jurors):
        return problems
    report = result.balance or {}
    by_index = sorted(result.panels, key=lambda p: p.index)
    for attribute in i.balance:
        values: dict[str, int] = {}
        for j in pool:
            values[j.attributes.get(attribute, "")] = values.get(j.attributes.get(attribute, ""), 0) + 1
        entry = report.get(attribute, {})
        declared = {(o["panel"], o["value"]) for o in entry.get("outside", [])}
        for k, panel in enumerate(by_index):
            size = len(panel.jurors)
            counts = dict.fromkeys(values, 0)
            for j in panel.jurors:
                counts[jurors[j].attributes.get(attribute, "")] += 1
            reported = entry.get("counts", [])
            if k >= len(reported) or any(reported[k].get(v, 0) != c for v, c in counts.items()):
                problems.append(f"Le bilan « {attribute} » ne correspond pas à la composition du {_jury(panel.index)}.")
            for v, n in values.items():
                low = max(n * size // N - 1, 0)
                high = -(-n * size // N) + 1
                if not low <= counts[v] <= high and (panel.index, v) not in declared:
                    problems.append(
                        f"Le {_jury(panel.index)} compte {counts[v]} « {v} » ({attribute}), hors de la fourchette "
                        f"{low} à {high}, sans que le bilan le signale."
                    )
    if i.mix:
        present = {j.attributes.get(i.mix, "") for j in pool} - {""}
        needed = min(i.mix_min, len(present))
        declared = set(report.get(i.mix, {}).get("unmixed", []))
        for panel in by_index:
            distinct = {jurors[j].attributes.get(i.mix, "") for j in panel.jurors} - {""}
            if len(distinct) < needed and panel.index not in declared:
                problems.append(
                    f"Le {_jury(panel.index)} ne mélange pas {needed} valeurs de « {i.mix} » sans que le bilan le signale."
                )
    if i.parity and i.parity in report and "gaps" in report[i.parity]:
        a, b = report[i.parity]["pair"]
        for k, panel in enumerate(by_index):
            values = [jurors[j].attributes.get(i.parity, "") for j in panel.jurors]
            gap = abs(values.count(a) - values.count(b))
            gaps = report[i.parity]["gaps"]
            if k >= len(gaps) or gaps[k] != gap:
                problems.append(f"Le bilan de parité ne correspond pas à la composition du {_jury(panel.index)}.")
    return problems


# --- Explanation per person ------------------------------------------------------


def explain(instance: Instance, result: Panels, juror_id: str) -> str:
    """Why this juror sits on this panel, or on none, in plain French."""
    data = _Data(instance)
    if juror_id not in data.jurors:
        return "Cette personne ne fait pas partie des membres du jury."
    who = data.juror(juror_id)
    juror = data.jurors[juror_id]
    if result.status not in ("optimal", "feasible"):
        return f"Aucun jury n'a pu être formé : {result.explanation}"
    panels = result.panels_of(juror_id)
    if not panels:
        if not data.available[juror_id]:
            return f"{who} ne siège dans aucun jury : disponible sur aucune des demi-journées prévues."
        when = ", ".join(data.when(h) for h in data.available[juror_id])
        full = [
            p
            for p in result.panels
            if p.slot.half_day in data.available[juror_id] and len(p.jurors) >= instance.size_max
        ]
        open_there = [p for p in result.panels if p.slot.half_day in data.available[juror_id]]
        if open_there and len(full) == len(open_there):
            return (
                f"{who} ne siège dans aucun jury : les jurys de ses demi-journées de disponibilité ({when}) sont "
                f"complets ({instance.size_max} membres)."
            )
        if not open_there:
            return f"{who} ne siège dans aucun jury : aucun jury ne siège {when}."
        return (
            f"{who} ne siège dans aucun jury : disponible {when}, mais sa présence aurait déséquilibré les jurys "
            "de ces demi-journées ou les conflits d'intérêts l'écartaient."
        )
    sentences = []
    for panel in panels:
        heard = ", ".join(data.item(it) for it in panel.items)
        reasons = []
        if instance.pinned.get(juror_id) == panel.index:
            reasons.append("épinglage par l'équipe du programme")
        required = [it for it in panel.items if juror_id in data.items[it].required]
        if required:
            reasons.append("présence requise pour " + ", ".join(data.item(it) for it in required))
        reasons.append(f"disponibilité {data.when(panel.slot.half_day)}")
        conflicted = [it for it in data.items.values() if juror_id in it.conflicts]
        if conflicted:
            reasons.append(
                "aucun conflit avec ces dossiers (ses conflits : "
                + ", ".join(data.item(it.id) for it in conflicted)
                + ", entendus par d'autres jurys)"
            )
        else:
            reasons.append("aucun conflit d'intérêts déclaré")
        size = len(panel.jurors)
        for attribute in instance.balance:
            value = juror.attributes.get(attribute, "")
            if attribute not in result.balance or value not in data.values.get(attribute, {}):
                continue
            entry = result.balance[attribute]
            count = entry["counts"][panel.index].get(value, 0) if panel.index < len(entry["counts"]) else 0
            share = entry["shares"][value]
            reasons.append(
                f"« {data.label(value)} » ({data.label(attribute)}) : {count} sur {size} membres de ce jury, "
                f"{round(share * 100)} % de la réserve"
            )
        sentences.append(
            f"{who} siège au {_jury(panel.index)} ({data.where(panel.slot)}), qui entend {heard}. "
            f"Raisons : {' ; '.join(reasons)}. La répartition rapproche chaque jury des proportions de la réserve."
        )
    return " ".join(sentences)
