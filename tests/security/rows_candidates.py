"""Permission-matrix rows of the candidate's dossier URLs (see test_permission_matrix.py).

The dossier of the matrix world belongs to a person outside the matrix: to every
signed-in role it does not exist (404), an anonymous visitor is sent to the sign-in
form (302). Every unsafe method without its CSRF token is refused (403); submit is
POST only (405 to a GET, before anything else). Starting a dossier on an open call
is offered to anyone signed in.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import DossierVersion
from tests.factories import UserFactory
from tests.factories.calls import application_call

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
NOT_FOUND = {"get": 404, "head": 404}
POST_ONLY = {"get": 405, "head": 405}


def _rows(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


ANOTHERS_DOSSIER = _rows(REDIRECT, NOT_FOUND)
ROWS = {
    "candidates:apply": _rows(REDIRECT, SHOWN),
    "candidates:dossier": ANOTHERS_DOSSIER,
    "candidates:resume": ANOTHERS_DOSSIER,
    "candidates:step": ANOTHERS_DOSSIER,
    "candidates:wishes": ANOTHERS_DOSSIER,
    "candidates:withdraw": ANOTHERS_DOSSIER,
    "candidates:receipt": ANOTHERS_DOSSIER,
    "candidates:receipt_pdf": ANOTHERS_DOSSIER,
    "candidates:submit": _rows(POST_ONLY, POST_ONLY),
}


def world():
    from eig.calls.services import start_dossier

    call = application_call(slug="appel-matrice-candidats", dossier_prefix="CAND")
    dossier = start_dossier(call, owner=UserFactory(email="someone-else@matrix.example"))
    DossierVersion.objects.create(dossier=dossier, number=1, submitted_at=call.opens_at, content={}, digest="0" * 64)
    number = dossier.number
    return {
        "candidates:apply": reverse("candidates:apply", args=[call.slug]),
        "candidates:dossier": reverse("candidates:dossier", args=[number]),
        "candidates:resume": reverse("candidates:resume", args=[number]),
        "candidates:step": reverse("candidates:step", args=[number, "identite"]),
        "candidates:wishes": reverse("candidates:wishes", args=[number]),
        "candidates:withdraw": reverse("candidates:withdraw", args=[number]),
        "candidates:receipt": reverse("candidates:receipt", args=[number, 1]),
        "candidates:receipt_pdf": reverse("candidates:receipt_pdf", args=[number, 1]),
        "candidates:submit": reverse("candidates:submit", args=[number]),
    }
