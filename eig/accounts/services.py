"""State changes of accounts (sign-in and MFA are allauth's)."""

from eig.core.activity import log_activity

# What an account may do; a change of one of these is written in the activity log with
# who made it (security review F5: roles decide who approves a promotion).
PRIVILEGES = ["roles", "is_staff", "is_superuser"]


def privileges_of(user) -> dict:
    return {field: getattr(user, field) for field in PRIVILEGES}


def record_privilege_change(user, before: dict, *, by) -> bool:
    """Log `account.roles_changed` if the user's privileges differ from `before`; True if they did."""
    after = privileges_of(user)
    if after == before:
        return False
    log_activity("account.roles_changed", user, actor=by, before=before, after=after)
    return True
