"""The header's « Mon espace » link: the person's own first space (eig.web.common.spaces)."""

from django import template

from eig.web.common import spaces

register = template.Library()


@register.filter
def home_space_url(user) -> str:
    """No query for most people: a seat is looked up only for the jury and reviewer roles."""
    return spaces.home_url(user)
