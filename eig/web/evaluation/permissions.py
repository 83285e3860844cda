"""The reviewers' pages: a seat, two-factor authentication, then only what is assigned.

- No accepted seat in the grid (or not signed in): 404, the evaluation space
  does not say it exists.
- A seat but no TOTP authenticator: sent to set one up first (the rule: two-factor
  authentication is mandatory for every evaluator role).
- A dossier that is not assigned to the person, or that they have a conflict
  with: 404 (eig.reviews.permissions.assignment_for).
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from eig.reviews.permissions import active_seats, has_two_factor


def two_factor_redirect(request):
    messages.info(
        request,
        _(
            "L'évaluation des dossiers exige la double authentification : "
            "activez une application d'authentification pour continuer."
        ),
    )
    return redirect("mfa_activate_totp")


def evaluator_only(view):
    """The person holds at least one active reviewer seat and uses two-factor authentication."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not active_seats(request.user).exists():
            raise Http404
        if not has_two_factor(request.user):
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
