"""A promotion at its end (tests of closing, the demo day's programme and the results page), built
on programme_world() (tests/factories/programme.py):

    « Alpha » (Ministère A)  fellows Ada (public profile) and Bob (no public profile, onboarding)
    « Bêta »  (Ministère B)  fellow Cléo (public profile)

`results_world()` adds the public side the selection's publication writes (eig.community: a Person
and a Membership per fellow, Bob's profile not public) so that the promotion's teams show on its
public pages. The other helpers add what a promotion leaves behind: a demo day with its programme,
published deliverables (as eig.results.deliverables publishes them: a Deliverable « publié » and
its Achievement), a handover's outcome, more teams (query counts).
"""

import datetime
import itertools

from django.utils import timezone

from eig.challenges.models import Achievement, Challenge
from eig.community.models import Membership, Person
from eig.programme.events import save_event
from eig.programme.models import Event, Fellow
from eig.results.models import Deliverable, Handover
from tests.factories import AdministrationFactory, ChallengeFactory, KeyFigureFactory, UserFactory, profile
from tests.factories.programme import programme_world

_numbers = itertools.count(1)


def public_team(challenge, people) -> list[Membership]:
    """The challenge's fellows as the public sees them: [(name, public profile?)], in order."""
    memberships = []
    for order, (name, is_public) in enumerate(people):
        person = Person.objects.create(
            name=name, slug=f"{challenge.slug}-{order}-{next(_numbers)}", profile=profile(), is_public=is_public
        )
        person.promotions.add(challenge.promotion)
        memberships.append(
            Membership.objects.create(person=person, challenge=challenge, role=Membership.Role.FELLOW, order=order)
        )
    return memberships


def results_world(**kwargs):
    """programme_world() with its teams published (once per test, like programme_world)."""
    world = programme_world(**kwargs)
    if not Membership.objects.filter(challenge=world.alpha).exists():
        public_team(world.alpha, [("Ada Lovelace", True), ("Bob Morane", False)])
        public_team(world.beta, [("Cléo Durand", True)])
    return world


def demo_day_event(world, *, is_public=True, days=7, title="Demo day de la promotion", **values):
    """A one-day demo day `days` after the world's now, 9:00 to 18:00 Paris time, saved by staff."""
    day = timezone.localdate(world.now) + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    fields = {
        "kind": Event.Kind.DEMO_DAY,
        "title": title,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=9),
        "place": "Ségur, amphithéâtre",
        "audiences": [Event.Audience.FELLOWS, Event.Audience.MENTORS, Event.Audience.HOSTS],
        "is_public": is_public,
    }
    return save_event(world.promotion, by=world.staff, **(fields | values))


def at(event, hour, minute=0):
    """An instant of the event's first day, Paris time."""
    day = timezone.localdate(event.starts_at)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def published_deliverable(challenge, *, kind=Deliverable.Kind.REPOSITORY, title="Dépôt du service", **values):
    """A deliverable staff published, with the achievement it became on the challenge's page."""
    url = values.pop("url", f"https://code.example/{challenge.slug}/{next(_numbers)}")
    title_en = values.pop("title_en", "")
    achievement = Achievement.objects.create(challenge=challenge, title_fr=title, title_en=title_en, url=url)
    return Deliverable.objects.create(
        challenge=challenge,
        kind=kind,
        title_fr=title,
        title_en=title_en,
        url=url,
        status=Deliverable.Status.PUBLISHED,
        published_at=timezone.now(),
        achievement=achievement,
        **values,
    )


def handover_outcome(challenge, outcome=Handover.Outcome.CONTINUED, *, reason_fr="", reason_en="", **values):
    handover, _created = Handover.objects.get_or_create(challenge=challenge)
    handover.outcome = outcome
    handover.outcome_reason_fr = reason_fr
    handover.outcome_reason_en = reason_en
    handover.outcome_at = timezone.now()
    for name, value in values.items():
        setattr(handover, name, value)
    handover.save()
    return handover


def add_team(world, *, title=None, with_everything=True) -> Challenge:
    """One more team of the world's promotion: a challenge in progress with an active fellow (public
    profile); with_everything: an achievement, a demo video, a sourced figure, a handover outcome."""
    n = next(_numbers)
    title = title or f"Équipe {n}"
    challenge = ChallengeFactory(
        title=title,
        slug=f"equipe-{n}",
        promotion=world.promotion,
        administration=AdministrationFactory(name=f"Administration {n}", slug=f"administration-{n}"),
        status=Challenge.Status.IN_PROGRESS,
        videos=[f"https://video.example/{n}"],
    )
    user = UserFactory(email=f"fellow{n}@closing.example")
    Fellow.objects.create(
        promotion=world.promotion,
        challenge=challenge,
        user=user,
        name=f"Personne {n}",
        status=Fellow.Status.ACTIVE,
        start_date=world.now.date(),
        started_on=world.now.date(),
    )
    public_team(challenge, [(f"Personne {n}", True)])
    if with_everything:
        published_deliverable(challenge, title=f"Dépôt {n}")
        published_deliverable(challenge, kind=Deliverable.Kind.DEMO, title=f"Vidéo du demo day {n}")
        KeyFigureFactory(challenge=challenge, amount="12", description="administrations utilisatrices")
        handover_outcome(challenge, reason_fr="Reprise par la direction.", reason_en="Taken over by the department.")
    return challenge
