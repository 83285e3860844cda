"""The header's « Évaluation » link: for a person with an active reviewer seat."""

from django import template

from eig.accounts.models import Role
from eig.reviews.permissions import active_seats

register = template.Library()


@register.filter
def has_reviewer_seat(user) -> bool:
    """One query, and only for accounts holding the reviewer role (set when an invitation is accepted)."""
    if not (user and user.is_authenticated and Role.REVIEWER in (user.roles or [])):
        return False
    return active_seats(user).exists()
