"""The small line chart of an objective: its measures against the target, drawn on the server.

`objective_chart(objective)` gives the geometry (points in the SVG's user units, the target's
line, the axes' labels); templates/programme/_objective_chart.html draws it as an SVG with a
title and a description (role="img"), and the measures also stand in a table below it, so the
chart is never the only way to read them (RGAA 1.3, 4.1).
"""

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from eig.programme.models import Measure, Objective

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36

# The DSFR's colours for each course (success, warning, error) and the line (« bleu France »).
COURSE_COLOURS = {
    Measure.Course.ON_TRACK: "#18753c",
    Measure.Course.AT_RISK: "#b34000",
    Measure.Course.OFF_TRACK: "#ce0500",
}
LINE_COLOUR = "#000091"
TARGET_COLOUR = "#666666"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    target_y: float
    left: int
    right: float
    top: int
    bottom: float
    high_label: str
    low_label: str
    first_date: datetime.date
    last_date: datetime.date
    description: str


def number(value: float) -> str:
    """A value as French reads it: « 30 », « 12,5 »."""
    value = round(value, 2)
    return formats.number_format(int(value) if float(value).is_integer() else value, use_l10n=True)


def objective_chart(objective: Objective) -> Chart | None:
    """The chart of the objective's measures (ordered by date), or None when it has none."""
    measures = list(objective.measures.all())
    if not measures:
        return None
    values = [m.value for m in measures]
    low = min([*values, objective.target, objective.baseline])
    high = max([*values, objective.target, objective.baseline])
    if high == low:
        low, high = low - 1, high + 1
    first = measures[0].on
    last = max(measures[-1].on, objective.target_date or measures[-1].on)
    span_days = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: datetime.date) -> float:
        return round(LEFT + inner_w * (day - first).days / span_days, 1)

    def y_of(value: float) -> float:
        return round(TOP + inner_h * (high - value) / (high - low), 1)

    unit = f" {objective.unit}" if objective.unit else ""
    points = [
        Point(
            x_of(m.on),
            y_of(m.value),
            COURSE_COLOURS.get(m.course, LINE_COLOUR),
            f"{formats.date_format(m.on, 'j F Y')} : {number(m.value)}{unit} ({m.get_course_display()})",
        )
        for m in measures
    ]
    latest = measures[-1]
    description = _(
        "%(count)s mesures du %(first)s au %(last)s. Dernière valeur : %(value)s%(unit)s, %(course)s. "
        "Valeur de départ : %(baseline)s%(unit)s. Cible : %(target)s%(unit)s."
    ) % {
        "count": len(measures),
        "first": formats.date_format(first, "j F Y"),
        "last": formats.date_format(latest.on, "j F Y"),
        "value": number(latest.value),
        "course": latest.get_course_display().lower(),
        "baseline": number(objective.baseline),
        "target": number(objective.target),
        "unit": unit,
    }
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=y_of(objective.target),
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        high_label=f"{number(high)}{unit}",
        low_label=f"{number(low)}{unit}",
        first_date=first,
        last_date=last,
        description=description,
    )
