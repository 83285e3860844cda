"""Permission-matrix rows of the privacy URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} for URLs
that need objects (built here, owned by nobody in the matrix unless said).

One's own data, for every role alike: sign-in required (an anonymous visitor is
sent to the sign-in form, 302); every unsafe method without its CSRF token is
refused (403). The export is POST only: a signed-in GET or HEAD answers 405.
"""

from eig.accounts.models import Role

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
POST_ONLY = {"get": 405, "head": 405}


def _account_rows(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


ROWS = {
    "candidates:personal_data": _account_rows(REDIRECT, SHOWN),
    "candidates:export_data": _account_rows(REDIRECT, POST_ONLY),
    "candidates:delete_account": _account_rows(REDIRECT, SHOWN),
}


def world():
    return {}
