"""The read behind a promotion's public results page (/promotions/<slug>/resultats/), in a fixed
number of queries whatever its number of teams.

Per team (eig.community's `promotion_teams`: the public challenges with fellows, the fellows named
only with their consent): its achievements (`challenges.Achievement`, which its published
deliverables became, the demo day's videos and slides aside), its figures (computed then sourced),
what became of it (`Handover.outcome` and its reason, translated), its demo videos or slides
(published deliverables of kind « demo » and the challenge's own video links). For the promotion:
its figures added up over its public challenges, and its demo day's programme when the demo day is
public. The teams' figures and the promotion's come from one call
(`figures.for_challenges_with_totals`).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from eig.challenges.models import Achievement
from eig.challenges.queries import public_challenges
from eig.community.queries import Team, promotion_teams
from eig.programme.models import AgendaItem, Event
from eig.promotions.models import Promotion

from .demo_day import agenda_of, demo_day
from .figures import Figure, for_challenges_with_totals
from .models import Deliverable, Handover


@dataclass
class TeamResults:
    team: Team
    achievements: list[Achievement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    handover: Handover | None = None
    demos: list[Deliverable] = field(default_factory=list)

    @property
    def challenge(self):
        return self.team.challenge

    @property
    def videos(self) -> list[str]:
        return list(self.team.challenge.videos or [])


@dataclass
class PromotionResults:
    promotion: Promotion
    totals: list[Figure]
    teams: list[TeamResults]
    demo_day: Event | None = None
    agenda: list[AgendaItem] = field(default_factory=list)


def _by_challenge(rows) -> dict[int, list]:
    found = defaultdict(list)
    for row in rows:
        found[row.challenge_id].append(row)
    return found


def promotion_results(promotion: Promotion) -> PromotionResults:
    teams = promotion_teams(promotion)
    ids = [team.challenge.pk for team in teams]
    # The teams' figures and the promotion's, added up over all its public challenges (a team has
    # fellows; a public challenge may have none), from one reading of the tallies.
    by_team, added_up = for_challenges_with_totals(
        ids, public_challenges().filter(promotion=promotion).values_list("pk", flat=True)
    )
    # A published demo video is an achievement too: the page lists it once, with the demos.
    achievements = _by_challenge(
        Achievement.objects.filter(challenge_id__in=ids)
        .exclude(deliverable__kind=Deliverable.Kind.DEMO)
        .order_by("challenge_id", "order", "id")
    )
    demos = _by_challenge(
        Deliverable.objects.filter(
            challenge_id__in=ids, kind=Deliverable.Kind.DEMO, status=Deliverable.Status.PUBLISHED
        ).order_by("challenge_id", "published_at", "id")
    )
    handovers = {h.challenge_id: h for h in Handover.objects.filter(challenge_id__in=ids).exclude(outcome="")}
    event = demo_day(promotion, public=True)
    return PromotionResults(
        promotion=promotion,
        totals=added_up,
        teams=[
            TeamResults(
                team=team,
                achievements=achievements.get(team.challenge.pk, []),
                figures=by_team.get(team.challenge.pk, []),
                handover=handovers.get(team.challenge.pk),
                demos=demos.get(team.challenge.pk, []),
            )
            for team in teams
        ],
        demo_day=event,
        agenda=agenda_of(event),
    )
