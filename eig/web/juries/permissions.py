"""The jurors' pages: a signed seat, two-factor authentication, then only their panel's auditions.

- No seat whose charter is signed (or not signed in): 404, the jury space does
  not say it exists. The charter page is the way in (its token is the credential).
- A signed seat but no TOTP authenticator: sent to set one up first (issue 5:
  « two-factor authentication mandatory for every evaluator role »; a juror reads
  dossiers as a reviewer does).
- An audition outside the person's panels, or one they are in conflict with:
  404 (eig.juries.permissions.visible_auditions).
"""

from functools import wraps

from django.http import Http404

from eig.juries.permissions import signed_seats
from eig.reviews.permissions import has_two_factor
from eig.web.evaluation.permissions import two_factor_redirect


def juror_only(view):
    """The person holds a seat in a jury, charter signed, and uses two-factor authentication."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not signed_seats(request.user).exists():
            raise Http404
        if not has_two_factor(request.user):
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
