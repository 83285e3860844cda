"""Panel formation: jurors split into balanced panels, each panel given its dossiers and a slot.

Pure: plain dataclasses in and out, no Django. The rules are written once, in the explicit
model `_Model`: who sits on which panel (x[j,p]), which dossier each panel hears (y[i,p]) and
where and when each panel sits (z[p,s], a slot being a half-day in a room), decided together
because availabilities tie the three. `solve` runs the same rules on a counted form of it
(`_Aggregate`, below): same optimum, a small fraction of the variables.

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

Sizes. The first attempt asks for panels of equal sizes within one (⌊N/panels⌋..⌈N/panels⌉
inside `size_min`..`size_max`): staff expect it, and with the size known the cuts above are
exact. Only when the availabilities forbid it does the engine solve again over the whole size
range. « optimal » then means optimal among panels of equal sizes within one, and the
explanation says so.

The counted model (`_Aggregate`), which lets the 10× case (480 jurors, 80 panels) be proven:

- slots, not panel numbers: a panel is « the panel in slot s »; only the panel numbers staff
  pinned choose a slot; the other panels are numbered in the order of the slots (the order of
  `instance.slots`). The n! relabellings of the panels are gone;
- jurors with no pin, no requirement and no conflict are interchangeable when they share their
  profile (every balanced, mixed or parity attribute), their half-days and `max_panels`: the
  model counts them per half-day and per slot instead of naming them; so are dossiers of the
  same size, conflicts and required jurors. `read` names them back in the tie-break order
  (increasing isolation weight, below). A test checks on random instances that both models
  have the same optimum and that the panels read back cost exactly that in the explicit one;
- a warm start (`_Aggregate.warm_start`): a min-cost flow seats the jurors on half-days with
  each half-day's mix of profiles close to the pool's, then each half-day is split into its
  slots by a small exact model, then the named jurors and the dossiers are placed; CP-SAT
  starts from this whole solution (presolve is told to keep it) and improves it. On the 10×
  case the warm start is within 5 % of the optimum and the optimum is proven in about 10 s.

One result per instance (issue 19). Many panel layouts often reach the optimum; which one
CP-SAT returns would depend on its workers and on thread timing. The tie-break is the rule
shared by the engines (eig/engines/canonical.py), applied to the counted model's decisions:

1. stage 1 proves the optimum of the balance objective;
2. each family of the objective (one value's deviation, the windows, the gaps, the largest
   gap, mixing, seating, spread) is minimised alone; when each family's own minimum is its
   value at the optimum, every optimal layout has each family at that minimum, and « family =
   minimum » is added (it removes no optimal layout; it turns a 15 s tie-break into 0.2 s on
   the 2020 case);
3. stage 2 fixes the optimum and minimises Σ w(key) · value over the decisions, each keyed by
   stable identifiers (a JSON list): (« x », juror id, slot id) for a named juror; (« n », profile,
   half-days, max_panels, half-day) for the count of a kind of interchangeable jurors on a
   half-day; (« a », profile, slot id) for their count in a slot; (« b », size, conflicts,
   required, slot id) for dossiers; (« active », slot id) and (« w », panel number, slot id)
   for the slots used and the pinned panels. w(key) is the SHA-256 isolation weight.
   Then interchangeable jurors (or dossiers) take the counted seats by increasing weight of
   their own id, the seats of a half-day in slot order.

When stage 2 is proven (`canonical`), any run — 1 or 8 workers, any machine load, any order
of the instance's lists — returns these very panels; the 2020 case takes about a second. When
it is not (the 10× case: stage 2 is too large to prove in the time left), the result is still
optimal and the explanation says that another run could choose another layout of the same
value. `digest` is the SHA-256 of the engine, `VERSION`, the decision parameters
(`digest_parameters`: jurors and their profiles and half-days, dossiers, slots, panels, sizes,
dossier range, balance, parity, mix, pins, keep_groups, seat_all; not the workers, seed or
time limit) and the panels (number, slot, sorted jurors, sorted dossiers).

Infeasibility is explained in plain French: `diagnose` runs cheap counts first (jurors
available per half-day against the panels it must host, jurors overall against
panels × size_min, dossiers against panels × items_max, required jurors unavailable or also
in conflict, pins that cannot hold: more jurors pinned to a panel than it holds, a pinned
juror unavailable on the imposed slot's half-day, a pinned juror in conflict with a dossier a
required juror pinned there brings, dossiers sent beyond a panel's maximum, a half-day whose
imposed panels need more jurors than it has…); when the solver still proves the model
infeasible, the families of rules are relaxed one at a time in the explicit model (then per
half-day or per dossier) to name the one that binds.

Sources: `reference/algorithms-perf.md` §2 and §4 (CP-SAT, ≥ 8 workers even on 2 cores; the
50-juror case is a small model), `reference/rules/Guide_jury_EIG4.txt` (2020: 48 jurors,
8 panels, 2–3 challenges each, two rooms in parallel, one half-day per juror).
"""

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from eig.engines.canonical import canonical_json, isolation_weight, result_digest

ENGINE = "panels"
VERSION = "2026.12-1"  # bumped whenever the model, the objective or the tie-break changes


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
    digest: str = ""  # SHA-256 of engine, VERSION, decision parameters and panels; "" without panels
    canonical: bool = False  # the tie-break was proven: any run returns these very panels
    proof_seconds: float = 0.0  # when stage 1 (the balance objective, its optimum or best bound) ended

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

# The warm start's share of the time limit (its per-half-day models), and its cap in seconds.
WARM_SHARE = 0.1
WARM_MAX = 5.0
TIGHTEN_MAX = 5.0
RESERVE = 0.02  # share of the time limit kept for reading the result (1 s at most)  # seconds for each family's own minimum (a few hundredths in practice)

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
    checks = (_check_parameters, _check_items, _check_people, _check_pins, _check_jurors_overall, _check_half_days)
    for check in checks:
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


