"""What the evaluation adds to the file downloads: an assigned reviewer reads the dossier's files."""

from eig.calls.reading import dossiers_holding
from eig.files.permissions import register_download_checker

from .models import Assignment
from .permissions import active_seats


@register_download_checker
def is_assigned_reviewer_of_the_file(user, stored_file) -> bool:
    # Through the answer's link to the file or the submitted version's (owner-checked), never by
    # matching answer text.
    dossiers = dossiers_holding(stored_file)
    return (
        Assignment.objects.filter(reviewer__in=active_seats(user), dossier__in=dossiers)
        .exclude(reviewer__conflicts__dossier__in=dossiers)
        .exists()
    )
