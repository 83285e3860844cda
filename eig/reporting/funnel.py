"""The candidate funnel and the challenges' funnel, computed on plain rows (no query).

One `Application` per dossier of a call for applications: its promotion and call, the gender its
holder declared (the civility answer: « madame », « monsieur », « non_precise » — « je préfère ne
pas répondre », kept as its own group — or "" when not answered), the profile of each wish with
its rank, its region ("" when not given) and the furthest stage it reached (`STAGES`). The rows
come from `eig.reporting.queries`, or from anywhere (a test, a benchmark, an export); the queries
give them as `Columns` (one list per field, an item per application), which is what `compute`
counts: 50,000 row objects cost more to build than the funnel does to count.

`compute(rows, …)` gives, overall and for each breakdown (gender, profile of the first wish,
region, profile wished at each rank, promotion), the count at each stage — the applications that
reached it, wherever they stopped — and the conversion from the previous stage and from the first
(in percent, one decimal).

Small groups (eig.core.small_groups): a count of 1 to 4 applications is masked, and so is every
conversion computed from it. Within a breakdown the groups share one total, the overall count shown
in its own table: when the masked groups of a stage would together count 1 to 4 (« overall minus
the others »), one more group is masked — the smallest shown one — so that none can be worked out.
A group masked at a stage stays masked at the next one, unless it lost at least 4 people on the way
(a count shown just after a masked one bounds it: « 21 submitted, so at least 21 started »).
Masked cells carry no count and no mark of why.

The challenges: `compute_challenges(rows, …)` counts the challenges proposed, pre-selected and
selected per ministry (the administration's parent ministry, or itself when it is a ministry).
They are public bodies' projects, not people: nothing is masked.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from eig.calls.defaults import REGIONS
from eig.core.small_groups import MIN_GROUP, is_small, mask_partition, percent_tenths

# The stages of an application, in order: each counts the applications that reached it.
STAGES = (
    ("started", gettext_lazy("Dossiers commencés")),
    ("submitted", gettext_lazy("Dossiers déposés")),
    ("admissible", gettext_lazy("Admissibles à la présélection")),
    ("auditioned", gettext_lazy("Auditionnés")),
    ("selected", gettext_lazy("Sélectionnés")),
    ("in_post", gettext_lazy("En poste")),
    ("finished", gettext_lazy("Programme terminé")),
)
STAGE_KEYS = tuple(key for key, _label in STAGES)
STAGE_INDEX = {key: i for i, key in enumerate(STAGE_KEYS)}

# The civility answer's values (eig.calls.defaults.CIVILITY) as groups; "" is « not answered ».
GENDERS = (
    ("madame", pgettext_lazy("civilité déclarée", "Madame")),
    ("monsieur", pgettext_lazy("civilité déclarée", "Monsieur")),
    ("non_precise", gettext_lazy("Ne se prononce pas")),
    ("", gettext_lazy("Non renseignée")),
)
NO_REGION = gettext_lazy("Non renseignée")
NO_WISH = gettext_lazy("Aucun vœu")
NO_MINISTRY = gettext_lazy("Sans ministère de tutelle")
# A wish's rank: 1 to 3 (eig.applications.models.Wish).
RANKS = (1, 2, 3)

BREAKDOWNS = (
    ("gender", gettext_lazy("Par civilité déclarée")),
    ("profile", gettext_lazy("Par profil du 1er vœu")),
    ("region", gettext_lazy("Par région de résidence")),
    ("wish_rank", gettext_lazy("Par rang de vœu (profil souhaité à chaque rang)")),
    ("promotion", gettext_lazy("Par promotion")),
)
BREAKDOWN_KEYS = tuple(key for key, _label in BREAKDOWNS)

CHALLENGE_STAGES = (
    ("proposed", gettext_lazy("Défis proposés")),
    ("preselected", gettext_lazy("Présélectionnés")),
    ("selected", gettext_lazy("Sélectionnés")),
)
CHALLENGE_STAGE_INDEX = {key: i for i, (key, _label) in enumerate(CHALLENGE_STAGES)}


# --- Rows in -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    stage: str  # the furthest of STAGE_KEYS it reached
    promotion: str = ""  # the promotion's key (its slug, from the queries)
    call: str = ""  # the call's key (its slug)
    gender: str = ""  # a key of GENDERS
    region: str = ""  # a key of eig.calls.defaults.REGIONS, "" when not given
    wishes: tuple[tuple[int, str], ...] = ()  # (rank, profile key), rank 1 first

    def wished(self, rank: int) -> str:
        """The profile wished at this rank, "" when none."""
        return next((profile for r, profile in self.wishes if r == rank), "")


@dataclass(frozen=True)
class Columns:
    """The applications as columns: item i of every list is application i. What `compute` counts."""

    stages: list[int]  # an index of STAGE_KEYS: the furthest stage reached
    promotions: list[str]
    calls: list[str]
    genders: list[str]
    regions: list[str]
    wishes: tuple[list[str], ...]  # per rank of RANKS, the profile wished at it ("" when none)

    @classmethod
    def of(cls, rows: Iterable[Application]) -> "Columns":
        """The same applications, from rows."""
        rows = list(rows)
        ranked = [dict(reversed(row.wishes)) for row in rows]  # the first wish of a rank, as `wished`
        return cls(
            stages=[STAGE_INDEX[row.stage] for row in rows],
            promotions=[row.promotion for row in rows],
            calls=[row.call for row in rows],
            genders=[row.gender for row in rows],
            regions=[row.region for row in rows],
            wishes=tuple([wished.get(rank, "") for wished in ranked] for rank in RANKS),
        )

    def rows(self) -> list[Application]:
        """The same applications, as rows."""
        return [
            Application(
                STAGE_KEYS[stage],
                promotion,
                call,
                gender,
                region,
                tuple((rank, profile) for rank, profile in zip(RANKS, profiles, strict=True) if profile),
            )
            for stage, promotion, call, gender, region, *profiles in zip(
                self.stages, self.promotions, self.calls, self.genders, self.regions, *self.wishes, strict=True
            )
        ]


@dataclass(frozen=True)
class ProposedChallenge:
    stage: str  # the furthest of CHALLENGE_STAGES it reached
    ministry: str = ""  # the ministry's key (its slug), "" when the administration has none
    promotion: str = ""


# --- Figures out -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One group at one stage. A masked count is None, and so is every rate computed from one
    (`previous_masked`, `first_masked` say so); a rate is None too at the first stage and after 0."""

    count: int | None
    from_previous: float | None = None  # percent of the previous stage's count, one decimal
    from_first: float | None = None  # percent of the first stage's count
    masked: bool = False
    previous_masked: bool = False
    first_masked: bool = False


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    cells: tuple[Cell, ...]  # one per stage, in order
    stages: tuple[str, ...] = STAGE_KEYS

    def cell(self, stage: str) -> Cell:
        return self.cells[self.stages.index(stage)]

    @property
    def counts(self) -> tuple[int | None, ...]:
        return tuple(cell.count for cell in self.cells)

    @property
    def has_masked(self) -> bool:
        return any(cell.masked for cell in self.cells)


