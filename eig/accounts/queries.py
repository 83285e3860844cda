"""Shared reads of accounts."""

from .models import Role, User


def holders_of(role: Role) -> list[User]:
    """Active people holding `role`, by email (the JSON text is filtered first, the role checked after)."""
    users = User.objects.filter(is_active=True, roles__icontains=role.value).order_by("email")
    return [u for u in users if u.has_role(role)]
