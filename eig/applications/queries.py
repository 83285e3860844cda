"""Shared reads of wishes and of the positions a call offers."""

from eig.calls.models import Call
from eig.challenges.models import Challenge, Position

# A position can be wished for once its challenge is selected and recruiting.
OFFERED_STATUSES = [Challenge.Status.SELECTED, Challenge.Status.RECRUITING]


def offered_positions(call: Call):
    return (
        Position.objects.filter(challenge__promotion_id=call.promotion_id, challenge__status__in=OFFERED_STATUSES)
        .select_related("challenge__administration", "profile")
        .order_by("challenge__title", "order", "pk")
    )


def wishes_of(dossier):
    return list(dossier.wishes.select_related("position__challenge", "position__profile").order_by("rank"))


def wishes_in_dossier(call: Call) -> bool:
    return call.kind == Call.Kind.APPLICATIONS and call.wishes_mode == Call.WishesMode.WITH_DOSSIER
