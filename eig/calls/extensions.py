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
