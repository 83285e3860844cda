"""A call for challenges whose jury selected challenges that staff validated, for the tests of
their validation by the approvers (eig/proposals/approval.py).

    world = selected_call()  # « Alpha » (DINUM: dev, data science) and « Bêta » (Ville de Lyon: design)

Each challenge is built as validate_proposal builds it (status « proposé », a validated proposal
of the call, its positions), without filling the dossier: the tests read the list, not the form.
The promotion is published; the call for applications of the same promotion is `world.applications`.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call, Dossier
from eig.challenges.models import Administration, Challenge
from eig.proposals.models import Proposal
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    PositionFactory,
    PromotionFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories import profile as profile_of
from tests.factories.calls import application_call

_numbers = itertools.count(1)

# title -> (administration, profiles of its positions)
SELECTED = {
    "Alpha": ("Direction interministérielle du numérique", ["dev", "datascience"]),
    "Bêta": ("Ville de Lyon", ["design"]),
}


@dataclass
class World:
    call: Call
    applications: Call
    challenges: dict[str, Challenge] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    staff: object = None
    approver: object = None


def challenge_call(promotion=None) -> Call:
    n = next(_numbers)
    now = timezone.now()
    return Call.objects.create(
        promotion=promotion or PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title=f"Appel à défis {n}",
        slug=f"appel-defis-validation-{n}",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        dossier_prefix=f"DV{n}",
    )


def validated_challenge(call: Call, title: str, administration_name: str, profiles, *, state=Proposal.State.VALIDATED):
    """A challenge of `call` as validate_proposal leaves it (and its proposal, in `state`)."""
    administration = Administration.objects.filter(name=administration_name).first() or AdministrationFactory(
        name=administration_name, slug=f"admin-{next(_numbers)}"
    )
    challenge = ChallengeFactory(
        promotion=call.promotion,
        administration=administration,
        title=title,
        status=Challenge.Status.PROPOSED,
        summary=f"Le résumé de {title}",
    )
    for order, code in enumerate(profiles):
        PositionFactory(challenge=challenge, profile=profile_of(code), order=order)
    dossier = Dossier.objects.create(
        call=call,
        owner=UserFactory(),
        number=f"{call.dossier_prefix}-{next(_numbers):05d}",
        status=Dossier.Status.SUBMITTED,
        shared=True,
    )
    proposal = Proposal.objects.create(dossier=dossier, administration=administration, state=state, challenge=challenge)
    return challenge, proposal


def selected_call(selected=None) -> World:
    call = challenge_call()
    world = World(
        call=call,
        applications=application_call(promotion=call.promotion, positions=0, slug=f"candidatures-{call.slug}"),
        staff=StaffFactory(),
        approver=UserFactory(roles=[Role.APPROVER.value]),
    )
    for title, (administration, profiles) in (selected or SELECTED).items():
        world.challenges[title], world.proposals[title] = validated_challenge(call, title, administration, profiles)
    return world
