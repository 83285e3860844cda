"""Calendars of the juries (RFC 5545, `icalendar`): a convocation, a juror's feed."""

import hashlib

from django.conf import settings
from icalendar import Calendar, Event

from .models import Audition


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Entrepreneurs d'intérêt général//Jurys//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _uid(kind: str, pk) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0]
    return f"{kind}-{hashlib.sha256(f'{kind}:{pk}'.encode()).hexdigest()[:16]}@{host}"


def _event(audition, *, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", _uid("audition", audition.pk))
    event.add("dtstart", audition.starts_at)
    event.add("dtend", audition.ends_at)
    event.add("summary", summary)
    room = audition.panel.room if audition.panel_id else None
    if room is not None:
        event.add("location", f"{room.name} — {room.location}" if room.location else room.name)
    event.add("description", description)
    return event


def audition_calendar(audition) -> bytes:
    """The auditionee's convocation: their audition only, with the waiting-room instructions."""
    calendar = _calendar(audition.jury.title)
    calendar.add_component(
        _event(
            audition,
            summary=f"Audition — {audition.jury.title}",
            description=audition.jury.waiting_room or "",
        )
    )
    return calendar.to_ical()


def juror_calendar(juror) -> bytes:
    """Every audition of the juror's panels (their convocation and their feed), once they
    signed the charter, without the dossiers they are in conflict with."""
    calendar = _calendar(f"{juror.jury.title} — {juror.name}")
    if juror.charter_accepted_at is None:  # nothing of the dossiers before the charter is signed
        return calendar.to_ical()
    conflicted = juror.conflicts.values("dossier_id")
    auditions = (
        Audition.objects.filter(panel__members__juror=juror, starts_at__isnull=False)
        .exclude(dossier_id__in=conflicted)
        .select_related("panel__room", "jury")
        .order_by("starts_at")
    )
    for audition in auditions:
        calendar.add_component(
            _event(
                audition,
                summary=f"Jury {audition.panel.index} — {audition.auditionee}",
                description=juror.jury.title,
            )
        )
    return calendar.to_ical()
