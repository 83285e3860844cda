"""« The answers as submitted »: what every reader of a dossier sees.

Staff, reviewers, jurors, the exports and the PDFs judge what the candidate (or the
administration) submitted, never the live draft: a dossier that was submitted reads
from its latest DossierVersion. Edits made since then stay a draft until the next
submit; readers are told such a draft exists (`has_newer_draft`), not what it says.
A dossier never submitted (or a test's dossier without any version) reads its live answers.
How each answer then reads (its words, in every page and document): display.py. Each answer is
labelled with the wording its question had when the version was submitted (wording.py: a fix
made after the call opened never rewrites what a candidate answered).
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef

from eig.files.models import StoredFile

from .models import Answer, ComplementRequest, Dossier, DossierVersion, Question
from .services import answers_of, questions_of, snapshot
from .wording import worded


@dataclass(frozen=True)
class Submitted:
    answers: dict[int, object]  # {question id: value}, the shape the renderers read
    files: dict[str, StoredFile] = field(default_factory=dict)  # {public id: file} of the file answers
    version: DossierVersion | None = None  # None: never submitted, the live answers are shown
    has_newer_draft: bool = False  # the live answers differ from the version shown
    # The call's questions worded as when the version was submitted (wording.py): label the answers with these.
    questions: list[Question] = field(default_factory=list)


def has_newer_draft(dossier: Dossier, version: DossierVersion | None, questions=None, answers=None) -> bool:
    """The live answers (and sections) differ from `version`, the dossier's latest: the digest
    submit_dossier computed, over the same canonical content, tells. No version: nothing to compare."""
    if version is None:
        return False
    questions = questions_of(dossier.call) if questions is None else questions
    answers = answers_of(dossier) if answers is None else answers  # {question key: value}
    return snapshot(dossier, questions, answers)[1] != version.digest


def latest_versions(dossiers) -> dict[int, DossierVersion]:
    """{dossier id: its latest version} for a queryset (or list of ids) of dossiers, in one query.

    `Dossier.version` is the number of its latest version (submit_dossier raises both together).
    """
    ids = dossiers.order_by().values("pk") if hasattr(dossiers, "values") else list(dossiers)
    versions = DossierVersion.objects.filter(dossier__in=ids, number=F("dossier__version")).annotate(
        owner_id=F("dossier__owner_id")
    )
    return {v.dossier_id: v for v in versions.iterator(chunk_size=2000)}


def _by_question(questions, content: dict) -> dict[int, object]:
    given = content.get("answers") or {}
    return {q.pk: given.get(q.key) for q in questions if given.get(q.key) is not None}


def file_ids(questions, answers: dict[int, object]) -> set[uuid.UUID]:
    """The public ids of the stored files these answers {question id: value} point at (malformed ids left out)."""
    file_questions = {q.pk for q in questions if q.kind == Question.Kind.FILE}
    found = set()
    for question_id, value in answers.items():
        if question_id in file_questions and value:
            try:
                found.add(uuid.UUID(str(value)))
            except ValueError:  # a malformed id resolves to nothing
                continue
    return found


def _files(pairs) -> dict[int, dict[str, StoredFile]]:
    """{dossier id: {public id: file}} for [(dossier id, owner id, public ids)], in one query.

    A file resolves only when it belongs to the dossier's owner (attach_file stores every
    upload under the dossier's owner): a version's text never reaches another person's file.
    """
    pairs = [p for p in pairs if p[2]]
    if not pairs:
        return {}
    wanted = set().union(*(ids for _d, _o, ids in pairs))
    stored = {f.public_id: f for f in StoredFile.objects.filter(public_id__in=list(wanted))}
    found: dict[int, dict[str, StoredFile]] = {}
    for dossier_id, owner_id, ids in pairs:
        for public_id in ids:
            file = stored.get(public_id)
            if file is not None and file.owner_id == owner_id:
                found.setdefault(dossier_id, {})[str(public_id)] = file
    return found


def files_of(dossier: Dossier, questions, answers: dict[int, object]) -> dict[str, StoredFile]:
    """{public id: file} of these answers {question id: value} of `dossier`, owner-checked, in one query."""
    return _files([(dossier.pk, dossier.owner_id, file_ids(questions, answers))]).get(dossier.pk, {})


def version_answers(version: DossierVersion, questions) -> dict[int, object]:
    """{question id: value} of a submitted version, for today's questions of its call (by key)."""
    return _by_question(questions, version.content)


