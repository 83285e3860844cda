"""A person's private calendar of the programme (RFC 5545, `icalendar`, as eig/juries/ics.py).

The feed lists the events the person registered to and, for a fellow, the compulsory events of
their promotion (registered or not: they are expected there). Calendar applications cannot sign
in: the token of the feed's address (`CalendarFeed`, 32 random bytes) is the credential, so the
person can renew it (`renew_feed`): the old address then answers 404.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from eig.core.activity import log_activity

from .events import audiences_of
from .models import CalendarFeed, Event, new_token


def feed_of(user) -> CalendarFeed:
    """The person's calendar feed, made the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_feed(user) -> CalendarFeed:
    """A new private address: whoever held the old one reads nothing more."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            feed = CalendarFeed.objects.create(user=user)
        else:
            feed.token = new_token()
            feed.save(update_fields=["token"])
        log_activity("calendar.renewed", feed, actor=user)
    return feed


def _uid(pk) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0]
    return f"event-{hashlib.sha256(f'programme-event:{pk}'.encode()).hexdigest()[:16]}@{host}"


def _component(event: Event) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", _uid(event.pk))
    component.add("dtstamp", event.updated_at)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    if event.place:
        component.add("location", event.place)
    elif event.link:
        component.add("location", event.link)
    if event.link:
        component.add("url", event.link)
    description = "\n\n".join(part for part in [event.description, event.link] if part)
    if description:
        component.add("description", description)
    return component


def events_in_feed(user) -> list[Event]:
    """The events the person registered to, and the compulsory events of the promotions they are a
    fellow of (one query after the person's audiences)."""
    fellow_of = [pk for pk, parts in audiences_of(user).by_promotion.items() if Event.Audience.FELLOWS in parts]
    return list(
        Event.objects.filter(Q(registrations__user=user) | Q(promotion_id__in=fellow_of, compulsory=True))
        .distinct()
        .order_by("starts_at", "id")
    )


def person_calendar(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Entrepreneurs d'intérêt général//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Entrepreneurs d'intérêt général — mon programme")
    for event in events_in_feed(user):
        calendar.add_component(_component(event))
    return calendar.to_ical()
