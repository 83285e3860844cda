"""The words a question had at a given moment: what a submitted version was answered with.

Once a call has opened, the form builder (eig.calls.builder) lets the programme team fix only the
wording of a question (its label, its help, the labels of its choices), and each fix first keeps the
wording it replaces (QuestionWording, `replaced_at`). A question's wording at `moment` is then the
earliest wording replaced after `moment`, else today's: a version submitted on 3 March reads the
label it was answered with, whatever was corrected on 4 March.

The readers of a submitted version (the team's dossier page, the reviewers' and jurors' reading,
the receipt) label its answers with `worded(questions, version.submitted_at)`: one query for every
question of the call, whatever their number (`wordings_of`), then plain Python.
"""

import copy
import datetime
from collections.abc import Iterable, Mapping, Sequence

from .models import Question, QuestionWording

# The fields a wording fix may change, kept by QuestionWording (modeltranslation's columns).
WORDING_FIELDS = ("label_fr", "label_en", "help_text_fr", "help_text_en", "choices", "choices_en")


def wordings_of(questions: Iterable[Question]) -> dict[int, list[QuestionWording]]:
    """{question id: its past wordings, oldest replaced first}, in one query."""
    ids = [q.pk for q in questions]
    found: dict[int, list[QuestionWording]] = {}
    if not ids:
        return found
    for wording in QuestionWording.objects.filter(question_id__in=ids).order_by("replaced_at", "id"):
        found.setdefault(wording.question_id, []).append(wording)
    return found


def wording_at(
    question: Question,
    moment: datetime.datetime,
    wordings: Mapping[int, Sequence[QuestionWording]] | None = None,
) -> Question:
    """`question` as it read at `moment`: itself when no fix came after, else a copy carrying the
    words of the earliest wording replaced after `moment` (label, help, choices in both languages).

    `wordings`: wordings_of() for the call's questions, read once by the caller; without it, this
    question's wordings are read (one query).
    """
    past = wordings.get(question.pk, ()) if wordings is not None else wordings_of([question]).get(question.pk, ())
    earlier = next((w for w in past if w.replaced_at > moment), None)
    if earlier is None:
        return question
    worded = copy.copy(question)  # shares the step already read (select_related): no query
    worded.label_fr = earlier.label_fr
    worded.label_en = earlier.label_en or None  # empty: the French reads (modeltranslation's fallback)
    worded.help_text_fr = earlier.help_text_fr
    worded.help_text_en = earlier.help_text_en or None
    # A fix never changes the values (eig.calls.builder): only their labels are taken from the past.
    worded.choices = earlier.choices
    worded.choices_en = earlier.choices_en
    return worded


def worded(
    questions: Iterable[Question],
    moment: datetime.datetime | None,
    wordings: Mapping[int, Sequence[QuestionWording]] | None = None,
) -> list[Question]:
    """The questions as they read at `moment` (None: today's, no query), in the same order."""
    questions = list(questions)
    if moment is None:
        return questions
    wordings = wordings_of(questions) if wordings is None else wordings
    return [wording_at(question, moment, wordings) for question in questions]
