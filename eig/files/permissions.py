"""Who may download a stored file.

The owner and the programme team (is_staff, with a second factor) may; later apps extend the rule
by registering a checker (e.g. a reviewer assigned to the application that
holds the file):

    @register_download_checker
    def is_assigned_reviewer_of_the_file(user, stored_file) -> bool: ...
"""

from collections.abc import Callable

from eig.accounts.two_factor import has_two_factor

Checker = Callable[[object, object], bool]
_checkers: list[Checker] = []


def register_download_checker(checker: Checker) -> Checker:
    if checker not in _checkers:
        _checkers.append(checker)
    return checker


def unregister_download_checker(checker: Checker) -> None:
    if checker in _checkers:
        _checkers.remove(checker)


def is_owner(user, stored_file) -> bool:
    return stored_file.owner_id == user.pk


def is_programme_team(user, stored_file) -> bool:
    """The team reads every file, as its pages do: only with its second factor set up
    (docs/deployment.md, the second-factor rule)."""
    return user.is_staff and has_two_factor(user)


def can_download(user, stored_file) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_owner(user, stored_file) or is_programme_team(user, stored_file):
        return True
    return any(checker(user, stored_file) for checker in _checkers)
