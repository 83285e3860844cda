"""Permission-matrix rows of the ten months' retrospectives, mentoring and signals pages (see
test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world() (teams
Alpha and Bêta; its people hold roles but none of them is a matrix user).

The matrix users each hold one role, write no retrospective and belong to no team:
- « Mes bilans » and starting a week answer 404 to every signed-in role (the fellow role included:
  no fellowship), before the method's check of the start (POST only);
- a retrospective's dossier pages (the kit's, « retrospective_ » names) belong to its author only:
  404 to every signed-in role, staff included (staff read it on the team's page);
- the team's retrospectives and mentoring pages: 404 to every signed-in role but staff, who reach
  every team (200); the note and difficulty forms' targets are POST only for a member (staff get 405
  on GET and HEAD after the membership check);
- the signals pages are the programme team's: 404 to everyone else, anonymous included.
Anonymous visitors are sent to sign in (302) everywhere else. Every unsafe method fails the CSRF
check first (403), which says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import DossierVersion
from eig.programme import mentoring
from eig.programme.weeks import period_of
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import weeks_ago, write

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _signed_in(row):
    return {role: SIGN_IN if role == "anonymous" else row for role in ROLES}


def _team_row(staff):
    return {role: SIGN_IN if role == "anonymous" else staff if role == STAFF else HIDDEN for role in ROLES}


def _staff_row(staff):
    return {role: staff if role == STAFF else HIDDEN for role in ROLES}


DOSSIER_PAGES = ["retrospective_dossier", "retrospective_step", "retrospective_receipt", "retrospective_receipt_pdf"]

ROWS = {
    "programme:retrospectives": _signed_in(HIDDEN),
    "programme:retrospective_start": _signed_in(HIDDEN),
    **{f"programme:{name}": _signed_in(HIDDEN) for name in DOSSIER_PAGES},
    # The kit's submit is POST only before anything else (eig.web.dossiers.pages).
    "programme:retrospective_submit": dict.fromkeys(ROLES, POST_ONLY),
    "programme:team_retrospectives": _team_row(READS),
    "programme:team_notes": _team_row(READS),
    "programme:team_note_add": _team_row(POST_ONLY),
    "programme:team_difficulty": _team_row(POST_ONLY),
    "staff:programme_signals": _staff_row(READS),
    **{
        f"staff:{name}": _staff_row(POST_ONLY)
        for name in [
            "programme_signals_detect",
            "programme_signal_acknowledge",
            "programme_signal_follow_up",
            "programme_signal_close",
        ]
    },
}


def world():
    programme = programme_world()
    retrospective = write(programme, "ada", weeks_ago(programme, 1), help_text="Un accès")
    if not DossierVersion.objects.filter(dossier=retrospective.dossier, number=1).exists():
        raise AssertionError("the retrospective was not submitted")
    signal = mentoring.flag_difficulty(programme.alpha, by=programme.user("olga"), text="Difficulté")
    number = retrospective.dossier.number
    by_team = {"challenge": programme.alpha.pk}
    by_signal = {"promotion": programme.promotion.slug, "signal": signal.pk}
    return {
        "programme:retrospectives": reverse("programme:retrospectives"),
        "programme:retrospective_start": reverse(
            "programme:retrospective_start", kwargs={"period": period_of(weeks_ago(programme, 0))}
        ),
        "programme:retrospective_dossier": reverse("programme:retrospective_dossier", args=[number]),
        "programme:retrospective_step": reverse("programme:retrospective_step", args=[number, "semaine"]),
        "programme:retrospective_submit": reverse("programme:retrospective_submit", args=[number]),
        "programme:retrospective_receipt": reverse("programme:retrospective_receipt", args=[number, 1]),
        "programme:retrospective_receipt_pdf": reverse("programme:retrospective_receipt_pdf", args=[number, 1]),
        "programme:team_retrospectives": reverse("programme:team_retrospectives", kwargs=by_team),
        "programme:team_notes": reverse("programme:team_notes", kwargs=by_team),
        "programme:team_note_add": reverse("programme:team_note_add", kwargs=by_team),
        "programme:team_difficulty": reverse("programme:team_difficulty", kwargs=by_team),
        "staff:programme_signals": reverse("staff:programme_signals", kwargs={"promotion": programme.promotion.slug}),
        "staff:programme_signals_detect": reverse(
            "staff:programme_signals_detect", kwargs={"promotion": programme.promotion.slug}
        ),
        "staff:programme_signal_acknowledge": reverse("staff:programme_signal_acknowledge", kwargs=by_signal),
        "staff:programme_signal_follow_up": reverse("staff:programme_signal_follow_up", kwargs=by_signal),
        "staff:programme_signal_close": reverse("staff:programme_signal_close", kwargs=by_signal),
    }
