"""Shared reads of the ten months, each in a fixed number of queries whatever the size.

- `team_page(challenge)`: a team's members (fellows with their status and start date, mentors,
  host agents with their function, the programme team's address), its objectives with their
  measures, its documents and links, and the contract terms of the promotion's call;
- `promotion_overview(promotion, today)`: one row per team of the promotion for the programme
  team, every count an annotation (subqueries, no join that would multiply rows);
- `contract_terms(call, challenge)`: what the call states about the contract, the place of
  work defaulting to the challenge's administration and town;
- `my_teams(user)`: « Mon programme »'s teams with the person's parts in each.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from eig.calls.models import Call
from eig.challenges.models import Challenge
from eig.promotions.models import Promotion
from eig.proposals.models import Agent

from .access import FELLOW_PART, HOST_PART, MENTOR_PART, live_fellows, teams_of
from .models import Fellow, Measure, Mentor, Objective, Resource, Retrospective, Signal
from .states import FELLOW, SIGNAL

# --- Contract terms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractTerms:
    months: int | None
    salary: str
    workplace: str


def default_workplace(challenge: Challenge | None) -> str:
    """Where the fellow works when the call says nothing: the host administration's premises."""
    if challenge is None:
        return _("Les locaux de l'administration d'accueil du défi")
    town = challenge.town or getattr(challenge.administration, "town", "")
    place = str(challenge.administration)
    return f"{place}, {town}" if town else place


def applications_call(promotion_id: int) -> Call | None:
    """The promotion's call for applications (its latest, should there be several)."""
    return Call.objects.filter(promotion_id=promotion_id, kind=Call.Kind.APPLICATIONS).order_by("-opens_at").first()


def contract_terms(call: Call | None, challenge: Challenge | None = None) -> ContractTerms | None:
    """The contract the call states, or None when it states nothing."""
    if call is None or not call.has_contract_terms:
        return None
    return ContractTerms(
        months=call.contract_months,
        salary=call.salary_terms,
        workplace=call.workplace_terms or default_workplace(challenge),
    )


# --- The team page -----------------------------------------------------------------------------


@dataclass
class TeamPage:
    challenge: Challenge
    fellows: list[Fellow]
    mentors: list[Mentor]
    hosts: list[Agent]
    objectives: list[Objective]
    resources: list[Resource]
    contract: ContractTerms | None
    programme_email: str = field(default_factory=lambda: settings.PROGRAMME_TEAM_EMAIL)

    @property
    def may_add_objective(self) -> bool:
        return len(self.objectives) < Objective.MAX_PER_CHALLENGE


def team_challenge(challenge_id: int) -> Challenge:
    """The challenge of a team page, with what its header shows (raises DoesNotExist)."""
    return Challenge.objects.select_related("promotion", "administration").get(pk=challenge_id)


def team_page(challenge: Challenge) -> TeamPage:
    """Everything the team page shows, in seven queries whatever the team's size."""
    fellows = list(Fellow.objects.filter(challenge=challenge).select_related("user").order_by("status", "name", "id"))
    # The team first, then those who left or finished.
    in_team = FELLOW.group("in_team")
    fellows.sort(key=lambda f: (f.status not in in_team, f.name, f.pk))
    mentors = list(Mentor.objects.filter(challenge=challenge).select_related("user").order_by("kind", "name", "id"))
    hosts = list(
        Agent.objects.filter(administration_id=challenge.administration_id, confirmed=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )
    objectives = list(
        Objective.objects.filter(challenge=challenge)
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("on", "id")))
        .order_by("order", "id")
    )
    resources = list(
        Resource.objects.filter(challenge=challenge)
        .select_related("stored_file", "added_by")
        .order_by("kind", "title", "id")
    )
    return TeamPage(
        challenge=challenge,
        fellows=fellows,
        mentors=mentors,
        hosts=hosts,
        objectives=objectives,
        resources=resources,
        contract=contract_terms(applications_call(challenge.promotion_id), challenge),
    )


# --- The promotion overview (staff) --------------------------------------------------------------


