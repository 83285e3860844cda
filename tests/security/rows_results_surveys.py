"""Permission-matrix rows of results and memory: surveys (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world(): a named
mid-term survey of its promotion, answered by Ada (a fellow of Alpha, no matrix user), whose
dossier and receipt the kit's « survey_ » pages show.

The matrix users each hold one role, belong to no team and are asked no survey:
- « Mes questionnaires » belongs to whoever a survey asks and to the people of the programme:
  fellows and mentors by their role (200, saying nothing is addressed to them), 404 to the others;
- starting a survey answers 404 to whoever it does not ask, before the method's check (POST only);
- a person's answers (the kit's pages) are theirs only: 404 to every signed-in role, staff included
  (staff read the aggregated results); the survey's submit is POST only before anything else (405);
- the programme team's pages (the list with its create form, a survey's results) answer 200 to
  staff and 404 to everyone else, anonymous included.
Anonymous visitors are otherwise sent to sign in (302). Every unsafe method fails the CSRF check
first (403), which says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import Dossier
from eig.results.models import Survey
from tests.factories.programme import programme_world
from tests.factories.surveys import answer, survey_of

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value
IN_PROGRAMME = {Role.FELLOW.value, Role.MENTOR.value}

SIGNED_IN_ONLY = {role: SIGN_IN if role == "anonymous" else HIDDEN for role in ROLES}
KIT_PAGES = ["survey_dossier", "survey_step", "survey_receipt", "survey_receipt_pdf"]

ROWS = {
    "programme:surveys": {
        role: SIGN_IN if role == "anonymous" else READS if role in IN_PROGRAMME else HIDDEN for role in ROLES
    },
    "programme:survey_start": SIGNED_IN_ONLY,
    **{f"programme:{name}": SIGNED_IN_ONLY for name in KIT_PAGES},
    "programme:survey_submit": dict.fromkeys(ROLES, POST_ONLY),
    **{
        name: {role: READS if role == STAFF else HIDDEN for role in ROLES}
        for name in ["staff:results_surveys", "staff:results_survey"]
    },
}


def world():
    programme = programme_world()
    survey = survey_of(programme, anonymous=False, audiences=[Survey.Audience.FELLOWS])
    ada = programme.user("ada")
    answer(survey, ada)
    number = Dossier.objects.get(call=survey.call, owner=ada).number
    promotion = {"promotion": programme.promotion.slug}
    return {
        "programme:surveys": reverse("programme:surveys"),
        "programme:survey_start": reverse("programme:survey_start", kwargs={"survey": survey.pk}),
        "programme:survey_dossier": reverse("programme:survey_dossier", args=[number]),
        "programme:survey_step": reverse("programme:survey_step", args=[number, "programme"]),
        "programme:survey_submit": reverse("programme:survey_submit", args=[number]),
        "programme:survey_receipt": reverse("programme:survey_receipt", args=[number, 1]),
        "programme:survey_receipt_pdf": reverse("programme:survey_receipt_pdf", args=[number, 1]),
        "staff:results_surveys": reverse("staff:results_surveys", kwargs=promotion),
        "staff:results_survey": reverse("staff:results_survey", kwargs={**promotion, "survey": survey.pk}),
    }
