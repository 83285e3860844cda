"""A state as every page shows it, from its model's table (eig.core.states): its label and its badge.

{% load states %}
{% state_badge run %}             → <p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--success">Approuvée</p>
{% state_badge run size="md" icon=True %}
{% state_label offer %}           → En attente de réponse
{% if run|state_in:"deletable" %}…{% endif %}
"""

from django import template
from django.utils.html import format_html

from eig.core.states import table_for

register = template.Library()

SIZES = {"sm": " fr-badge--sm", "md": ""}


@register.simple_tag
def state_badge(obj, size="sm", icon=False):
    """The DSFR badge of `obj`'s state: its colour and label from the table of `obj`'s model."""
    table = table_for(obj)
    state = table.state_of(obj)
    return format_html(
        '<p class="fr-badge{}{} fr-badge--{}">{}</p>',
        SIZES[size],
        "" if icon else " fr-badge--no-icon",
        table.badge(state),
        table.label(state),
    )


@register.simple_tag
def state_label(obj):
    table = table_for(obj)
    return table.label(table.state_of(obj))


@register.filter
def state_in(obj, group):
    """Whether `obj`'s state belongs to the table's `group` ("editable", "decided"…)."""
    table = table_for(obj)
    return table.is_in(table.state_of(obj), group)


@register.filter
def state_can_move(obj, target):
    """Whether the table allows `obj`'s state to move to `target`."""
    table = table_for(obj)
    return table.can_move(table.state_of(obj), target)
