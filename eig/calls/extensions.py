"""Sections of a dossier that live outside its questions.

The dossier engine knows questions; a later app may add a section of its own
(the ranked wishes of `eig.applications`) that the checklist must name and the
submitted version must freeze. It registers a `Section` once, in its
AppConfig.ready(); the engine asks every section of the dossier's call.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str  # the key of its content in a submitted version
    applies: Callable[[object], bool]  # call -> does this call have the section?
    missing: Callable[[object], list[str]]  # dossier -> French checklist items
    content: Callable[[object], object]  # dossier -> JSON-ready content to freeze


_sections: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    _sections[section.key] = section
    return section


def sections_for(call) -> list[Section]:
    return [s for s in _sections.values() if s.applies(call)]


# Locks: a later app may freeze a dossier for reasons of its own (a proposal whose
# selection has started). Each lock returns a French message when the dossier is
# frozen, else None; the engine refuses edits and submits while any lock speaks.
_locks: list = []


def register_lock(lock):
    if lock not in _locks:
        _locks.append(lock)
    return lock


def lock_message(dossier) -> str | None:
    return next((message for lock in _locks if (message := lock(dossier))), None)
