"""Who may see what in the evaluation, read like the rulebook.

A reviewer sees a dossier only while it is assigned to them and they have no
conflict with it; they see the other reviewers' scores only from the grid's
reveal date. Evaluators must use two-factor authentication. Anything else
answers 404 (the views raise Http404 when these say no).
"""

from django.utils import timezone

# The rule lives with the accounts (the programme team and the admin need it too);
# re-exported for the callers that read it here.
from eig.accounts.two_factor import has_two_factor as has_two_factor

from .models import Assignment, Conflict, Reviewer


def active_seats(user):
    """The grids the person has accepted to review and not dropped out of."""
    if not (user and user.is_authenticated and user.is_active):
        return Reviewer.objects.none()
    return Reviewer.objects.filter(user=user, accepted_at__isnull=False, dropped_at__isnull=True)


def has_no_conflict(reviewer: Reviewer, dossier) -> bool:
    return not Conflict.objects.filter(reviewer=reviewer, dossier=dossier).exists()


def assignment_for(user, grid, dossier) -> Assignment | None:
    """The person's assignment to this dossier in this grid, if they may see it; else None."""
    seat = active_seats(user).filter(grid=grid).first()
    if seat is None:
        return None
    assignment = Assignment.objects.filter(reviewer=seat, dossier=dossier).select_related("reviewer__grid").first()
    if assignment is None or not has_no_conflict(seat, dossier):
        return None
    return assignment


def is_assigned_reviewer(user, dossier) -> bool:
    """Assigned to the dossier in some grid, without conflict."""
    seats = active_seats(user)
    return (
        Assignment.objects.filter(reviewer__in=seats, dossier=dossier)
        .exclude(reviewer__conflicts__dossier=dossier)
        .exists()
    )


def sees_other_scores(grid, now=None) -> bool:
    """Before the reveal date a reviewer scores alone (staff always see every score)."""
    return grid.is_revealed(now or timezone.now())
