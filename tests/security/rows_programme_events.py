"""Permission-matrix rows of the ten months' events pages (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a promotion with one
team (a fellow, none of the matrix's users) and one event of its calendar for its fellows.

The agenda (programme:agenda) is each person's own page: every signed-in role reads it (200;
the matrix users belong to no promotion, so it lists no event and offers no calendar address);
so is the confirmation page of « renouveler l'adresse » (programme:feed_renew, whose POST renews
the person's own address). An anonymous visitor is sent to the sign-in form (302).

Registering, unregistering and checking in take POST only: GET and HEAD answer 405 to a signed-in
person, 302 to the sign-in form to an anonymous one. With a valid CSRF token, the matrix users are
not of the event's audience and get 404 (tests/web/test_programme_events.py); the event's own
fellows act (same file).

The calendar feed (programme:feed) is fetched by calendar applications, which cannot sign in: the
token of its address (the person's CalendarFeed token, 32 random bytes, shown only on their
agenda) is the credential, so whoever holds the address reads it, anonymous included (200); that
is the row stated here, with the fellow's real token. An unknown or renewed token answers 404
to everyone (tests/web/test_programme_events.py: test_an_unknown_token_answers_404,
test_a_renewed_address_makes_the_old_one_answer_404).

The programme team's pages (calendar, an event, the compulsory table) answer 200 to staff only and
404 to everyone else; taking attendance takes POST only (staff: 405 on GET). Every unsafe method
without its CSRF token fails the CSRF check first (403), which says nothing of the objects.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.programme.event_calendar import feed_of
from eig.programme.models import Event, Fellow
from tests.factories import ChallengeFactory, PromotionFactory, UserFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}


def _signed_in(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


def _staff(staff):
    return {role: {**staff, **WRITES_NEED_CSRF} if role == Role.STAFF.value else HIDDEN for role in ROLES}


REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
POST_ONLY = {"get": 405, "head": 405}

OWN_PAGES = ["programme:agenda", "programme:feed_renew"]
OWN_ACTIONS = ["programme:event_register", "programme:event_unregister", "programme:event_check_in"]
STAFF_PAGES = ["staff:programme_events", "staff:programme_event", "staff:programme_compulsory"]
STAFF_ACTIONS = ["staff:programme_event_attendance"]

ROWS = (
    {name: _signed_in(REDIRECT, SHOWN) for name in OWN_PAGES}
    | {name: _signed_in(REDIRECT, POST_ONLY) for name in OWN_ACTIONS}
    | {"programme:feed": dict.fromkeys(ROLES, {**SHOWN, **WRITES_NEED_CSRF})}
    | {name: _staff(SHOWN) for name in STAFF_PAGES}
    | {name: _staff(POST_ONLY) for name in STAFF_ACTIONS}
)


def world():
    promotion = PromotionFactory()
    challenge = ChallengeFactory(promotion=promotion)
    fellow = Fellow.objects.create(
        promotion=promotion,
        challenge=challenge,
        user=UserFactory(email="fellow@events.example"),
        name="Ada Lovelace",
        status=Fellow.Status.ACTIVE,
    )
    starts_at = timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        promotion=promotion,
        kind=Event.Kind.COLLECTIVE,
        title="Session collective",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="Paris",
        audiences=[Event.Audience.FELLOWS],
        self_check_in=True,
    )
    by_promotion = {"promotion": promotion.slug}
    by_event = {"event": event.pk}
    return (
        {name: reverse(name) for name in OWN_PAGES}
        | {name: reverse(name, kwargs=by_event) for name in OWN_ACTIONS}
        | {"programme:feed": reverse("programme:feed", kwargs={"token": feed_of(fellow.user).token})}
        | {
            "staff:programme_events": reverse("staff:programme_events", kwargs=by_promotion),
            "staff:programme_compulsory": reverse("staff:programme_compulsory", kwargs=by_promotion),
            "staff:programme_event": reverse("staff:programme_event", kwargs=by_promotion | by_event),
            "staff:programme_event_attendance": reverse(
                "staff:programme_event_attendance", kwargs=by_promotion | by_event
            ),
        }
    )
