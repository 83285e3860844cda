"""Permission-matrix rows of the candidate's dossier URLs (see test_permission_matrix.py).

The dossier of the matrix world belongs to a person outside the matrix: to every
signed-in role it does not exist (404), an anonymous visitor is sent to the sign-in
form (302). Every unsafe method without its CSRF token is refused (403); submit is
POST only (405 to a GET, before anything else). Starting a dossier on an open call
is offered to anyone signed in.
"""

from django.urls import reverse

from eig.calls.services import start_dossier
from tests.factories import UserFactory
from tests.factories.calls import application_call
from tests.security.dossier_rows import (
    ANOTHERS_DOSSIER,
    REDIRECT,
    SHOWN,
    dossier_page_rows,
    dossier_page_urls,
    rows,
)

ROWS = {
    "candidates:apply": rows(REDIRECT, SHOWN),
    "candidates:resume": ANOTHERS_DOSSIER,
    "candidates:wishes": ANOTHERS_DOSSIER,
    "candidates:withdraw": ANOTHERS_DOSSIER,
    **dossier_page_rows("candidates", "dossier"),
}


def world():
    call = application_call(slug="appel-matrice-candidats", dossier_prefix="CAND")
    dossier = start_dossier(call, owner=UserFactory(email="someone-else@matrix.example"))
    number = dossier.number
    return {
        "candidates:apply": reverse("candidates:apply", args=[call.slug]),
        "candidates:resume": reverse("candidates:resume", args=[number]),
        "candidates:wishes": reverse("candidates:wishes", args=[number]),
        "candidates:withdraw": reverse("candidates:withdraw", args=[number]),
        **dossier_page_urls("candidates", "dossier", dossier, "identite"),
    }