@dataclass(frozen=True)
class Section:
    """One partition of the applications (a breakdown has one; the wish ranks have one per rank)."""

    key: str
    label: str
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    sections: tuple[Section, ...]

    def section(self, key: str = "") -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class Funnel:
    stages: tuple[tuple[str, str], ...]  # (key, label)
    overall: Group
    breakdowns: tuple[Breakdown, ...]

    def breakdown(self, key: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.key == key), None)


@dataclass(frozen=True)
class ChallengeFunnel:
    stages: tuple[tuple[str, str], ...]
    overall: Group
    ministries: tuple[Group, ...]


# --- Computation -------------------------------------------------------------------------------


def _reached(indices: Iterable[int], size: int) -> list[int]:
    """How many reached each stage: those who stopped there or further."""
    stopped = [0] * size
    for index, count in Counter(indices).items():
        stopped[index] += count
    return _reached_from_stopped(stopped)


def _reached_from_stopped(stopped: Sequence[int]) -> list[int]:
    """How many reached each stage, from how many stopped at each."""
    counts, running = [0] * len(stopped), 0
    for index in range(len(stopped) - 1, -1, -1):
        running += stopped[index]
        counts[index] = running
    return counts


def _cells(counts: Sequence[int], masked: Sequence[bool]) -> tuple[Cell, ...]:
    cells = []
    for k, count in enumerate(counts):
        if k == 0:
            cells.append(Cell(None if masked[0] else count, masked=masked[0]))
            continue
        previous_masked = masked[k] or masked[k - 1]
        first_masked = masked[k] or masked[0]
        cells.append(
            Cell(
                None if masked[k] else count,
                from_previous=None if previous_masked else percent_tenths(count, counts[k - 1]),
                from_first=None if first_masked else percent_tenths(count, counts[0]),
                masked=masked[k],
                previous_masked=previous_masked,
                first_masked=first_masked,
            )
        )
    return tuple(cells)


