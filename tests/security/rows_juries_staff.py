"""Permission-matrix rows of the programme team's jury URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a jury of a call
for challenges with one half-day pair, one room, one panel of two jurors and one scheduled
audition (none of these people is a matrix user).

The programme team (is_staff) reads the overview, the panels, the timetable, a room's run
sheet, the results, the printable schedule (a PDF), and the confirmation pages of the
convocations and of the publication (which also take the POST that acts); the other URLs
take POST only (GET and HEAD: 405). Every unsafe method without its CSRF token fails the
CSRF check first (403; with a token, the actions act, tests/web/test_staff_juries.py).
Everyone else, jurors included, gets 404 on GET and HEAD: the staff area does not tell it
exists; their unsafe methods fail the CSRF check too (403).
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories.juries import jury_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = [
    "staff:jury_overview",
    "staff:jury_panels",
    "staff:jury_timetable",
    "staff:jury_pdf",
    "staff:jury_convocations",
    "staff:jury_run_sheet",
    "staff:jury_results",
    "staff:jury_publish",
]
ACTIONS = [
    "staff:jury_create",
    "staff:jury_half_day",
    "staff:jury_room",
    "staff:jury_invite",
    "staff:jury_auditions",
    "staff:jury_settings",
    "staff:jury_form_panels",
    "staff:jury_pin",
    "staff:jury_timekeeper",
    "staff:jury_schedule",
    "staff:jury_move",
    "staff:jury_attendance",
    "staff:jury_late",
]


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    jury = jury_world(jurors=2, auditions=1, panels=1, rooms=1, totp=False)
    slug = {"slug": jury.call.slug}
    per_object = {
        "staff:jury_timekeeper": {"panel": jury.panels[0].pk},
        "staff:jury_move": {"audition": jury.auditions[0].pk},
        "staff:jury_attendance": {"audition": jury.auditions[0].pk},
        "staff:jury_run_sheet": {"room": jury.rooms[0].pk},
        "staff:jury_late": {"room": jury.rooms[0].pk},
    }
    return {name: reverse(name, kwargs={**slug, **per_object.get(name, {})}) for name in PAGES + ACTIONS}
