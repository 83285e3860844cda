"""The programme team's pages of a promotion's questionnaires (/equipe/programme/<promotion>/questionnaires/).

The list: each survey with its response rate per audience (a bar per audience, drawn as an SVG
with its data table) and the form that creates one (moment, audiences, anonymous or named, dates,
reminders: eig.results.surveys.create_survey). A survey's page: its results aggregated per
question and per audience (eig.results.survey_results: a group of fewer than 5 answers is hidden,
the page says « moins de 5 réponses : masqué »), each question drawn as a bar chart (an SVG with
its title, its description and the table of counts beside it), free text listed; its response
rates; a link to edit its questions in the admin (until the form builder of issue 18).

Both pages read a fixed number of queries whatever the number of surveys or responses.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe
from dsfr.forms import DsfrBaseForm

from eig.calls import services as dossier_services
from eig.core.errors import DomainError
from eig.results import survey_results, surveys
from eig.results.models import Survey

from ..forms import DateTimeLocalInput
from ..permissions import staff_only
from .common import crumbs, promotion_of

ANONYMOUS, NAMED = "anonymous", "named"

# The DSFR's colours of each group in the charts (« bleu France » for the whole).
COLOURS = {"all": "#000091", "fellows": "#6a6af4", "mentors": "#009081", "hosts": "#a558a0"}


class SurveyForm(DsfrBaseForm):
    moment = forms.ChoiceField(label=gettext_lazy("Moment"), choices=Survey.Moment.choices, widget=forms.RadioSelect)
    audiences = forms.MultipleChoiceField(
        label=gettext_lazy("Personnes interrogées"),
        choices=Survey.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Les entrepreneur·es de la promotion (sauf départs anticipés), les mentors de ses équipes, "
            "les agents confirmés des administrations d'accueil."
        ),
    )
    privacy = forms.ChoiceField(
        label=gettext_lazy("Anonyme ou nominatif"),
        choices=[
            (ANONYMOUS, gettext_lazy("Anonyme : les réponses sont gardées sans aucun lien avec la personne")),
            (NAMED, gettext_lazy("Nominatif : chaque réponse garde le dossier de la personne")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("Ouverture (heure de Paris)"), widget=DateTimeLocalInput)
    closes_at = forms.DateTimeField(label=gettext_lazy("Clôture (heure de Paris)"), widget=DateTimeLocalInput)
    reminder_days = forms.CharField(
        label=gettext_lazy("Rappels (jours avant la clôture)"),
        required=False,
        max_length=50,
        initial="7, 2",
        help_text=gettext_lazy(
            "Des nombres séparés par des virgules, par exemple « 7, 2 » : un courriel à chaque personne "
            "qui n'a pas répondu, une fois par rappel. Vide : aucun rappel."
        ),
    )

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("reminder_days") or ""
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise forms.ValidationError(
                _("Écrivez des nombres de jours séparés par des virgules, par exemple « 7, 2 ».")
            )
        return [int(p) for p in parts]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "moment": data["moment"],
            "audiences": data["audiences"],
            "anonymous": data["privacy"] == ANONYMOUS,
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "reminder_days": data["reminder_days"],
        }


def number(value: float) -> str:
    """A mean as French reads it: « 4 », « 3,64 »."""
    value = round(value, 2)
    return formats.number_format(int(value) if float(value).is_integer() else value, use_l10n=True)


# --- Charts ----------------------------------------------------------------------------------------

WIDTH = 640
LABEL_WIDTH = 220  # the values' labels, left of the bars
VALUE_WIDTH = 90  # « 12 (40 %) », right of the bars
BAR, BAR_GAP, ROW_GAP, TOP = 14, 2, 12, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    colour: str
    text: str  # « 12 (40 %) »
    text_x: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Legend:
    x: float
    label: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    rows: list[Row]
    legend: list[Legend]
    axis_x: int
    description: str


def _percent_text(count: int, percent: int) -> str:
    return _("%(count)s (%(percent)s %%)") % {"count": count, "percent": percent}


def bar_chart(rows: list[tuple[str, list[tuple[str, str, int, int]]]], description: str) -> BarChart | None:
    """Horizontal bars, one row per value, one bar per group in it: `rows` is [(value label,
    [(group audience, group label, count, percent)])]; each bar's length is its percent of its group."""
    if not rows or not rows[0][1]:
        return None
    groups = [(audience, label) for audience, label, _c, _p in rows[0][1]]
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    row_height = len(groups) * (BAR + BAR_GAP) + ROW_GAP
    drawn, y = [], TOP
    for label, cells in rows:
        bars = []
        for index, (audience, _label, count, percent) in enumerate(cells):
            width = round(span * percent / 100, 1)
            bar_y = y + index * (BAR + BAR_GAP)
            bars.append(
                Bar(
                    LABEL_WIDTH,
                    bar_y,
                    width,
                    COLOURS.get(audience, COLOURS["all"]),
                    _percent_text(count, percent),
                    round(LABEL_WIDTH + width + 4, 1),
                )
            )
        drawn.append(Row(label, y + (len(cells) * (BAR + BAR_GAP)) / 2 + 4, bars))
        y += row_height
    step = (WIDTH - LABEL_WIDTH) / max(len(groups), 1)
    legend = [
        Legend(round(LABEL_WIDTH + i * step, 1), label, COLOURS.get(audience, COLOURS["all"]))
        for i, (audience, label) in enumerate(groups)
    ]
    return BarChart(WIDTH, y, drawn, legend, LABEL_WIDTH, description)


