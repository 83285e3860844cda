"""Alumni worlds for tests, on programme_world() (tests/factories/programme.py).

    world = programme_world()
    finish(world, "ada", "cleo")            # through eig.programme.fellows.finish
    close(world)                            # a Closing and the `promotion_closed` signal, as
                                            # eig.results sends it (the alumni app hears it)
    ada = alumnus(world, "ada", listed=True, skills="données")   # written directly (ORM)
    grid = open_grid()                      # an open evaluation grid of a closed call
    jury = a_jury()                         # a jury with its charter, results not published

The alumni made directly keep their Fellow finished, as closing would leave it.
"""

import datetime
import itertools

from django.utils import timezone

from eig.accounts.models import Role
from eig.alumni.models import Alumnus
from eig.calls.models import Dossier
from eig.community.models import Membership, Person
from eig.juries.models import CHALLENGE_FORMAT, Jury
from eig.programme import fellows
from eig.programme.models import Fellow
from eig.results.models import Closing
from eig.results.signals import promotion_closed
from eig.selection.models import Offer, SelectionRun
from tests.factories import PositionFactory, UserFactory, profile
from tests.factories.juries import CHARTER, jury_call
from tests.factories.reviews import closed_call, grid_of

_numbers = itertools.count(1)


def finish(world, *keys, on: datetime.date | None = None):
    """The fellows (keys of programme_world) finish the programme (started ones only)."""
    on = on or timezone.localdate()
    return [fellows.finish(world.fellows[key], on=on, by=world.staff) for key in keys]


def close(world, *, by=None) -> Closing:
    """The promotion closes: what eig.results' close_promotion tells the apps above it."""
    closing, _created = Closing.objects.get_or_create(
        promotion=world.promotion, defaults={"closed_at": timezone.now(), "closed_by": by or world.staff}
    )
    promotion_closed.send(sender=Closing, closing=closing, by=by or world.staff)
    return closing


def alumnus(world, key, **fields) -> Alumnus:
    """The fellow `key` of programme_world, finished and made an alumnus directly."""
    fellow = world.fellows[key]
    Fellow.objects.filter(pk=fellow.pk).update(status=Fellow.Status.FINISHED)
    fellow.refresh_from_db()
    return Alumnus.objects.create(
        user=fellow.user,
        fellow=fellow,
        promotion=fellow.promotion,
        challenge=fellow.challenge,
        name=fellow.name,
        listed_at=timezone.now() if fields.get("listed") else None,
        **fields,
    )


def more_alumni(world, count: int, *, listed: bool = True, challenge=None, **fields) -> list[Alumnus]:
    """`count` other alumni of the promotion (a fellow account each), listed by default."""
    made = []
    for _ in range(count):
        n = next(_numbers)
        user = UserFactory(
            email=f"ancien{n}@alumni.example", first_name="Ancien", last_name=f"N{n}", roles=[Role.FELLOW.value]
        )
        fellow = Fellow.objects.create(
            promotion=world.promotion,
            challenge=challenge or world.alpha,
            user=user,
            name=f"Ancien N{n}",
            status=Fellow.Status.FINISHED,
        )
        made.append(
            Alumnus.objects.create(
                user=user,
                fellow=fellow,
                promotion=world.promotion,
                challenge=fellow.challenge,
                name=fellow.name,
                listed=listed,
                listed_at=timezone.now() if listed else None,
                **fields,
            )
        )
    return made


def published_offer(world, key) -> Person:
    """What publishing the promotion leaves for the fellow `key`: their accepted offer holding the
    community profile it created (`Offer.person`) with the team's Membership (written directly:
    eig.selection has its own tests)."""
    fellow = world.fellows[key]
    n = next(_numbers)
    call = closed_call(positions=0, slug=f"appel-publie-{n}", dossier_prefix=f"PU{n}", title=f"Appel publié {n}")
    run = SelectionRun.objects.create(call=call, mode="optimal", status="optimal", state=SelectionRun.State.APPROVED)
    dossier = Dossier.objects.create(call=call, owner=fellow.user, number=f"PU{n}-00001")
    position = PositionFactory(challenge=fellow.challenge, profile=profile("dev"))
    person = Person.objects.create(name=fellow.name, slug=f"personne-publiee-{n}", role=Person.Role.FELLOW)
    person.promotions.add(world.promotion)
    Membership.objects.create(person=person, challenge=fellow.challenge, role=Membership.Role.FELLOW)
    offer = Offer.objects.create(
        run=run,
        dossier=dossier,
        position=position,
        status=Offer.Status.ACCEPTED,
        deadline=timezone.now(),
        public_profile=True,
        person=person,
    )
    Fellow.objects.filter(pk=fellow.pk).update(offer=offer)
    fellow.refresh_from_db()
    return person


def open_grid():
    """An evaluation grid open now (its call closed yesterday)."""
    n = next(_numbers)
    return grid_of(closed_call(slug=f"appel-anciens-{n}", dossier_prefix=f"AN{n}", title=f"Appel aux anciens {n}"))


def a_jury() -> Jury:
    """A jury of a call for challenges, with its charter; results not published."""
    call = jury_call()
    return Jury.objects.create(
        call=call,
        kind=Jury.Kind.CHALLENGES,
        title=f"Jury des défis {call.slug}",
        audition_format=CHALLENGE_FORMAT,
        charter=CHARTER,
    )
