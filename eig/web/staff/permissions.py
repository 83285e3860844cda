"""Who may see the programme team's pages: the team (is_staff), nobody else.

Everyone else, signed in or not, gets 404: the staff area does not say it
exists (ARCHITECTURE.md, "an object a user may not see answers 404").
"""

from functools import wraps

from django.http import Http404


def is_programme_team(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_programme_team(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
