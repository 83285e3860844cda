"""Permission-matrix rows of allauth's social accounts and ProConnect (see test_permission_matrix.py).

The matrix runs without ProConnect configured (PROCONNECT_CLIENT_ID unset, the default):
its login and callback URLs do not exist then (404). Every unsafe method without its
CSRF token is refused (403), the ProConnect button's POST included. The "connected
accounts" page is one's own (sign-in required); the pages allauth shows after a
cancelled or failed sign-in are for anyone (the failed one with its 401); the social sign-up form needs a ProConnect
sign-in in progress, so a plain visit is sent back to the sign-in form.
"""

from eig.accounts.models import Role

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
NOT_FOUND = {"get": 404, "head": 404}
# allauth's "sign-in failed" page answers 401: the page of a failed authentication.
SIGN_IN_FAILED = {"get": 401, "head": 401}


def _rows(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


ROWS = {
    "socialaccount_connections": _rows(REDIRECT, SHOWN),
    "socialaccount_signup": _rows(REDIRECT, REDIRECT),
    "socialaccount_login_cancelled": _rows(SHOWN, SHOWN),
    "socialaccount_login_error": _rows(SIGN_IN_FAILED, SIGN_IN_FAILED),
    "proconnect_login": _rows(NOT_FOUND, NOT_FOUND),
    "proconnect_callback": _rows(NOT_FOUND, NOT_FOUND),
}


def world():
    return {}
