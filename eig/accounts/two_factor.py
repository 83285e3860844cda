"""Who counts as using two-factor authentication.

The rule (docs/deployment.md): the programme team, the admin, approvers, reviewers and
jurors see or decide on personal data, so each of them signs in with a second factor.
A TOTP authenticator counts; a WebAuthn key counts too once allauth's MFA offers it
(MFA_SUPPORTED_TYPES). Recovery codes do not: they are a way back in, not a factor set up.
"""

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator


def second_factor_types() -> list[str]:
    types = [Authenticator.Type.TOTP]
    if "webauthn" in app_settings.SUPPORTED_TYPES:
        types.append(Authenticator.Type.WEBAUTHN)
    return types


def has_two_factor(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Authenticator.objects.filter(user=user, type__in=second_factor_types()).exists()
