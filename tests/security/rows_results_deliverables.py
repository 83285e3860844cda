"""Permission-matrix rows of results and memory: deliverables and key figures (issue 16; see
test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world() (teams
Alpha and Bêta; its people hold roles but none of them is a matrix user), with a deliverable Ada
declared for Alpha and a sourced key figure of Alpha.

The matrix users each hold one role and belong to no team, so every team page answers 404 to every
signed-in role but staff, who reach every team: they read the team's deliverables (200), but the
forms to edit and withdraw one are the team's fellows' only (404 to staff too). Anonymous visitors
are sent to sign in (302). The programme team's pages answer 200 to staff only and 404 to everyone
else, anonymous included; removing a key figure takes POST only (staff: 405 on GET and HEAD). Every
unsafe method without its CSRF token fails the CSRF check first (403), which says nothing of the
objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.results import key_figures
from eig.results.models import Deliverable
from tests.factories.deliverables import declare
from tests.factories.programme import programme_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _team_row(staff):
    return {role: SIGN_IN if role == "anonymous" else staff if role == STAFF else HIDDEN for role in ROLES}


def _staff_row(staff):
    return {role: staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "programme:deliverables": _team_row(READS),
    "programme:deliverable_edit": _team_row(HIDDEN),
    "programme:deliverable_withdraw": _team_row(HIDDEN),
    "staff:results_deliverables": _staff_row(READS),
    "staff:results_deliverable": _staff_row(READS),
    "staff:results_figures": _staff_row(READS),
    "staff:results_figure_remove": _staff_row(POST_ONLY),
}


def world():
    programme = programme_world()
    alpha, promotion = programme.alpha, programme.promotion
    deliverable = Deliverable.objects.filter(challenge=alpha).first() or declare(programme, title="Le code (matrice)")
    figure = key_figures.add_figure(
        alpha, amount="3", description_fr="régions pilotes", source="Rapport", by=programme.staff
    )
    by_deliverable = {"challenge": alpha.pk, "deliverable": deliverable.pk}
    by_promotion = {"promotion": promotion.slug}
    return {
        "programme:deliverables": reverse("programme:deliverables", kwargs={"challenge": alpha.pk}),
        "programme:deliverable_edit": reverse("programme:deliverable_edit", kwargs=by_deliverable),
        "programme:deliverable_withdraw": reverse("programme:deliverable_withdraw", kwargs=by_deliverable),
        "staff:results_deliverables": reverse("staff:results_deliverables", kwargs=by_promotion),
        "staff:results_deliverable": reverse(
            "staff:results_deliverable", kwargs={**by_promotion, "deliverable": deliverable.pk}
        ),
        "staff:results_figures": reverse("staff:results_figures", kwargs=by_promotion),
        "staff:results_figure_remove": reverse(
            "staff:results_figure_remove", kwargs={**by_promotion, "figure": figure.pk}
        ),
    }
