"""The reviewers' pages: a seat, two-factor authentication, then only what is assigned.

- No accepted seat in the grid (or not signed in): 404, the evaluation space
  does not say it exists.
- A seat but no TOTP authenticator: sent to set one up first (the rule: two-factor
  authentication is mandatory for every evaluator role).
- A dossier that is not assigned to the person, or that they have a conflict
  with: 404 (eig.reviews.permissions.assignment_for).
"""

from django.utils.translation import gettext_lazy as _

from eig.reviews.permissions import active_seats
from eig.web.common.two_factor import two_factor_required


def holds_a_seat(user) -> bool:
    """The person holds at least one active reviewer seat."""
    return active_seats(user).exists()


evaluator_only = two_factor_required(
    holds_a_seat,
    _(
        "L'évaluation des dossiers exige la double authentification : "
        "activez une application d'authentification pour continuer."
    ),
)
