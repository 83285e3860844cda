"""Permission-matrix rows of the jurors' URLs (/jury/, see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a challenge
jury with one panel hearing one dossier, a juror who signed the charter (none of the
matrix's users) and a juror invited but not signed yet.

The matrix users hold the jury-member role (or any other) but no seat: the schedule,
the availabilities, an audition, the notes, the collective and general grids and the
calendar download do not exist for them (404 on GET and HEAD, whatever their role,
staff included: staff read the juries from /equipe/). Every unsafe method without its
CSRF token fails the CSRF check first (403), which says nothing of the objects. A
seated juror's answers are in tests/web/test_juries.py.

The charter link carries its own credential (the token of the invitation email):
anyone signed in sees it and may accept it (200); an anonymous visitor is sent to the
sign-in form (302). An unknown token answers 404 (tests/web/test_juries.py).

The calendar feed is fetched by calendar applications, which cannot sign in: the
token of its URL (the juror's calendar_token, 24 random bytes, sent only to the
juror) is the credential, so everyone holding the URL reads it, anonymous included
(200); an unknown token answers 404 (tests/web/test_juries.py).
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories.juries import add_juror, jury_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

ROWS = {
    name: dict.fromkeys(ROLES, HIDDEN)
    for name in [
        "juries:schedule",
        "juries:availability",
        "juries:audition",
        "juries:note",
        "juries:collective",
        "juries:general_grid",
        "juries:calendar",
    ]
} | {
    "juries:charter": {
        role: {"get": 302, "head": 302, **WRITES_NEED_CSRF}
        if role == "anonymous"
        else {"get": 200, "head": 200, **WRITES_NEED_CSRF}
        for role in ROLES
    },
    "juries:feed": dict.fromkeys(ROLES, {"get": 200, "head": 200, **WRITES_NEED_CSRF}),
}


def world():
    world = jury_world(jurors=1, auditions=1)
    juror, panel, audition = world.jurors[0], world.panels[0], world.auditions[0]
    pending = add_juror(world.jury, signed=False)
    by_audition = {"audition": audition.pk}
    return {
        "juries:schedule": reverse("juries:schedule"),
        "juries:charter": reverse("juries:charter", kwargs={"token": pending.token}),
        "juries:availability": reverse("juries:availability", kwargs={"juror": juror.pk}),
        "juries:audition": reverse("juries:audition", kwargs=by_audition),
        "juries:note": reverse("juries:note", kwargs=by_audition),
        "juries:collective": reverse("juries:collective", kwargs=by_audition),
        "juries:general_grid": reverse("juries:general_grid", kwargs={"panel": panel.pk}),
        "juries:calendar": reverse("juries:calendar"),
        "juries:feed": reverse("juries:feed", kwargs={"token": juror.calendar_token}),
    }