def _check_pins(i: Instance, data: _Data) -> str | None:
    """Staff's pins that cannot all hold: a juror unknown, available on no half-day or not on
    the half-day of their panel's imposed slot; more jurors pinned to a panel than it holds, or
    with no half-day in common; a dossier that must go to a panel (a juror it requires is pinned
    there and sits on no other panel) where a juror in conflict with it is pinned, or that two
    such pins send to two panels; more dossiers sent to a panel than it hears; a half-day whose
    imposed panels need more jurors than are available."""
    pinned: dict[int, list[str]] = {}
    for juror_id, panel in sorted(i.pinned.items()):
        if juror_id not in data.jurors:
            return f"Un membre épinglé ({juror_id}) ne fait pas partie du jury."
        who = data.juror(juror_id)
        if not 0 <= panel < i.panels:
            return f"{who} est épinglé au {_jury(panel)}, qui n'existe pas ({i.panels} jurys)."
        if not data.available[juror_id]:
            return f"{who} est épinglé au {_jury(panel)} mais n'est disponible sur aucune des demi-journées prévues."
        if panel in i.pinned_slots:
            slot = data.slots[i.pinned_slots[panel]]
            if slot.half_day not in data.available[juror_id]:
                return (
                    f"{who} est épinglé au {_jury(panel)}, dont le créneau imposé est {data.where(slot)}, mais n'est "
                    f"pas disponible {data.when(slot.half_day)}."
                )
        pinned.setdefault(panel, []).append(juror_id)
    for panel, members in sorted(pinned.items()):
        if len(members) > i.size_max:
            return (
                f"{len(members)} membres sont épinglés au {_jury(panel)} ({_names(data.juror(j) for j in members)}), "
                f"qui en compte {i.size_max} au plus."
            )
        common = set(data.half_days)
        for juror_id in members:
            common &= set(data.available[juror_id])
        if not common:
            return (
                f"Les membres épinglés au {_jury(panel)} ({_names(data.juror(j) for j in members)}) n'ont aucune "
                "demi-journée de disponibilité commune."
            )
    # Dossiers a pin sends to a panel: a required juror pinned there who sits on one panel only.
    units: dict[str, list[Item]] = {}
    for item in sorted(i.items, key=lambda it: it.id):
        key = f"group:{item.group}" if i.keep_groups and item.group else f"item:{item.id}"
        units.setdefault(key, []).append(item)
    sent: dict[int, list[Item]] = {}
    for members in units.values():
        what = _names(data.item(it.id) for it in members)
        noun = "Les dossiers" if len(members) > 1 else "Le dossier"
        required = sorted({j for it in members for j in it.required})
        where = {
            j: i.pinned[j] for j in required if j in i.pinned and j in data.jurors and data.jurors[j].max_panels == 1
        }
        if len(set(where.values())) > 1:
            (a, p), (b, q) = sorted(where.items(), key=lambda pair: pair[1])[:2]
            return (
                f"{noun} {what} {'demandent' if len(members) > 1 else 'demande'} {data.juror(a)}, épinglé au "
                f"{_jury(p)}, et {data.juror(b)}, épinglé au {_jury(q)}, qui ne siègent chacun que dans un jury."
            )
        if not where:
            continue
        required_id, panel = next(iter(where.items()))
        sent.setdefault(panel, []).extend(members)
        conflicts = set().union(*(it.conflicts for it in members))
        clash = sorted(conflicts & set(pinned.get(panel, [])))
        if clash:
            return (
                f"{data.juror(clash[0])} est épinglé au {_jury(panel)}, en conflit avec {noun.lower()} {what}, que ce "
                f"jury doit entendre : {data.juror(required_id)}, requis pour "
                f"{'ces dossiers' if len(members) > 1 else 'ce dossier'}, y est aussi épinglé et ne siège que dans ce "
                "jury."
            )
    for panel, items in sorted(sent.items()):
        if len(items) > i.items_max:
            return (
                f"Le {_jury(panel)} devrait entendre {len(items)} dossiers, {i.items_max} au plus : les membres requis "
                f"pour {_names(data.item(it.id) for it in items)} y sont épinglés et ne siègent que dans ce jury."
            )
    # Half-days of the imposed slots: a juror sits on one panel of a half-day at most.
    imposed: dict[str, list[int]] = {}
    for panel, slot_id in sorted(i.pinned_slots.items()):
        imposed.setdefault(data.slots[slot_id].half_day, []).append(panel)
    for half_day, panels in imposed.items():
        available = sum(1 for j in data.pool if half_day in data.available[j.id])
        needed = len(panels) * i.size_min
        if needed > available:
            which = (
                f"Le {_jury(panels[0])} a un créneau imposé {data.when(half_day)} : il lui faut"
                if len(panels) == 1
                else f"Les jurys {_names(str(p + 1) for p in panels)} ont un créneau imposé {data.when(half_day)} : il "
                "leur faut"
            )
            return (
                f"{which} {_n(needed, 'membre', 'membres')} au moins, mais "
                f"{_n(available, 'seul est disponible', 'seulement sont disponibles')} {data.when(half_day)}."
            )
    return None


