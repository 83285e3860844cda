"""A promotion in its ten months (tests/programme, the programme's pages, the permission matrix).

    « Alpha » (Ministère A)  fellows Ada and Bob; operational mentor Olga, high-level mentor Hugo;
                             host agent Agnès (confirmed agent of Ministère A)
    « Bêta »  (Ministère B)  fellow Cléo; operational mentor Paul; host agent Bruno

The programme started `started_days` days before `now` (default 35: the fifth week) and lasts
ten months; the promotion's three forms (onboarding of fellows and hosts, weekly
retrospective) are installed. Ada and Cléo have started, Bob has not (onboarding).
Staff: Sam. Nobody here holds a role of the permission matrix's users.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from eig.accounts.models import Role, User
from eig.calls.models import Call
from eig.challenges.models import Challenge
from eig.programme.defaults import install_programme_forms
from eig.programme.fellows import setup_of
from eig.programme.models import Fellow, Mentor
from eig.promotions.models import Phase, Promotion
from tests.factories import AdministrationFactory, ChallengeFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent


@dataclass
class ProgrammeWorld:
    now: datetime.datetime
    promotion: object
    alpha: object
    beta: object
    staff: object
    calls: dict
    fellows: dict = field(default_factory=dict)  # key -> Fellow
    mentors: dict = field(default_factory=dict)  # key -> Mentor
    agents: dict = field(default_factory=dict)  # key -> User (confirmed agent)

    def user(self, key):
        if key in self.fellows:
            return self.fellows[key].user
        if key in self.mentors:
            return self.mentors[key].user
        return self.agents[key]

    @property
    def retrospective_call(self) -> Call:
        return self.calls[Call.Kind.RETROSPECTIVE]

    @property
    def fellow_onboarding_call(self) -> Call:
        return self.calls[Call.Kind.FELLOW_ONBOARDING]

    @property
    def host_onboarding_call(self) -> Call:
        return self.calls[Call.Kind.HOST_ONBOARDING]


def _user(key, first, last, roles):
    return UserFactory(email=f"{key}@programme.example", first_name=first, last_name=last, roles=roles)


SLUG = "eig-programme"


def _existing_world(now) -> ProgrammeWorld | None:
    """The world already built in this test (the permission matrix builds every module's world at once)."""
    promotion = Promotion.objects.filter(slug=SLUG).first()
    if promotion is None:
        return None
    challenges = {c.slug: c for c in Challenge.objects.filter(promotion=promotion)}
    world = ProgrammeWorld(
        now=now,
        promotion=promotion,
        alpha=challenges["alpha"],
        beta=challenges["beta"],
        staff=User.objects.filter(is_staff=True).order_by("pk").first(),
        calls={call.kind: call for call in Call.objects.filter(promotion=promotion)},
    )
    for fellow in Fellow.objects.filter(promotion=promotion).select_related("user"):
        world.fellows[fellow.user.email.split("@")[0]] = fellow
    for mentor in Mentor.objects.filter(challenge__promotion=promotion).select_related("user"):
        world.mentors[mentor.user.email.split("@")[0]] = mentor
    for key in ("agnes", "bruno"):
        world.agents[key] = User.objects.get(email=f"{key}@programme.example")
    return world


def programme_world(*, started_days: int = 35, now=None) -> ProgrammeWorld:
    """The world (built once per test: a second call returns the first one's)."""
    now = now or timezone.now()
    existing = _existing_world(now)
    if existing is not None:
        return existing
    # No fixed number: PromotionFactory's sequence (n + 10, process-wide) would reach it in a long run and
    # collide with another promotion of the same test (the permission matrix builds every world at once).
    promotion = PromotionFactory(slug=SLUG, year=now.year)
    start = now - datetime.timedelta(days=started_days)
    Phase.objects.create(
        promotion=promotion, kind=Phase.Kind.PROGRAMME, starts_at=start, ends_at=start + datetime.timedelta(days=300)
    )
    alpha = ChallengeFactory(
        title="Alpha", slug="alpha", promotion=promotion, administration=AdministrationFactory(name="Ministère A")
    )
    beta = ChallengeFactory(
        title="Bêta", slug="beta", promotion=promotion, administration=AdministrationFactory(name="Ministère B")
    )
    alpha.status = beta.status = "in_progress"
    alpha.save()
    beta.save()
    calls = install_programme_forms(promotion)
    setup_of(promotion)
    world = ProgrammeWorld(now=now, promotion=promotion, alpha=alpha, beta=beta, staff=StaffFactory(), calls=calls)
    for key, first, last, challenge, started in [
        ("ada", "Ada", "Lovelace", alpha, True),
        ("bob", "Bob", "Morane", alpha, False),
        ("cleo", "Cléo", "Durand", beta, True),
    ]:
        user = _user(key, first, last, [Role.FELLOW.value])
        world.fellows[key] = Fellow.objects.create(
            promotion=promotion,
            challenge=challenge,
            user=user,
            name=f"{first} {last}",
            profile_label="Développement",
            start_date=start.date(),
            started_on=start.date() if started else None,
            status=Fellow.Status.ACTIVE if started else Fellow.Status.ONBOARDING,
        )
    for key, first, last, challenge, kind in [
        ("olga", "Olga", "Mentor", alpha, Mentor.Kind.OPERATIONAL),
        ("hugo", "Hugo", "Haut", alpha, Mentor.Kind.HIGH_LEVEL),
        ("paul", "Paul", "Mentor", beta, Mentor.Kind.OPERATIONAL),
    ]:
        user = _user(key, first, last, [Role.MENTOR.value])
        world.mentors[key] = Mentor.objects.create(challenge=challenge, user=user, kind=kind, name=f"{first} {last}")
    for key, first, last, challenge in [("agnes", "Agnès", "Hôte", alpha), ("bruno", "Bruno", "Hôte", beta)]:
        user = _user(key, first, last, [Role.ADMINISTRATION_AGENT.value])
        confirmed_agent(user, challenge.administration)
        world.agents[key] = user
    return world