def _columns(result: survey_results.QuestionResult, single_audience: bool) -> list[survey_results.Group]:
    """The groups shown for a question: its shown audiences and the whole (which, for a survey of one
    audience, only repeats it)."""
    return [g for g in result.shown if not (single_audience and g.audience == survey_results.ALL)]


def _question_chart(result: survey_results.QuestionResult, columns) -> BarChart | None:
    if result.kind != "counts" or not columns:
        return None
    rows = [
        (count.label, [(g.audience, g.label, g.counts[i].count, g.counts[i].percent) for g in columns])
        for i, count in enumerate(columns[0].counts)
    ]
    parts = []
    for group in columns:
        values = ", ".join(f"{c.label} : {_percent_text(c.count, c.percent)}" for c in group.counts)
        mean = _(", moyenne %(mean)s") % {"mean": number(group.mean)} if group.mean is not None else ""
        parts.append(
            ngettext(
                "%(group)s, %(n)s réponse : %(values)s%(mean)s.",
                "%(group)s, %(n)s réponses : %(values)s%(mean)s.",
                group.answers,
            )
            % {"group": group.label, "n": group.answers, "values": values, "mean": mean}
        )
    hidden = [g.label for g in result.groups if g.hidden]
    if hidden:
        parts.append(_("Moins de 5 réponses, masqué : %(groups)s.") % {"groups": ", ".join(hidden)})
    return bar_chart(rows, " ".join(parts))


def _table(result: survey_results.QuestionResult, columns) -> list[dict]:
    """The counts as table rows (one per value, then the answers and the mean), one cell per column."""
    if result.kind != "counts" or not columns:
        return []
    rows = [
        {"label": count.label, "cells": [_percent_text(g.counts[i].count, g.counts[i].percent) for g in columns]}
        for i, count in enumerate(columns[0].counts)
    ]
    rows.append({"label": _("Réponses"), "cells": [g.answers for g in columns]})
    if result.has_mean:
        rows.append({"label": _("Moyenne"), "cells": [number(g.mean) if g.mean is not None else "—" for g in columns]})
    return rows


def _text_groups(result: survey_results.QuestionResult, single_audience: bool) -> list[survey_results.Group]:
    """The free-text lists shown: each audience's when all are shown; else the whole's when it is
    shown (the audiences under 5 answers are not told apart in it); else the audiences shown."""
    if result.kind != "texts":
        return []
    audiences = [g for g in result.groups if g.audience != survey_results.ALL]
    whole = result.group(survey_results.ALL)
    if any(g.hidden for g in audiences) and not single_audience and not whole.hidden:
        return [whole]
    return [g for g in audiences if not g.hidden]


