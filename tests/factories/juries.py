"""Jury worlds for tests: a jury with half-days, rooms, jurors, panels and auditions.

Written with the ORM only (no engine, no service): the engines and the services
have their own tests, and a page's test wants a world it can read at a glance.

    world = jury_world()                     # challenge jury: 6 signed jurors, 1 panel, 3 auditions
    world = jury_world("candidates", jurors=4, auditions=10, panels=2)
    juror = world.jurors[0]                  # a Juror with a user, charter signed, TOTP set up
    client.force_login(juror.user)
    world.panels[0].timekeeper               # the first member of each panel (timekeeper=False: none)
    world.auditions[0].starts_at             # scheduled back to back from the panel's half-day

The times are plausible (a break of `jury.break_minutes` between two auditions)
but nothing checks them against the timetable rules: a test that needs exact
times sets them itself.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call, Dossier
from eig.challenges.models import Position
from eig.juries.models import (
    CANDIDATE_FORMAT,
    CHALLENGE_FORMAT,
    Audition,
    HalfDay,
    Juror,
    Jury,
    Panel,
    PanelMember,
    Room,
)
from eig.proposals.defaults import install_challenge_form
from eig.reviews.defaults import CANDIDATE_JURY, CHALLENGE_JURY, install_grid
from eig.reviews.models import Grid
from tests.factories import PromotionFactory, UserFactory
from tests.factories.reviews import closed_call, submitted_dossier, with_totp

PARIS = ZoneInfo("Europe/Paris")
CHARTER = (
    "Je garde confidentiels les dossiers, les échanges et les délibérations du jury ; "
    "je déclare tout lien avec une personne auditionnée ; je ne conserve aucune copie des dossiers."
)
# (hour, minute) of the start and the end of the morning and the afternoon.
HALF_DAYS = [((9, 0), (12, 30)), ((14, 0), (17, 30))]
TYPES = list(Juror.Type.values)
GENDERS = [Juror.Gender.FEMALE, Juror.Gender.MALE]

_counter = itertools.count(1)


@dataclass
class JuryWorld:
    call: Call
    jury: Jury
    grid: Grid
    half_days: list[HalfDay]
    rooms: list[Room]
    jurors: list[Juror]  # in creation order; juror i sits on panel i % len(panels)
    panels: list[Panel]
    auditions: list[Audition]  # in creation order; audition i is heard by panel i % len(panels)
    dossiers: list[Dossier] = field(default_factory=list)

    def members(self, panel: Panel) -> list[Juror]:
        seated = set(PanelMember.objects.filter(panel=panel).values_list("juror_id", flat=True))
        return [j for j in self.jurors if j.pk in seated]

    def auditions_of(self, panel: Panel) -> list[Audition]:
        return [a for a in self.auditions if a.panel_id == panel.pk]


def tomorrow() -> datetime.date:
    return timezone.localdate(timezone.now(), PARIS) + datetime.timedelta(days=1)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A Paris wall-clock time on that day, timezone-aware."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def jury_call(kind: str = "challenges") -> Call:
    """A closed call of the jury's kind: a call for challenges, or a call for applications."""
    n = next(_counter)
    if kind == Jury.Kind.CANDIDATES:
        return closed_call(slug=f"appel-jury-{n}", dossier_prefix=f"JC{n}", title=f"Appel à candidatures {n}")
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title=f"Appel à défis {n}",
        slug=f"appel-defis-jury-{n}",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=1),
        dossier_prefix=f"JD{n}",
    )
    install_challenge_form(call)
    return call


def add_juror(
    jury: Jury,
    user=None,
    *,
    panel: Panel | None = None,
    signed: bool = True,
    totp: bool = True,
    type: str = Juror.Type.ADMINISTRATION,
    gender: str = Juror.Gender.FEMALE,
) -> Juror:
    """A juror of the jury. signed: the person accepted the charter with their account (and
    holds the jury-member role, as accepting does); unsigned: invited only, no account yet."""
    n = next(_counter)
    user = user or UserFactory(email=f"jure{n}@jury.example")
    if signed and not user.has_role(Role.JURY_MEMBER):
        user.roles = [*(user.roles or []), Role.JURY_MEMBER.value]
        user.save(update_fields=["roles"])
    if signed and totp:
        with_totp(user)
    juror = Juror.objects.create(
        jury=jury,
        email=user.email,
        name=user.get_full_name() or user.email,
        user=user if signed else None,
        charter_accepted_at=timezone.now() if signed else None,
        organisation=f"Organisation {n}",
        type=type,
        gender=gender,
    )
    if panel is not None:
        PanelMember.objects.create(panel=panel, juror=juror)
    return juror


