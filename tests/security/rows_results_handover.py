"""Permission-matrix rows of results and memory: the handover plan (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world(): Alpha's
plan started by Ada past mid-promotion, filled and submitted (version 1); none of its people is a
matrix user.

The matrix users each hold one role and belong to no team, so every team page answers 404 to every
signed-in role but staff, who reach every team (eig.programme.access, with their second factor):
the plan's page and the kit's pages of its dossier (read-only for them) answer 200 to staff; the
start (POST only) answers 405 to staff's GET and HEAD — after the membership check. The host's
confirmation page exists for the team's host agents only: 404 to staff too. The kit's submit is
POST only: its GET answers 405 before anything else, even to an anonymous visitor. Anonymous
visitors are otherwise sent to sign in (302). The programme team's pages (the promotion's plans, a
team's plan and its outcome) answer 200 to staff and 404 to everyone else, anonymous included.
Every unsafe method fails the CSRF check first (403), which says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.results import handover as services
from tests.factories.handover import after_mid, fill
from tests.factories.programme import programme_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value

KIT_PAGES = ["dossier", "step", "receipt", "receipt_pdf"]


def _team_row(staff):
    return {role: SIGN_IN if role == "anonymous" else staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "programme:handover": _team_row(READS),
    "programme:handover_start": _team_row(POST_ONLY),
    "programme:handover_confirm": _team_row(HIDDEN),
    **{f"programme:handover_{page}": _team_row(READS) for page in KIT_PAGES},
    "programme:handover_submit": dict.fromkeys(ROLES, POST_ONLY),
    **{
        name: {role: READS if role == STAFF else HIDDEN for role in ROLES}
        for name in ["staff:results_handovers", "staff:results_handover"]
    },
}


def world():
    programme = programme_world()  # the world every programme rows module shares
    now = after_mid(programme)
    ada = programme.user("ada")
    services.install_handover_form(programme.promotion)
    handover = services.start_plan(programme.alpha, by=ada, now=now)
    fill(handover.dossier, by=ada, now=now)
    version = services.submit_plan(handover, by=ada, now=now)
    number = handover.dossier.number
    by_team = {"challenge": programme.alpha.pk}
    promotion = {"promotion": programme.promotion.slug}
    return {
        "programme:handover": reverse("programme:handover", kwargs=by_team),
        "programme:handover_start": reverse("programme:handover_start", kwargs=by_team),
        "programme:handover_confirm": reverse("programme:handover_confirm", kwargs=by_team),
        "programme:handover_dossier": reverse("programme:handover_dossier", args=[number]),
        "programme:handover_step": reverse("programme:handover_step", args=[number, "reprise"]),
        "programme:handover_submit": reverse("programme:handover_submit", args=[number]),
        "programme:handover_receipt": reverse("programme:handover_receipt", args=[number, version.number]),
        "programme:handover_receipt_pdf": reverse("programme:handover_receipt_pdf", args=[number, version.number]),
        "staff:results_handovers": reverse("staff:results_handovers", kwargs=promotion),
        "staff:results_handover": reverse(
            "staff:results_handover", kwargs={**promotion, "challenge": programme.alpha.pk}
        ),
    }
