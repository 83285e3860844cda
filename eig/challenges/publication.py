"""What keeps a challenge off the public pages besides its status: holds that higher apps register.

A challenge is public when its status says so (Challenge.PUBLIC_STATUSES), its promotion is
published, and no registered hold keeps it back. A hold is a function returning a `Q` over
Challenge that matches the challenges it holds back; the apps that know why register one in
their AppConfig.ready() (this app cannot import them: eig.proposals sits above it). Today:
eig/proposals/hooks.py `awaiting_approval` (a challenge selected from a call for challenges
waits for the approvers: docs/setting-up-a-year.md, « Challenge validation »).

`not_held_back(prefix)` is the one filter every public read applies, through
eig.challenges.queries.public_q (challenges, their positions, their achievements…). It adds no
query: the holds become one subquery of the read.
"""

from collections.abc import Callable

from django.db.models import Q

from .models import Challenge

_holds: list[Callable[[], Q]] = []


def register_hold(hold: Callable[[], Q]) -> Callable[[], Q]:
    """Declare a hold (usable as a decorator); registering the same function twice keeps one."""
    if hold not in _holds:
        _holds.append(hold)
    return hold


def holds() -> tuple[Callable[[], Q], ...]:
    return tuple(_holds)


def not_held_back(prefix: str = "") -> Q:
    """A filter keeping the challenges no hold keeps back; `prefix` reaches the challenge from
    another model ("challenge__" from a Position)."""
    if not _holds:
        return Q()
    held = Q()
    for hold in _holds:
        held |= hold()
    return ~Q(**{f"{prefix}pk__in": Challenge.objects.filter(held).values("pk")})
