"""What every app's personal-data code shares (eig/accounts/personal_data.py and its parts)."""

# Anonymised accounts and seats get an address in this reserved domain (RFC 2606).
ANONYMOUS_DOMAIN = "anonyme.invalid"


def iso(moment):
    """A datetime as ISO 8601 for an export, or None."""
    return moment.isoformat() if moment else None
