"""A small public world for the API's tests (tests/api/): what is public beside what is not.

    promotion « eig-10 » (published)   Alpha (in progress, English title), Bêta (finished),
                                       « Proposé » (a proposal: private)
    promotion « eig-11 » (published)   Gamma (recruiting), no team
    promotion « cachee » (unpublished) « Caché » (in progress): private with its promotion

Alpha's team: Ada (fellow, public profile), Bob (fellow, refused the directory), Olga (mentor,
public profile), Hugo (mentor, refused). Bêta's: Cléo (fellow, public). Each public challenge has a
position, an achievement and a key figure; the private ones have the same (never shown). News: one
published with a tag, one draft. Events: one public (demo day), one not (a collective session).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from eig.challenges.models import Challenge
from eig.community.models import Membership
from eig.content.models import NewsPost
from eig.programme.models import Event
from eig.promotions.models import Phase
from tests.factories import (
    AchievementFactory,
    ChallengeFactory,
    KeyFigureFactory,
    MembershipFactory,
    NewsPostFactory,
    PersonFactory,
    PositionFactory,
    PromotionFactory,
    TagFactory,
)


@dataclass
class ApiWorld:
    promotion: object
    other: object
    hidden_promotion: object
    alpha: Challenge
    beta: Challenge
    gamma: Challenge
    proposed: Challenge
    hidden: Challenge
    people: dict = field(default_factory=dict)
    post: NewsPost | None = None
    draft: NewsPost | None = None
    event: Event | None = None
    private_event: Event | None = None

    @property
    def public_challenges(self):
        return [self.alpha, self.beta, self.gamma]


def with_extras(challenge, n=1):
    for i in range(n):
        PositionFactory(challenge=challenge, order=i)
        AchievementFactory(challenge=challenge, title=f"Outil {challenge.slug} {i}", order=i)
        KeyFigureFactory(challenge=challenge, order=i)
    return challenge


def member(challenge, name, *, role=Membership.Role.FELLOW, public=True, order=0):
    person = PersonFactory(name=name, is_public=public, role="mentor" if role != Membership.Role.FELLOW else "fellow")
    person.promotions.add(challenge.promotion)
    return MembershipFactory(person=person, challenge=challenge, role=role, order=order).person


def event(promotion, *, is_public=True, kind=Event.Kind.DEMO_DAY, title="Demo day", days=30):
    starts_at = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0)) + datetime.timedelta(days=days)
    return Event.objects.create(
        promotion=promotion,
        kind=kind,
        title=title,
        title_en=f"{title} (en)",
        description="Présentation des réalisations.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        place="Paris",
        link="https://visio.example.org/secret-room",
        audiences=["fellows"],
        is_public=is_public,
    )


def api_world() -> ApiWorld:
    promotion = PromotionFactory(number=10, slug="eig-10")
    other = PromotionFactory(number=11, slug="eig-11")
    hidden_promotion = PromotionFactory(number=12, slug="cachee", is_published=False)
    Phase.objects.create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 10, 30, 18, 0)),
    )
    world = ApiWorld(
        promotion=promotion,
        other=other,
        hidden_promotion=hidden_promotion,
        alpha=with_extras(
            ChallengeFactory(promotion=promotion, title="Alpha", title_en="Alpha (en)", slug="alpha", town="Lyon")
        ),
        beta=with_extras(
            ChallengeFactory(promotion=promotion, title="Bêta", slug="beta", status=Challenge.Status.FINISHED)
        ),
        gamma=with_extras(
            ChallengeFactory(
                promotion=other, title="Gamma", slug="gamma", status=Challenge.Status.RECRUITING, profiles=["design"]
            )
        ),
        proposed=with_extras(
            ChallengeFactory(promotion=promotion, title="Proposé", slug="propose", status=Challenge.Status.PROPOSED)
        ),
        hidden=with_extras(ChallengeFactory(promotion=hidden_promotion, title="Caché", slug="cache")),
    )
    world.people = {
        "ada": member(world.alpha, "Ada Lovelace"),
        "bob": member(world.alpha, "Bob Morane", public=False, order=1),
        "olga": member(world.alpha, "Olga Mentor", role=Membership.Role.MENTOR),
        "hugo": member(world.alpha, "Hugo Discret", role=Membership.Role.OPERATIONAL_MENTOR, public=False, order=1),
        "cleo": member(world.beta, "Cléo Durand"),
        "zoe": member(world.proposed, "Zoé Proposée"),
    }
    tag = TagFactory(name="Promotion 10", slug="promotion-10")
    world.post = NewsPostFactory(title="La promotion démarre", title_en="The promotion starts", tags=[tag])
    world.draft = NewsPostFactory(title="Brouillon", is_draft=True)
    world.event = event(promotion)
    world.private_event = event(promotion, is_public=False, kind=Event.Kind.COLLECTIVE, title="Session", days=10)
    event(hidden_promotion, title="Demo day caché")
    return world
