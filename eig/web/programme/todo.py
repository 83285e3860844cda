"""What a person has to do in the programme: the registry « Mon programme » reads.

Each part of the ten months (onboarding, retrospectives, events…) registers, from its own views
module at import, a function `fn(user, today) -> list[Todo]` giving the person's items (an empty
list when it has nothing for them). The home page (`programme:home`) lists every item of every
registered part, in the order the parts registered, so a part adds its to-dos without the home
page knowing it.

    from .todo import Todo, register_todo

    @register_todo
    def onboarding_todos(user, today):
        return [Todo(_("Compléter ma liste d'arrivée"), reverse(...), kind="onboarding")]
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

TodoSource = Callable[[object, datetime.date], list["Todo"]]

_SOURCES: list[TodoSource] = []


@dataclass(frozen=True)
class Todo:
    """One thing to do: its French label, the page where it is done, and its part (« onboarding »…)."""

    label: str
    url: str
    kind: str = ""
    # An optional French detail shown under the label (a deadline, a week…).
    detail: str = ""


def register_todo(fn: TodoSource) -> TodoSource:
    """Add a part's to-do function (once, even if its module is imported twice); usable as a decorator."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def registered() -> tuple[TodoSource, ...]:
    return tuple(_SOURCES)


def todos_for(user, today: datetime.date) -> list[Todo]:
    """Every registered part's items for the person, part by part."""
    if not (user and user.is_authenticated):
        return []
    items: list[Todo] = []
    for source in _SOURCES:
        items.extend(source(user, today) or [])
    return items
