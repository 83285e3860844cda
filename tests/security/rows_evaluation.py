"""Permission-matrix rows of the reviewers' URLs (/evaluation/, see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a closed
call for applications with one submitted dossier, a grid open for evaluation, a
seated reviewer (none of the matrix's users) assigned to the dossier, and a
pending invitation.

The matrix users hold the reviewer role (or any other) but no seat in the grid:
the queue, the next-dossier action, the review page and the conflict action do
not exist for them (404 on GET and HEAD, whatever their role, staff included:
staff read the grids from /equipe/). Every unsafe method without its CSRF token
fails the CSRF check first (403), which says nothing of the objects. A seated
reviewer's answers are in tests/web/test_evaluation.py.

The invitation link carries its own credential (the token of the email): anyone
signed in sees it and may accept it (200); an anonymous visitor is sent to the
sign-in form (302). An unknown token answers 404 (tests/web/test_evaluation.py).
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.reviews.models import Assignment, Reviewer
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

ROWS = {
    name: dict.fromkeys(ROLES, HIDDEN)
    for name in ["evaluation:queue", "evaluation:next", "evaluation:review", "evaluation:conflict"]
} | {
    "evaluation:invitation": {
        role: {"get": 302, "head": 302, **WRITES_NEED_CSRF}
        if role == "anonymous"
        else {"get": 200, "head": 200, **WRITES_NEED_CSRF}
        for role in ROLES
    }
}


def world():
    call = closed_call(
        slug="appel-matrice-evaluateurs", dossier_prefix="EVLR", title="Appel de la matrice (évaluation)"
    )
    grid = grid_of(call)
    dossier = submitted_dossier(call, first="Grace", last="Hopper")
    seat = seated_reviewer(grid)
    Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)
    pending = Reviewer.objects.create(grid=grid, email="invitee@evaluation.matrix.example")
    dossier_kwargs = {"grid": grid.pk, "number": dossier.number}
    return {
        "evaluation:queue": reverse("evaluation:queue"),
        "evaluation:invitation": reverse("evaluation:invitation", kwargs={"token": pending.token}),
        "evaluation:next": reverse("evaluation:next", kwargs={"grid": grid.pk}),
        "evaluation:review": reverse("evaluation:review", kwargs=dossier_kwargs),
        "evaluation:conflict": reverse("evaluation:conflict", kwargs=dossier_kwargs),
    }
