"""Shared reads of the community: the public directory, and what shows people beside their
challenge (a challenge's page with its team, the teams of a promotion)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from eig.challenges.models import Challenge
from eig.challenges.publication import not_held_back
from eig.challenges.queries import public_challenges

from .models import Membership, Person


def public_people(*, promotion=None, profile=None, role=None):
    memberships = Membership.objects.filter(
        not_held_back("challenge__"), challenge__status__in=Challenge.PUBLIC_STATUSES
    ).select_related("challenge__promotion__programme")
    queryset = (
        Person.objects.filter(is_public=True)
        .select_related("profile")
        .prefetch_related(Prefetch("memberships", queryset=memberships), "promotions__programme")
    )
    if promotion:
        queryset = queryset.filter(promotions__slug=promotion)
    if profile:
        queryset = queryset.filter(profile__code=profile)
    if role:
        queryset = queryset.filter(role=role)
    return queryset.distinct() if promotion else queryset


def challenge_page(promotion_slug, slug):
    """The challenge with everything its public page shows, in a fixed number of queries."""
    public_members = Membership.objects.filter(person__is_public=True).select_related("person__profile")
    return (
        public_challenges()
        # The handover's outcome (eig.results, « Après le programme »): a join, no query of its own.
        .select_related("handover")
        .prefetch_related(
            Prefetch("memberships", queryset=public_members),
            "positions__profile",
            "key_figures",
            "achievements",
        )
        .get(promotion__slug=promotion_slug, slug=slug)
    )


@dataclass(frozen=True)
class TeamMember:
    """A member of a team as the public sees them. `person` is set only when the person consented
    to a public profile; otherwise the page says « un entrepreneur ou une entrepreneuse d'intérêt
    général » or « un ou une mentor », with the profile or the role, and never the name (which
    their profile's address would give away too)."""

    role: str  # a Membership.Role value
    role_label: str
    profile_label: str
    person: Person | None

    @property
    def is_mentor(self) -> bool:
        return self.role in Membership.MENTOR_ROLES


@dataclass
class Team:
    challenge: Challenge
    fellows: list[TeamMember] = field(default_factory=list)
    mentors: list[TeamMember] = field(default_factory=list)


def promotion_teams(promotion) -> list[Team]:
    """The teams of the promotion's public challenges (those with at least one fellow, by title):
    their fellows and mentors in the memberships' order, in two queries whatever their number.
    Works for imported promotions (memberships written by the import) and for promotions formed
    by the selection (`selection.services.publish_promotion` writes the same memberships)."""
    members = Membership.objects.filter(role__in=[Membership.Role.FELLOW, *Membership.MENTOR_ROLES]).select_related(
        "person__profile"
    )
    challenges = (
        Challenge.objects.filter(not_held_back(), promotion=promotion, status__in=Challenge.PUBLIC_STATUSES)
        .select_related("promotion", "administration")
        .prefetch_related(Prefetch("memberships", queryset=members.order_by("order", "id")))
        .order_by("title", "pk")
    )
    teams = []
    for challenge in challenges:
        team = Team(challenge)
        for membership in challenge.memberships.all():
            person = membership.person
            member = TeamMember(
                role=membership.role,
                role_label=membership.get_role_display(),
                profile_label=person.profile.label if person.profile else "",
                person=person if person.is_public else None,
            )
            (team.mentors if member.is_mentor else team.fellows).append(member)
        if team.fellows:
            teams.append(team)
    return teams