def submitted_answers(dossier: Dossier, questions=None) -> Submitted:
    """The dossier as its readers see it: the latest submitted version, and whether a newer draft exists.

    `questions`: every question of the dossier's call (questions_of), when the caller has them.
    """
    questions = questions_of(dossier.call) if questions is None else questions
    live = {a.question_id: a.value for a in Answer.objects.filter(dossier=dossier)}
    version = dossier.versions.order_by("-number").first()
    if version is None:
        answers, newer = live, False
    else:
        answers = version_answers(version, questions)
        newer = has_newer_draft(dossier, version, questions, {q.key: live.get(q.pk) for q in questions})
    files = files_of(dossier, questions, answers)
    shown = worded(questions, version.submitted_at if version is not None else None)
    return Submitted(answers=answers, files=files, version=version, has_newer_draft=newer, questions=shown)


def submitted_answers_by_dossier(dossiers, questions) -> tuple[dict[int, dict[int, object]], dict[int, dict]]:
    """({dossier id: {question id: value}}, {dossier id: {public id: file}}) for a queryset of dossiers.

    Three queries whatever their number: the latest versions, the live answers of the
    dossiers never submitted, the files. No `has_newer_draft` here: lists and exports show the version.
    """
    versions = latest_versions(dossiers)
    found = {dossier_id: _by_question(questions, v.content) for dossier_id, v in versions.items()}
    owners = {dossier_id: v.owner_id for dossier_id, v in versions.items()}
    drafts = Answer.objects.filter(dossier__in=dossiers.order_by().values("pk")).exclude(
        Exists(DossierVersion.objects.filter(dossier=OuterRef("dossier_id"), number=OuterRef("dossier__version")))
    )
    rows = drafts.values_list("dossier_id", "dossier__owner_id", "question_id", "value")
    for dossier_id, owner_id, question_id, value in rows.iterator(chunk_size=2000):
        found.setdefault(dossier_id, {})[question_id] = value
        owners[dossier_id] = owner_id
    files = _files([(d, owners.get(d), file_ids(questions, answers)) for d, answers in found.items()])
    return found, files


def dossiers_holding(stored_file: StoredFile) -> set[int]:
    """The dossiers a file belongs to, for the download rules of their readers: the dossier whose
    live answer links it (attach_file), or one of its owner's dossiers whose latest submitted
    version names it in a file question — a file replaced after submitting is still the one
    judged, and its readers must still open it. Only the owner's own dossiers are looked at: a
    version's text never reaches another person's file (security review F6)."""
    held = set(Answer.objects.filter(stored_file=stored_file).values_list("dossier_id", flat=True))
    # A document given in answer to a request for complement (complements.py) is read with its dossier.
    held |= set(ComplementRequest.objects.filter(answer_file=stored_file).values_list("dossier_id", flat=True))
    versions = latest_versions(Dossier.objects.filter(owner_id=stored_file.owner_id, version__gt=0))
    if not versions:
        return held
    calls = dict(Dossier.objects.filter(pk__in=list(versions)).values_list("pk", "call_id"))
    file_keys: dict[int, set[str]] = {}
    for call_id, key in Question.objects.filter(
        step__call_id__in=set(calls.values()), kind=Question.Kind.FILE
    ).values_list("step__call_id", "key"):
        file_keys.setdefault(call_id, set()).add(key)
    wanted = str(stored_file.public_id)
    for dossier_id, version in versions.items():
        given = version.content.get("answers") or {}
        if any(str(given.get(key) or "") == wanted for key in file_keys.get(calls[dossier_id], ())):
            held.add(dossier_id)
    return held
