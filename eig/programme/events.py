"""The promotion's calendar and who attends it: one service per change, each logged.

An event is for some of its promotion's people, its `audiences` (Event.Audience), read in the
event's promotion:

- « fellows »: the promotion's fellows still in their team (FELLOW « in_team »);
- « mentors »: the mentors of the promotion's teams;
- « hosts »: the confirmed agents of the administrations of the promotion's teams (a challenge
  with fellows, as eig/programme/access.py reads a team);
- « alumni »: the fellows of an earlier promotion (an earlier year) who finished their programme.

Only these people register (`register`: refused in French to anyone else, refused once the event
is over, the capacity held under concurrency, a double click gives one registration), unregister
before it starts, and check themselves in on the day when the event allows it (`check_in`); the
programme team takes attendance on a list (`take_attendance`). A compulsory event is compulsory
for the fellows: `missed_compulsory` says, per fellow, which past ones they missed (absent, or
never registered); an excused absence is not missed.

Each person reads their events in a private calendar feed (event_calendar.py) and gets a
reminder the day before (`remind_events`, the `remind_events` command).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.notifications.services import queue_notification
from eig.promotions.models import Promotion
from eig.proposals.models import Agent

from .models import Event, Fellow, Mentor, Registration
from .states import FELLOW

Audience = Event.Audience
Attendance = Registration.Attendance

# The fields staff set on an event (the form and `save_event` share them).
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "link",
    "audiences",
    "capacity",
    "compulsory",
    "is_public",
    "self_check_in",
)


# --- Who an event is for ----------------------------------------------------------------------


@dataclass
class PersonAudiences:
    """A person's audiences in every promotion (three queries, whatever the number of events)."""

    by_promotion: dict[int, set[str]] = field(default_factory=dict)
    # The earliest year of a programme the person finished: alumni of every later promotion.
    alumni_after: int | None = None

    def of(self, promotion: Promotion) -> frozenset[str]:
        audiences = set(self.by_promotion.get(promotion.pk, ()))
        if self.alumni_after is not None and promotion.year > self.alumni_after:
            audiences.add(Audience.ALUMNI)
        return frozenset(audiences)

    def is_for(self, event: Event) -> bool:
        return bool(self.of(event.promotion) & set(event.audiences))

    @property
    def is_empty(self) -> bool:
        return not self.by_promotion and self.alumni_after is None

    def promotions_filter(self) -> Q:
        """The events of every promotion the person has an audience in (none: an empty filter)."""
        condition = Q(promotion_id__in=list(self.by_promotion))
        if self.alumni_after is not None:
            condition |= Q(promotion__year__gt=self.alumni_after)
        return condition


def audiences_of(user) -> PersonAudiences:
    person = PersonAudiences()
    if not (user and user.is_authenticated):
        return person

    def add(promotion_id, audience):
        person.by_promotion.setdefault(promotion_id, set()).add(audience)

    for promotion_id, status, year in Fellow.objects.filter(user=user).values_list(
        "promotion_id", "status", "promotion__year"
    ):
        if FELLOW.is_in(status, "in_team"):
            add(promotion_id, Audience.FELLOWS)
        elif status == Fellow.Status.FINISHED and (person.alumni_after is None or year < person.alumni_after):
            person.alumni_after = year
    for promotion_id in Mentor.objects.filter(user=user).values_list("challenge__promotion_id", flat=True):
        add(promotion_id, Audience.MENTORS)
    hosted = Agent.objects.filter(user=user, confirmed=True).values("administration_id")
    for promotion_id in (
        Challenge.objects.filter(administration__in=hosted, fellows__isnull=False)
        .values_list("promotion_id", flat=True)
        .distinct()
    ):
        add(promotion_id, Audience.HOSTS)
    return person


def is_past(event: Event, now) -> bool:
    return event.ends_at <= now


def is_on_the_day(event: Event, now) -> bool:
    """Whether `now` falls on a day of the event (Paris time): the day attendees check in."""
    today = timezone.localdate(now)
    return timezone.localdate(event.starts_at) <= today <= timezone.localdate(event.ends_at)


