"""Permission-matrix rows of the validation of a call's selected challenges (issue 18, point 7):
the approvers' pages of a list (/validation/defis/<id>/) and the programme team's page of a call's
selected challenges (/equipe/appels/<call>/defis-retenus/), see test_permission_matrix.py.

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on
tests/factories/challenge_selection.py's call (« Alpha » and « Bêta » validated), its list
submitted by the world's staff member to its approver (none of the matrix's users).

Approvers: the matrix user holding the approver role has no two-factor authentication, so the
list's page and its decision send them to set it up first (302; with it, they read and decide:
tests/web/test_challenge_approvals.py). Everyone else, staff included, gets 404 on GET and HEAD.

The programme team (is_staff, with its second factor) reads its page; the submission and the
publication take POST only (GET and HEAD: 405). Everyone else gets 404 on GET and HEAD.

Every unsafe method without its CSRF token fails the CSRF check first (403), which says nothing
of the objects; with a token, the actions act (tests/web/test_challenge_approvals.py).
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.proposals import approval
from tests.factories.challenge_selection import selected_call

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
TWO_FACTOR_FIRST = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}


def _only(role, allowed):
    return {r: allowed if r == role.value else HIDDEN for r in ROLES}


ROWS = {
    "approvals:challenges_detail": _only(Role.APPROVER, TWO_FACTOR_FIRST),
    "approvals:challenges_decide": _only(Role.APPROVER, TWO_FACTOR_FIRST),
    "staff:challenge_selection": _only(Role.STAFF, STAFF_READS),
    "staff:challenge_selection_submit": _only(Role.STAFF, STAFF_POSTS),
    "staff:challenge_selection_publish": _only(Role.STAFF, STAFF_POSTS),
}


def world():
    found = selected_call()
    selection = approval.submit_selection(found.call, by=found.staff)
    slug = {"slug": found.call.slug}
    return {
        "approvals:challenges_detail": reverse("approvals:challenges_detail", kwargs={"selection": selection.pk}),
        "approvals:challenges_decide": reverse("approvals:challenges_decide", kwargs={"selection": selection.pk}),
        "staff:challenge_selection": reverse("staff:challenge_selection", kwargs=slug),
        "staff:challenge_selection_submit": reverse("staff:challenge_selection_submit", kwargs=slug),
        "staff:challenge_selection_publish": reverse("staff:challenge_selection_publish", kwargs=slug),
    }
