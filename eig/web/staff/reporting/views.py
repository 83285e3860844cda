"""The programme team's reporting pages (/equipe/rapports/…): the candidate funnel and its fairness
breakdowns, the challenges per ministry, each with a CSV download.

Read-only (GET/HEAD); every page answers 404 to anyone outside the team, whose members need their
second factor (permissions.staff_only). The figures are eig.reporting's (queries, then funnel):
groups of fewer than 5 people are masked in every chart, table and CSV (docs/reporting.md).
Each page reads a fixed number of queries whatever the number of applications.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.core.small_groups import MIN_GROUP
from eig.reporting import queries
from eig.web.common.reporting import tables

from ..exports import CSV_CONTENT_TYPE, download, to_csv
from ..permissions import staff_only
from .forms import FunnelForm, ScopeForm


def _crumbs() -> dict:
    return {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}


def _scope_label(promotion=None, call=None) -> str:
    if call is not None:
        return _("appel « %(call)s »") % {"call": call.title}
    if promotion is not None:
        return _("promotion %(promotion)s") % {"promotion": promotion}
    return _("toutes les promotions")


def _slug(promotion=None, call=None) -> str:
    return call.slug if call is not None else promotion.slug if promotion is not None else "toutes-promotions"


def _report_url(promotion) -> str:
    """The chosen promotion's annual report, when a promotion is chosen."""
    return reverse("staff:reporting_annual_report", kwargs={"slug": promotion.slug}) if promotion else ""


def _query_suffix(request) -> str:
    query = request.GET.urlencode()
    return f"?{query}" if query else ""


@staff_only
@require_safe
def funnel(request):
    form = FunnelForm(request.GET or None)
    context = {
        "title": _("Entonnoir des candidatures"),
        "form": form,
        "min_group": MIN_GROUP,
        "csv_url": reverse("staff:reporting_funnel_csv") + _query_suffix(request),
        "report_url": "",
        **_crumbs(),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "staff/reporting/funnel.html", context, status=400)
    scope = form.scope()
    context["report_url"] = _report_url(scope["promotion"])
    figures = queries.funnel(**scope, breakdowns=form.breakdowns())
    overall, overall_chart = tables.overall_view(figures)
    context |= {
        "scope_label": _scope_label(**scope),
        "stages": figures.stages,
        "overall": overall,
        "overall_chart": overall_chart,
        "breakdowns": tables.breakdown_views(figures),
    }
    return render(request, "staff/reporting/funnel.html", context)


@staff_only
@require_safe
def funnel_csv(request):
    form = FunnelForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Les filtres de l'export ne sont pas valides."))
    scope = form.scope()
    header, rows = tables.funnel_csv_rows(queries.funnel(**scope, breakdowns=form.breakdowns()))
    return download(to_csv(header, rows), CSV_CONTENT_TYPE, f"entonnoir-{_slug(**scope)}.csv")


@staff_only
@require_safe
def challenges(request):
    form = ScopeForm(request.GET or None)
    context = {
        "title": _("Défis proposés et sélectionnés par ministère"),
        "form": form,
        "csv_url": reverse("staff:reporting_challenges_csv") + _query_suffix(request),
        "report_url": "",
        **_crumbs(),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "staff/reporting/challenges.html", context, status=400)
    scope = form.scope()
    context["report_url"] = _report_url(scope["promotion"])
    figures = queries.challenge_funnel(**scope)
    ministries, overall, chart = tables.challenge_view(figures)
    context |= {
        "scope_label": _scope_label(**scope),
        "stages": [label for _key, label in figures.stages],
        "ministries": ministries,
        "overall": overall,
        "chart": chart,
    }
    return render(request, "staff/reporting/challenges.html", context)


@staff_only
@require_safe
def challenges_csv(request):
    form = ScopeForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Les filtres de l'export ne sont pas valides."))
    scope = form.scope()
    header, rows = tables.challenge_csv_rows(queries.challenge_funnel(**scope))
    return download(to_csv(header, rows), CSV_CONTENT_TYPE, f"defis-par-ministere-{_slug(**scope)}.csv")
