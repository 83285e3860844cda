"""The demo accounts shown on the home page when DEMO=1 (never in production)."""

from django.contrib.auth import get_user_model

from eig.accounts.models import Role
from eig.demo.accounts import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from eig.demo.reviews import DEMO_TOTP_SECRET

__all__ = ["DEMO_EMAIL_DOMAIN", "DEMO_PASSWORD", "DEMO_TOTP_SECRET", "demo_accounts"]

# Accounts are listed in the order of the roles (candidate first), unknown roles last.
_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


def _sort_key(user):
    ranks = [_ROLE_ORDER.get(r, len(_ROLE_ORDER)) for r in user.roles or []]
    return (min(ranks, default=len(_ROLE_ORDER)), user.email)


def _role_label(user):
    """The French (or current language) labels of the user's roles, e.g. « Membre du jury »."""
    labels = [str(Role(r).label) for r in user.roles or [] if r in _ROLE_ORDER]
    return ", ".join(labels) or str(user)


def demo_accounts():
    users = sorted(get_user_model().objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN), key=_sort_key)
    return [
        {"email": u.email, "name": str(u), "roles": u.roles, "role_label": _role_label(u), "password": DEMO_PASSWORD}
        for u in users
    ]
