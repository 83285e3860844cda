"""Events of the programme world's calendar (tests/factories/programme.py), saved by its staff."""

import datetime

from eig.programme.events import save_event
from eig.programme.models import Event

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def make_event(world, *, starts_in=7 * DAY, hours=3, **values):
    """An event of the world's promotion starting `starts_in` after the world's now (negative: past)."""
    starts_at = world.now + starts_in
    fields = {
        "kind": Event.Kind.COLLECTIVE,
        "title": "Session collective",
        "starts_at": starts_at,
        "ends_at": starts_at + hours * HOUR,
        "place": "Ségur, salle 1",
        "audiences": [Event.Audience.FELLOWS],
    }
    return save_event(world.promotion, by=world.staff, **(fields | values))
