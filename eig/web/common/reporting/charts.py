"""The reporting pictures, drawn as inline SVG (templates/includes/reporting/chart.html), on a page
or in a PDF (WeasyPrint draws inline SVG): each has a title and a description read by screen
readers (role="img"), and the page or document puts the same figures in a table beside it.

- `bar_chart`: horizontal bars, one row per item, one bar per series in it (the funnel of the whole:
  one bar per stage; the challenges: three bars per ministry), lengths in proportion to the
  largest count. A masked count is a hatched stub labelled « moins de 5 » or « masqué ».
- `stacked_chart`: one bar per stage, 100 % wide, split between the groups of a breakdown (who
  is at each stage: the balance the programme watches). The masked groups of a stage make one
  hatched segment together (its width is the overall count minus the shown groups, which the
  tables give anyway: never less than 5); a stage whose overall count is masked is all hatched.

The layout follows the survey charts (eig/web/staff/programme/surveys.py: same width, label column,
bar height) and the DSFR colours of the per-call funnel (eig/web/staff/funnel.py).
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

# DSFR colours (presentation attributes of an inline SVG: allowed by the CSP, unlike style=""), the
# same as the per-call funnel's (eig/web/staff/funnel.py), which the shared kit may not import.
BLUE, GREEN, ORANGE, GREY, PURPLE = "#000091", "#18753c", "#b34000", "#666666", "#6e445a"
# The survey charts' layout (eig/web/staff/programme/surveys.py), for the same reason.
WIDTH = 640
LABEL_WIDTH = 220  # the values' labels, left of the bars
VALUE_WIDTH = 90  # the value written after a bar
BAR, BAR_GAP, ROW_GAP = 14, 2, 12

# The DSFR's illustrative colours, in the order groups take them (then again from the start); each
# at least 3:1 against the white page (WCAG 1.4.11), hence the dark « tournesol » (sun 407) rather
# than the mustard main shade (#c3992a, 2.6:1).
PALETTE = [BLUE, "#009081", ORANGE, "#a558a0", GREEN, "#6a6af4", PURPLE, "#716043", GREY, "#e1000f"]
HATCH_STROKE = GREY
STUB = 24  # the width of a masked count's bar
LEGEND_ROW = 18
# The legend flows like text, each entry as wide as its label: a fixed width per entry let a long
# region (« Bourgogne-Franche-Comté ») run under the next swatch. A character of its 11px text is
# at most about 6.1 units wide in Marianne (the page's font); 6.6 leaves a margin.
LEGEND_CHAR, LEGEND_GAP, LEGEND_CHARS = 6.6, 18, 28  # LEGEND_CHARS: a longer label is cut (the table has it)


@dataclass(frozen=True)
class Legend:
    x: float
    y: float
    label: str
    colour: str
    hatched: bool = False

    @property
    def text_x(self) -> float:
        return self.x + 14

    @property
    def text_y(self) -> float:
        return self.y + 9


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    colour: str
    text: str  # its tooltip (<title>), and its label when `text_x` is set
    text_x: float | None = None
    hatched: bool = False

    @property
    def text_y(self) -> float:
        return self.y + 11


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: list[Bar]
    value: str = ""  # written after the bars (a stacked bar's overall count)
    value_x: float = 0


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: int  # where the rows start, under the legend
    rows: list[Row]
    legend: list[Legend]
    axis_x: int
    description: str
    hatched: bool  # some bar is hatched: the template defines the pattern


def number(value: float | int) -> str:
    return formats.number_format(value, decimal_pos=1 if isinstance(value, float) else None, use_l10n=True)


def percent_text(value: float | None) -> str:
    """« 80,0 % », with a non-breaking space before the sign (French typography): a narrow table
    column never leaves the « % » alone on the next line."""
    return (_("%(value)s %%") % {"value": number(value)}).replace(" ", "\xa0") if value is not None else "—"


def _legend(items: list[tuple[str, str, bool]]) -> tuple[list[Legend], int]:
    """Legend entries laid out in lines across the chart, each as wide as its label (cut after
    LEGEND_CHARS characters); returns them and where the rows start."""
    if not items:
        return [], 8
    legend, x, line = [], 8.0, 0
    for label, colour, hatched in items:
        label = str(label)
        if len(label) > LEGEND_CHARS:
            label = label[: LEGEND_CHARS - 1] + "…"
        width = 14 + len(label) * LEGEND_CHAR
        if x > 8 and x + width > WIDTH:
            x, line = 8.0, line + 1
        legend.append(Legend(round(x, 1), 6 + line * LEGEND_ROW, label, colour, hatched))
        x += width + LEGEND_GAP
    return legend, 6 + (line + 1) * LEGEND_ROW + 4


def bar_chart(
    rows: list[tuple[str, list[int | None]]],
    series: list[tuple[str, str]],
    description: str,
    *,
    masked_text: str,
) -> Chart:
    """`rows`: [(label, [count or None (masked), one per series])]; `series`: [(label, colour)].
    A legend names the series when there are several, and the hatching when a count is masked."""
    largest = max([count for _label, counts in rows for count in counts if count] or [1])
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    any_masked = any(count is None for _label, counts in rows for count in counts)
    items = [(label, colour, False) for label, colour in series] if len(series) > 1 else []
    if any_masked:
        items.append((masked_text, "", True))
    legend, top = _legend(items)
    drawn, y = [], top
    for label, counts in rows:
        bars = []
        for index, (count, (_series, colour)) in enumerate(zip(counts, series, strict=True)):
            bar_y = y + index * (BAR + BAR_GAP)
            if count is None:
                bars.append(Bar(LABEL_WIDTH, bar_y, STUB, colour, masked_text, LABEL_WIDTH + STUB + 4, hatched=True))
            else:
                width = round(span * count / largest, 1)
                bars.append(Bar(LABEL_WIDTH, bar_y, width, colour, number(count), round(LABEL_WIDTH + width + 4, 1)))
        drawn.append(Row(label, y + (len(series) * (BAR + BAR_GAP)) / 2 + 4, bars))
        y += len(series) * (BAR + BAR_GAP) + ROW_GAP
    return Chart(WIDTH, y, top, drawn, legend, LABEL_WIDTH, description, any_masked)


def stacked_chart(
    stages: list[tuple[str, int | None]],
    groups: list[tuple[str, list[int | None]]],
    description: str,
    *,
    masked_text: str,
) -> Chart:
    """`stages`: [(label, overall count or None)]; `groups`: [(label, [count or None, one per stage])].
    Each stage's bar is split between the groups shown there, the masked ones hatched together."""
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    # Colours go to the groups drawn somewhere (a shown count above 0), in order.
    drawn_groups = [label for label, counts in groups if any(counts)]
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(drawn_groups)}
    parts = []  # per stage: [(tooltip, width, colour, hatched)]
    for k, (_stage, total) in enumerate(stages):
        if total is None:
            parts.append([(masked_text, span, GREY, True)])
            continue
        segments, shown = [], 0
        for label, counts in groups:
            if counts[k]:
                shown += counts[k]
                share = percent_text(round(100 * counts[k] / total, 1))
                text = _("%(group)s : %(count)s (%(share)s)") % {"group": label, "count": counts[k], "share": share}
                segments.append((text, span * counts[k] / total, colours[label], False))
        if total - shown:
            segments.append((masked_text, span * (total - shown) / total, GREY, True))
        parts.append(segments)
    hatched = any(segment[3] for segments in parts for segment in segments)
    items = [(label, colours[label], False) for label in drawn_groups]
    if hatched:
        items.append((masked_text, "", True))
    legend, top = _legend(items)
    drawn, y = [], top
    for (stage, total), segments in zip(stages, parts, strict=True):
        bars, x = [], float(LABEL_WIDTH)
        for text, width, colour, is_hatched in segments:
            bars.append(Bar(round(x, 1), y, round(width, 1), colour, text, hatched=is_hatched))
            x += width
        value = masked_text if total is None else number(total)
        drawn.append(Row(stage, y + BAR / 2 + 4, bars, value, round(x + 4, 1)))
        y += BAR + ROW_GAP
    return Chart(WIDTH, y, top, drawn, legend, LABEL_WIDTH, description, hatched)
