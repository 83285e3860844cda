"""One reading of an answer: what people see of it, on every page and in every document.

A dossier's answer is read by the programme team, reviewers and jurors (pages), printed
(the receipt, the proposal's PDF for the jury), exported (CSV/XLSX) and given back to its
author (the personal-data export). `shown` is the one reading they all start from, so an
answer reads the same words everywhere:

- a choice reads its label in the active language, never its stored value (a value no longer
  offered reads as is); a question's label too (modeltranslation, French where no English);
- yes/no reads « Oui » / « Non »; a declaration « Déclaré sur l'honneur » / « Non déclaré »;
- a date reads in the active language (« 3 mars 2024 », « March 3, 2024 »: DATE_FORMAT);
- a table reads as rows under its columns' labels (in one string: one line per row,
  « Nom : Camille ; Fonction : Cheffe de projet », empty cells left out);
- a file reads its name and size (« cv.pdf (120,0 Kio) », Django's filesizeformat); a
  file that cannot be found reads « Fichier introuvable »;
- an empty answer has no words: pages and documents print « Non renseigné » in its place
  (templates/dossiers/_answer.html, templates/pdf/_answer.html), a spreadsheet cell stays
  empty, the personal-data export says null.

The styles only shape those words for their output:

- `Style.SCREEN` and `Style.PDF`: a `Shown` the templates render (text, table, file with its
  download link data);
- `Style.TEXT`: one string (a spreadsheet cell);
- `Style.DATA`: JSON-ready (the personal-data export): the text, a list of labels for a
  multiple choice, a list of {column label: cell} for a table, None when empty.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _

from eig.files.models import StoredFile

from .models import Question


class Style(StrEnum):
    SCREEN = "screen"  # HTML pages
    PDF = "pdf"  # printed documents
    TEXT = "text"  # CSV/XLSX cells
    DATA = "data"  # the personal-data export (JSON)


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the columns' labels, in the columns' order
    rows: list[list[str]]  # one list of cells per row, under `columns`

    def lines(self) -> list[str]:
        """One line per row: « Nom : Camille ; Fonction : Cheffe de projet », empty cells left out."""
        return [
            " ; ".join(f"{label} : {cell}" for label, cell in zip(self.columns, row, strict=True) if cell)
            for row in self.rows
        ]


@dataclass(frozen=True)
class FileShown:
    name: str  # as uploaded
    size: str  # « 120,0 Kio » (filesizeformat, in the active language)
    url: str  # its download link (the download view checks who may read it)
    is_servable: bool  # the antivirus cleared it: the link may be offered
    scan: str  # the antivirus status, as words (« en cours d'analyse »)

    @property
    def text(self) -> str:
        return f"{self.name} ({self.size})"


@dataclass(frozen=True)
class Shown:
    """An answer as people see it; `text` is its words in every style ("" when it was left empty)."""

    question: Question | None  # None: an answer kept by a version whose question was removed since
    text: str = ""
    table: Table | None = None
    file: FileShown | None = None
    missing_file: bool = False  # a file answer whose stored file cannot be found
    key: str = ""  # without a question: the key the version kept it under

    @property
    def label(self) -> str:
        return self.question.label if self.question is not None else self.key

    @property
    def is_empty(self) -> bool:
        return not self.text


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _labels(question: Question) -> dict[str, str]:
    return {str(value): str(label) for value, label in question.labelled_choices()}


def _date(value) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:  # not an ISO date (an answer stored before the rule): as it is
        return str(value)


def _table(question: Question, value) -> Table:
    columns = [(str(key), str(label)) for key, label in question.labelled_choices()]
    rows = [
        [str(row.get(key) or "") for key, _label in columns]
        for row in (value if isinstance(value, list) else [])
        if isinstance(row, dict)
    ]
    return Table(columns=[label for _key, label in columns], rows=[row for row in rows if any(row)])


def _file(stored: StoredFile) -> FileShown:
    return FileShown(
        name=stored.original_name,
        size=filesizeformat(stored.size),
        url=stored.get_absolute_url(),
        is_servable=stored.is_servable,
        scan=str(stored.get_scan_status_display()),
    )


def _choices(question: Question, value) -> list[str]:
    labels = _labels(question)
    return [labels.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value])]


def shown(question: Question, value, files: dict[str, StoredFile] | None = None) -> Shown:
    """The one reading of `value`, the answer to `question`; `files`: {public id: StoredFile}
    of the dossier (eig.calls.reading resolved them, owner-checked)."""
    if _is_empty(value):
        return Shown(question)
    kind = question.kind
    if kind == Question.Kind.FILE:
        stored = (files or {}).get(str(value))
        if stored is None:
            return Shown(question, text=_("Fichier introuvable"), missing_file=True)
        file = _file(stored)
        return Shown(question, text=file.text, file=file)
    if kind == Question.Kind.TABLE:
        table = _table(question, value)
        return Shown(question, text="\n".join(table.lines()), table=table) if table.rows else Shown(question)
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        return Shown(question, text=", ".join(_choices(question, value)))
    if kind == Question.Kind.YES_NO:
        return Shown(question, text=_("Oui") if value is True else _("Non"))
    if kind == Question.Kind.DECLARATION:
        return Shown(question, text=_("Déclaré sur l'honneur") if value is True else _("Non déclaré"))
    if kind == Question.Kind.DATE:
        return Shown(question, text=_date(value))
    return Shown(question, text=str(value))


def shown_without_question(key: str, value) -> Shown:
    """An answer a submitted version keeps for a question removed from the form since."""
    if _is_empty(value):
        return Shown(None, key=key)
    if isinstance(value, bool):
        return Shown(None, text=_("Oui") if value else _("Non"), key=key)
    if isinstance(value, list):
        return Shown(None, text=", ".join(str(v) for v in value), key=key)
    return Shown(None, text=str(value), key=key)


def display(question: Question, value, files: dict[str, StoredFile] | None = None, style: Style = Style.SCREEN):
    """The answer in `style` (see the module's docstring): the same words in every style."""
    answer = shown(question, value, files)
    if style in (Style.SCREEN, Style.PDF):
        return answer
    if style == Style.TEXT:
        return answer.text
    if answer.is_empty:
        return None
    if answer.table is not None:
        return [dict(zip(answer.table.columns, row, strict=True)) for row in answer.table.rows]
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return _choices(question, value)
    return answer.text


def answer_steps(questions, answers: dict, files: dict[str, StoredFile] | None = None) -> list[dict]:
    """[{"step", "answers": [Shown]}] in the form's order, for pages and documents alike.

    `questions`: ordered by step (questions_of); `answers`: {question id: value}, as
    eig.calls.reading gives them; `files`: the dossier's files it resolved.
    """
    return [
        {"step": step, "answers": [shown(q, answers.get(q.pk), files) for q in step_questions]}
        for step, step_questions in groupby(questions, key=lambda q: q.step)
    ]