def last_full_weeks(today: datetime.date, count: int = 2) -> list[datetime.date]:
    """The Mondays of the `count` full weeks before today's week, latest first."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(1, count + 1)]


def _count(queryset: QuerySet, outer: str = "challenge"):
    """A correlated COUNT(*) of `queryset`'s rows whose `outer` is the row's team (0 when none)."""
    counted = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest_course():
    return Measure.objects.filter(objective=OuterRef("pk")).order_by("-on", "-id").values("course")[:1]


def overview_rows(promotion: Promotion, today: datetime.date) -> QuerySet:
    """One row per team of the promotion (a challenge with fellows), every figure annotated."""
    weeks = last_full_weeks(today)
    in_team = Fellow.objects.filter(status__in=FELLOW.group("in_team"))
    writing = Fellow.objects.filter(status__in=FELLOW.group("writes_retrospectives"))
    # Expected: each fellow in post on the week's last day, once per week.
    expected = [
        _count(writing.filter(started_on__lte=week + datetime.timedelta(days=6)), "challenge") for week in weeks
    ]
    submitted = Retrospective.objects.filter(
        week__in=weeks, submitted_at__isnull=False, fellow__status__in=FELLOW.group("writes_retrospectives")
    )
    off_track = Objective.objects.annotate(latest_course=Subquery(_latest_course())).filter(
        latest_course=Measure.Course.OFF_TRACK
    )
    return (
        Challenge.objects.filter(promotion=promotion)
        .filter(Exists(Fellow.objects.filter(challenge=OuterRef("pk"))))
        .select_related("administration")
        .annotate(
            fellows_in_team=_count(in_team),
            fellows_started=_count(in_team.filter(status=Fellow.Status.ACTIVE)),
            mentors_count=_count(Mentor.objects.all()),
            retrospectives_expected=expected[0] + expected[1],
            retrospectives_submitted=_count(submitted, "fellow__challenge"),
            pending_signals=_count(Signal.objects.filter(state__in=SIGNAL.group("pending"))),
            objectives_off_track=_count(off_track),
        )
        .order_by("title", "id")
    )


def not_started(promotion: Promotion) -> QuerySet:
    """The promotion's fellows who have not started yet, with why (the programme team's follow-up)."""
    return (
        Fellow.objects.filter(promotion=promotion, status__in=FELLOW.group("not_started"))
        .select_related("challenge")
        .order_by("start_date", "challenge__title", "name", "id")
    )


def promotions_in_programme() -> QuerySet:
    """The promotions that have fellows, latest first (the staff home lists their overviews)."""
    return Promotion.objects.filter(Exists(Fellow.objects.filter(promotion=OuterRef("pk")))).order_by("-year", "-pk")


# --- « Mon programme » --------------------------------------------------------------------------


@dataclass(frozen=True)
class MyTeam:
    challenge: Challenge
    parts: frozenset[str]
    fellow: Fellow | None  # the person's fellowship in this team, if any


def my_teams(user) -> list[MyTeam]:
    """The person's teams with their parts in each, in four queries whatever their number."""
    teams = list(teams_of(user).select_related("promotion", "administration").order_by("-promotion__year", "title"))
    if not teams:
        return []
    ids = [team.pk for team in teams]
    fellowships = {f.challenge_id: f for f in live_fellows().filter(user=user, challenge_id__in=ids)}
    mentoring = set(Mentor.objects.filter(user=user, challenge_id__in=ids).values_list("challenge_id", flat=True))
    hosted = set(Agent.objects.filter(user=user, confirmed=True).values_list("administration_id", flat=True))
    result = []
    for team in teams:
        parts = set()
        if team.pk in fellowships:
            parts.add(FELLOW_PART)
        if team.pk in mentoring:
            parts.add(MENTOR_PART)
        if team.administration_id in hosted:
            parts.add(HOST_PART)
        result.append(MyTeam(team, frozenset(parts), fellowships.get(team.pk)))
    return result


def teams_without_objectives(user) -> QuerySet:
    """The teams the person keeps the objectives of (as fellow or mentor) that have none yet (one query)."""
    as_fellow = live_fellows().filter(user=user).values("challenge_id")
    as_mentor = Mentor.objects.filter(user=user).values("challenge_id")
    return (
        Challenge.objects.filter(Q(pk__in=as_fellow) | Q(pk__in=as_mentor))
        .filter(~Exists(Objective.objects.filter(challenge=OuterRef("pk"))))
        .order_by("title", "id")
    )
