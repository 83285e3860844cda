"""A promotion for the annual report's tests (tests/reporting/test_annual_report.py, the pages, the
permission matrix, the browser test), built on tests/factories/reporting.py and closing.py:

    report_world()   « EIG Rapport » (published), its call for applications with
                     6 women who finished the programme, 6 men who submitted, 2 « ne se prononce pas »
                     who only started (all wishing « dev » first);
                     its challenge « Guichet unique » (recruiting, from the call; fellows Ada Lovelace,
                     public profile, and Bob Morane, no public profile; a published source repository
                     and dataset), a legacy challenge of the Ministère de la Culture (finished), and
                     « Défi secret » (still proposed: never public, though it published a repository);
                     a call for challenges with three proposals (submitted, pre-selected, published);
    close_report_world(world)   closes it (eig.results.closing.close_promotion).
"""

from dataclasses import dataclass

from django.utils import timezone

from eig.challenges.models import Challenge
from eig.results.closing import close_promotion
from eig.results.models import Deliverable
from tests.factories import ChallengeFactory, PromotionFactory

from .closing import public_team, published_deliverable
from .reporting import application, challenge_call, directorate, legacy_challenge, ministry, proposal, reporting_call


@dataclass
class ReportWorld:
    promotion: object
    call: object
    team: Challenge  # the call's challenge, with its public team
    legacy: Challenge
    secret: Challenge


def report_world(*, slug="eig-rapport", scale: int = 1, **promotion_fields) -> ReportWorld:
    """The promotion described above; `scale` multiplies the applications and adds `scale - 1` teams
    (the query counts)."""
    promotion = PromotionFactory(slug=slug, title="EIG Rapport", **promotion_fields)
    call = reporting_call(promotion, slug=f"candidatures-{slug}")
    for _ in range(6 * scale):
        application(call, "finished", gender="madame")
        application(call, "submitted", gender="monsieur")
    for _ in range(2 * scale):
        application(call, "started", gender="non_precise")
    team = Challenge.objects.get(promotion=promotion)
    team.title = "Guichet unique"
    team.save()
    public_team(team, [("Ada Lovelace", True), ("Bob Morane", False)])
    published_deliverable(team, title="Le code du guichet")
    published_deliverable(team, kind=Deliverable.Kind.DATASET, title="Les demandes du guichet")
    culture = ministry("Ministère de la Culture", "culture")  # shared by the worlds of a test
    legacy = legacy_challenge(promotion, culture)
    secret = ChallengeFactory(promotion=promotion, title="Défi secret", status=Challenge.Status.PROPOSED)
    published_deliverable(secret, title="Le code du défi secret")
    proposals = challenge_call(promotion)
    proposal(proposals, culture, "submitted")
    proposal(proposals, directorate(culture, f"archives-{slug}"), "preselected")
    proposal(proposals, directorate(None, f"mairie-{slug}"), "published")
    for n in range(1, scale):
        other = ChallengeFactory(promotion=promotion, title=f"Équipe {n}", status=Challenge.Status.IN_PROGRESS)
        public_team(other, [(f"Personne {n}", True)])
        published_deliverable(other, title=f"Dépôt {n}")
    return ReportWorld(promotion, call, team, legacy, secret)


def close_report_world(world: ReportWorld, *, now=None):
    return close_promotion(world.promotion, by=None, now=now or timezone.now())
