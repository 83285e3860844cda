"""The demo accounts: one per role, all sharing a password printed on the home page.

They exist only in demo databases (`manage.py load_demo`); the home page lists
them when `settings.DEMO` is true, never in production.
"""

from eig.accounts.models import Role

DEMO_EMAIL_DOMAIN = "demo.eig.example"
DEMO_PASSWORD = "demo-eig-2026"  # noqa: S105 (public by design: printed on the demo home page)

# Fictional people, one per role: (role, first name, last name).
DEMO_USERS = [
    (Role.CANDIDATE, "Léa", "Fontaine"),
    (Role.ADMINISTRATION_AGENT, "Karim", "Benali"),
    (Role.REVIEWER, "Élise", "Marchetti"),
    (Role.JURY_MEMBER, "Bernard", "Olivier"),
    (Role.MENTOR, "Sophie", "Delaunay"),
    (Role.FELLOW, "Malik", "Ferreira"),
    (Role.STAFF, "Camille", "Roussel"),
    (Role.APPROVER, "Hélène", "Vasseur"),
]


def demo_email(role: str) -> str:
    return f"{role}@{DEMO_EMAIL_DOMAIN}"
