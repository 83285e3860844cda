"""Permission-matrix rows of the calls' setup pages (issue 18, points 1 and 6; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on a two-stage call of its own.

« Nouvel appel », « Dupliquer », « Calendrier » and « Ouvrir les vœux » are the programme team's: staff
read them (200); everyone else, anonymous included, gets 404 on GET and HEAD (the staff area does not tell
it exists). Every unsafe method fails the CSRF check first (403), which says nothing of the objects; with a
valid token a POST is one service call (tests/web/test_staff_calls.py).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call
from tests.factories import PromotionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

NAMES = ["staff:call_create", "staff:call_duplicate", "staff:call_calendar", "staff:call_wishes"]

ROWS = {name: {role: STAFF_READS if role == Role.STAFF.value else HIDDEN for role in ROLES} for name in NAMES}


def world():
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        title="Appel en deux temps de la matrice",
        slug="appel-matrice-deux-temps",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        dossier_prefix="MAT2",
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,
    )
    slug = {"slug": call.slug}
    return {name: reverse(name, kwargs=slug) for name in NAMES if name != "staff:call_create"}
