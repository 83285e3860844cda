"""ProConnect sign-ins vouch for an agent's administration by its SIRET.

At each ProConnect sign-in the verified « siret » claim (the organisation the agent
signed in for) is kept in the session for that sign-in only, and the person's pending
agencies of the administration with that SIRET are confirmed (services.confirm_by_proconnect).
A later join in the same session reads it (services.join_administration).
"""

from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.utils.translation import gettext as _

from .services import clean_siret, confirm_by_proconnect

# The session belongs to the signed-in person (Django renews it at sign-in, flushes it at sign-out).
SESSION_KEY = "proconnect_siret"
PROVIDER = "proconnect"


def siret_of(sociallogin) -> str:
    """The SIRET ProConnect vouched for in this sign-in ("" if none)."""
    account = getattr(sociallogin, "account", None)
    if account is None or account.provider != PROVIDER:
        return ""
    userinfo = (account.extra_data or {}).get("userinfo") or {}
    return clean_siret(userinfo.get("siret"))


def session_siret(request) -> str:
    session = getattr(request, "session", None)
    return (session.get(SESSION_KEY, "") if session is not None else "") or ""


def on_user_logged_in(sender, request, user, sociallogin=None, **kwargs):
    siret = siret_of(sociallogin) if sociallogin is not None else ""
    if not siret:
        # Another way of signing in proves no organisation.
        request.session.pop(SESSION_KEY, None)
        return
    request.session[SESSION_KEY] = siret
    for agent in confirm_by_proconnect(user, siret):
        messages.success(
            request,
            _("ProConnect confirme que vous agissez pour %(administration)s.")
            % {"administration": agent.administration.name},
        )


def connect():
    user_logged_in.connect(on_user_logged_in, dispatch_uid="proposals.proconnect_siret")
