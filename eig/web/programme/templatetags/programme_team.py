"""Tags of the team pages: the tabs (eig/web/programme/tabs.py) and the objectives' chart."""

from django import template

from eig.web.common import spaces

from .. import charts
from ..tabs import visible_tabs

register = template.Library()


@register.inclusion_tag("programme/_team_tabs.html", takes_context=True)
def team_tabs(context, membership):
    """The tabs the person sees in the team; the one of the page shown is marked current."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {"tabs": visible_tabs(membership, current)}


@register.filter
def has_programme_space(user) -> bool:
    """The header's « Mon programme » link (eig.web.common.spaces.in_programme: a query for agents only)."""
    return spaces.in_programme(user)


@register.inclusion_tag("programme/_objective_chart.html")
def objective_chart(objective):
    """The objective's line chart (an accessible SVG), or a sentence when nothing is measured yet."""
    return {"objective": objective, "chart": charts.objective_chart(objective)}


@register.filter
def decimal(value) -> str:
    """A measured value as French reads it: « 30 », « 22,5 » (no trailing zeros)."""
    return charts.number(value) if value is not None else ""