def add_audition(jury: Jury, panel: Panel | None, dossier: Dossier, starts_at=None) -> Audition:
    """The dossier heard by the panel, at starts_at for the jury's format length (unscheduled: None)."""
    ends_at = starts_at + datetime.timedelta(minutes=jury.format_minutes) if starts_at else None
    return Audition.objects.create(
        jury=jury,
        dossier=dossier,
        panel=panel,
        starts_at=starts_at,
        ends_at=ends_at,
        auditionee=f"Auditionné·e {dossier.number}",
        auditionee_emails=[dossier.owner.email],
    )


def jury_world(
    kind: str = "challenges",
    *,
    jurors: int = 6,
    auditions: int = 3,
    panels: int = 1,
    rooms: int = 2,
    scheduled: bool = True,
    signed: bool = True,
    totp: bool = True,
    timekeeper: bool = True,
    day: datetime.date | None = None,
) -> JuryWorld:
    """A jury of `kind` ("challenges" or "candidates") on a closed call, with:

    - two half-days on `day` (tomorrow by default, Paris time) and `rooms` rooms;
    - `panels` panels, panel i in room i % rooms on half-day i // rooms;
    - `jurors` jurors dealt round-robin to the panels (types and genders alternate),
      signed and with TOTP unless told otherwise; each panel's first member is its
      time-keeper (timekeeper=False: none);
    - `auditions` submitted dossiers dealt round-robin to the panels, scheduled back
      to back from the half-day's start with the jury's break between two (scheduled=False:
      no times). Candidates wish the call's first position first (one ranking list).
    """
    kind = Jury.Kind(kind)
    day = day or tomorrow()
    call = jury_call(kind)
    challenges = kind == Jury.Kind.CHALLENGES
    grid = install_grid(call, CHALLENGE_JURY if challenges else CANDIDATE_JURY)
    jury = Jury.objects.create(
        call=call,
        kind=kind,
        title=f"{kind.label} {call.slug}",
        grid=grid,
        audition_format=CHALLENGE_FORMAT if challenges else CANDIDATE_FORMAT,
        charter=CHARTER,
        waiting_room="Présentez-vous à l'accueil dix minutes avant l'heure.",
    )
    half_days = [
        HalfDay.objects.create(jury=jury, starts_at=at(day, *start), ends_at=at(day, *end)) for start, end in HALF_DAYS
    ]
    room_list = [
        Room.objects.create(jury=jury, name=f"Salle {chr(65 + i)}", location=f"{i + 1} rue de la Paix, Paris")
        for i in range(rooms)
    ]
    panel_list = [
        Panel.objects.create(
            jury=jury,
            index=i + 1,
            half_day=half_days[(i // rooms) % len(half_days)],
            room=room_list[i % rooms],
        )
        for i in range(panels)
    ]
    juror_list = []
    for i in range(jurors):
        panel = panel_list[i % panels] if panel_list else None
        juror = add_juror(
            jury, panel=panel, signed=signed, totp=totp, type=TYPES[i % len(TYPES)], gender=GENDERS[i % 2]
        )
        juror.available.add(panel.half_day if panel else half_days[0])
        juror_list.append(juror)
        if timekeeper and panel is not None and panel.timekeeper_id is None:
            panel.timekeeper = juror
            panel.save(update_fields=["timekeeper"])
    first_position = None
    if not challenges:
        first_position = Position.objects.filter(challenge__promotion=call.promotion).order_by("order").first()
    dossiers, audition_list = [], []
    next_start = {p.pk: p.half_day.starts_at for p in panel_list}
    for i in range(auditions):
        panel = panel_list[i % panels] if panel_list else None
        n = next(_counter)
        dossier = submitted_dossier(
            call, first="Personne", last=f"Auditionnée {n}", wishes=[first_position] if first_position else ()
        )
        starts_at = next_start[panel.pk] if (scheduled and panel is not None) else None
        audition = add_audition(jury, panel, dossier, starts_at)
        if starts_at is not None:
            next_start[panel.pk] = audition.ends_at + datetime.timedelta(minutes=jury.break_minutes)
        dossiers.append(dossier)
        audition_list.append(audition)
    return JuryWorld(
        call=call,
        jury=jury,
        grid=grid,
        half_days=half_days,
        rooms=room_list,
        jurors=juror_list,
        panels=panel_list,
        auditions=audition_list,
        dossiers=dossiers,
    )
