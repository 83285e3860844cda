"""Evaluation worlds for tests: a closed call with submitted dossiers, a grid, seated reviewers."""

import datetime
import itertools

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.utils import timezone

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier, Question
from eig.reviews.defaults import CANDIDATE_JURY, install_grid
from eig.reviews.models import Reviewer

# with_totp lives beside StaffFactory (the programme team needs it too); re-exported here.
from tests.factories import TOTP_SECRET, UserFactory, with_totp
from tests.factories.calls import COMPLETE_ANSWERS, application_call

_numbers = itertools.count(1)


def closed_call(*, positions=2, **kwargs):
    """A call for applications that closed yesterday (its dossiers are ready for evaluation)."""
    now = timezone.now()
    kwargs.setdefault("opens_at", now - datetime.timedelta(days=40))
    kwargs.setdefault("closes_at", now - datetime.timedelta(days=1))
    return application_call(positions=positions, **kwargs)


def submitted_dossier(call, *, owner=None, first="Ada", last="Lovelace", answers=None, wishes=(), submitted_at=None):
    """A submitted dossier with the default answers (written directly: the dossier engine has its own tests)."""
    owner = owner or UserFactory(first_name=first, last_name=last)
    dossier = Dossier.objects.create(
        call=call,
        owner=owner,
        number=f"{call.dossier_prefix}-T{next(_numbers):05d}",
        status=Dossier.Status.SUBMITTED,
        submitted_at=submitted_at or call.closes_at - datetime.timedelta(days=1),
        version=1,
    )
    values = {key: value for step in COMPLETE_ANSWERS.values() for key, value in step.items()}
    values.update({"prenom": first, "nom": last}, **(answers or {}))
    questions = {q.key: q for q in Question.objects.filter(step__call=call)}
    Answer.objects.bulk_create(
        Answer(dossier=dossier, question=questions[k], value=v) for k, v in values.items() if k in questions
    )
    Wish.objects.bulk_create(Wish(dossier=dossier, position=p, rank=i) for i, p in enumerate(wishes, start=1))
    return dossier


def grid_of(call, spec=CANDIDATE_JURY, *, opens_at=None, closes_at=None, reveals_at=None, k=2, blind=False, mode=None):
    """The call's grid, open now by default, revealing scores at its close."""
    now = timezone.now()
    grid = install_grid(
        call,
        spec,
        opens_at=opens_at or now - datetime.timedelta(days=1),
        closes_at=closes_at or now + datetime.timedelta(days=10),
        reveals_at=reveals_at,
        k=k,
        blind=blind,
    )
    if mode:
        grid.mode = mode
        grid.save(update_fields=["mode"])
    return grid


def totp_code(secret=TOTP_SECRET) -> str:
    """The code the person's authenticator app shows now."""
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def seated_reviewer(grid, user=None, *, tags=(), capacity=20, totp=True) -> Reviewer:
    """A reviewer who accepted their invitation (and set up two-factor authentication)."""
    user = user or UserFactory(roles=[Role.REVIEWER])
    if not user.has_role(Role.REVIEWER):  # as accepting the invitation does
        user.roles = [*(user.roles or []), Role.REVIEWER.value]
        user.save(update_fields=["roles"])
    if totp:
        with_totp(user)
    return Reviewer.objects.create(
        grid=grid, email=user.email, user=user, tags=list(tags), capacity=capacity, accepted_at=timezone.now()
    )
