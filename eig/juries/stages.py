"""The grids each stage of a call judges with, as the public pages tell them (issue 18, point 8).

What candidates and administrations are told must be the grid that will judge them, never another:
the method page of a promotion (eig.web.public.selection), the page of a call's rules and the
participate pages draw, stage by stage, the criteria (label, help, weight), the scale (min–max and
the meaning of each level when the grid names it), the total and the general opinion from the grids
actually installed:

- pre-screening: the call's grid of phase « présélection » (eig.reviews), which the reviewers fill;
- auditions, or the challenge jury: the grid of the call's jury (`Jury.grid`), which each panel's
  collective grid is filled with; before the jury is set up, the call's grid of phase « jury », which
  setting the jury up adopts (eig.juries.services.create_jury → install_grid, one grid per call and
  phase). A jury left without a grid has none to publish.

A stage whose grid is not installed says so plainly: the page never describes a default grid the call
may not use. A call for applications always has both stages; a call for challenges has its jury, and a
pre-screening only when staff installed a grid for it. Texts are in the active language: the staff's
English (eig.reviews.translation), else the catalogue's English of the default grids' French (they are
marked for translation in eig.reviews.defaults), else the French.

Three queries whatever the number of criteria: the call's juries, its grids, their criteria.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from eig.calls.models import Call
from eig.reviews.models import Criterion, Grid, Review

from .models import Jury

# The stages of each kind of call, in the order a dossier meets them: (key, grid phase, jury kind, required).
# A stage that is not required is shown only when its grid exists.
STAGES = {
    Call.Kind.APPLICATIONS: [
        ("prescreening", Grid.Phase.PRESCREENING, None, True),
        ("auditions", Grid.Phase.JURY, Jury.Kind.CANDIDATES, True),
    ],
    Call.Kind.CHALLENGES: [
        ("prescreening", Grid.Phase.PRESCREENING, None, False),
        ("challenge_jury", Grid.Phase.JURY, Jury.Kind.CHALLENGES, True),
    ],
}


@dataclass(frozen=True)
class Level:
    value: int
    meaning: str  # « 3 — bon »; the bare number when the grid names no meaning for it


@dataclass(frozen=True)
class CriterionLine:
    label: str
    help_text: str
    weight: int


@dataclass(frozen=True)
class Stage:
    key: str  # "prescreening", "auditions", "challenge_jury"
    title: str
    how: str  # who fills the grid, and what follows
    grid: Grid | None  # None: not installed yet, the page says so
    criteria: list[CriterionLine] = field(default_factory=list)
    scale_min: int = 0
    scale_max: int = 0
    levels: list[Level] = field(default_factory=list)  # empty when the grid names no level
    total_min: int = 0
    total_max: int = 0
    weighted: bool = False  # some criterion counts more than once
    verdicts: list[str] = field(default_factory=list)  # the general opinion's choices, if the grid asks it
    blind: bool = False
    reviews_per_dossier: int = 0  # pre-screening only: how many people score each dossier


def _text(value: str) -> str:
    """A grid's text in the active language: the catalogue's English for a default French text.
    gettext("") would answer the catalogue's header: an empty text stays empty."""
    return _(value) if value else ""


def _levels(grid: Grid) -> list[Level]:
    labels = list(grid.level_labels or [])
    if not any(labels):
        return []
    levels = []
    for i, value in enumerate(grid.levels):
        meaning = _text(labels[i]) if i < len(labels) else ""
        if meaning and not meaning.startswith(str(value)):
            meaning = f"{value} — {meaning}"
        levels.append(Level(value, meaning or str(value)))
    return levels


def _titles(key: str, call: Call) -> tuple[str, str]:
    if key == "prescreening" and call.kind == Call.Kind.CHALLENGES:
        return _("Présélection des défis"), _(
            "L'équipe du programme étudie chaque dossier avec cette grille ; les défis retenus sont présentés au jury."
        )
    if key == "prescreening":
        return _("Présélection des candidatures"), _(
            "L'équipe du programme et les évaluateurs qu'elle invite notent chaque dossier avec cette grille ; "
            "les personnes retenues sont convoquées aux auditions."
        )
    if key == "auditions":
        return _("Auditions"), _(
            "Le groupe de jury qui vous auditionne remplit cette grille ensemble, après l'audition ; le jury classe "
            "ensuite les personnes auditionnées par défi et par profil."
        )
    return _("Jury de sélection des défis"), _(
        "Le groupe de jury qui entend la présentation d'un défi remplit cette grille ensemble ; le jury rend ensuite "
        "un avis et un classement des défis."
    )


def _stage(key: str, call: Call, grid: Grid | None) -> Stage:
    title, how = _titles(key, call)
    if grid is None:
        return Stage(key=key, title=title, how=how, grid=None)
    criteria = list(grid.criteria.all())
    weights = sum(c.weight for c in criteria)
    return Stage(
        key=key,
        title=title,
        how=how,
        grid=grid,
        criteria=[CriterionLine(_text(c.label), _text(c.help_text), c.weight) for c in criteria],
        scale_min=grid.scale_min,
        scale_max=grid.scale_max,
        levels=_levels(grid),
        total_min=weights * grid.scale_min,
        total_max=weights * grid.scale_max,
        weighted=any(c.weight != 1 for c in criteria),
        verdicts=[str(label) for label in Review.Verdict.labels] if grid.has_verdict else [],
        blind=grid.blind,
        reviews_per_dossier=grid.reviews_per_dossier if grid.phase == Grid.Phase.PRESCREENING else 0,
    )


def stages_of(call: Call | None) -> list[Stage]:
    """The stages of the call with the grid each uses (None where none is installed yet), in order."""
    if call is None or call.kind not in STAGES:
        return []
    juries = dict(Jury.objects.filter(call=call).values_list("kind", "grid_id"))
    jury_grids = [pk for pk in juries.values() if pk]
    grids = list(
        Grid.objects.filter(Q(call=call) | Q(pk__in=jury_grids)).prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
        )
    )
    by_pk = {grid.pk: grid for grid in grids}
    by_phase = {grid.phase: grid for grid in grids if grid.call_id == call.pk}
    stages = []
    for key, phase, jury_kind, required in STAGES[call.kind]:
        # The grid the jury's panels fill (none if it has none), else the call's grid of the phase.
        grid = by_pk.get(juries[jury_kind]) if jury_kind in juries else by_phase.get(phase)
        if grid is None and not required:
            continue
        stages.append(_stage(key, call, grid))
    return stages


def promotion_call(promotion_id: int, kind: str) -> Call | None:
    """The promotion's call of this kind (its latest, should there be several)."""
    return Call.objects.filter(promotion_id=promotion_id, kind=kind).order_by("-opens_at").first()


def rules_call(page) -> Call | None:
    """The call whose rules this content page is (its latest, should several share it), or None."""
    if page is None:
        return None
    return Call.objects.filter(rules_page=page).order_by("-opens_at").first()
