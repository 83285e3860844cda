"""Permission-matrix rows of the approvers' URLs (/validation/) and of a laureate's offer
(/espace/offres/), see test_permission_matrix.py.

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on the selection world
of tests/factories/selection.py: a run approved by the world's approver (none of the matrix's
users) and its offers sent; the offer is Ada's, a person outside the matrix.

Approvers: the matrix user holding the approver role has no two-factor authentication, so the
list and a run's page send them to set it up first (302; with it, they read both:
tests/web/test_approvals.py); so does the decision's URL, which takes POST only (GET and HEAD
answer 405 to an approver with two-factor authentication). Everyone else, staff included, gets 404 on GET and HEAD: the area does not tell it
exists (a draft answers 404 to the approvers too, tests/web/test_approvals.py).

The offer: nobody of the matrix owns it, so it does not exist for any signed-in role, staff
included (404); an anonymous visitor is sent to the sign-in form first (302), as on every
page of the candidate space (the offer email leads there). The answer and the consent take
POST only (405 to a GET, before anything else, anonymous included).

Every unsafe method without its CSRF token fails the CSRF check first (403), which says
nothing of the objects; with a token, the actions act (tests/web/test_approvals.py,
tests/web/test_candidate_offers.py).
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.selection import services
from tests.factories.selection import approved_run, offer_deadline, selection_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
TWO_FACTOR_FIRST = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
SIGN_IN_FIRST = {"get": 302, "head": 302, **WRITES_NEED_CSRF}


def _approvers(allowed):
    return {role: allowed if role == Role.APPROVER.value else HIDDEN for role in ROLES}


def _owner_only():
    return {role: SIGN_IN_FIRST if role == "anonymous" else HIDDEN for role in ROLES}


ROWS = {
    "approvals:list": _approvers(TWO_FACTOR_FIRST),
    "approvals:detail": _approvers(TWO_FACTOR_FIRST),
    "approvals:decide": _approvers(TWO_FACTOR_FIRST),
    "candidates:offer": _owner_only(),
    "candidates:offer_decline": _owner_only(),
    "candidates:offer_respond": dict.fromkeys(ROLES, POST_ONLY),
    "candidates:offer_consent": dict.fromkeys(ROLES, POST_ONLY),
}


def world():
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = {"offer": promo.offer(run, "ada").pk}
    return {
        "approvals:list": reverse("approvals:list"),
        "approvals:detail": reverse("approvals:detail", kwargs={"run": run.pk}),
        "approvals:decide": reverse("approvals:decide", kwargs={"run": run.pk}),
        "candidates:offer": reverse("candidates:offer", kwargs=offer),
        "candidates:offer_decline": reverse("candidates:offer_decline", kwargs=offer),
        "candidates:offer_respond": reverse("candidates:offer_respond", kwargs=offer),
        "candidates:offer_consent": reverse("candidates:offer_consent", kwargs=offer),
    }
