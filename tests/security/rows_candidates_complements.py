"""Permission-matrix rows of a request for complement as its holder answers it (issue 18,
« Writing to people »; see test_permission_matrix.py).

The request's dossier belongs to a person outside the matrix: to every signed-in role, the
programme team included, the page does not exist (404); an anonymous visitor is sent to the
sign-in form (302). Every unsafe method without its CSRF token is refused (403; with one, the
holder answers: tests/web/test_complement_pages.py).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.calls.models import ComplementRequest
from tests.factories import UserFactory
from tests.factories.reviews import closed_call, submitted_dossier
from tests.security.dossier_rows import ANOTHERS_DOSSIER

ROWS = {"candidates:complement": ANOTHERS_DOSSIER}


def world():
    call = closed_call(slug="appel-matrice-complements", dossier_prefix="COMP")
    dossier = submitted_dossier(call, owner=UserFactory(email="complement-holder@matrix.example"))
    request = ComplementRequest.objects.create(
        dossier=dossier, kind="answer", message="Une question ?", due_at=timezone.now() + datetime.timedelta(days=7)
    )
    return {
        "candidates:complement": reverse(
            "candidates:complement", kwargs={"number": dossier.number, "complement": request.pk}
        )
    }