def _partition(
    key: str,
    label: str,
    groups: Sequence[tuple[str, str]],
    members: Sequence[str],
    indices: Sequence[int],
    stages: tuple[str, ...],
    *,
    masking: bool = True,
) -> Section:
    """A partition of the rows into `groups` ([(key, label)], in order; a key met in the rows and
    not listed is added after them, labelled by its key): row i is in group `members[i]` and
    stopped at stage `indices[i]`."""
    size = len(stages)
    labels = {k: str(lbl) for k, lbl in groups}
    order = [k for k, _lbl in groups]
    stopped = {k: [0] * size for k in order}
    # (group, stage) pairs in the order met: a group not listed comes after them, in that order.
    for (member, index), count in Counter(zip(members, indices, strict=True)).items():
        if member not in stopped:
            order.append(member)
            labels[member] = str(member)
            stopped[member] = [0] * size
        stopped[member][index] += count
    counts = {k: _reached_from_stopped(stopped[k]) for k in order}
    masked = {k: [False] * size for k in order}
    if masking:
        for stage in range(size):
            # A group masked at a stage stays masked at the next one unless it lost at least
            # MIN_GROUP − 1 people on the way: its next count, shown, bounds the masked one from
            # below (« 21 submitted, so at least 21 started »), which would give back a small group
            # beside it by subtraction; a drop of 4 or more leaves that bound loose enough.
            forced = [
                stage > 0 and masked[k][stage - 1] and counts[k][stage - 1] - counts[k][stage] < MIN_GROUP - 1
                for k in order
            ]
            flags, _total = mask_partition([counts[k][stage] for k in order], total_public=True, forced=forced)
            for k, flag in zip(order, flags, strict=True):
                masked[k][stage] = flag
    return Section(key, label, tuple(Group(k, labels[k], _cells(counts[k], masked[k]), stages) for k in order))


def _known(values: Sequence[str], keys: set[str]) -> list[str]:
    """The values, "" for those not among `keys`."""
    return [value if value in keys else "" for value in values]


def compute(
    rows: Iterable[Application] | Columns,
    *,
    profiles: Sequence[tuple[str, str]] = (),
    promotions: Sequence[tuple[str, str]] = (),
    breakdowns: Sequence[str] = BREAKDOWN_KEYS,
) -> Funnel:
    """The funnel of these applications, overall and for each breakdown asked (keys of BREAKDOWNS).

    `profiles` and `promotions` ([(key, label)], in the order to show) name the groups of those
    breakdowns; every listed group is shown, even at 0. Regions and genders are fixed lists.
    The applications are rows, or the same as `Columns`.
    """
    columns = rows if isinstance(rows, Columns) else Columns.of(rows)
    indices = columns.stages
    counts = _reached(indices, len(STAGE_KEYS))
    overall = Group("", _("Ensemble"), _cells(counts, [is_small(c) for c in counts]))
    gender_keys = {k for k, _label in GENDERS}
    region_keys = {k for k, _label in REGIONS}
    profile_groups = [*profiles, ("", NO_WISH)]
    labels = dict(BREAKDOWNS)

    def section(key, label, groups, members):
        return _partition(key, label, groups, members, indices, STAGE_KEYS)

    made = []
    for key in breakdowns:
        label = str(labels[key])
        if key == "gender":
            sections = [section("", label, GENDERS, _known(columns.genders, gender_keys))]
        elif key == "profile":
            sections = [section("", label, profile_groups, columns.wishes[0])]
        elif key == "region":
            groups = [*REGIONS, ("", NO_REGION)]
            sections = [section("", label, groups, _known(columns.regions, region_keys))]
        elif key == "wish_rank":
            sections = [
                section(str(rank), rank_label(rank), profile_groups, wished)
                for rank, wished in zip(RANKS, columns.wishes, strict=True)
            ]
        elif key == "promotion":
            sections = [section("", label, promotions, columns.promotions)]
        else:
            raise ValueError(f"unknown breakdown {key!r}")
        made.append(Breakdown(key, label, tuple(sections)))
    stages = tuple((key, str(label)) for key, label in STAGES)
    return Funnel(stages, overall, tuple(made))


def rank_label(rank: int) -> str:
    return _("1er vœu") if rank == 1 else _("%(rank)se vœu") % {"rank": rank}


def compute_challenges(
    rows: Iterable[ProposedChallenge], *, ministries: Sequence[tuple[str, str]] = ()
) -> ChallengeFunnel:
    """The challenges proposed, pre-selected and selected, overall and per ministry (`ministries`:
    [(key, label)] in order, each shown even at 0; « sans ministère de tutelle » last when met)."""
    rows = list(rows)
    stages = tuple(key for key, _label in CHALLENGE_STAGES)
    indices = [CHALLENGE_STAGE_INDEX[row.stage] for row in rows]
    counts = _reached(indices, len(stages))
    overall = Group("", _("Ensemble"), _cells(counts, [False] * len(stages)), stages)
    groups = list(ministries)
    if any(not row.ministry for row in rows):
        groups.append(("", NO_MINISTRY))
    section = _partition("", "", groups, [row.ministry for row in rows], indices, stages, masking=False)
    return ChallengeFunnel(tuple((key, str(label)) for key, label in CHALLENGE_STAGES), overall, section.groups)


# --- Flat -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlatRow:
    """One group of one section of one breakdown ("overall" for the whole), for exports."""

    breakdown: str
    breakdown_label: str
    section: str
    section_label: str
    group: Group


def flat(funnel: Funnel) -> list[FlatRow]:
    """The overall group, then every group of every breakdown, in the order shown."""
    found = [FlatRow("overall", _("Ensemble"), "", "", funnel.overall)]
    for breakdown in funnel.breakdowns:
        for section in breakdown.sections:
            found += [FlatRow(breakdown.key, breakdown.label, section.key, section.label, g) for g in section.groups]
    return found
