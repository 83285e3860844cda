"""Permission-matrix rows of the ten months' team pages (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world() (teams
Alpha and Bêta; its people hold roles but none of them is a matrix user).

The matrix users each hold one role and belong to no team, so every team page answers 404 to
every signed-in role but staff, who reach every team (eig.programme.access: the « staff » part):
a page for a team's members shows 200 to staff, a form's target (POST only) answers 405 to
staff's GET and HEAD — after the membership check, so a non-member learns nothing from it.
« Mon programme » belongs to fellows and mentors by their role (200, with a word on why it is
empty) and to agents of a hosting administration (the matrix agent hosts nothing: 404); staff
have the promotion's overview instead (404). Anonymous visitors are sent to sign in (302),
except on the staff pages, which answer 404 to anyone outside the programme team. Every unsafe
method fails the CSRF check first (403), which says nothing of the objects.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from eig.accounts.models import Role
from eig.challenges.models import Challenge
from eig.programme import team
from eig.programme.models import Mentor
from eig.promotions.models import Promotion
from tests.factories.programme import programme_world

User = get_user_model()
WORLD_SLUG = "eig-programme"  # programme_world()'s promotion

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _team_row(staff):
    return {role: SIGN_IN if role == "anonymous" else staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "programme:home": {
        role: SIGN_IN if role == "anonymous" else READS if role in {Role.FELLOW.value, Role.MENTOR.value} else HIDDEN
        for role in ROLES
    },
    **{
        name: _team_row(READS)
        for name in [
            "programme:team",
            "programme:team_objective_add",
            "programme:team_objective_edit",
            "programme:team_objective_delete",
            "programme:team_resource_remove",
        ]
    },
    **{
        name: _team_row(POST_ONLY)
        for name in ["programme:team_measure_add", "programme:team_link_add", "programme:team_document_add"]
    },
    **{
        name: {role: READS if role == STAFF else HIDDEN for role in ROLES}
        for name in ["staff:programme_overview", "staff:programme_mentor_add", "staff:programme_mentor_remove"]
    },
    "staff:programme_install_forms": {role: POST_ONLY if role == STAFF else HIDDEN for role in ROLES},
}


def _programme():
    """(promotion, Alpha, Ada, Olga's mentorship) of programme_world(), built once: the other
    programme rows modules build the same world when every module's world is asked for."""
    promotion = Promotion.objects.filter(slug=WORLD_SLUG).first()
    if promotion is None:
        programme = programme_world()
        return programme.promotion, programme.alpha, programme.user("ada"), programme.mentors["olga"]
    alpha = Challenge.objects.get(promotion=promotion, slug="alpha")
    return (
        promotion,
        alpha,
        User.objects.get(email="ada@programme.example"),
        Mentor.objects.get(challenge=alpha, user__email="olga@programme.example"),
    )


def world():
    promotion, alpha, ada, olga = _programme()
    objective = team.save_objective(alpha, title="Délais", indicator="Jours", target=10, by=None)
    link = team.add_link(alpha, title="Dépôt", url="https://code.example/alpha", by=ada)
    by_team = {"challenge": alpha.pk}
    by_objective = {**by_team, "objective": objective.pk}
    return {
        "programme:team": reverse("programme:team", kwargs=by_team),
        "programme:team_objective_add": reverse("programme:team_objective_add", kwargs=by_team),
        "programme:team_objective_edit": reverse("programme:team_objective_edit", kwargs=by_objective),
        "programme:team_objective_delete": reverse("programme:team_objective_delete", kwargs=by_objective),
        "programme:team_measure_add": reverse("programme:team_measure_add", kwargs=by_objective),
        "programme:team_link_add": reverse("programme:team_link_add", kwargs=by_team),
        "programme:team_document_add": reverse("programme:team_document_add", kwargs=by_team),
        "programme:team_resource_remove": reverse(
            "programme:team_resource_remove", kwargs={**by_team, "resource": link.pk}
        ),
        "staff:programme_overview": reverse("staff:programme_overview", kwargs={"promotion": promotion.slug}),
        "staff:programme_install_forms": reverse("staff:programme_install_forms", kwargs={"promotion": promotion.slug}),
        "staff:programme_mentor_add": reverse("staff:programme_mentor_add", kwargs=by_team),
        "staff:programme_mentor_remove": reverse(
            "staff:programme_mentor_remove", kwargs={**by_team, "mentor": olga.pk}
        ),
    }
