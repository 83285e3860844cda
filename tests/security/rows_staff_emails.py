"""Permission-matrix rows of the email texts: staff_emails (issue 18, point 4; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

The list of notifications and a text's edit page belong to the programme team (with their second
factor): everyone else, anonymous included, gets 404. The edit page takes a POST (preview or save):
without its CSRF token every unsafe method is refused first (403). Going back to the original is a
POST only (405 to staff's GET and HEAD). No object is needed: the notifications are registered in code.
"""

from django.urls import reverse

from eig.accounts.models import Role

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _staff_page(staff):
    return {role: staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "staff:email_texts": _staff_page(READS),
    "staff:email_text_edit": _staff_page(READS),
    "staff:email_text_restore": _staff_page(POST_ONLY),
}


def world():
    text = {"template": "dossier_receipt", "language": "en"}
    return {
        "staff:email_text_edit": reverse("staff:email_text_edit", kwargs=text),
        "staff:email_text_restore": reverse("staff:email_text_restore", kwargs=text),
    }
