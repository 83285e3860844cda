from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .two_factor import has_two_factor


def admin_has_permission(request) -> bool:
    """Replaces AdminSite.has_permission: the admin is for the programme team with a second factor.

    The admin edits every account and every piece of content (security review F5): being
    staff is not enough, the person also signs in with an authenticator.
    """
    user = request.user
    return bool(user.is_active and user.is_staff and has_two_factor(user))


def admin_login(request, extra_context=None):
    """Replaces the admin's own sign-in form: everyone signs in through allauth.

    So the admin gets allauth's rate limits, email verification and two-factor step.
    A signed-in person without admin access gets a 403: sending them to the sign-in
    page would bounce them back here (allauth redirects signed-in visitors). A member
    of the programme team without a second factor is sent to set one up.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            if not has_two_factor(request.user):
                messages.info(
                    request,
                    _(
                        "L'administration du site exige la double authentification : "
                        "activez une application d'authentification pour continuer."
                    ),
                )
                return redirect("mfa_activate_totp")
            return redirect(next_url)
        raise PermissionDenied
    return redirect(f"{resolve_url('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
