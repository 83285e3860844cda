"""One gate for the audiences whose pages need a second factor.

The programme team (/equipe/), approvers (/validation/), reviewers (/evaluation/) and
jurors (/jury/) each pass it: first their own rule of who may see the area (everyone
else gets 404, the area does not say it exists), then two-factor authentication: a
person who may enter but has no authenticator is sent to set one up, told why in the
audience's own words.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from eig.accounts.two_factor import has_two_factor


def set_up_two_factor(request, message):
    """The way to the TOTP set-up page, with the reason shown there."""
    messages.info(request, str(message))
    return redirect("mfa_activate_totp")


def two_factor_required(may_enter, message):
    """A view decorator: 404 unless may_enter(user); then a second factor, else its set-up.

    `message` is lazy (gettext_lazy): it is read in the language of the request.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may_enter(request.user):
                raise Http404
            if not has_two_factor(request.user):
                return set_up_two_factor(request, message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
