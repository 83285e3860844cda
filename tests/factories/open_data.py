"""A world for the open data (eig.reporting.open_data): two published promotions with what each
dataset reads, and what none may show.

    « eig-od-3 » (2019)  challenge « Alpha » (finished; source code; English title), a position;
                          fellows Ada Publique (public profile) and Zoé Secrète (no public profile);
                          an achievement written by staff; phases; a closed call with 3 applications
    « eig-od-4 » (2020)  challenge « Bêta » (in progress; host under a ministry), a position;
                          operational mentor Marc Public (public), high-level mentor Léa Discrète (not);
                          a deliverable published as an achievement; a closed call with 7 applications
                          (6 submitted, 2 laureates)
    hidden               a proposed challenge of eig-od-4 with a position, a member and an achievement;
                          an unpublished promotion with a challenge; an open call with 6 applications

`grow(world, n)` adds n more public challenges with a position, two members and an achievement
(query counts).
"""

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from eig.calls.models import Call, Dossier
from eig.challenges.models import Administration, Challenge
from eig.community.models import Membership
from eig.promotions.models import Phase
from eig.results.models import Deliverable
from eig.selection.models import Outcome, SelectionRun
from tests.factories import (
    AchievementFactory,
    AdministrationFactory,
    ChallengeFactory,
    MembershipFactory,
    PersonFactory,
    PositionFactory,
    PromotionFactory,
    UserFactory,
    profile,
)
from tests.factories.calls import application_call
from tests.factories.closing import published_deliverable

_numbers = itertools.count(1)


@dataclass
class OpenDataWorld:
    old: object  # eig-od-3
    new: object  # eig-od-4
    alpha: object
    beta: object
    proposed: object
    unpublished: object
    ada: object  # public fellow
    zoe: object  # fellow without a public profile
    marc: object  # public mentor
    lea: object  # mentor without a public profile
    deliverable: object


def applications(call, *, drafts=0, submitted=0, laureates=0) -> list[Dossier]:
    """Dossiers of a call written directly (the dossier engine has its own tests); `laureates` of
    the submitted ones told they are laureates by an approved selection run."""
    dossiers = []
    for status, count in ((Dossier.Status.DRAFT, drafts), (Dossier.Status.SUBMITTED, submitted)):
        for _ in range(count):
            n = next(_numbers)
            dossiers.append(
                Dossier.objects.create(
                    call=call,
                    owner=UserFactory(email=f"candidat{n}@open-data.example"),
                    number=f"OD-{n:05d}",
                    status=status,
                    submitted_at=call.closes_at - datetime.timedelta(days=1) if status == "submitted" else None,
                    version=1 if status == "submitted" else 0,  # each submit adds a version
                )
            )
    if laureates:
        run = SelectionRun.objects.create(call=call, mode="optimal", status="OPTIMAL", state="approved")
        chosen = [d for d in dossiers if d.status == Dossier.Status.SUBMITTED][:laureates]
        Outcome.objects.bulk_create(
            Outcome(run=run, dossier=d, decision=Outcome.Decision.LAUREATE, notified_at=timezone.now()) for d in chosen
        )
    return dossiers


def closed_call(promotion, slug) -> Call:
    now = timezone.now()
    return application_call(
        promotion=promotion,
        slug=slug,
        positions=0,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )


def open_data_world() -> OpenDataWorld:
    # The factory numbers them (a fixed number could meet its process-wide sequence).
    old = PromotionFactory(slug="eig-od-3", year=2019, title="EIG 3")
    new = PromotionFactory(slug="eig-od-4", year=2020, title="EIG 4")
    unpublished = PromotionFactory(slug="eig-od-5", year=2021, is_published=False)
    start = timezone.make_aware(datetime.datetime(2019, 1, 10, 9, 0))
    Phase.objects.create(
        promotion=old, kind=Phase.Kind.APPLICATION_CALL, starts_at=start, ends_at=start + datetime.timedelta(days=40)
    )
    Phase.objects.create(promotion=old, kind=Phase.Kind.PROGRAMME, starts_at=start + datetime.timedelta(days=200))

    alpha = ChallengeFactory(
        promotion=old,
        title="Alpha",
        title_en="Alpha in English",
        slug="alpha",
        status=Challenge.Status.FINISHED,
        source_code_url="https://code.example/alpha",
        profiles=["dev", "datascience"],
    )
    ministry = AdministrationFactory(name="Ministère de l'Exemple", kind=Administration.Kind.MINISTRY)
    beta = ChallengeFactory(
        promotion=new,
        title="Bêta",
        slug="beta",
        administration=AdministrationFactory(name="Direction Bêta", parent_ministry=ministry),
        profiles=["design"],
    )
    proposed = ChallengeFactory(promotion=new, title="Défi proposé secret", slug="secret", status="proposed")
    hidden = ChallengeFactory(promotion=unpublished, title="Défi d'une promotion non publiée", slug="cache")
    for challenge, code in ((alpha, "dev"), (beta, "design"), (proposed, "dev"), (hidden, "dev")):
        PositionFactory(challenge=challenge, profile=profile(code), mission=f"Mission de {challenge.title}")

    ada = PersonFactory(name="Ada Publique", slug="ada-publique")
    zoe = PersonFactory(name="Zoé Secrète", slug="zoe-secrete", is_public=False)
    marc = PersonFactory(name="Marc Public", slug="marc-public", role="mentor", profile=None)
    lea = PersonFactory(name="Léa Discrète", slug="lea-discrete", role="mentor", is_public=False)
    MembershipFactory(challenge=alpha, person=ada)
    MembershipFactory(challenge=alpha, person=zoe)
    MembershipFactory(challenge=beta, person=marc, role=Membership.Role.OPERATIONAL_MENTOR)
    MembershipFactory(challenge=beta, person=lea, role=Membership.Role.HIGH_LEVEL_MENTOR)
    MembershipFactory(challenge=proposed, person=PersonFactory(name="Personne du défi secret"))

    AchievementFactory(challenge=alpha, title="Un outil en ligne", title_en="An online tool")
    deliverable = published_deliverable(beta, kind=Deliverable.Kind.DATASET, title="Jeu de données Bêta")
    AchievementFactory(challenge=proposed, title="Réalisation secrète")

    applications(closed_call(old, "appel-od-3"), submitted=3)
    applications(closed_call(new, "appel-od-4"), drafts=1, submitted=6, laureates=2)
    applications(application_call(promotion=PromotionFactory(), slug="appel-ouvert", positions=0), submitted=6)
    return OpenDataWorld(old, new, alpha, beta, proposed, unpublished, ada, zoe, marc, lea, deliverable)


def grow(world: OpenDataWorld, count: int) -> None:
    """`count` more public challenges of the new promotion, each with a position, a public fellow,
    a fellow without a public profile and an achievement."""
    for _ in range(count):
        challenge = ChallengeFactory(promotion=world.new, profiles=["dev", "design"])
        PositionFactory(challenge=challenge)
        MembershipFactory(challenge=challenge)
        MembershipFactory(challenge=challenge, person=PersonFactory(is_public=False))
        AchievementFactory(challenge=challenge)
