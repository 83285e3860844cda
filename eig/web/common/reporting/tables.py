"""The funnel and the challenges as the reporting pages and the annual report show them: tables of formatted cells, the
charts (charts.py) and the CSV rows. A masked cell reads « moins de 5 » in the funnel of the whole
(a count masked there is small) and « masqué » in a breakdown (masked because small, or so that a
subtraction cannot reveal a small group: the two are never told apart); in the CSV it is empty and
the row's note says which stages are masked."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from eig.reporting.funnel import ChallengeFunnel, Funnel, Group, flat

from .charts import BLUE, GREEN, PURPLE, Chart, bar_chart, number, percent_text, stacked_chart


def small_text() -> str:
    return _("moins de 5")


def masked_text() -> str:
    return _("masqué")


@dataclass(frozen=True)
class CellView:
    count: str
    previous: str
    first: str
    masked: bool


@dataclass(frozen=True)
class GroupView:
    label: str
    cells: list[CellView]


@dataclass(frozen=True)
class SectionView:
    key: str
    label: str
    chart_id: str
    chart: Chart
    groups: list[GroupView]


@dataclass(frozen=True)
class BreakdownView:
    key: str
    label: str
    sections: list[SectionView]


def _cells(group: Group, hidden: str) -> list[CellView]:
    return [
        CellView(
            hidden if cell.masked else number(cell.count),
            hidden if cell.previous_masked else percent_text(cell.from_previous),
            hidden if cell.first_masked else percent_text(cell.from_first),
            cell.masked,
        )
        for cell in group.cells
    ]


def overall_view(funnel: Funnel) -> tuple[list[tuple[str, CellView]], Chart]:
    """The funnel of the whole: one (stage label, cell) per stage, and its bars."""
    cells = _cells(funnel.overall, small_text())
    labels = [label for _key, label in funnel.stages]
    parts = []
    for label, cell, shown in zip(labels, funnel.overall.cells, cells, strict=True):
        if cell.masked or cell.from_first is None:
            parts.append(_("%(stage)s : %(count)s") % {"stage": label, "count": shown.count})
        else:
            parts.append(
                _("%(stage)s : %(count)s (%(first)s des dossiers commencés)")
                % {"stage": label, "count": shown.count, "first": shown.first}
            )
    chart = bar_chart(
        [(label, [cell.count]) for label, cell in zip(labels, funnel.overall.cells, strict=True)],
        [(_("Ensemble"), BLUE)],
        " ; ".join(parts) + ".",
        masked_text=small_text(),
    )
    return list(zip(labels, cells, strict=True)), chart


def _section_chart(funnel: Funnel, section) -> Chart:
    stages = [(label, cell.count) for (_key, label), cell in zip(funnel.stages, funnel.overall.cells, strict=True)]
    groups = [(group.label, list(group.counts)) for group in section.groups]
    parts = []
    for k, (label, total) in enumerate(stages):
        if total is None:
            parts.append(_("%(stage)s : moins de 5 en tout") % {"stage": label})
            continue
        shown = [f"{g.label} {number(g.cells[k].count)}" for g in section.groups if g.cells[k].count]
        hidden = any(g.cells[k].masked for g in section.groups)
        text = ", ".join(shown) or _("personne")
        if hidden:
            text += _(", autres groupes masqués")
        parts.append(_("%(stage)s (%(total)s) : %(groups)s") % {"stage": label, "total": number(total), "groups": text})
    return stacked_chart(stages, groups, " ; ".join(parts) + ".", masked_text=masked_text())


def breakdown_views(funnel: Funnel) -> list[BreakdownView]:
    views = []
    for breakdown in funnel.breakdowns:
        sections = [
            SectionView(
                section.key,
                section.label,
                f"chart-{breakdown.key}-{section.key or 'all'}",
                _section_chart(funnel, section),
                [GroupView(group.label, _cells(group, masked_text())) for group in section.groups],
            )
            for section in breakdown.sections
        ]
        views.append(BreakdownView(breakdown.key, breakdown.label, sections))
    return views


# --- CSV ----------------------------------------------------------------------------------------------


def _rate(value: float | None) -> str:
    """A rate as French spreadsheets read it: « 66,7 »; empty when none or masked."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _note(group: Group, stage_labels: list[str]) -> str:
    masked = [label for label, cell in zip(stage_labels, group.cells, strict=True) if cell.masked]
    if not masked:
        return ""
    return _(
        "Masqué (moins de 5 personnes, ou pour qu'une soustraction ne révèle pas un petit groupe) : %(stages)s."
    ) % {"stages": ", ".join(masked)}


def funnel_csv_rows(funnel: Funnel) -> tuple[list[str], list[list]]:
    """One row per group (the whole, then each group of each breakdown): per stage its count and its
    conversions from the previous stage and from the first; masked cells empty, and a note."""
    labels = [label for _key, label in funnel.stages]
    header = [_("Ventilation"), _("Rang de vœu"), _("Groupe")]
    for label in labels:
        header += [
            _("%(stage)s : effectif") % {"stage": label},
            _("%(stage)s : %% de l'étape précédente") % {"stage": label},
            _("%(stage)s : %% des dossiers commencés") % {"stage": label},
        ]
    header.append(_("Chiffres masqués"))
    rows = []
    for item in flat(funnel):
        row = [item.breakdown_label, item.section_label if item.breakdown == "wish_rank" else "", item.group.label]
        for cell in item.group.cells:
            row += ["" if cell.masked else cell.count, _rate(cell.from_previous), _rate(cell.from_first)]
        row.append(_note(item.group, labels))
        rows.append(row)
    return header, rows


# --- Challenges ------------------------------------------------------------------------------------------


def challenge_view(funnel: ChallengeFunnel) -> tuple[list[GroupView], GroupView, Chart]:
    labels = [label for _key, label in funnel.stages]
    ministries = [GroupView(g.label, _cells(g, masked_text())) for g in funnel.ministries]
    overall = GroupView(funnel.overall.label, _cells(funnel.overall, masked_text()))
    parts = [
        _("%(ministry)s : %(counts)s")
        % {
            "ministry": g.label,
            "counts": ", ".join(f"{label} {number(c.count)}" for label, c in zip(labels, g.cells, strict=True)),
        }
        for g in funnel.ministries
    ]
    chart = bar_chart(
        [(g.label, list(g.counts)) for g in funnel.ministries],
        list(zip(labels, [BLUE, PURPLE, GREEN], strict=True)),
        " ; ".join(parts) + "." if parts else _("Aucun défi proposé."),
        masked_text=masked_text(),
    )
    return ministries, overall, chart


def challenge_csv_rows(funnel: ChallengeFunnel) -> tuple[list[str], list[list]]:
    labels = [label for _key, label in funnel.stages]
    header = [_("Ministère")]
    for k, label in enumerate(labels):
        header.append(label)
        if k:
            header += [
                _("%(stage)s : %% de l'étape précédente") % {"stage": label},
                _("%(stage)s : %% des défis proposés") % {"stage": label},
            ]
    rows = []
    for group in [*funnel.ministries, funnel.overall]:
        row = [group.label]
        for k, cell in enumerate(group.cells):
            row.append(cell.count)
            if k:
                row += [_rate(cell.from_previous), _rate(cell.from_first)]
        rows.append(row)
    return header, rows
