"""How an answer reads for the programme team: choice labels, yes/no, files."""

import uuid
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext as _

from eig.calls import reading
from eig.calls.models import Question
from eig.files.models import StoredFile


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the columns' labels
    rows: list[list[str]]


@dataclass(frozen=True)
class ShownAnswer:
    question: Question
    text: str = ""  # the answer as text ("" when there is none or it is a file)
    file: StoredFile | None = None
    missing_file: bool = False  # a file answer whose stored file is gone
    table: Table | None = None  # a table answer, as rows under its columns' labels

    @property
    def is_empty(self) -> bool:
        return not self.text and self.file is None and not self.missing_file


def file_ids(questions, answer_maps) -> set[uuid.UUID]:
    """The public ids of the stored files these answers point at (malformed ids left out)."""
    return set().union(*(reading.file_ids(questions, answers) for answers in answer_maps))


def files_by_id(ids) -> dict[str, StoredFile]:
    """{public id as str: stored file}, in one query (none when there is nothing to read)."""
    if not ids:
        return {}
    return {str(f.public_id): f for f in StoredFile.objects.filter(public_id__in=list(ids))}


def _yes_no(value) -> str:
    return _("Oui") if value else _("Non")


def as_text(question: Question, value) -> str:
    """The answer as plain text (files aside), as a person reads it."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.kind
    labels = {str(v): str(label) for v, label in question.choices or []}
    if kind == Question.Kind.SINGLE_CHOICE:
        return labels.get(str(value), str(value))
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if kind in (Question.Kind.YES_NO, Question.Kind.DECLARATION):
        return _yes_no(value is True)
    if kind == Question.Kind.TABLE:
        # One line per row: « Nom : … ; Fonction : … » (exports, plain text).
        table = as_table(question, value)
        return "\n".join(
            " ; ".join(f"{label} : {cell}" for label, cell in zip(table.columns, row, strict=True) if cell)
            for row in table.rows
        )
    return str(value)


def as_table(question: Question, value) -> Table:
    """A table answer (rows of {column key: text}) under its columns' labels, in the columns' order."""
    columns = [(str(key), str(label)) for key, label in question.choices or []]
    rows = value if isinstance(value, list) else []
    return Table(
        columns=[label for _key, label in columns],
        rows=[[str(row.get(key) or "") for key, _label in columns] for row in rows if isinstance(row, dict)],
    )


def shown(question: Question, value, files: dict[str, StoredFile]) -> ShownAnswer:
    if question.kind == Question.Kind.FILE and value:
        stored = files.get(str(value))
        return ShownAnswer(question, file=stored, missing_file=stored is None)
    if question.kind == Question.Kind.TABLE and value:
        return ShownAnswer(question, text=as_text(question, value), table=as_table(question, value))
    return ShownAnswer(question, text=as_text(question, value))


def steps_of(questions, answers: dict, files: dict[str, StoredFile] | None = None) -> list[dict]:
    """[{"step", "answers": [ShownAnswer]}] in the form's order; `answers` is {question id: value}.

    `files`: the files already resolved for this dossier (eig.calls.reading), else read here.
    """
    files = files_by_id(file_ids(questions, [answers])) if files is None else files
    return [
        {"step": step, "answers": [shown(q, answers.get(q.pk), files) for q in step_questions]}
        for step, step_questions in groupby(questions, key=lambda q: q.step)
    ]
