"""The demo day's programme (issue 16, point 5): the teams in turn, the talks, the breaks.

An event's programme is its `AgendaItem` rows (eig/programme/models.py): a time, a title in French
and English (modeltranslation: `title_fr`, `title_en`, the English falling back to the French),
the speakers, and the team presenting, if any.

Only a demo day has a programme (`Event.Kind.DEMO_DAY`): it is the promotion's final event, the
one its results page shows; the other events say what they are in their description. Changing an
event's kind away from « demo day » keeps its rows but no page shows them any more.

Each slot starts within its event (from its start to its end, Paris time); the team presenting
is one of the event's promotion's challenges. Staff replace the whole programme at once
(`save_agenda`, from the rows of the staff page's formset): simpler to reason about than row by
row edits, and a programme has a dozen rows.

Services live here rather than in eig.programme: the demo day belongs to the promotion's end,
which eig.results owns; eig.programme, a lower tier, stays unaware of it.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.programme.models import AgendaItem, Event
from eig.promotions.models import Promotion

MAX_ITEMS = 60


@dataclass(frozen=True)
class Slot:
    """One row of a programme as staff type it."""

    starts_at: object  # an aware datetime
    title_fr: str
    title_en: str = ""
    speakers: str = ""
    challenge: Challenge | None = None


def has_agenda(event: Event | None) -> bool:
    """Whether this event may have a programme (a demo day)."""
    return event is not None and event.kind == Event.Kind.DEMO_DAY


def demo_day(promotion: Promotion, *, public: bool = False) -> Event | None:
    """The promotion's demo day: the public one if there are several (then the last), else the
    last one; `public=True` returns only a public one (what a public page may show). One query."""
    events = Event.objects.filter(promotion=promotion, kind=Event.Kind.DEMO_DAY)
    if public:
        events = events.filter(is_public=True)
    return events.order_by("-is_public", "-starts_at", "-id").first()


def agenda_of(event: Event | None) -> list[AgendaItem]:
    return agendas_of([event]).get(event.pk, []) if event is not None else []


def agendas_of(events) -> dict[int, list[AgendaItem]]:
    """{event id: its programme, in time order} for those of these events that are demo days: one
    query, none when none is (an agenda of sessions and seminars costs nothing more)."""
    ids = [event.pk for event in events if has_agenda(event)]
    if not ids:
        return {}
    found = defaultdict(list)
    for item in AgendaItem.objects.filter(event_id__in=ids).select_related("challenge").order_by("starts_at", "id"):
        found[item.event_id].append(item)
    return dict(found)


def _time(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def _check(event: Event, slots: list[Slot]) -> None:
    if not has_agenda(event):
        raise DomainError(_("Seule une journée de démonstration (demo day) a un programme."))
    if len(slots) > MAX_ITEMS:
        raise DomainError(_("Un programme compte au plus %(count)s créneaux.") % {"count": MAX_ITEMS})
    challenge_ids = {slot.challenge.pk for slot in slots if slot.challenge is not None}
    if challenge_ids:
        ours = set(
            Challenge.objects.filter(pk__in=challenge_ids, promotion_id=event.promotion_id).values_list("pk", flat=True)
        )
        if challenge_ids - ours:
            raise DomainError(_("Une équipe du programme n'appartient pas à la promotion de l'événement."))
    for slot in slots:
        if not (slot.title_fr or "").strip():
            raise DomainError(_("Chaque créneau a un intitulé en français."))
        if timezone.is_naive(slot.starts_at):
            raise ValueError("A slot's start must be an aware datetime.")
        if not (event.starts_at <= slot.starts_at < event.ends_at):
            raise DomainError(
                _(
                    "Le créneau « %(title)s » (%(time)s) est en dehors de l'événement, "
                    "du %(start)s au %(end)s : corrigez son heure."
                )
                % {
                    "title": slot.title_fr.strip(),
                    "time": formats.date_format(timezone.localtime(slot.starts_at), "j F Y H:i"),
                    "start": formats.date_format(timezone.localtime(event.starts_at), "j F Y H:i"),
                    "end": formats.date_format(timezone.localtime(event.ends_at), "j F Y H:i"),
                }
            )


def save_agenda(event: Event, items, *, by) -> list[AgendaItem]:
    """Replace the event's programme with these slots (Slot, or dicts of its fields); logged.
    An empty list removes the programme."""
    slots = [item if isinstance(item, Slot) else Slot(**item) for item in items]
    with transaction.atomic():
        # The event's row is the programme's lock: two staff saving at once give one of the two.
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check(event, slots)
        before = AgendaItem.objects.filter(event=event).count()
        # One by one (a dozen rows): each save and delete bumps the public pages' version.
        for item in AgendaItem.objects.filter(event=event):
            item.delete()
        saved = [
            AgendaItem.objects.create(
                event=event,
                starts_at=slot.starts_at,
                title_fr=slot.title_fr.strip(),
                title_en=(slot.title_en or "").strip(),
                speakers=(slot.speakers or "").strip(),
                challenge=slot.challenge,
            )
            for slot in sorted(slots, key=lambda s: s.starts_at)
        ]
        log_activity(
            "agenda.saved",
            event,
            actor=by,
            title=event.title,
            before=before,
            items=[f"{_time(item.starts_at)} {item.title_fr}" for item in saved],
        )
    return saved