def _names(names: Iterable[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


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
    """The explicit model: every juror, dossier and panel named (x[j,p], y[i,p], z[p,s]). The
    reference the counted model is tested against, and the one the infeasibility drill-down
    relaxes family by family."""

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
        P, pool = range(i.panels), data.pool
        if not pool:
            return
        self.count = {}
        for attribute, values in data.values.items():
            for value in values:
                members = [j.id for j in pool if j.attributes.get(attribute, "") == value]
                for p in P:
                    # One variable per count, so the constraints below stay short at scale.
                    count = m.new_int_var(0, min(len(members), self.size_max), f"count[{attribute},{value},{p}]")
                    m.add(count == sum(x[j, p] for j in members))
                    self.count[attribute, value, p] = count
        terms = [
            t for _family, t in _balance_terms(m, data, list(P), self.size, self.size_is, self.count, self.size_max)
        ]
        if i.seat_all:
            for j in pool:
                unseated = m.new_bool_var(f"unseated[{j.id}]")
                m.add(unseated + sum(x[j.id, p] for p in P) >= 1)
                terms.append(W_SEAT * len(pool) * unseated)
        m.minimize(sum(terms))

    def solve(self, time_limit: float, workers: int, seed: int):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.solve(self.model)
        return solver, status


def _balance_terms(m, data: _Data, keys, size, size_is, count, size_max, active=None) -> list:
    """The objective's balance terms over the panels `keys` (weights in « Weights » above):
    `size[p]`, `size_is[p]` (size k -> boolean), `count[attribute, value, p]`; `active[p]`, when
    given, is the boolean « a panel sits there » (an empty slot counts nothing). Each term comes
    with its family (« deviation » of a value, « window », « gaps », « max_gap », « mix »,
    « spread »)."""
    i = data.instance
    N = len(data.pool)
    terms = []
    for attribute in i.balance:
        for value, n in data.values[attribute].items():
            for p in keys:
                c, s = count[attribute, value, p], size[p]
                d = m.new_int_var(0, N * size_max, f"dev[{attribute},{value},{p}]")
                m.add(d >= N * c - n * s)
                m.add(d >= n * s - N * c)
                # For each size k, the chord of |N·c − n·k| between the two roundings of
                # q·k: an integral count never goes below it, and with the size known the
                # LP bound becomes tight (the solver proves the optimum instead of searching).
                if len(size_is[p]) == 1:
                    ((k, _is_k),) = size_is[p].items()
                    base, rest = divmod(n * k, N)
                    m.add(d >= rest + (N - 2 * rest) * (c - base))
                else:
                    # Several sizes: the count split by size (c_k = c when the size is k, else
                    # 0) and the deviation too (d_k above |N·c_k − n·k| and the chord, each
                    # scaled by « size is k »): the convex hull of the disjunction, an LP bound
                    # as tight as with the size known (with one chord enforced per size, the
                    # LP spreads counts over fractional sizes at no cost: a 28 % gap on 470
                    # jurors in 80 panels of 5 or 6).
                    parts, deviations = [], []
                    for k, is_k in size_is[p].items():
                        part = m.new_int_var(0, k, f"count[{attribute},{value},{p}]@{k}")
                        d_k = m.new_int_var(0, N * k, f"dev[{attribute},{value},{p}]@{k}")
                        m.add(part <= k * is_k)
                        m.add(d_k >= N * part - n * k * is_k)
                        m.add(d_k >= n * k * is_k - N * part)
                        base, rest = divmod(n * k, N)
                        m.add(d_k >= rest * is_k + (N - 2 * rest) * (part - base * is_k))
                        parts.append(part)
                        deviations.append(d_k)
                    m.add(sum(parts) == c)
                    m.add(d >= sum(deviations))
                terms.append((("deviation", attribute, value), d))
                # Window [⌊q·s⌋ − 1, ⌈q·s⌉ + 1], soft: o jurors outside it.
                o = m.new_int_var(0, size_max, f"out[{attribute},{value},{p}]")
                m.add(N * (c + o + 2) >= n * s + 1)
                m.add(N * (c - o - 2) <= n * s - 1)
                terms.append((("window", attribute, value), W_WINDOW * N * o))
    if data.pair:
        a, b = data.pair
        top = m.new_int_var(0, size_max, "max_gap")
        gaps = []
        for p in keys:
            g = m.new_int_var(0, size_max, f"gap[{p}]")
            ca, cb = count[i.parity, a, p], count[i.parity, b, p]
            m.add(g >= ca - cb)
            m.add(g >= cb - ca)
            if set(data.values[i.parity]) == {a, b}:
                # Only two values: the gap has the parity of the size (a redundant fact
                # that spares the solver a search: 25 women and 23 men in panels of 6 can
                # only give gaps 0, 2, 4…).
                half = m.new_int_var(0, size_max, f"half[{p}]")
                m.add(g + size[p] == 2 * half)
                # An odd size leaves a gap of one at least: said in a form the LP sees (it
                # reads sizes as fractions; 470 jurors in 80 panels make ten panels of 5).
                odd = [is_k for k, is_k in size_is[p].items() if k % 2]
                if odd:
                    m.add(g >= sum(odd))
            m.add(top >= g)
            gaps.append(g)
            terms.append((("gaps",), W_GAP * N * g))
        terms.append((("max_gap",), W_MAX_GAP * N * top))
    if data.mix_needed:
        for p in keys:
            present = []
            for value in data.values[i.mix]:
                if value:
                    b = m.new_bool_var(f"has[{value},{p}]")
                    m.add(b <= count[i.mix, value, p])
                    present.append(b)
            short = m.new_int_var(0, data.mix_needed, f"unmixed[{p}]")
            rule = m.add(sum(present) + short >= data.mix_needed)
            if active is not None:
                rule.only_enforce_if(active[p])
            terms.append((("mix",), W_MIX * N * short))
    if i.panels > 1:
        largest = m.new_int_var(0, size_max, "largest")
        smallest = m.new_int_var(0, size_max, "smallest")
        if active is None:
            m.add_max_equality(largest, [size[p] for p in keys])
            m.add_min_equality(smallest, [size[p] for p in keys])
        else:  # only the slots where a panel sits
            for p in keys:
                m.add(largest >= size[p])
                m.add(smallest <= size[p]).only_enforce_if(active[p])
        terms.append((("spread",), W_SPREAD * N * (largest - smallest)))
    return terms


class _Aggregate:
    """The model `solve` uses: the explicit model (`_Model`) with its symmetries folded away.

    - Slots, not panel numbers: `active[s]` says a panel sits in slot s; only the pinned panel
      numbers choose their slot (`w[p, s]`); the other panels are numbered in slot order.
    - Interchangeable jurors are counted, not named. A juror with no pin, no requirement and no
      conflict is « plain »: plain jurors of the same profile (the values of every balanced,
      mixed or parity attribute), the same half-days and the same `max_panels` form a type, and
      `n[t, h]` counts those of type t sitting on half-day h; within a half-day, `a[k, s]` counts
      the plain jurors of profile k in slot s. Other jurors keep a boolean per slot, `x[j, s]`.
    - Interchangeable dossiers too: units (a dossier, or with `keep_groups` a group's dossiers)
      of the same size, the same conflicts and the same required jurors form a kind, and
      `b[u, s]` counts the units of kind u heard in slot s.

    Every rule of `_Model` holds on these counts, and any counts that satisfy them are spread
    back onto people and dossiers (`read`), so both models have the same optimum (a test checks
    it on random instances). The names are given back in the tie-break order: within a type,
    a profile or a kind, by increasing isolation weight (eig/engines/canonical.py), then id."""

    def __init__(self, data: _Data, sizes: tuple[int, int] | None = None):
        self.data = data
        i = data.instance
        m = self.model = cp_model.CpModel()
        self.decisions: list[tuple] = []
        slots = i.slots
        self.slots = slots
        size_min, size_max = sizes or (i.size_min, i.size_max)
        self.size_max = size_max
        self.sizes = (size_min, size_max)
        attributes = list(data.values)
        pool = sorted(data.pool, key=lambda j: j.id)
        pool_ids = {j.id for j in pool}
        items = sorted(i.items, key=lambda it: it.id)
        self.half = {h: [s for s in slots if s.half_day == h] for h in data.half_days}

        # Panels in slots.
        everywhere = self.everywhere = i.panels == len(slots)
        if everywhere:
            self.active = {s.id: 1 for s in slots}
        else:
            self.active = {s.id: m.new_bool_var(f"active[{s.id}]") for s in slots}
            m.add(sum(self.active.values()) == i.panels)
            self.decisions += [(_key("active", s.id), self.active[s.id]) for s in slots]
        active = self.active
        pinned_panels = sorted({p for p in i.pinned.values() if 0 <= p < i.panels} | set(i.pinned_slots))
        self.w = {}
        for p in pinned_panels:
            for s in slots:
                self.w[p, s.id] = m.new_bool_var(f"w[{p},{s.id}]")
                self.decisions.append((_key("w", p, s.id), self.w[p, s.id]))
            m.add_exactly_one(self.w[p, s.id] for s in slots)
            if p in i.pinned_slots:
                m.add(self.w[p, i.pinned_slots[p]] == 1)
        for s in slots:
            if pinned_panels:
                m.add(sum(self.w[p, s.id] for p in pinned_panels) <= active[s.id])

        # Jurors: special ones by name, plain ones by type.
        special_ids = {j for j in i.pinned if j in pool_ids}
        for it in items:
            special_ids |= (it.required | it.conflicts) & pool_ids
        self.profile = {j.id: tuple(j.attributes.get(a, "") for a in attributes) for j in pool}
        self.special = [j for j in pool if j.id in special_ids]
        self.types: dict[tuple, list[Juror]] = {}
        for j in pool:
            if j.id not in special_ids:
                key = (self.profile[j.id], tuple(data.available[j.id]), j.max_panels)
                self.types.setdefault(key, []).append(j)
        self.x = {}
        for j in self.special:
            mine = [s for s in slots if s.half_day in data.available[j.id]]
            for s in mine:
                self.x[j.id, s.id] = m.new_bool_var(f"x[{j.id},{s.id}]")
                self.decisions.append((_key("x", j.id, s.id), self.x[j.id, s.id]))
                if not everywhere:
                    m.add(self.x[j.id, s.id] <= active[s.id])
            for h in data.available[j.id]:
                m.add_at_most_one(self.x[j.id, s.id] for s in self.half[h])
            if j.max_panels < len(data.available[j.id]):
                m.add(sum(self.x[j.id, s.id] for s in mine) <= j.max_panels)
        for j_id, p in sorted(i.pinned.items()):
            if j_id not in pool_ids or not 0 <= p < i.panels:
                if j_id in data.jurors and 0 <= p < i.panels:
                    m.add_bool_or([])  # pinned but never available: diagnose names it
                continue
            for s in slots:
                if (j_id, s.id) in self.x:
                    m.add(self.x[j_id, s.id] >= self.w[p, s.id])
                else:
                    m.add(self.w[p, s.id] == 0)
        self.n = {}
        for key, members in self.types.items():
            profile, available, max_panels = key
            for h in available:
                self.n[key, h] = m.new_int_var(0, len(members), f"n[{len(self.n)}]")
                self.decisions.append((_key("n", profile, available, max_panels, h), self.n[key, h]))
            if max_panels < len(available):
                m.add(sum(self.n[key, h] for h in available) <= max_panels * len(members))
        self.a = {}
        for h, hslots in self.half.items():
            by_profile: dict[tuple, list] = {}
            for key in self.types:
                if (key, h) in self.n:
                    by_profile.setdefault(key[0], []).append(self.n[key, h])
            for profile, ns in by_profile.items():
                for s in hslots:
                    self.a[profile, s.id] = m.new_int_var(0, size_max, f"a[{profile},{s.id}]")
                    self.decisions.append((_key("a", profile, s.id), self.a[profile, s.id]))
                m.add(sum(self.a[profile, s.id] for s in hslots) == sum(ns))

        # Sizes and counts per slot.
        self.size, self.size_is, self.count = {}, {}, {}
        for s in slots:
            by_profile: dict[tuple, list] = {}
            for (profile, s_id), var in self.a.items():
                if s_id == s.id:
                    by_profile.setdefault(profile, []).append(var)
            for j in self.special:
                if (j.id, s.id) in self.x:
                    by_profile.setdefault(self.profile[j.id], []).append(self.x[j.id, s.id])
            low = size_min if everywhere else 0
            size = self.size[s.id] = m.new_int_var(low, size_max, f"size[{s.id}]")
            m.add(size == sum(v for vs in by_profile.values() for v in vs))
            self.size_is[s.id] = {k: m.new_bool_var(f"size[{s.id}]={k}") for k in range(size_min, size_max + 1)}
            if not everywhere:
                self.size_is[s.id][0] = active[s.id].negated()
            m.add_exactly_one(self.size_is[s.id].values())
            m.add(size == sum(k * b for k, b in self.size_is[s.id].items()))
            for a_index, attribute in enumerate(attributes):
                for value in data.values[attribute]:
                    members = [v for profile, vs in by_profile.items() if profile[a_index] == value for v in vs]
                    count = m.new_int_var(0, size_max, f"count[{attribute},{value},{s.id}]")
                    m.add(count == sum(members))
                    self.count[attribute, value, s.id] = count

        # Dossiers: units of interchangeable kinds.
        units: dict[str, list[Item]] = {}
        for it in items:
            key = f"group:{it.group}" if i.keep_groups and it.group else f"item:{it.id}"
            units.setdefault(key, []).append(it)
        self.kinds: dict[tuple, list[list[Item]]] = {}
        for members in units.values():
            conflicts = frozenset().union(*(it.conflicts for it in members)) & pool_ids
            required = frozenset().union(*(it.required for it in members))
            kind = (len(members), tuple(sorted(conflicts)), tuple(sorted(required)))
            self.kinds.setdefault(kind, []).append(members)
        self.b = {}
        heard = {s.id: [] for s in slots}
        for kind, group in self.kinds.items():
            length, conflicts, required = kind
            cap = min(len(group), i.items_max // length) if length else len(group)
            for s in slots:
                blocked = any(r not in pool_ids or (r, s.id) not in self.x for r in required)
                var = self.b[kind, s.id] = m.new_int_var(0, 0 if blocked else cap, f"b[{len(self.b)}]")
                self.decisions.append((_key("b", kind, s.id), var))
                heard[s.id].append(length * var)
                for j_id in conflicts:
                    if (j_id, s.id) in self.x:
                        m.add(var == 0).only_enforce_if(self.x[j_id, s.id])
                for r in required:
                    if (r, s.id) in self.x:
                        m.add(var == 0).only_enforce_if(self.x[r, s.id].negated())
            m.add(sum(self.b[kind, s.id] for s in slots) == len(group))
        for s in slots:
            total = sum(heard[s.id])
            if everywhere:
                m.add_linear_constraint(total, i.items_min, i.items_max)
            else:
                m.add(total >= i.items_min * active[s.id])
                m.add(total <= i.items_max * active[s.id])

        # Objective.
        keys = [s.id for s in slots]
        terms = []
        if data.pool:
            terms = _balance_terms(
                m, data, keys, self.size, self.size_is, self.count, size_max, None if everywhere else active
            )
        N = len(data.pool)
        if i.seat_all and N:
            for key, members in self.types.items():
                profile, available, max_panels = key
                unseated = m.new_int_var(0, len(members), f"unseated[{len(terms)}]")
                m.add(unseated + sum(self.n[key, h] for h in available) >= len(members))
                terms.append((("seat",), W_SEAT * N * unseated))
            for j in self.special:
                unseated = m.new_bool_var(f"unseated[{j.id}]")
                m.add(unseated + sum(self.x[j.id, s.id] for s in slots if (j.id, s.id) in self.x) >= 1)
                terms.append((("seat",), W_SEAT * N * unseated))
        self.families: dict[tuple, list] = {}
        for family, term in terms:
            self.families.setdefault(family, []).append(term)
        self.objective = sum(term for _family, term in terms)
        m.minimize(self.objective)

    def tighten(self, solver: cp_model.CpSolver, deadline: float, instance: Instance) -> bool:
        """Hold each family of the objective at its own minimum when the optimum forces it.

        Each family (the deviation of one value, the windows, the gaps, the largest gap, the
        mixing, the seating, the spread) is minimised alone, from the optimum found as a hint;
        when every family's proven minimum equals its value at the optimum, their sum is the
        optimum, so every optimal result has each family at its minimum: adding « family =
        minimum » removes no optimal result, and gives stage 2 an LP bound that proves the
        tie-break in a fraction of a second instead of many seconds (2020 case: 0.2 s, not 15)."""
        m = self.model
        values = {family: round(sum(solver.value(t) for t in terms)) for family, terms in self.families.items()}
        hints = [(var, solver.value(var)) for _key, var in self.decisions]
        for family, terms in self.families.items():
            if values[family] == 0:
                continue  # every term is ≥ 0
            m.clear_objective()
            m.clear_hints()
            for var, value in hints:
                m.add_hint(var, value)
            m.minimize(sum(terms))
            alone = _solver(min(deadline - time.perf_counter(), TIGHTEN_MAX), instance, workers=1)
            if alone.solve(m) != cp_model.OPTIMAL or round(alone.objective_value) != values[family]:
                return False
        for family, terms in self.families.items():
            m.add(sum(terms) == values[family])
        return True

    def warm_start(self, seconds: float, seed: int) -> None:
        """Hints for CP-SAT: a balanced solution built piece by piece.

        1. the slots that hold a panel (the pinned ones, then the half-days with the most
           jurors available per panel);
        2. who sits on which half-day: a min-cost flow that seats as many jurors as possible,
           fills each panel to its minimum size, and keeps each half-day's mix of profiles
           close to the pool's (a convex cost on each profile's count per half-day);
        3. within each half-day, each profile's count per slot: a small exact model of the
           half-day alone with the engine's own balance objective;
        4. the named jurors (pins, requirements, conflicts) into those counts, the dossiers
           where no conflict forbids them and their required jurors sit.
        A dossier or a named juror that finds no place leaves the hint incomplete: CP-SAT then
        repairs it. The hints never constrain the result, and a proven result does not depend
        on them."""
        data, i = self.data, self.data.instance
        lo, hi = self.sizes
        started = time.perf_counter()
        active = self._hint_slots()
        on = {h: [s for s in self.half[h] if s.id in active] for h in self.half}
        pool = sorted(data.pool, key=_tie_order)
        N = len(pool)
        if not N or not active:
            return
        # 2. Half-days.
        flow = min_cost_flow.SimpleMinCostFlow()
        source, sink = 0, 1
        node = {}

        def at(key) -> int:
            if key not in node:
                node[key] = len(node) + 2
            return node[key]

        profiles: dict[tuple, int] = {}
        for j in pool:
            profiles[self.profile[j.id]] = profiles.get(self.profile[j.id], 0) + 1
        average = min(max(N / i.panels, lo), hi)
        pinned_half = {}
        for j_id, p in i.pinned.items():
            if p in i.pinned_slots and i.pinned_slots[p] in data.slots:
                pinned_half[j_id] = data.slots[i.pinned_slots[p]].half_day
        arcs = {}
        for j in pool:
            flow.add_arc_with_capacity_and_unit_cost(source, at(("j", j.id)), 1, 0)
            for h in data.available[j.id]:
                if on[h] and pinned_half.get(j.id, h) == h:
                    arcs[j.id, h] = flow.add_arc_with_capacity_and_unit_cost(
                        at(("j", j.id)), at(("k", self.profile[j.id], h)), 1, 0
                    )
        for h, hslots in on.items():
            if not hslots:
                continue
            seats = len(hslots) * average
            for profile, n in profiles.items():
                target = n * seats / N
                tail = at(("k", profile, h))
                for unit in range(1, min(n, len(hslots) * hi) + 1):
                    cost = round(100 * (2 * unit - 1 - 2 * target))
                    flow.add_arc_with_capacity_and_unit_cost(tail, at(("h", h)), 1, cost)
            flow.add_arc_with_capacity_and_unit_cost(at(("h", h)), sink, len(hslots) * lo, -1_000_000)
            flow.add_arc_with_capacity_and_unit_cost(at(("h", h)), sink, len(hslots) * (hi - lo), 0)
        flow.set_node_supply(source, N)
        flow.set_node_supply(sink, -N)
        if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
            return
        half_of = {j_id: h for (j_id, h), arc in arcs.items() if flow.flow(arc)}
        # 3. Profiles per slot, half-day by half-day.
        per_slot: dict[str, dict[tuple, int]] = {}
        halves = [h for h in on if on[h]]
        for k, h in enumerate(halves):
            counts: dict[tuple, int] = {}
            for j_id, there in half_of.items():
                if there == h:
                    counts[self.profile[j_id]] = counts.get(self.profile[j_id], 0) + 1
            left = seconds - (time.perf_counter() - started)
            per_slot |= self._split(on[h], counts, max(left / (len(halves) - k), 0.05), seed)
        # 4. Named jurors, then dossiers.
        slot_of_panel = dict(i.pinned_slots)
        taken = {}
        for j in self.special:
            h = half_of.get(j.id)
            if h is None:
                continue
            profile = self.profile[j.id]
            p = i.pinned.get(j.id)
            choice = None
            if p is not None and p in slot_of_panel and data.slots[slot_of_panel[p]].half_day == h:
                choice = slot_of_panel[p]
            else:
                free = [s.id for s in on[h] if s.id not in slot_of_panel.values() or p is None]
                roomy = [s for s in free if per_slot.get(s, {}).get(profile, 0) > 0]
                choice = (roomy or free or [None])[0]
                if p is not None and choice is not None:
                    slot_of_panel[p] = choice
            if choice is None:
                continue
            taken[j.id] = choice
            if per_slot.get(choice, {}).get(profile, 0) > 0:
                per_slot[choice][profile] -= 1
        sitting: dict[str, set[str]] = {}
        for j_id, s_id in taken.items():
            sitting.setdefault(s_id, set()).add(j_id)
        load = dict.fromkeys(active, 0)
        units = []
        for kind, group in self.kinds.items():
            length, conflicts, required = kind
            allowed = [
                s
                for s in active
                if not set(conflicts) & sitting.get(s, set()) and set(required) <= sitting.get(s, set())
            ]
            units += [(len(allowed), -length, _tie_order(unit[0]), kind, allowed) for unit in group]
        placed: dict[tuple, int] = {}
        for _n, minus, _order, kind, allowed in sorted(units, key=lambda u: u[:3]):
            fits = [s for s in allowed if load[s] - minus <= i.items_max]
            if fits:
                s = min(fits, key=lambda s: (load[s], active.index(s)))
                load[s] -= minus
                placed[kind, s] = placed.get((kind, s), 0) + 1
        # Hints: the decisions, completed into a whole solution (the objective's own variables
        # included) by a solve with the decisions fixed, so that CP-SAT starts from it at once.
        guess = [(self.active[s.id], s.id in active) for s in self.slots if not self.everywhere]
        guess += [(var, slot_of_panel.get(p) == s_id) for (p, s_id), var in self.w.items()]
        guess += [(var, taken.get(j_id) == s_id) for (j_id, s_id), var in self.x.items()]
        guess += [(var, sum(1 for j in self.types[key] if half_of.get(j.id) == h)) for (key, h), var in self.n.items()]
        guess += [(var, max(per_slot.get(s_id, {}).get(profile, 0), 0)) for (profile, s_id), var in self.a.items()]
        guess += [(var, placed.get((kind, s_id), 0)) for (kind, s_id), var in self.b.items()]
        fixed = self.model.clone()
        for var, value in guess:
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == int(value))
        complete = cp_model.CpSolver()
        complete.parameters.max_time_in_seconds = max(seconds - (time.perf_counter() - started), 0.5)
        complete.parameters.num_workers = 1
        if complete.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for index in range(len(self.model.proto.variables)):
                self.model.add_hint(
                    self.model.get_int_var_from_proto_index(index),
                    complete.value(fixed.get_int_var_from_proto_index(index)),
                )
        else:
            for var, value in guess:
                self.model.add_hint(var, int(value))

    def _hint_slots(self) -> list[str]:
        """The slots that hold a panel in the warm start, in slot order."""
        data, i = self.data, self.data.instance
        if i.panels == len(self.slots):
            return [s.id for s in self.slots]
        chosen = [s for s in i.pinned_slots.values() if s in data.slots]
        free = {h: [s.id for s in hs if s.id not in chosen] for h, hs in self.half.items()}
        jurors = {h: sum(1 for j in data.pool if h in data.available[j.id]) for h in self.half}
        count = {h: sum(1 for s in chosen if data.slots[s].half_day == h) for h in self.half}
        while len(chosen) < i.panels:
            open_ = [h for h in self.half if free[h]]
            if not open_:
                break
            h = max(open_, key=lambda h: jurors[h] / (count[h] + 1))
            chosen.append(free[h].pop(0))
            count[h] += 1
        return [s.id for s in self.slots if s.id in chosen]

    def _split(self, slots: list[Slot], counts: dict[tuple, int], seconds: float, seed: int):
        """Each profile's count per slot of one half-day: panel sizes equal within one, then a
        small exact model with the engine's balance objective (a greedy deal if it finds
        nothing in its time)."""
        data = self.data
        seats = sum(counts.values())
        base, extra = divmod(seats, len(slots))
        sizes = {s.id: base + (k < extra) for k, s in enumerate(slots)}
        m = cp_model.CpModel()
        attributes = list(data.values)
        a = {(k, s.id): m.new_int_var(0, n, "") for k, n in counts.items() for s in slots}
        for k, n in counts.items():
            m.add(sum(a[k, s.id] for s in slots) == n)
        size_is, count = {}, {}
        for s in slots:
            m.add(sum(a[k, s.id] for k in counts) == sizes[s.id])
            size_is[s.id] = {sizes[s.id]: 1}
            for index, attribute in enumerate(attributes):
                for value in data.values[attribute]:
                    count[attribute, value, s.id] = sum(a[k, s.id] for k in counts if k[index] == value)
        terms = _balance_terms(m, data, [s.id for s in slots], sizes, size_is, count, max(sizes.values(), default=0))
        m.minimize(sum(t for _f, t in terms))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1  # a small model: one worker proves it faster than eight on 2 cores
        solver.parameters.random_seed = seed
        solver.parameters.linearization_level = 2
        if solver.solve(m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return {s.id: {k: solver.value(a[k, s.id]) for k in counts} for s in slots}
        # Greedy: the scarcest profiles first, each juror to the emptiest slot with room.
        split = {s.id: dict.fromkeys(counts, 0) for s in slots}
        room = dict(sizes)
        for k, n in sorted(counts.items(), key=lambda kn: (kn[1], kn[0])):
            for _ in range(n):
                s_id = max(room, key=lambda s_id: (room[s_id] > 0, -split[s_id][k], room[s_id]))
                split[s_id][k] += 1
                room[s_id] -= 1
        return split

    def read(self, solver) -> list[Panel]:
        """Spread the counts back onto people and dossiers, in the tie-break order."""
        data = self.data
        i = data.instance
        order = _tie_order
        seats: dict[str, list[str]] = {s.id: [] for s in self.slots}
        # Plain jurors: each type's seats per half-day, dealt in turn (a juror never twice on
        # one half-day, at most max_panels seats each), then each profile's spread over the
        # half-day's slots in slot order.
        on_half: dict[tuple, list[Juror]] = {}
        for key, members in self.types.items():
            profile, available, _max = key
            members = sorted(members, key=order)
            turn = 0
            for h in available:
                for _ in range(solver.value(self.n[key, h])):
                    on_half.setdefault((profile, h), []).append(members[turn % len(members)])
                    turn += 1
        for (profile, h), jurors in on_half.items():
            jurors = sorted(jurors, key=order)
            for s in self.half[h]:
                take = solver.value(self.a[profile, s.id])
                seats[s.id] += [j.id for j in jurors[:take]]
                jurors = jurors[take:]
        for (j_id, s_id), var in self.x.items():
            if solver.value(var):
                seats[s_id].append(j_id)
        heard: dict[str, list[str]] = {s.id: [] for s in self.slots}
        for kind, group in self.kinds.items():
            group = sorted(group, key=lambda unit: order(unit[0]))
            for s in self.slots:
                take = solver.value(self.b[kind, s.id])
                heard[s.id] += [it.id for unit in group[:take] for it in unit]
                group = group[take:]
        # Panel numbers: the pinned ones where they sit, the others in slot order.
        numbered = {}
        for (p, s_id), var in self.w.items():
            if solver.value(var):
                numbered[s_id] = p
        free = iter(p for p in range(i.panels) if p not in set(numbered.values()))
        panels = []
        for s in self.slots:
            if self.everywhere or solver.value(self.active[s.id]):
                index = numbered[s.id] if s.id in numbered else next(free)
                panels.append(Panel(index, s, sorted(seats[s.id]), sorted(heard[s.id])))
        return sorted(panels, key=lambda p: p.index)


def _key(*parts) -> str:
    """A decision's stable key, as canonical JSON: two different keys never read alike."""
    return canonical_json(list(parts))


def _tie_order(thing) -> tuple[int, str]:
    """Interchangeable jurors (or dossiers) take their seats by increasing isolation weight."""
    return isolation_weight(ENGINE, thing.id), thing.id


# --- Solve -----------------------------------------------------------------------


def solve(instance: Instance) -> Panels:
    started = time.perf_counter()
    data = _Data(instance)
    reason = diagnose(instance)
    if reason:
        return _empty("infeasible", reason, started)
    # First attempt: panels of equal sizes (within one), which staff expect and which lets the
    # solver prove the optimum; only if the availabilities forbid it, the whole size range.
    # A little of the limit is kept for reading the result (CP-SAT also stops a little late).
    deadline = started + instance.time_limit - min(RESERVE * instance.time_limit, 1.0)
    even = _even_sizes(data)
    run, evened = None, even != (instance.size_min, instance.size_max)
    if evened:
        model = _Aggregate(data, sizes=even)
        run = _run(model, deadline, instance)
    if run is None or run.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        evened = False
        model = _Aggregate(data)
        run = _run(model, max(deadline, time.perf_counter() + min(1.0, instance.time_limit)), instance)
    status = run.status
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        panels = model.read(run.solver)
        objective = float(round(run.objective))  # integral terms: no float noise in the report
        optimal = status == cp_model.OPTIMAL
        bound = objective if optimal else float(math.ceil(run.bound - 1e-6))
        gap = 0.0 if optimal else (objective - bound) / max(abs(objective), 1.0)
        balance = balance_of(instance, panels)
        seated = {j for p in panels for j in p.jurors}
        unseated = sorted(j.id for j in data.pool if j.id not in seated)
        wall = time.perf_counter() - started
        return Panels(
            status="optimal" if optimal else "feasible",
            panels=panels,
            objective=objective,
            bound=bound,
            gap=gap,
            wall_seconds=wall,
            explanation=_summary(data, panels, balance, unseated, optimal, gap, wall, evened, run.canonical),
            balance=balance,
            unseated=unseated,
            digest=digest_of(instance, panels),
            canonical=run.canonical,
            proof_seconds=run.proved - started,
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


@dataclass
class _Run:
    status: int  # stage 1's CP-SAT status
    solver: cp_model.CpSolver | None  # the values to read (stage 2's when it ran)
    objective: float = 0.0
    bound: float = 0.0
    proved: float = 0.0  # perf_counter() when stage 1 ended
    canonical: bool = False  # stage 2 proven: any run returns these panels


def _solver(seconds: float, instance: Instance, workers: int | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = workers or instance.workers
    solver.parameters.random_seed = instance.seed
    # The LP with its cuts at every node: a single worker proves the 2020 case in 0.2 s with it,
    # not in 20 s without (several workers run such a worker anyway).
    solver.parameters.linearization_level = 2
    # Keep the warm start (and stage 2's hint) a solution of the presolved model: without it,
    # presolve's symmetry and dual reductions may cut the hinted solution away and the
    # solver starts from scratch (10× case: 220,000 points at first instead of 136,560).
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    return solver


def _run(model: "_Aggregate", deadline: float, instance: Instance) -> _Run:
    """Stage 1 (the balance objective), then, once its optimum is proven, stage 2 (the
    tie-break of eig/engines/canonical.py: the optimum fixed, the least isolation weight of the
    decisions), with each family of the objective held at its own minimum when the optimum
    implies it (`_Aggregate.tighten`)."""
    left = deadline - time.perf_counter()
    model.warm_start(min(left * WARM_SHARE, WARM_MAX), instance.seed)
    first = _solver(deadline - time.perf_counter(), instance)
    status = first.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Run(status, None, proved=time.perf_counter())
    run = _Run(status, first, first.objective_value, first.best_objective_bound, time.perf_counter())
    if status != cp_model.OPTIMAL or not model.decisions:
        run.canonical = status == cp_model.OPTIMAL
        return run
    m = model.model
    optimum = round(first.objective_value)
    model.tighten(first, deadline, instance)
    m.clear_objective()
    m.clear_hints()
    m.add(model.objective == optimum)
    for _key, var in model.decisions:
        m.add_hint(var, first.value(var))
    variables = [var for _key, var in model.decisions]
    m.minimize(
        cp_model.LinearExpr.weighted_sum(variables, [isolation_weight(ENGINE, key) for key, _ in model.decisions])
    )
    second = _solver(deadline - time.perf_counter(), instance)
    status2 = second.solve(m)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        run.solver, run.canonical = second, status2 == cp_model.OPTIMAL
    return run


def digest_parameters(instance: Instance) -> dict:
    """What shapes the decision (not the workers, seed or time limit: a proven result does not
    depend on them)."""
    i = instance
    return {
        "jurors": sorted(
            [[j.id, dict(sorted(j.attributes.items())), sorted(j.available), j.max_panels] for j in i.jurors]
        ),
        "items": sorted([[it.id, sorted(it.required), sorted(it.conflicts), it.group] for it in i.items]),
        "slots": [[s.id, s.half_day, s.room] for s in i.slots],
        "panels": i.panels,
        "sizes": [i.size_min, i.size_max],
        "items_range": [i.items_min, i.items_max],
        "balance": list(i.balance),
        "parity": i.parity,
        "mix": [i.mix, i.mix_min],
        "keep_groups": i.keep_groups,
        "seat_all": i.seat_all,
        "pinned": dict(sorted(i.pinned.items())),
        "pinned_slots": {str(p): s for p, s in sorted(i.pinned_slots.items())},
    }


def digest_of(instance: Instance, panels: list[Panel]) -> str:
    """SHA-256 of the engine, its VERSION, the decision parameters and the panels (each: number,
    slot, sorted jurors, sorted dossiers)."""
    result = [[p.index, p.slot.id, sorted(p.jurors), sorted(p.items)] for p in sorted(panels, key=lambda p: p.index)]
    return result_digest(ENGINE, VERSION, digest_parameters(instance), result)


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


def _summary(data: _Data, panels, balance, unseated, optimal, gap, wall, evened, canonical) -> str:
    i = data.instance
    quality = (
        "solution optimale" if optimal else f"meilleure solution trouvée (écart à l'optimum ≤ {_decimal(gap * 100)} %)"
    )
    if evened:
        quality += " parmi les jurys de tailles égales à un près"
    lines = [f"{_n(len(panels), 'jury formé', 'jurys formés')}, {quality}, en {_decimal(wall, 2)} s."]
    if optimal and not canonical:
        lines.append(
            "Répartition optimale, mais le départage des ex æquo n'a pas été prouvé dans le temps imparti : une autre "
            "exécution pourrait retenir une autre répartition de même valeur."
        )
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
