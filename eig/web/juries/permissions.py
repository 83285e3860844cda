"""The jurors' pages: a signed seat, two-factor authentication, then only their panel's auditions.

- No seat whose charter is signed (or not signed in): 404, the jury space does
  not say it exists. The charter page is the way in (its token is the credential).
- A signed seat but no TOTP authenticator: sent to set one up first (issue 5:
  « two-factor authentication mandatory for every evaluator role »; a juror reads
  dossiers as a reviewer does).
- An audition outside the person's panels, or one they are in conflict with:
  404 (eig.juries.permissions.visible_auditions).
"""

from django.utils.translation import gettext_lazy as _

from eig.juries.permissions import signed_seats
from eig.web.common.two_factor import two_factor_required


def holds_a_signed_seat(user) -> bool:
    """The person holds a seat in a jury, charter signed."""
    return signed_seats(user).exists()


juror_only = two_factor_required(
    holds_a_signed_seat,
    _(
        "Les pages du jury exigent la double authentification : "
        "activez une application d'authentification pour continuer."
    ),
)