def _question(result: survey_results.QuestionResult, single_audience: bool) -> dict:
    columns = _columns(result, single_audience)
    hidden = [g.label for g in result.groups if g.hidden and not (single_audience and g.audience == survey_results.ALL)]
    return {
        "result": result,
        "columns": columns,
        "chart": _question_chart(result, columns),
        "chart_id": f"question-{result.key}",
        "table": _table(result, columns),
        "texts": _text_groups(result, single_audience),
        "hidden": hidden,
    }


def _rates_chart(rates: list[surveys.Rate]) -> BarChart | None:
    rows = [(rate.label, [(rate.audience, rate.label, rate.answered, rate.percent)]) for rate in rates]
    description = " ".join(
        ngettext(
            "%(group)s : %(answered)s réponse sur %(asked)s personnes interrogées (%(percent)s %%).",
            "%(group)s : %(answered)s réponses sur %(asked)s personnes interrogées (%(percent)s %%).",
            r.answered,
        )
        % {"group": r.label, "answered": r.answered, "asked": r.asked, "percent": r.percent}
        for r in rates
    )
    chart = bar_chart(rows, description)
    # One bar per row, in its own audience's colour: the legend would only repeat the labels.
    return None if chart is None else BarChart(chart.width, chart.height, chart.rows, [], chart.axis_x, description)


# --- Pages -----------------------------------------------------------------------------------------


def _survey_url(survey) -> str:
    return reverse("staff:results_survey", kwargs={"promotion": survey.promotion.slug, "survey": survey.pk})


def _crumbs(promotion, *, inside=True) -> dict:
    return crumbs(promotion, "staff:results_surveys", _("Questionnaires")) if inside else crumbs(promotion)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def survey_list(request, promotion):
    promotion = promotion_of(promotion)
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = surveys.create_survey(promotion, by=request.user, **form.values())
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                asked = survey.participations.count()
                messages.success(
                    request,
                    _("Questionnaire « %(title)s » créé : %(asked)s personnes interrogées.")
                    % {"title": survey.call.title, "asked": asked},
                )
                return redirect(_survey_url(survey))
        status = 400
    found = list(Survey.objects.filter(promotion=promotion).select_related("call", "promotion"))
    rates = surveys.rates(found)
    rows = [
        {
            "survey": s,
            "url": _survey_url(s),
            "rates": rates[s.pk],
            "chart": _rates_chart(rates[s.pk]),
            "chart_id": f"rates-{s.pk}",
        }
        for s in found
    ]
    return render(
        request,
        "staff/programme/surveys.html",
        {
            "title": _("Questionnaires — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "rows": rows,
            "form": form,
            **_crumbs(promotion, inside=False),
        },
        status=status,
    )


@staff_only
@require_safe
def survey_detail(request, promotion, survey):
    promotion = promotion_of(promotion)
    survey = get_object_or_404(Survey.objects.select_related("call", "promotion"), pk=survey, promotion=promotion)
    audiences = [(a, str(Survey.Audience(a).label)) for a in survey.audiences if a in Survey.Audience.values]
    questions = dossier_services.questions_of(survey.call)
    responses = list(survey.responses.only("audience", "answers"))
    results = survey_results.aggregate(questions, responses, audiences)
    rates = surveys.rates([survey])[survey.pk]
    return render(
        request,
        "staff/programme/surveys_detail.html",
        {
            "title": survey.call.title,
            "promotion": promotion,
            "survey": survey,
            "rates": rates,
            "rates_chart": _rates_chart(rates),
            "results": [_question(r, len(audiences) == 1) for r in results],
            "min_group": survey_results.MIN_GROUP,
            "responses": len(responses),
            "questions_url": reverse("admin:calls_step_changelist") + f"?call__id__exact={survey.call_id}",
            **_crumbs(promotion),
        },
    )
