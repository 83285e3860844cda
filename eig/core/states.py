"""State tables: one per stateful model, read by its services, its views and its templates alike.

A model's `<app>/states.py` declares, next to the model's `TextChoices`:
- the allowed moves (`{to: {from, …}}`): services call `table.check_move(current, target)`
  and nothing else decides whether a move is allowed;
- the groups its readers ask about (`"editable"`, `"closed"`, `"decided"`…): a view asks
  `table.is_in(state, "editable")`, never lists states of its own;
- the DSFR badge colour of each state (info, success, warning, error, new): the label is the
  choice's own label, so a state reads the same on every page.

Templates read them through `{% load states %}` (eig/core/templatetags/states.py): given an
object, `table_for` finds its table, since each table knows the model and field its choices
belong to (`Dossier.Status` → `Dossier.status`). Core's AppConfig imports every app's
`states.py` at start-up, so a page finds a table its view never imported.
"""

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils.translation import gettext as _

from .errors import DomainError

BADGES = ("info", "success", "warning", "error", "new")


@dataclass(frozen=True)
class StateTable:
    choices: type[models.TextChoices]
    moves: Mapping[str, frozenset[str]]  # {target: {states it may be reached from}}
    badges: Mapping[str, str]
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self):
        known = set(self.choices.values)
        named = set(self.moves) | set().union(*self.moves.values(), *self.groups.values()) | set(self.badges)
        unknown = named - known
        if unknown:
            raise ValueError(f"{self.choices.__qualname__}: unknown states {sorted(unknown)}")
        missing = known - set(self.badges)
        if missing:
            raise ValueError(f"{self.choices.__qualname__}: no badge for {sorted(missing)}")
        wrong = {b for b in self.badges.values() if b not in BADGES}
        if wrong:
            raise ValueError(f"{self.choices.__qualname__}: unknown badges {sorted(wrong)}")

    @classmethod
    def build(cls, choices, *, moves: Mapping, badges: Mapping, groups: Mapping | None = None) -> "StateTable":
        table = cls(
            choices=choices,
            moves={str(to): frozenset(str(s) for s in froms) for to, froms in moves.items()},
            badges={str(state): badge for state, badge in badges.items()},
            groups={name: frozenset(str(s) for s in states) for name, states in (groups or {}).items()},
        )
        _TABLES[f"{choices.__module__}.{choices.__qualname__}"] = table
        return table

    @cached_property
    def model(self) -> type[models.Model] | None:
        """The model whose choices these are (`Dossier` for `Dossier.Status`), if they are nested in one."""
        *outer, _name = self.choices.__qualname__.split(".")
        found = sys.modules.get(self.choices.__module__)
        for name in outer:
            found = getattr(found, name, None)
        if isinstance(found, type) and issubclass(found, models.Model):
            return found
        return None

    @cached_property
    def state_field(self) -> str:
        """The name of the model's field holding the state (the one whose choices are these)."""
        values = set(self.choices.values)
        names = [
            f.name
            for f in (self.model._meta.get_fields() if self.model else ())
            if getattr(f, "choices", None) and {str(v) for v, _label in f.flatchoices} == values
        ]
        if len(names) != 1:
            raise LookupError(f"{self.choices.__qualname__}: no single model field holds these states ({names}).")
        return names[0]

    def state_of(self, obj) -> str:
        return str(getattr(obj, self.state_field))

    def label(self, state) -> str:
        return str(self.choices(state).label)

    def badge(self, state) -> str:
        return self.badges.get(str(state), "info")

    def group(self, name: str) -> frozenset[str]:
        return self.groups[name]

    def is_in(self, state, group: str) -> bool:
        return str(state) in self.groups[group]

    def can_move(self, current, target) -> bool:
        return str(current) in self.moves.get(str(target), frozenset())

    def sources(self, target) -> frozenset[str]:
        """The states `target` may be reached from (for a guarded UPDATE … WHERE state IN …)."""
        return self.moves.get(str(target), frozenset())

    def targets(self, current) -> list[str]:
        """The states reachable from `current`, in the choices' order."""
        return [s for s in self.choices.values if self.can_move(current, s)]

    def check_move(self, current, target, message=None) -> None:
        """Raise a French DomainError when the table does not allow current → target.

        `message`, when given, is what the person reads instead of the generic sentence (a service
        that knows why: « Ce dossier a été retiré : il ne peut plus être déposé. »)."""
        if not self.can_move(current, target):
            raise DomainError(
                message
                or _("Impossible de passer de « %(current)s » à « %(target)s ».")
                % {"current": self.label(current), "target": self.label(target)}
            )

    def rows(self) -> Iterable[dict]:
        """The table as documentation reads it: each state, its label, badge, groups and sources."""
        for state in self.choices.values:
            yield {
                "state": state,
                "label": self.label(state),
                "badge": self.badge(state),
                "groups": sorted(name for name, members in self.groups.items() if state in members),
                "from": sorted(self.sources(state)),
            }


# Every table built, by the dotted name of its choices (a module imported twice keeps one entry).
_TABLES: dict[str, StateTable] = {}


def tables() -> list[StateTable]:
    return list(_TABLES.values())


def table_for(obj) -> StateTable:
    """The table of a model instance (or model class): the one whose choices its model declares."""
    label = obj._meta.label_lower
    for table in _TABLES.values():
        if table.model is not None and table.model._meta.label_lower == label:
            return table
    raise LookupError(f"No state table for {label}: declare one in its app's states.py.")
