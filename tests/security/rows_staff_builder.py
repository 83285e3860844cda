"""Permission-matrix rows of the form builder: staff_builder (issue 18; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

The programme team reads every page of a call's form (the builder, the preview, the forms of a step
or a question, the confirmation before a deletion); a move is a form's target (POST only: 405 to the
team's GET and HEAD). Everyone else, anonymous included, gets 404; every unsafe method fails the
CSRF check first (403). The world's call opens in a month: its structural pages are still offered.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call, Question, Step
from tests.factories import PromotionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = [
    "staff:builder",
    "staff:builder_preview",
    "staff:builder_step_add",
    "staff:builder_step_edit",
    "staff:builder_step_delete",
    "staff:builder_question_add",
    "staff:builder_question_edit",
    "staff:builder_question_delete",
]
MOVES = ["staff:builder_step_move", "staff:builder_question_move"]

ROWS = {
    **{name: {role: STAFF_READS if role == Role.STAFF.value else HIDDEN for role in ROLES} for name in PAGES},
    **{name: {role: POST_ONLY if role == Role.STAFF.value else HIDDEN for role in ROLES} for name in MOVES},
}


def world():
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(slug="eig-matrice-formulaire"),
        kind=Call.Kind.APPLICATIONS,
        title_fr="Appel de la matrice",
        slug="matrice-formulaire",
        opens_at=now + datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=60),
        dossier_prefix="MAT",
    )
    step = Step.objects.create(call=call, order=1, slug="identite", title_fr="Identité")
    question = Question.objects.create(step=step, order=1, key="nom", kind="short_text", label_fr="Nom")
    slug = {"slug": call.slug}
    urls = {name: reverse(name, kwargs=slug) for name in ["staff:builder", "staff:builder_preview"]}
    urls["staff:builder_step_add"] = reverse("staff:builder_step_add", kwargs=slug)
    for name in ["staff:builder_step_edit", "staff:builder_step_delete", "staff:builder_step_move"]:
        urls[name] = reverse(name, kwargs={**slug, "step": step.pk})
    urls["staff:builder_question_add"] = reverse("staff:builder_question_add", kwargs={**slug, "step": step.pk})
    for name in ["staff:builder_question_edit", "staff:builder_question_delete", "staff:builder_question_move"]:
        urls[name] = reverse(name, kwargs={**slug, "question": question.pk})
    return urls
