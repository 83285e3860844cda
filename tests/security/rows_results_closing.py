"""Permission-matrix rows of results and memory: closing (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a promotion of its own
(not programme_world()'s, which other modules' worlds keep open) with a public demo day, closed.

The programme team's pages (« Clôture et résultats », the demo day's programme) answer 200 to staff
only and 404 to everyone else, anonymous included (the staff area does not say it exists); the
photo takes POST only (staff: 405 on GET and HEAD). The public results page of a closed, published
promotion is read by everyone (200; 404 before the closing: tests/web/test_results_page.py), and so
are its annual report and the report's PDF (tests/web/test_annual_report_pages.py). Every
unsafe method without its CSRF token fails the CSRF check first (403), which says nothing of the
objects.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.programme.models import Event
from eig.results.closing import close_promotion
from tests.factories import ChallengeFactory, PromotionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _staff(staff):
    return {role: staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "staff:results_close": _staff(READS),
    "staff:programme_event_agenda": _staff(READS),
    "staff:results_photo": _staff(POST_ONLY),
    "public:promotion_results": dict.fromkeys(ROLES, READS),
    # Its annual report and the report's PDF (issue 17): the same condition, everyone reads them.
    "public:promotion_report": dict.fromkeys(ROLES, READS),
    "public:promotion_report_pdf": dict.fromkeys(ROLES, READS),
}


def world():
    promotion = PromotionFactory(slug="eig-cloture")
    ChallengeFactory(promotion=promotion, title="Défi clos")
    starts_at = timezone.now() - datetime.timedelta(days=3)
    event = Event.objects.create(
        promotion=promotion,
        kind=Event.Kind.DEMO_DAY,
        title="Demo day",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        place="Paris",
        audiences=[Event.Audience.FELLOWS],
        is_public=True,
    )
    close_promotion(promotion, by=None)
    by_promotion = {"promotion": promotion.slug}
    return {
        "staff:results_close": reverse("staff:results_close", kwargs=by_promotion),
        "staff:results_photo": reverse("staff:results_photo", kwargs=by_promotion),
        "staff:programme_event_agenda": reverse(
            "staff:programme_event_agenda", kwargs={**by_promotion, "event": event.pk}
        ),
        "public:promotion_results": reverse("public:promotion_results", kwargs={"slug": promotion.slug}),
        "public:promotion_report": reverse("public:promotion_report", kwargs={"slug": promotion.slug}),
        "public:promotion_report_pdf": reverse("public:promotion_report_pdf", kwargs={"slug": promotion.slug}),
    }
