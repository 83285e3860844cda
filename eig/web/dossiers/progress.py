"""What a step page shows of a dossier, whoever fills it: the step links, whether it is still
editable, its files. Reads only; the state changes are eig.calls services."""

from dataclasses import dataclass, field

from eig.calls.models import Dossier, Question
from eig.files.models import StoredFile


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
    ids = {a.question.key: a.value for a in dossier.answers.filter(question__key__in=keys).select_related("question")}
    stored = {str(f.public_id): f for f in StoredFile.objects.filter(public_id__in=[v for v in ids.values() if v])}
    return {key: stored[value] for key, value in ids.items() if value in stored}
