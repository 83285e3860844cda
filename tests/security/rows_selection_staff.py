"""Permission-matrix rows of the programme team's selection URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on the promotion of
tests/factories/selection.py with its approved run and the offers sent (none of these people
is a matrix user).

The programme team (is_staff) reads the overview, a run, the comparison, the offers, and the
confirmation pages of the submission, the deletion and the publication (which also take the
POST that acts); the other URLs take POST only (GET and HEAD: 405). Every unsafe method without
its CSRF token fails the CSRF check first (403; with a token, the actions act,
tests/web/test_staff_selection.py). Everyone else, approvers and candidates included, gets 404
on GET and HEAD: the staff area does not tell it exists; their unsafe methods fail the CSRF
check too (403).
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.selection import services
from tests.factories.selection import approved_run, offer_deadline, selection_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = [
    "staff:selection_overview",
    "staff:selection_compare",
    "staff:selection_detail",
    "staff:selection_freeze",
    "staff:selection_delete",
    "staff:selection_offers",
    "staff:selection_publish",
]
ACTIONS = [
    "staff:selection_run",
    "staff:selection_pin",
    "staff:selection_exclude",
    "staff:selection_remove",
    "staff:selection_weights",
    "staff:selection_rerun",
    "staff:selection_send_offers",
    "staff:selection_withdraw",
    "staff:selection_replacement",
    "staff:selection_confirm_replacement",
]
PER_RUN = {
    "staff:selection_detail",
    "staff:selection_freeze",
    "staff:selection_delete",
    "staff:selection_pin",
    "staff:selection_exclude",
    "staff:selection_remove",
    "staff:selection_weights",
    "staff:selection_rerun",
}
PER_OFFER = {"staff:selection_withdraw", "staff:selection_replacement", "staff:selection_confirm_replacement"}


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "gus")
    urls = {}
    for name in PAGES + ACTIONS:
        kwargs = {"slug": promo.call.slug}
        if name in PER_RUN:
            kwargs["run"] = run.pk
        if name in PER_OFFER:
            kwargs["offer"] = offer.pk
        urls[name] = reverse(name, kwargs=kwargs)
    return urls
