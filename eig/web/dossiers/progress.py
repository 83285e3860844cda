"""What a step page shows of a dossier, whoever fills it: the step links, whether it is still
editable, its files. Reads only; the state changes are eig.calls services."""

from dataclasses import dataclass, field

from eig.calls.models import Dossier, Question


@dataclass
class StepLink:
    slug: str
    title: str
    url: str
    complete: bool = False
    missing: list = field(default_factory=list)


def is_editable(dossier: Dossier, now=None) -> bool:
    return dossier.status != Dossier.Status.WITHDRAWN and dossier.call.is_open(now)


def files_of(dossier: Dossier, questions) -> dict:
    """{question key: StoredFile} for the file questions answered among these."""
    keys = {q.key for q in questions if q.kind == Question.Kind.FILE}
    if not keys:
        return {}
    # Through the answer's own link to its file (attach_file sets it), in one query.
    answers = dossier.answers.filter(question__key__in=keys, stored_file__isnull=False)
    return {a.question.key: a.stored_file for a in answers.select_related("question", "stored_file")}
