"""Who reaches which team, and what of it: the one place the ten months' pages ask.

A team is a challenge of a promotion that has fellows. Its members, by their part:

- `fellow`: a fellow of the team, not gone (eig/programme/states.py, FELLOW « in_team »);
- `mentor`: a mentor of the team (operational or high-level);
- `host`: a confirmed agent of the challenge's administration;
- `staff`: the programme team (`is_staff`), who reach every team.

A person outside every part gets a 404 from the pages (they do not learn the team exists).
What each part reads:

- the team page, its objectives, documents and links, its events: every part;
- the retrospectives: the team's fellows, its mentors and its host read them, except those marked
  « réservé à l'équipe du programme », which only staff and their author read;
- the mentoring notes: mentors, host and staff; fellows read them too (they are about the team's
  work, written to be shared), the private follow-up lives in the signals, which only staff read;
- the signals, a fellow's leaving reason: staff only.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from eig.challenges.models import Challenge
from eig.proposals.models import Agent

from .models import Fellow, Mentor
from .states import FELLOW

FELLOW_PART, MENTOR_PART, HOST_PART, STAFF_PART = "fellow", "mentor", "host", "staff"


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def live_fellows() -> QuerySet:
    return Fellow.objects.filter(status__in=FELLOW.group("in_team"))


def teams_of(user) -> QuerySet:
    """The challenges whose team the person belongs to (not staff's « every team »)."""
    if not (user and user.is_authenticated):
        return Challenge.objects.none()
    as_fellow = live_fellows().filter(user=user).values("challenge_id")
    as_mentor = Mentor.objects.filter(user=user).values("challenge_id")
    hosted = Agent.objects.filter(user=user, confirmed=True).values("administration_id")
    return Challenge.objects.filter(
        Q(pk__in=as_fellow) | Q(pk__in=as_mentor) | (Q(administration__in=hosted) & Q(fellows__isnull=False))
    ).distinct()


@dataclass(frozen=True)
class Membership:
    """The person's parts in one team (several at once: an agent may also mentor)."""

    challenge: Challenge
    parts: frozenset[str]

    @property
    def is_staff(self) -> bool:
        return STAFF_PART in self.parts

    @property
    def is_fellow(self) -> bool:
        return FELLOW_PART in self.parts

    @property
    def is_mentor(self) -> bool:
        return MENTOR_PART in self.parts

    @property
    def is_host(self) -> bool:
        return HOST_PART in self.parts

    @property
    def may_flag_difficulty(self) -> bool:
        """Mentors and hosts flag a difficulty to the programme team (fellows ask for help in their retrospective)."""
        return self.is_mentor or self.is_host

    @property
    def may_write_notes(self) -> bool:
        return self.is_mentor

    @property
    def may_edit_objectives(self) -> bool:
        return bool(self.parts & {FELLOW_PART, MENTOR_PART, STAFF_PART})


def parts_in(user, challenge: Challenge) -> frozenset[str]:
    if not (user and user.is_authenticated):
        return frozenset()
    parts = set()
    if _is_staff(user):
        parts.add(STAFF_PART)
    if live_fellows().filter(user=user, challenge=challenge).exists():
        parts.add(FELLOW_PART)
    if Mentor.objects.filter(user=user, challenge=challenge).exists():
        parts.add(MENTOR_PART)
    if (
        Agent.objects.filter(user=user, confirmed=True, administration_id=challenge.administration_id).exists()
        and Fellow.objects.filter(challenge=challenge).exists()
    ):
        parts.add(HOST_PART)
    return frozenset(parts)


def membership(user, challenge: Challenge) -> Membership:
    """The person's parts in the team, or Http404 when they have none."""
    parts = parts_in(user, challenge)
    if not parts:
        raise Http404
    return Membership(challenge, parts)


def readable_retrospectives(user, challenge: Challenge, queryset: QuerySet) -> QuerySet:
    """The retrospectives of the team the person may read: all for staff; the others never read
    one marked for the programme team, except its author."""
    if _is_staff(user):
        return queryset
    return queryset.filter(Q(programme_only=False) | Q(fellow__user=user))
