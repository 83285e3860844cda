"""The demo accounts shown on the home page when DEMO=1 (never in production)."""

from django.contrib.auth import get_user_model

DEMO_EMAIL_DOMAIN = "demo.eig.example"
DEMO_PASSWORD = "demo-eig-2026"


def demo_accounts():
    users = get_user_model().objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).order_by("email")
    return [{"email": u.email, "name": str(u), "roles": u.roles, "password": DEMO_PASSWORD} for u in users]
