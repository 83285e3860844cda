"""Is each panel balanced, and if not, why could it not be better? Plain French, per panel.

Pure, like the panel engine it reads: an `Instance` and its panels in, one `PanelCheck` per
panel out. It judges any composition (the engine's, or one staff changed by pinning), so a
page says « Équilibre atteint » only when every rule below holds, and otherwise names each
deficit (« 0 femme sur 5 ») with its cause, computed from the instance:

- types: the panel mixes at least min(`mix_min`, types in the pool) types of profile, and the
  count of each type lies in the engine's window [⌊q·s⌋ − 1, ⌈q·s⌉ + 1] (q: the type's share
  of the pool, s: the panel's size);
- parity: women and men differ by at most one in the panel (people of another or unspecified
  gender aside). The engine only minimises this gap; here it is the rule people read;
- required members (the challenges' operational mentors): each one sits on the panel that
  hears their dossiers.

The cause of a deficit is the first of these counts that proves the rule out of reach (the
« best achievable »), else the statement that the pool would allow better:

1. the members available on the panel's half-day who are free of conflict with its dossiers
   are too few for this panel alone (availability, or conflicts of interest);
2. they are too few for all the panels sitting that half-day together;
3. the whole pool is too small for every panel (each member sits on at most `max_panels`).

The counts are necessary conditions only: when none of them binds, the text says the
availabilities seem to allow better, and what usually explains the gap (pins, a manual change,
a trade-off with the other rules), without claiming a proof.
"""

from dataclasses import dataclass, field

from .panels import Instance, Juror, Panel, _Data, _window

# Gender values and how a count of them reads: (singular, plural, feminine).
GENDER_NOUNS = {
    "f": ("femme", "femmes", True),
    "m": ("homme", "hommes", False),
    "x": ("personne d'un autre genre ou non précisé", "personnes d'un autre genre ou non précisé", True),
}


@dataclass
class Deficit:
    rule: str  # "types", "mix", "parity" or "required"
    text: str  # what is wrong, in French: « 0 femme sur 5 »
    reason: str  # why it could not be better, in French
    achievable: bool = False  # True when the counts do not prove the rule out of reach


@dataclass
class PanelCheck:
    index: int  # the engine's 0-based index
    deficits: list[Deficit] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.deficits

    @property
    def best_possible(self) -> bool:
        """Unbalanced, but every deficit is proven out of reach by the pool."""
        return bool(self.deficits) and not any(d.achievable for d in self.deficits)


def check(
    instance: Instance,
    panels: list[Panel],
    *,
    parity_pair: tuple[str, str] | None = ("f", "m"),
    required_noun: str = "membre requis",
) -> list[PanelCheck]:
    """One PanelCheck per panel, in the order given."""
    audit = _Audit(instance, panels, parity_pair, required_noun)
    return [audit.panel(p) for p in panels]


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def _only(count: int, singular: str, plural: str, feminine: bool, verb: str = "disponible") -> str:
    """« aucune femme n'est disponible », « une seule femme est disponible », « seules 2 femmes
    sont disponibles »."""
    if count == 0:
        return f"{'aucune' if feminine else 'aucun'} {singular} n'est {verb}"
    if count == 1:
        return f"{'une seule' if feminine else 'un seul'} {singular} est {verb}"
    return f"{'seules' if feminine else 'seuls'} {count} {plural} sont {verb}s"


