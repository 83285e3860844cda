"""Who sees what in a jury, read like the rules.

A juror sees a dossier only after signing the charter, only if their panel hears
it, and never one they are in conflict with. Results stay hidden from candidates
and administrations until staff publish them. Anything else answers 404.
"""

from django.db.models import Exists, OuterRef

from .models import Audition, Juror, JurorConflict


def signed_seats(user):
    if not (user and user.is_authenticated and user.is_active):
        return Juror.objects.none()
    return Juror.objects.filter(user=user, charter_accepted_at__isnull=False)


def visible_auditions(user):
    """The auditions of the person's panels, minus their conflicts, once the charter is signed."""
    seats = signed_seats(user)
    conflicted = JurorConflict.objects.filter(juror__in=seats, dossier_id=OuterRef("dossier_id"))
    return (
        Audition.objects.filter(panel__members__juror__in=seats)
        .annotate(conflicted=Exists(conflicted))
        .filter(conflicted=False)
        .distinct()
    )
