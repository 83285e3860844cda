"""The header's « Jury » link: for a person with a seat in a jury, charter signed."""

from django import template

from eig.accounts.models import Role
from eig.juries.permissions import signed_seats

register = template.Library()


@register.filter
def has_juror_seat(user) -> bool:
    """One query, and only for accounts holding the jury-member role (set when the charter is signed)."""
    if not (user and user.is_authenticated and Role.JURY_MEMBER in (user.roles or [])):
        return False
    return signed_seats(user).exists()