class _Audit:
    def __init__(self, instance: Instance, panels: list[Panel], parity_pair, required_noun: str):
        self.i = instance
        self.data = _Data(instance)
        self.panels = panels
        self.required_noun = required_noun
        self.pair = parity_pair if parity_pair and instance.parity else None
        self.by_half_day: dict[str, list[Panel]] = {}
        for panel in panels:
            self.by_half_day.setdefault(panel.slot.half_day, []).append(panel)

    # --- Facts ----------------------------------------------------------------------------

    def attribute(self, juror_id: str, attribute: str) -> str:
        return self.data.jurors[juror_id].attributes.get(attribute, "")

    def available(self, half_day: str) -> list[Juror]:
        return [j for j in self.data.pool if half_day in self.data.available[j.id]]

    def conflicted(self, panel: Panel) -> set[str]:
        return {j for it in panel.items if it in self.data.items for j in self.data.items[it].conflicts}

    def seats(self, juror: Juror) -> int:
        """Panels this member could sit on: one per half-day with a panel, within max_panels."""
        days = {h for h in self.data.available[juror.id] if h in self.by_half_day}
        return min(juror.max_panels, len(days))

    # --- The cause of a shortage ------------------------------------------------------------

    def shortage(self, panel: Panel, wanted, need, noun: tuple[str, str, bool]) -> tuple[str, bool]:
        """Why `panel` could not have `need(panel)` members satisfying `wanted`: the first count
        that proves it (this panel alone, its half-day, the whole pool), with achievable=False;
        else the pool would allow it (achievable=True)."""
        singular, plural, feminine = noun
        h = panel.slot.half_day
        when = self.data.when(h)
        present = self.available(h)
        fitting = [j for j in present if wanted(j)]
        free = [j for j in fitting if j.id not in self.conflicted(panel)]
        needed = need(panel)
        if len(fitting) < needed:
            return (
                f"{_only(len(fitting), singular, plural, feminine)} {when}, sur "
                f"{_n(len(present), 'membre du jury disponible', 'membres du jury disponibles')}",
                False,
            )
        if len(free) < needed:
            busy = len(fitting) - len(free)
            return (
                f"parmi les {_n(len(fitting), singular, plural)} disponibles {when}, {busy} "
                f"{'est' if busy == 1 else 'sont'} en conflit d'intérêts avec un dossier de ce groupe",
                False,
            )
        sharing = self.by_half_day.get(h, [panel])
        together = sum(need(q) for q in sharing)
        if len(sharing) > 1 and len(fitting) < together:
            return (
                f"{_only(len(fitting), singular, plural, feminine)} {when}, sur "
                f"{_n(len(present), 'membre du jury disponible', 'membres du jury disponibles')}, pour "
                f"{len(sharing)} groupes siégeant ce demi-jour (il en faudrait {together})",
                False,
            )
        everywhere = sum(need(q) for q in self.panels)
        seats = sum(self.seats(j) for j in self.data.pool if wanted(j))
        if seats < everywhere:
            pool = sum(1 for j in self.data.pool if wanted(j))
            return (
                f"la réserve ne compte que {_n(pool, singular, plural)} sur "
                f"{_n(len(self.data.pool), 'membre du jury', 'membres du jury')}, pour {len(self.panels)} "
                f"groupes (il en faudrait {everywhere} pour que chacun y parvienne)",
                False,
            )
        return (
            f"les disponibilités permettraient mieux ({_n(len(free), singular, plural)} "
            f"{'disponible' if len(free) <= 1 else 'disponibles'} {when} sans conflit) : la composition vient "
            "d'épinglages, d'une modification à la main ou d'un compromis avec les autres règles ; former de "
            "nouveau les groupes peut l'améliorer",
            True,
        )

    # --- The rules ----------------------------------------------------------------------------

    def panel(self, panel: Panel) -> PanelCheck:
        result = PanelCheck(panel.index)
        if panel.jurors and self.data.pool:  # shares of the pool: none without available members
            result.deficits += self.mix(panel)
            result.deficits += self.windows(panel)
        result.deficits += self.parity(panel)
        result.deficits += self.required(panel)
        return result

    def mix(self, panel: Panel) -> list[Deficit]:
        i, data = self.i, self.data
        if not i.mix or not data.mix_needed:
            return []
        present = sorted({self.attribute(j, i.mix) for j in panel.jurors} - {""})
        if len(present) >= data.mix_needed:
            return []
        names = ", ".join(f"« {data.label(v)} »" for v in present) or "aucun"
        count = "un seul type" if len(present) == 1 else f"{len(present)} types"
        text = f"{count} de profil ({names}), {data.mix_needed} attendus"
        h = panel.slot.half_day
        busy = self.conflicted(panel)
        types = {j.attributes.get(i.mix, "") for j in self.available(h) if j.id not in busy} - {""}
        if len(types) < data.mix_needed:
            reason = (
                f"{_only(len(types), 'type de profil', 'types de profil', False, 'représenté')} parmi les membres "
                f"disponibles {data.when(h)} sans conflit avec ses dossiers"
            )
            return [Deficit("mix", text, reason)]
        reason = (
            f"les disponibilités permettraient mieux ({len(types)} types de profil disponibles {data.when(h)}) : "
            "la composition vient d'épinglages, d'une modification à la main ou d'un compromis avec les autres "
            "règles ; former de nouveau les groupes peut l'améliorer"
        )
        return [Deficit("mix", text, reason, achievable=True)]

    def windows(self, panel: Panel) -> list[Deficit]:
        """The engine's windows, for the balanced attributes other than parity's."""
        i, data = self.i, self.data
        deficits = []
        pool = len(data.pool)
        for attribute in i.balance:
            if self.pair and attribute == i.parity:
                continue  # parity, stricter for the people who read it, judges this attribute
            for value, n in data.values.get(attribute, {}).items():
                size = len(panel.jurors)
                count = sum(1 for j in panel.jurors if self.attribute(j, attribute) == value)
                low, high = _window(n, pool, size)
                if low <= count <= high:
                    continue
                label = data.label(value)
                if count < low:
                    text = f"{count} « {label} » sur {size}, au moins {low} {'attendu' if low <= 1 else 'attendus'}"

                    def wanted(j, attribute=attribute, value=value):
                        return j.attributes.get(attribute, "") == value

                    def need(q, attribute=attribute, n=n):
                        return _window(n, pool, len(q.jurors))[0]

                    noun = (f"membre « {label} »", f"membres « {label} »", False)
                else:
                    text = f"{count} « {label} » sur {size}, au plus {high} {'attendu' if high <= 1 else 'attendus'}"

                    def wanted(j, attribute=attribute, value=value):
                        return j.attributes.get(attribute, "") != value

                    def need(q, attribute=attribute, n=n):
                        return len(q.jurors) - _window(n, pool, len(q.jurors))[1]

                    noun = (f"membre d'un autre profil que « {label} »", f"membres d'un autre profil que « {label} »")
                    noun = (*noun, False)
                reason, achievable = self.shortage(panel, wanted, need, noun)
                deficits.append(Deficit("types", text, reason, achievable))
        return deficits

    def parity(self, panel: Panel) -> list[Deficit]:
        if not self.pair:
            return []
        attribute = self.i.parity
        a, b = self.pair

        def count(q, value):
            return sum(1 for j in q.jurors if self.attribute(j, attribute) == value)

        ca, cb = count(panel, a), count(panel, b)
        if abs(ca - cb) <= 1:
            return []
        value = a if ca < cb else b
        singular, plural, feminine = GENDER_NOUNS.get(value, (value, value, False))

        def need(q):
            # Parity among the pair: the smaller of the two counts is at least ⌊(f + m) / 2⌋.
            return (count(q, a) + count(q, b)) // 2

        reason, achievable = self.shortage(
            panel, lambda j: j.attributes.get(attribute, "") == value, need, (singular, plural, feminine)
        )
        text = f"{min(ca, cb)} {singular if min(ca, cb) <= 1 else plural} sur {len(panel.jurors)}"
        return [Deficit("parity", text, reason, achievable)]

    def required(self, panel: Panel) -> list[Deficit]:
        data = self.data
        deficits = []
        seated = set(panel.jurors)
        h = panel.slot.half_day
        for item_id in panel.items:
            item = data.items.get(item_id)
            if item is None or not item.required or item.required & seated:
                continue
            absent = sorted(item.required)
            text = f"aucun {self.required_noun} pour {data.item(item_id)}"
            causes = []
            for juror_id in absent:
                who = data.juror(juror_id)
                elsewhere = [q for q in self.by_half_day.get(h, []) if q.index != panel.index and juror_id in q.jurors]
                if juror_id not in data.jurors:
                    causes.append(f"{who} ne fait pas partie du jury")
                elif h not in data.available[juror_id]:
                    causes.append(f"{who} n'est pas disponible {data.when(h)}")
                elif juror_id in self.conflicted(panel):
                    causes.append(f"{who} est en conflit d'intérêts avec un autre dossier de ce groupe")
                elif elsewhere:
                    causes.append(f"{who} siège dans le groupe {elsewhere[0].index + 1} ce demi-jour")
                else:
                    causes.append(
                        f"{who} est disponible {data.when(h)} mais n'a pas été placé dans ce groupe : la composition "
                        "a été modifiée à la main ou par des épinglages ; former de nouveau les groupes le corrige"
                    )
            achievable = all(
                j in data.jurors and h in data.available[j] and j not in self.conflicted(panel) for j in absent
            )
            deficits.append(Deficit("required", text, " ; ".join(causes), achievable))
        return deficits
