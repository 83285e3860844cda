"""The activity log: who changed what, and when, in words the programme team reads.

Every verb is declared once, with its French label, by the app whose services log it: each
app's `verbs.py` calls `register_verbs({...})`, and core imports those modules at start-up
(`CoreConfig.ready`, the way the admin discovers `admin.py`: core names no other app).
`log_activity` refuses a verb nobody declared, so a new verb cannot reach the log as a bare key
on the staff pages; `verb_label` is what every reader shows.
"""

import re
from collections.abc import Mapping

from django.utils.functional import Promise

from .models import ActivityLog

VERB_RE = re.compile(r"[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*")  # "<object>.<what happened>", snake case

_VERBS: dict[str, Promise | str] = {}


def register_verbs(verbs: Mapping[str, Promise | str]) -> Mapping[str, Promise | str]:
    """Declare an app's verbs with their French label (gettext_lazy); returns them unchanged."""
    for verb, label in verbs.items():
        if not VERB_RE.fullmatch(verb):
            raise ValueError(f"Activity verb {verb!r} is not '<object>.<what_happened>' in snake case.")
        if verb in _VERBS and str(_VERBS[verb]) != str(label):
            raise ValueError(f"Activity verb {verb!r} is already declared with another label.")
        _VERBS[verb] = label
    return verbs


def registered_verbs() -> frozenset[str]:
    return frozenset(_VERBS)


def verb_label(verb: str) -> str:
    """The French label of a verb; an entry older than its declaration keeps its key."""
    label = _VERBS.get(verb)
    return verb if label is None else str(label)


def log_activity(verb: str, target=None, *, actor=None, **data) -> ActivityLog:
    """Record a state change. Called by services, never by views."""
    if verb not in _VERBS:
        raise ValueError(f"Activity verb {verb!r} is not declared: add it with its French label to its app's verbs.py.")
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return ActivityLog.objects.create(verb=verb, target_type=target_type, target_id=target_id, actor=actor, data=data)