def audience_labels(event: Event) -> list[str]:
    labels = dict(Audience.choices)
    return [str(labels[a]) for a in Audience.values if a in set(event.audiences)]


def places_left(event: Event, taken: int) -> int | None:
    """Places still free (None: no cap)."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - taken)


# --- Reading -----------------------------------------------------------------------------------


def with_counts(queryset: QuerySet) -> QuerySet:
    """Events with `taken` (registrations) and `present` (attended) counted in the same query."""
    return queryset.annotate(
        taken=Count("registrations", distinct=True),
        present=Count("registrations", filter=Q(registrations__attendance=Attendance.PRESENT), distinct=True),
    )


@dataclass
class AgendaItem:
    event: Event
    registration: Registration | None
    places_left: int | None
    # Whether the person is of the event's audiences (else: registered before they left it).
    is_for_person: bool

    @property
    def is_registered(self) -> bool:
        return self.registration is not None


def agenda_of(user, person: PersonAudiences | None = None) -> list[AgendaItem]:
    """The events of the person's promotions meant for them, and those they registered to, with
    their registration (two queries after the person's audiences)."""
    person = person if person is not None else audiences_of(user)
    registrations = {r.event_id: r for r in Registration.objects.filter(user=user)}
    if person.is_empty and not registrations:
        return []
    events = with_counts(
        Event.objects.filter(person.promotions_filter() | Q(pk__in=list(registrations))).select_related("promotion")
    )
    items = []
    for event in events.order_by("starts_at", "id"):
        registration, is_for_person = registrations.get(event.pk), person.is_for(event)
        if is_for_person or registration is not None:
            items.append(AgendaItem(event, registration, places_left(event, event.taken), is_for_person))
    return items


def promotion_events(promotion: Promotion) -> QuerySet:
    """The staff calendar of a promotion: every event with its counts."""
    return with_counts(promotion.events.all()).order_by("starts_at", "id")


def public_events(promotion: Promotion) -> QuerySet:
    """What the public promotion page announces: the promotion's events marked public."""
    return promotion.events.filter(is_public=True).order_by("starts_at", "id")


def compulsory_to_register(user, *, today: datetime.date) -> list[Event]:
    """Compulsory events to come of the person's promotions (as a fellow) they have not registered to."""
    person = audiences_of(user)
    promotions = [pk for pk, audiences in person.by_promotion.items() if Audience.FELLOWS in audiences]
    if not promotions:
        return []
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return list(
        Event.objects.filter(promotion_id__in=promotions, compulsory=True, starts_at__gte=start_of_today)
        .exclude(registrations__user=user)
        .order_by("starts_at", "id")
    )


# --- Staff: the calendar -------------------------------------------------------------------------


def _check_event(values: dict, *, taken: int) -> None:
    if values["ends_at"] <= values["starts_at"]:
        raise DomainError(_("La fin de l'événement doit venir après son début."))
    audiences = values["audiences"]
    if not audiences:
        raise DomainError(_("Choisissez au moins un public pour l'événement."))
    if set(audiences) - set(Audience.values):
        raise DomainError(_("Public inconnu."))
    if values["compulsory"] and Audience.FELLOWS not in audiences:
        raise DomainError(_("Un événement obligatoire pour les entrepreneur·es doit leur être ouvert."))
    if not (values["place"] or values["link"]):
        raise DomainError(_("Indiquez un lieu ou un lien de connexion."))
    capacity = values["capacity"]
    if capacity is not None and capacity < taken:
        raise DomainError(
            _("%(count)s personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur.")
            % {"count": taken}
        )


def save_event(promotion: Promotion, *, by, event: Event | None = None, **values) -> Event:
    """Create an event of the promotion's calendar (event=None) or change one; logged."""
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    defaults = {name: Event._meta.get_field(name).get_default() for name in EVENT_FIELDS}
    with transaction.atomic():
        if event is not None:
            event = Event.objects.select_for_update().get(pk=event.pk, promotion=promotion)
            current = {name: getattr(event, name) for name in EVENT_FIELDS}
            taken = event.registrations.count()
        else:
            current, taken = defaults, 0
        merged = current | values
        merged["audiences"] = [a for a in Audience.values if a in set(merged["audiences"] or [])]
        merged["place"] = (merged["place"] or "").strip()
        merged["link"] = (merged["link"] or "").strip()
        _check_event(merged, taken=taken)
        created = event is None
        if created:
            event = Event(promotion=promotion)
        for name, value in merged.items():
            setattr(event, name, value)
        event.save()
        log_activity(
            "event.saved",
            event,
            actor=by,
            created=created,
            title=event.title,
            starts_at=event.starts_at.isoformat(),
            changed=sorted(name for name in EVENT_FIELDS if current[name] != merged[name]) if not created else [],
        )
    return event


# --- Registering ---------------------------------------------------------------------------------


def register(event: Event, user, *, now=None) -> Registration:
    """The person registers (once: a second call returns the first registration)."""
    now = now or timezone.now()
    if not audiences_of(user).is_for(event):
        raise DomainError(_("Cet événement n'est pas ouvert à votre participation."))
    with transaction.atomic():
        # The event's row is the lock every registration takes: the count below is then exact.
        event = Event.objects.select_for_update().select_related("promotion").get(pk=event.pk)
        existing = Registration.objects.filter(event=event, user=user).first()
        if existing is not None:
            return existing
        if is_past(event, now):
            raise DomainError(_("Cet événement est terminé : les inscriptions sont closes."))
        if event.capacity is not None and event.registrations.count() >= event.capacity:
            raise DomainError(_("Il n'y a plus de place pour cet événement."))
        try:
            with transaction.atomic():
                registration = Registration.objects.create(event=event, user=user)
        except IntegrityError:  # the same person, in a request that did not wait for the lock
            return Registration.objects.get(event=event, user=user)
        log_activity("event.registered", registration, actor=user, event=event.pk, title=event.title)
    return registration


def unregister(event: Event, user, *, now=None) -> bool:
    """The person cancels their registration before the event starts (False: they had none)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is None:
            return False
        if event.starts_at <= now:
            raise DomainError(_("L'événement a commencé : l'inscription ne peut plus être annulée."))
        log_activity("event.unregistered", registration, actor=user, event=event.pk, title=event.title)
        registration.delete()
    return True


# --- Attendance ---------------------------------------------------------------------------------


def take_attendance(event: Event, marks: dict, *, by, now=None) -> int:
    """Staff mark who attended: {registration pk: present, absent or excused}; returns how many changed."""
    now = now or timezone.now()
    if not (by and by.is_authenticated and by.is_staff):
        raise DomainError(_("Seule l'équipe du programme relève les présences."))
    if event.starts_at > now:
        raise DomainError(_("La présence se relève à partir du début de l'événement."))
    allowed = {Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED}
    wanted = {int(pk): value for pk, value in marks.items()}
    if set(wanted.values()) - allowed:
        raise DomainError(_("Indiquez présent·e, absent·e ou excusé·e."))
    changed = 0
    with transaction.atomic():
        registrations = {r.pk: r for r in Registration.objects.select_for_update().filter(event=event)}
        if set(wanted) - set(registrations):
            raise DomainError(_("Cette personne n'est pas inscrite à cet événement."))
        for pk, value in wanted.items():
            registration = registrations[pk]
            if registration.attendance == value:
                continue
            before = registration.attendance
            registration.attendance = value
            registration.marked_by = by
            registration.save(update_fields=["attendance", "marked_by"])
            log_activity("event.attendance", registration, actor=by, event=event.pk, attendance=value, before=before)
            changed += 1
    return changed


def check_in(event: Event, user, *, now=None) -> Registration:
    """The attendee marks themselves present, on the day, when the event allows it."""
    now = now or timezone.now()
    if not event.self_check_in:
        raise DomainError(_("L'émargement de cet événement est fait par l'équipe du programme."))
    if not is_on_the_day(event, now):
        raise DomainError(_("L'émargement n'est ouvert que le jour de l'événement."))
    with transaction.atomic():
        registration = Registration.objects.select_for_update().filter(event=event, user=user).first()
        if registration is None:
            raise DomainError(_("Vous n'êtes pas inscrit·e à cet événement."))
        if registration.attendance != Attendance.PRESENT:
            before = registration.attendance
            registration.attendance = Attendance.PRESENT
            registration.marked_by = user
            registration.save(update_fields=["attendance", "marked_by"])
            log_activity(
                "event.attendance",
                registration,
                actor=user,
                event=event.pk,
                attendance=Attendance.PRESENT,
                before=before,
                self_check_in=True,
            )
    return registration


# --- Compulsory events ----------------------------------------------------------------------------

NOT_REGISTERED = "not_registered"


@dataclass
class CompulsoryRow:
    fellow: Fellow
    # One cell per compulsory event, in the events' order: an Attendance value or NOT_REGISTERED.
    cells: list[str]
    missed: list[Event]


def _missed(event: Event, cell: str, now) -> bool:
    return is_past(event, now) and cell in (Attendance.ABSENT, NOT_REGISTERED)


def compulsory_table(promotion: Promotion, *, now=None) -> tuple[list[Event], list[CompulsoryRow]]:
    """The promotion's compulsory events and, for each fellow in a team, their attendance of each
    and the past ones they missed (absent or never registered). Three queries."""
    now = now or timezone.now()
    events = list(promotion.events.filter(compulsory=True).order_by("starts_at", "id"))
    fellows = list(
        Fellow.objects.filter(promotion=promotion, status__in=FELLOW.group("in_team")).select_related("challenge")
    )
    marks = {
        (event_id, user_id): attendance
        for event_id, user_id, attendance in Registration.objects.filter(
            event__in=[e.pk for e in events], user__in=[f.user_id for f in fellows]
        ).values_list("event_id", "user_id", "attendance")
    }
    rows = []
    for fellow in fellows:
        cells = [marks.get((event.pk, fellow.user_id), NOT_REGISTERED) for event in events]
        missed = [event for event, cell in zip(events, cells, strict=True) if _missed(event, cell, now)]
        rows.append(CompulsoryRow(fellow, cells, missed))
    return events, rows


def missed_compulsory(promotion: Promotion, *, now=None) -> dict[Fellow, list[Event]]:
    """For each fellow in a team, the compulsory past events they missed (absent or not registered)."""
    _events, rows = compulsory_table(promotion, now=now)
    return {row.fellow: row.missed for row in rows}


# --- Reminders ------------------------------------------------------------------------------------


def _site_url(name, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _reminder_context(registration: Registration) -> dict:
    event, user = registration.event, registration.user
    return {
        "name": user.get_full_name() or user.email,
        "title": event.title,
        "starts_at": formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT"),
        "ends_at": formats.date_format(timezone.localtime(event.ends_at), "DATETIME_FORMAT"),
        "place": event.place,
        "link": event.link,
        "compulsory": event.compulsory,
        "url": _site_url("programme:agenda"),
    }


def remind_events(*, now=None) -> int:
    """The day before: each registration to an event starting between now and the end of tomorrow
    (Paris time) gets its reminder, once (reminded_at, and the outbox key)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    until = timezone.make_aware(datetime.datetime.combine(tomorrow + datetime.timedelta(days=1), datetime.time.min))
    due = Registration.objects.filter(
        reminded_at__isnull=True, event__starts_at__gt=now, event__starts_at__lt=until
    ).select_related("event", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            # Taken once: a second run (or a second worker) finds it reminded.
            if not Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            queue_notification(
                "event_reminder",
                to=registration.user.email,
                context=_reminder_context(registration),
                key=f"event-reminder:{registration.pk}",
            )
            log_activity("event.reminded", registration, event=registration.event_id)
            sent += 1
    return sent
