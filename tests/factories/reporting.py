"""Worlds for the reporting tests: applications left at each stage of the funnel, challenges
proposed per ministry. Written with the ORM (the services have their own tests): each record is
what the funnel reads (eig/reporting/queries.py says how).

    call = reporting_call()                                  # a closed call with a pre-screening grid,
                                                             # a candidate jury and a selection run
    application(call, "auditioned", gender="madame", region="bretagne", wishes=["dev", "design"])
    every_stage(call, n=2)                                   # n applications stopped at each stage
"""

import datetime
import itertools

from django.utils import timezone

from eig.applications.models import Wish
from eig.calls.models import Answer, Call, Dossier, Question
from eig.challenges.models import Administration, Challenge, Position, Profile
from eig.juries.models import CANDIDATE_FORMAT, Audition, Jury
from eig.programme.models import Fellow
from eig.proposals.models import Proposal
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Decision, Grid
from eig.selection.models import Offer, Outcome, SelectionRun
from tests.factories import AdministrationFactory, ChallengeFactory, PromotionFactory, UserFactory
from tests.factories.reviews import closed_call

_numbers = itertools.count(1)

ORDER = ["started", "submitted", "admissible", "auditioned", "selected", "in_post", "finished"]


def reporting_call(promotion=None, *, slug=None) -> Call:
    """A closed call for applications (positions dev, data science) with its pre-screening grid,
    its candidate jury and one selection run."""
    n = next(_numbers)
    call = closed_call(
        promotion=promotion or PromotionFactory(),
        slug=slug or f"appel-rapport-{n}",
        dossier_prefix=f"RP{n}",
        title=f"Appel à candidatures {n}",
    )
    install_grid(call, CANDIDATE_PRESCREENING)
    Jury.objects.create(
        call=call,
        kind=Jury.Kind.CANDIDATES,
        title=f"Jury {n}",
        audition_format=CANDIDATE_FORMAT,
        charter="Confidentialité des délibérations.",
    )
    SelectionRun.objects.create(call=call, mode=SelectionRun.Mode.OPTIMAL, status="optimal")
    return call


def _position(call, code: str) -> Position:
    found = Position.objects.filter(challenge__promotion=call.promotion, profile__code=code).first()
    if found is None:
        challenge = Challenge.objects.filter(promotion=call.promotion).first()
        found = Position.objects.create(challenge=challenge, profile=Profile.objects.get(code=code), order=9)
    return found


def application(
    call: Call,
    stage: str,
    *,
    gender: str | None = "madame",
    region: str | None = None,
    wishes=("dev",),
    owner=None,
    withdrawn: bool = False,
    now=None,
) -> Dossier:
    """A dossier that stopped at `stage` (a key of eig.reporting.funnel.STAGES)."""
    now = now or timezone.now()
    reached = ORDER.index(stage)
    owner = owner or UserFactory()
    submitted = reached >= 1
    dossier = Dossier.objects.create(
        call=call,
        owner=owner,
        number=f"{call.dossier_prefix}-R{next(_numbers):05d}",
        status=Dossier.Status.WITHDRAWN if withdrawn else Dossier.Status.SUBMITTED if submitted else "draft",
        submitted_at=call.closes_at - datetime.timedelta(days=1) if submitted else None,
        version=1 if submitted else 0,
    )
    questions = {q.key: q for q in Question.objects.filter(step__call=call, key__in=["civilite", "region", "ville"])}
    values = {"civilite": gender, "region": region, "ville": "Rennes"}
    Answer.objects.bulk_create(
        Answer(dossier=dossier, question=questions[key], value=value)
        for key, value in values.items()
        if value is not None and key in questions
    )
    Wish.objects.bulk_create(
        Wish(dossier=dossier, position=_position(call, code), rank=rank) for rank, code in enumerate(wishes, start=1)
    )
    if reached >= 2:
        grid = Grid.objects.get(call=call, phase=Grid.Phase.PRESCREENING)
        Decision.objects.create(
            grid=grid, dossier=dossier, admissible=True, reason=Decision.Reason.SELECTED, decided_at=now
        )
    if reached >= 3:
        audition(call, dossier, Audition.Attendance.PRESENT)
    if reached >= 4:
        run = SelectionRun.objects.filter(call=call).first()
        # One live offer per position and run: each laureate gets a seat of their own.
        wished = _position(call, wishes[0] if wishes else "dev")
        position = Position.objects.create(challenge=wished.challenge, profile=wished.profile, order=10)
        offer = Offer.objects.create(
            run=run,
            dossier=dossier,
            position=position,
            status=Offer.Status.ACCEPTED,
            deadline=now + datetime.timedelta(days=7),
        )
        Outcome.objects.create(run=run, dossier=dossier, decision=Outcome.Decision.LAUREATE, notified_at=now)
        if reached >= 5:
            fellow(call, owner, offer=offer, finished=reached >= 6)
    return dossier


def audition(call: Call, dossier: Dossier, attendance: str) -> Audition:
    return Audition.objects.create(
        jury=Jury.objects.get(call=call, kind=Jury.Kind.CANDIDATES),
        dossier=dossier,
        attendance=attendance,
        auditionee=f"Auditionné·e {dossier.number}",
        auditionee_emails=[dossier.owner.email],
    )


def fellow(call: Call, user, *, offer=None, started: bool = True, finished: bool = False) -> Fellow:
    challenge = Challenge.objects.filter(promotion=call.promotion).first()
    status = Fellow.Status.FINISHED if finished else Fellow.Status.ACTIVE if started else Fellow.Status.ONBOARDING
    return Fellow.objects.create(
        promotion=call.promotion,
        challenge=challenge,
        user=user,
        offer=offer,
        name=user.get_full_name() or user.email,
        status=status,
        started_on=timezone.localdate() - datetime.timedelta(days=30) if started or finished else None,
    )


def every_stage(call: Call, n: int = 1, **kwargs) -> list[Dossier]:
    """`n` applications stopped at each stage."""
    return [application(call, stage, **kwargs) for stage in ORDER for _ in range(n)]


# --- Challenges per ministry ---------------------------------------------------------------------


def ministry(name: str, slug: str) -> Administration:
    return AdministrationFactory(name=name, slug=slug, kind=Administration.Kind.MINISTRY)


def directorate(parent: Administration | None, slug: str) -> Administration:
    return AdministrationFactory(name=f"Direction {slug}", slug=slug, parent_ministry=parent)


def challenge_call(promotion) -> Call:
    n = next(_numbers)
    now = timezone.now()
    return Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.CHALLENGES,
        title=f"Appel à défis {n}",
        slug=f"appel-defis-rapport-{n}",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        dossier_prefix=f"RD{n}",
    )


def proposal(call: Call, administration: Administration, state: str) -> Proposal:
    dossier = Dossier.objects.create(
        call=call,
        owner=UserFactory(),
        number=f"{call.dossier_prefix}-P{next(_numbers):05d}",
        status=Dossier.Status.DRAFT if state == Proposal.State.DRAFT else Dossier.Status.SUBMITTED,
        shared=True,
    )
    return Proposal.objects.create(dossier=dossier, administration=administration, state=state)


def legacy_challenge(promotion, administration, status=Challenge.Status.FINISHED) -> Challenge:
    """A challenge recorded without a proposal (a promotion older than the platform)."""
    return ChallengeFactory(promotion=promotion, administration=administration, status=status)
