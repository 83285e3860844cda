"""A promotion's annual report (issue 17, point 2): what the programme's evaluation reports and its
steering committee read each year, computed from the data, never typed.

- **Facts**: its challenges in a public status (selected, recruiting, in progress, finished), its
  teams (those of them with fellows, eig.community's `promotion_teams`), its fellows, those who
  took up their post (even if they left early since: the funnel's « en poste ») and those who
  finished the programme;
- **the candidate funnel** of its calls for applications, overall, by civility as declared and by
  profile of the first wish (eig.reporting.queries.funnel: small groups masked);
- **the challenges** proposed → pre-selected → selected per ministry (queries.challenge_funnel);
- **the key figures** added up over its challenges in a public status (eig.results.figures.totals);
- **the teams and their achievements** (eig.results.promotion_results: fellows named only with
  their consent, the demo day's videos aside).

The programme team reads it for any promotion (a draft while the year runs), the public once the
promotion is published and closed (`public=True`). The two differ in one thing: the public version
gives the funnel's whole only, not its breakdowns. Beside a public whole, a breakdown's masking can
give a small group back (a group kept masked alone at a stage after an earlier small count is the
whole minus the others there, which bounds it at the stage before and so the small group beside it:
docs/reporting.md, « Données ouvertes », where the open funnel keeps to the whole for that reason).
Counts of people (the facts' fellows) follow the small-group rule (eig.core.small_groups): 1 to 4
is masked (None), 0 is shown.

A read: no state change. A fixed number of queries whatever the promotion's size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from eig.challenges.models import Challenge
from eig.challenges.publication import not_held_back
from eig.core.small_groups import is_small
from eig.programme.models import Fellow
from eig.promotions.models import Promotion
from eig.results import figures
from eig.results.models import Closing
from eig.results.promotion_results import PromotionResults, TeamResults, promotion_results

from . import queries
from .funnel import ChallengeFunnel, Funnel

# The funnel's breakdowns the team's report shows (the dashboards have more; the public one none).
BREAKDOWNS = ("gender", "profile")


def shown(count: int) -> int | None:
    """A count of people as a report prints it: None (masked) when 1 to 4."""
    return None if is_small(count) else count


@dataclass(frozen=True)
class Facts:
    challenges: int  # in a public status: public bodies' projects, never masked
    teams: int  # challenges with fellows
    fellows: int | None  # people: None when masked
    in_post: int | None  # took up their post, even if they left early since
    finished: int | None  # finished the programme


@dataclass(frozen=True)
class AnnualReport:
    promotion: Promotion
    public: bool  # the public version: the funnel's whole only
    closed_at: datetime.datetime | None  # None: the year runs, the report is a draft
    facts: Facts
    funnel: Funnel
    challenges: ChallengeFunnel
    totals: list[figures.Figure]
    results: PromotionResults

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def teams(self) -> list[TeamResults]:
        return self.results.teams


def _fellows(promotion: Promotion) -> dict[str, int]:
    return Fellow.objects.filter(promotion=promotion).aggregate(
        fellows=Count("pk"),
        in_post=Count("pk", filter=Q(started_on__isnull=False)),
        finished=Count("pk", filter=Q(status=Fellow.Status.FINISHED)),
    )


def annual_report(promotion: Promotion, *, public: bool = False) -> AnnualReport:
    """The report of `promotion`, in the active language (the funnel's labels are translated as it
    is computed); `public`: the funnel's whole only. 26 queries, 23 for the public version (one
    more when its public demo day has a programme), the same for 2 teams or 50 and for 10
    applications or 10,000."""
    closed_at = Closing.objects.filter(promotion=promotion).values_list("closed_at", flat=True).first()
    challenge_ids = list(
        Challenge.objects.filter(not_held_back(), promotion=promotion, status__in=Challenge.PUBLIC_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    results = promotion_results(promotion)
    fellows = _fellows(promotion)
    return AnnualReport(
        promotion=promotion,
        public=public,
        closed_at=closed_at,
        facts=Facts(
            challenges=len(challenge_ids),
            teams=len(results.teams),
            fellows=shown(fellows["fellows"]),
            in_post=shown(fellows["in_post"]),
            finished=shown(fellows["finished"]),
        ),
        funnel=queries.funnel(promotion=promotion, breakdowns=() if public else BREAKDOWNS),
        challenges=queries.challenge_funnel(promotion=promotion),
        # Over the challenges in a public status, the promotion published or not (a draft report of
        # a promotion not yet announced has its figures too; promotion_results' totals need it).
        totals=figures.totals(challenge_ids),
        results=results,
    )
