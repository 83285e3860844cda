"""The programme's promotions in the demo and their fictional people (programme.py: the running
promotion; finished.py: the finished one).

- `programme_promotion`, `programme_phase`: a published promotion whose only phase is its ten
  months of programme (a call phase would compete with the current promotion's for « the current
  call », eig/promotions/queries.py);
- `fictional_user` (`fictional_email`): an account that never signs in, found again by its address
  on later loads;
- `seat_host_agents`, `seat_mentors`, `record_fellow`: a team's people, written through the
  services as the programme team would have, before the programme started.

Where the data names no one (first name ""), the seat is the demo account the caller gives.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from eig.accounts.models import Role
from eig.core.activity import log_activity
from eig.programme import team
from eig.programme.models import Fellow
from eig.promotions.models import Phase, Promotion
from eig.proposals.services import confirm_agent, join_administration

from .programme_calendar import at, dated
from .programme_data import FICTIONAL_DOMAIN

TEN_MONTHS = datetime.timedelta(days=304)


# --- The promotion -------------------------------------------------------------------------------


def programme_promotion(programme, number: int, *, year: int, description_fr: str, description_en: str) -> Promotion:
    """The published promotion `number` of the programme, created or brought up to date."""
    label = f"{programme.code} {number}"
    promotion, _ = Promotion.objects.update_or_create(
        programme=programme,
        number=number,
        defaults={
            "year": year,
            "slug": slugify(label),
            "title_fr": label,
            "title_en": label,
            "description_fr": description_fr,
            "description_en": description_en,
            "is_published": True,
        },
    )
    return promotion


def programme_phase(promotion: Promotion, start: datetime.date | None) -> None:
    """The promotion's only phase: its programme, ten months from `start` (a Monday). None: its
    story is written and its weeks are dated, the phase stays where it was."""
    if start is not None:
        Phase.objects.update_or_create(
            promotion=promotion,
            kind=Phase.Kind.PROGRAMME,
            defaults={"starts_at": at(start, 9), "ends_at": at(start + TEN_MONTHS, 18)},
        )
    promotion.phases.exclude(kind=Phase.Kind.PROGRAMME).delete()


# --- Its people ----------------------------------------------------------------------------------


def fictional_email(first: str, last: str) -> str:
    return f"{slugify(first)}.{slugify(last)}@{FICTIONAL_DOMAIN}"


def fictional_user(first: str, last: str, role: str, *, password: str):
    """The fictional person's account (`password`: an unusable one), created once."""
    user, _created = get_user_model().objects.get_or_create(
        email=fictional_email(first, last),
        defaults={"first_name": first, "last_name": last, "roles": [role], "password": password},
    )
    return user


def seat_host_agents(people, challenges: dict, *, staff, password: str, moment, demo=None) -> dict:
    """Each team's host agent joins its administration at `moment`, confirmed by staff.
    Returns {challenge slug: user}."""
    hosts = {}
    for person in people:
        user = (
            fictional_user(person.first, person.last, Role.ADMINISTRATION_AGENT.value, password=password)
            if person.first
            else demo
        )
        administration = challenges[person.challenge].administration
        with dated(moment):
            agency = join_administration(user, administration, function=person.function, now=moment)
            if not agency.confirmed:
                confirm_agent(agency, by=staff, now=moment)
        hosts[person.challenge] = user
    return hosts


def seat_mentors(people, challenges: dict, *, staff, password: str, moment, demo=None) -> dict:
    """Staff add each team's mentors at `moment`. Returns {(challenge slug, kind): user}."""
    mentors = {}
    for person in people:
        user = fictional_user(person.first, person.last, Role.MENTOR.value, password=password) if person.first else demo
        with dated(moment):
            team.add_mentor(
                challenges[person.challenge], email=user.email, kind=person.kind, function=person.function, by=staff
            )
        mentors[(person.challenge, person.kind)] = user
    return mentors


def record_fellow(promotion, challenge, user, *, profile_label: str, start: datetime.date, staff, moment) -> Fellow:
    """The fellow, recorded by staff at `moment` as they are: these promotions predate the
    platform's offers."""
    with dated(moment, Fellow):
        fellow = Fellow.objects.create(
            promotion=promotion,
            challenge=challenge,
            user=user,
            name=user.get_full_name(),
            profile_label=profile_label,
            start_date=start,
        )
        log_activity("fellow.created", fellow, actor=staff, challenge=challenge.title, offer=None)
    return fellow


# --- Their work ----------------------------------------------------------------------------------


def save_objectives(challenge, goals, *, target_date: datetime.date, by) -> list:
    """The team's objectives (programme_data.ObjectiveData), set by one of its fellows."""
    return [
        team.save_objective(
            challenge,
            title=goal.title,
            indicator=goal.indicator,
            unit=goal.unit,
            baseline=goal.baseline,
            target=goal.target,
            target_date=target_date,
            by=by,
        )
        for goal in goals
    ]


def add_reading(objective, reading, *, on: datetime.date, by):
    """A measure of the objective (programme_data.MeasureData), taken `on` that day."""
    return team.add_measure(
        objective, value=reading.value, on=on, course=reading.course, note=reading.note, by=by, today=on
    )
