"""What a dossier page shows of a dossier, whoever fills it: its steps as links, whether the call
still lets it change, its files. Reads only; the state changes are eig.calls services."""

from dataclasses import dataclass, field

from eig.calls.models import Dossier, Question
from eig.calls.navigation import Steps
from eig.calls.states import DOSSIER


@dataclass
class StepLink:
    slug: str
    title: str
    url: str
    complete: bool = False
    missing: list = field(default_factory=list)


def links(space, dossier: Dossier, steps: Steps) -> list[StepLink]:
    """The dossier's steps (eig.calls.navigation) as links of this audience's pages."""
    return [
        StepLink(s.slug, s.title, space.step_url(dossier, s), complete=s.complete, missing=list(s.missing))
        for s in steps
    ]


def is_editable(dossier: Dossier, now=None) -> bool:
    """The dossier's answers may change: not withdrawn (its state table), and its call open."""
    return DOSSIER.is_in(dossier.status, "editable") and dossier.call.is_open(now)


def files_of(dossier: Dossier, questions) -> dict:
    """{question key: StoredFile} for the file questions answered among these."""
    keys = {q.key for q in questions if q.kind == Question.Kind.FILE}
    if not keys:
        return {}
    # Through the answer's own link to its file (attach_file sets it), in one query.
    answers = dossier.answers.filter(question__key__in=keys, stored_file__isnull=False)
    return {a.question.key: a.stored_file for a in answers.select_related("question", "stored_file")}
