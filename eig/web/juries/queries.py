"""Reads of the jurors' pages: the schedule seat by seat, an audition's segments, the general grid's lists.

The schedule keeps a flat query count whatever the number of auditions
(tests/web/test_juries.py): seats, availabilities, panels, members, auditions and
conflicts are six reads.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from icalendar import Calendar

from eig.applications.models import Wish
from eig.juries import ics
from eig.juries.models import Audition, HalfDay, Juror, JurorConflict, Jury, Panel, PanelMember
from eig.juries.permissions import signed_seats


@dataclass
class AuditionRow:
    audition: Audition
    conflicted: bool  # the person does not sit for it: no link, the page answers 404


@dataclass
class PanelSchedule:
    panel: Panel
    members: list[Juror]
    rows: list[AuditionRow]
    is_timekeeper: bool
    fills_grids: bool  # the time-keeper, or every member when none is set


@dataclass
class SeatSchedule:
    juror: Juror
    available: list[HalfDay]
    panels: list[PanelSchedule] = field(default_factory=list)
    feed_url: str = ""  # absolute, set by the view (it knows the host)


def fills_grids(panel: Panel, juror: Juror) -> bool:
    """The time-keeper fills the collective and general grids; any member when none is set."""
    return panel.timekeeper_id is None or panel.timekeeper_id == juror.pk


def schedule_of(user) -> list[SeatSchedule]:
    """The person's signed seats, each with its panels, their members and auditions in order."""
    seats = list(
        signed_seats(user)
        .select_related("jury__call__promotion")  # the public jury page of the seat's promotion
        .prefetch_related(Prefetch("available", queryset=HalfDay.objects.order_by("starts_at")))
        .order_by("-jury__created_at", "pk")
    )
    if not seats:
        return []
    panels = (
        Panel.objects.filter(members__juror__in=seats)
        .select_related("half_day", "room", "timekeeper")
        .prefetch_related(
            Prefetch("members", queryset=PanelMember.objects.select_related("juror").order_by("juror__name")),
            Prefetch("auditions", queryset=Audition.objects.select_related("dossier").order_by("starts_at", "pk")),
        )
        .order_by("half_day__starts_at", "index")
    )
    conflicts = set(JurorConflict.objects.filter(juror__in=seats).values_list("juror_id", "dossier_id"))
    schedules = {seat.jury_id: SeatSchedule(juror=seat, available=list(seat.available.all())) for seat in seats}
    for panel in panels:
        schedule = schedules[panel.jury_id]  # one seat per person and jury (accept_charter)
        seat = schedule.juror
        schedule.panels.append(
            PanelSchedule(
                panel=panel,
                members=[m.juror for m in panel.members.all()],
                rows=[AuditionRow(a, (seat.pk, a.dossier_id) in conflicts) for a in panel.auditions.all()],
                is_timekeeper=panel.timekeeper_id == seat.pk,
                fills_grids=fills_grids(panel, seat),
            )
        )
    return list(schedules.values())


def seat_in(user, panel: Panel) -> Juror | None:
    """The person's signed seat on this panel, if they sit on it."""
    return signed_seats(user).filter(jury_id=panel.jury_id, memberships__panel=panel).first()


@dataclass(frozen=True)
class Segment:
    label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    with_auditionee: bool


def segments_of(audition: Audition) -> list[Segment]:
    """The audition's format laid out from its start (reading, presentation, questions, deliberation…)."""
    if audition.starts_at is None:
        return []
    segments, at = [], audition.starts_at
    for step in audition.jury.audition_format:
        ends = at + datetime.timedelta(minutes=int(step["minutes"]))
        segments.append(Segment(step["label"], at, ends, bool(step["with_auditionee"])))
        at = ends
    return segments


def last_end(auditions) -> datetime.datetime | None:
    """When the panel's last audition ends (None while one of them has no time)."""
    ends = [a.ends_at for a in auditions]
    if not ends or any(e is None for e in ends):
        return None
    return max(ends)


@dataclass
class RankingList:
    """One list the panel ranks: all its dossiers for a challenge jury; for a candidate
    jury, one challenge and profile (Règlement AAC EIG 4 art. 6: the jury ranks per challenge
    and per profile). A candidate is on the list of their first wish and on the list of each
    other wish whose challenge the panel hears (the challenge of another of its candidates'
    first wish): the selection weighs every wish, so each one needs a rank."""

    scope: str  # Verdict.scope: "" or "<challenge pk>:<profile pk>"
    label: str
    challenge: object = None
    profile: object = None
    auditions: list[Audition] = field(default_factory=list)
    # The auditions on this list by a later wish (not their first): their form fields are
    # suffixed with the scope, the first wish's keep the audition's plain key.
    later_wish: set[int] = field(default_factory=set)

    def key(self, audition) -> str:
        """The form key of an audition's row on this list, unique across the panel's lists."""
        if audition.pk in self.later_wish:
            return f"{audition.pk}-{self.scope.replace(':', '-')}"
        return str(audition.pk)


def ranking_lists(panel: Panel, auditions: list[Audition]) -> list[RankingList]:
    if panel.jury.kind == Jury.Kind.CHALLENGES:
        return [RankingList(scope="", label="", auditions=list(auditions))]
    wishes: dict[int, list] = {}
    for wish in (
        Wish.objects.filter(dossier_id__in=[a.dossier_id for a in auditions])
        .select_related("position__challenge", "position__profile")
        .order_by("dossier_id", "rank")
    ):
        wishes.setdefault(wish.dossier_id, []).append(wish.position)
    heard = {positions[0].challenge_id for positions in wishes.values() if positions}
    lists: dict[str, RankingList] = {}
    for audition in auditions:
        positions = wishes.get(audition.dossier_id, [])
        if not positions:
            lists.setdefault("", RankingList(scope="", label=_("Sans vœu"))).auditions.append(audition)
            continue
        for n, position in enumerate(positions):
            if n and position.challenge_id not in heard:
                continue
            key = f"{position.challenge_id}:{position.profile_id}"
            ranking = lists.setdefault(
                key,
                RankingList(
                    scope=key,
                    label=f"{position.challenge.title} — {position.profile.label}",
                    challenge=position.challenge,
                    profile=position.profile,
                ),
            )
            if audition in ranking.auditions:
                continue  # two wishes for the same challenge and profile: one row
            ranking.auditions.append(audition)
            if n:
                ranking.later_wish.add(audition.pk)
    return sorted(lists.values(), key=lambda r: (r.scope == "", r.label))


def calendar_of(seats) -> bytes:
    """The person's calendar: every audition of their panels (one seat: the convocation's ICS)."""
    seats = list(seats)
    if len(seats) == 1:
        return ics.juror_calendar(seats[0])
    merged = Calendar.from_ical(ics.juror_calendar(seats[0]))
    for seat in seats[1:]:
        for event in Calendar.from_ical(ics.juror_calendar(seat)).walk("VEVENT"):
            merged.add_component(event)
    return merged.to_ical()
