"""Permission-matrix rows of the programme team's evaluation URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a closed call
for applications with one submitted dossier (owned by nobody in the matrix), its jury
grid and one invited reviewer (nobody in the matrix either).

The programme team (is_staff) reads the overview, a grid, its ranking and the
confirmation page of a reviewer's removal (which also takes the POST that removes);
the other URLs take POST only (GET and HEAD: 405). Every unsafe method without its
CSRF token fails the CSRF check first (403; with a token, the actions act,
tests/web/test_staff_evaluation.py). Everyone else, evaluators included, gets 404 on
GET and HEAD: the staff area does not tell it exists; their unsafe methods fail the
CSRF check too (403), which runs before the view and says nothing of the objects.
"""

import datetime

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.defaults import install_application_form
from eig.calls.models import Call, Dossier
from eig.reviews.defaults import CANDIDATE_JURY, install_grid
from eig.reviews.models import Reviewer
from tests.factories import PromotionFactory, UserFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = ["staff:evaluation_overview", "staff:evaluation_grid", "staff:evaluation_ranking", "staff:evaluation_drop"]
ACTIONS = [
    "staff:evaluation_install",
    "staff:evaluation_invite",
    "staff:evaluation_assign",
    "staff:evaluation_pair_rule",
    "staff:evaluation_conflict",
    "staff:evaluation_decisions",
    "staff:dossier_remark",
]


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    opens = datetime.datetime(2024, 5, 6, 9, 0, tzinfo=datetime.UTC)
    closes = opens + datetime.timedelta(days=30)
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        title="Appel évalué de la matrice",
        slug="appel-evaluation-matrice",
        opens_at=opens,
        closes_at=closes,
        dossier_prefix="MATE",
    )
    install_application_form(call)
    dossier = Dossier.objects.create(
        call=call,
        owner=UserFactory(email="evaluated-owner@matrix.example"),
        number="MATE-000001",
        status=Dossier.Status.SUBMITTED,
        submitted_at=closes - datetime.timedelta(days=1),
    )
    grid = install_grid(call, CANDIDATE_JURY, opens_at=closes, k=2)
    reviewer = Reviewer.objects.create(grid=grid, email="invited-reviewer@matrix.example")
    slug = {"slug": call.slug}
    on_grid = {**slug, "grid": grid.pk}
    return {
        "staff:evaluation_overview": reverse("staff:evaluation_overview", kwargs=slug),
        "staff:evaluation_install": reverse("staff:evaluation_install", kwargs=slug),
        "staff:evaluation_drop": reverse("staff:evaluation_drop", kwargs={**on_grid, "reviewer": reviewer.pk}),
        "staff:dossier_remark": reverse("staff:dossier_remark", kwargs={**slug, "number": dossier.number}),
        **{
            name: reverse(name, kwargs=on_grid)
            for name in [
                "staff:evaluation_grid",
                "staff:evaluation_ranking",
                "staff:evaluation_invite",
                "staff:evaluation_assign",
                "staff:evaluation_pair_rule",
                "staff:evaluation_conflict",
                "staff:evaluation_decisions",
            ]
        },
    }
