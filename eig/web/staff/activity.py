"""The activity log of a dossier, in words the programme team reads.

Each verb's label comes from the one registry (eig.core.activity), where the app that logs it
declared it: no list of labels of its own here.
"""

from dataclasses import dataclass

from eig.core.activity import verb_label


@dataclass(frozen=True)
class Entry:
    at: object
    verb: str
    label: str
    actor: str
    details: str


def describe(entry) -> Entry:
    details = " ; ".join(f"{key} : {value}" for key, value in sorted((entry.data or {}).items()) if value != [])
    actor = entry.actor.email if entry.actor else ""
    return Entry(entry.at, entry.verb, verb_label(entry.verb), actor, details)
