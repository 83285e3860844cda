"""Permission-matrix rows of « Écrire à un groupe » and of the request for complement on a dossier
(issue 18, « Writing to people »; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a call with one
submitted dossier (owned by nobody in the matrix) and one draft message to its holders.

The programme team (is_staff) reads the list, the new message's form, a message's preview and its
edit form; sending and asking for a complement take POST only (GET and HEAD: 405). Every unsafe
method without its CSRF token fails the CSRF check first (403; with a token the actions act,
tests/web/test_staff_messages.py and test_complement_pages.py). Everyone else, anonymous
included, gets 404 on GET and HEAD: the staff area does not tell it exists.
"""

import datetime

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import Call, Dossier
from eig.notifications.models import Broadcast
from tests.factories import PromotionFactory, UserFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = ["staff:message_list", "staff:message_new", "staff:message_detail", "staff:message_edit"]
ACTIONS = ["staff:message_send", "staff:dossier_complement"]


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    opens = datetime.datetime(2024, 3, 4, 9, 0, tzinfo=datetime.UTC)
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        title="Appel des messages de la matrice",
        slug="appel-messages-matrice",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        dossier_prefix="MSG",
    )
    dossier = Dossier.objects.create(
        call=call,
        owner=UserFactory(email="message-holder@matrix.example"),
        number="MSG-000001",
        status=Dossier.Status.SUBMITTED,
        submitted_at=opens + datetime.timedelta(days=1),
        version=1,
    )
    broadcast = Broadcast.objects.create(
        audience="call_holders", parameters={"call": call.slug}, subject="Un message", body="Bonjour."
    )
    one = {"broadcast": broadcast.pk}
    return {
        "staff:message_detail": reverse("staff:message_detail", kwargs=one),
        "staff:message_edit": reverse("staff:message_edit", kwargs=one),
        "staff:message_send": reverse("staff:message_send", kwargs=one),
        "staff:dossier_complement": reverse(
            "staff:dossier_complement", kwargs={"slug": call.slug, "number": dossier.number}
        ),
    }
