"""Sections of a dossier that live outside its questions.

The dossier engine knows questions; a later app may add a section of its own
(the ranked wishes of `eig.applications`) that the checklist must name and the
submitted version must freeze, and that may have a step of its own among the
dossier's steps (eig.calls.navigation places it). It registers a `Section` once,
in its AppConfig.ready(); the engine asks every section of the dossier's call.

Registered today: the wishes (eig/applications/sections.py). Locks: the proposal
frozen once its selection has started (eig/proposals/hooks.py).
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass

# A section step's position after every step of questions.
LAST = sys.maxsize


@dataclass(frozen=True)
class SectionStep:
    """A section's own step in the dossier's steps; its page belongs to the audience that fills it."""

    slug: str
    title: str  # a lazy translation: read in the language of the page
    # dossier -> its index among the steps of questions (1: second; LAST: after them), or None when
    # this dossier has no such step (the wishes of a 2021-mode dossier before its wish window opens).
    position: Callable[[object], int | None]


@dataclass(frozen=True)
class Section:
    key: str  # the key of its content in a submitted version
    applies: Callable[[object], bool]  # call -> does this call have the section?
    missing: Callable[[object], list[str]]  # dossier -> French checklist items
    content: Callable[[object], object]  # dossier -> JSON-ready content to freeze
    step: SectionStep | None = None


_sections: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    _sections[section.key] = section
    return section


def registered_sections() -> list[Section]:
    return list(_sections.values())


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
