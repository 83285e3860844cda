"""Permission-matrix rows of the staff URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} for URLs
that need objects (built here, owned by nobody in the matrix unless said).

The programme team (is_staff) reads; every unsafe method fails the CSRF check
first (403; with a valid token the view answers 405, tests/web/test_staff_dossiers.py).
Everyone else, anonymous included, gets 404 on GET and HEAD: the staff area does
not tell it exists. Their unsafe methods fail the CSRF check too (403): it runs
before the view, for any URL that resolves, and says nothing of the objects.
"""

import datetime

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.defaults import install_application_form
from eig.calls.models import Call
from eig.calls.services import start_dossier
from tests.factories import PromotionFactory, UserFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

NAMES = ["staff:call_list", "staff:dossier_list", "staff:dossier_detail", "staff:export_csv", "staff:export_xlsx"]

ROWS = {name: {role: STAFF_READS if role == Role.STAFF.value else HIDDEN for role in ROLES} for name in NAMES}


def world():
    opens = datetime.datetime(2024, 1, 8, 9, 0, tzinfo=datetime.UTC)
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        title="Appel de la matrice",
        slug="appel-matrice",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        dossier_prefix="MAT",
    )
    install_application_form(call)
    dossier = start_dossier(
        call, owner=UserFactory(email="candidate-owner@matrix.example"), now=opens + datetime.timedelta(days=1)
    )
    slug = {"slug": call.slug}
    return {
        "staff:dossier_list": reverse("staff:dossier_list", kwargs=slug),
        "staff:dossier_detail": reverse("staff:dossier_detail", kwargs={**slug, "number": dossier.number}),
        "staff:export_csv": reverse("staff:export_csv", kwargs=slug),
        "staff:export_xlsx": reverse("staff:export_xlsx", kwargs=slug),
    }
