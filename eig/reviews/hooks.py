"""What the evaluation adds to the file downloads: an assigned reviewer reads the dossier's files."""

from eig.files.permissions import register_download_checker


@register_download_checker
def is_assigned_reviewer_of_the_file(user, stored_file) -> bool:
    from eig.calls.models import Answer

    from .models import Assignment
    from .permissions import active_seats

    # Through the answer's link to the file (set by attach_file), never by matching answer text.
    dossiers = Answer.objects.filter(stored_file=stored_file).values("dossier")
    return (
        Assignment.objects.filter(reviewer__in=active_seats(user), dossier__in=dossiers)
        .exclude(reviewer__conflicts__dossier__in=dossiers)
        .exists()
    )
