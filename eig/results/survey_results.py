"""A survey's results, aggregated per question and per audience, with small groups hidden.

Pure functions: a list of questions (the survey's, `eig.calls.models.Question` or anything with
`key`, `kind`, `label`, `choices`, `min_value`, `max_value`) and a list of responses (anything with
`audience` and `answers` {question key: value}) in; plain dataclasses out. No query.

For each question, one group per audience asked and one for everyone (`ALL`):

- a choice, yes/no or declaration question: the count of each value (every value offered, in the
  form's order, even at 0); a number question: the count of each value (every integer of its
  range when it is a scale of at most eleven values, else the values given, in order) and the mean;
- a free-text question: its answers, sorted (the order of submission is no one's business);
- other kinds (email, date, file, table) are not aggregated.

**A group of fewer than `MIN_GROUP` answers is hidden**: it carries no count, no mean, no text,
and the page says « moins de 5 réponses : masqué ». The whole (`ALL`) is hidden too when what it
would reveal by subtraction — the hidden audiences taken together — is itself a small group (1 to
4 answers): the whole of a question answered by 7 fellows and 2 mentors would show the mentors' 2
answers as « whole minus fellows ».
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from eig.calls.models import Question
from eig.core.small_groups import MIN_GROUP, reveals_by_subtraction

ALL = "all"
# A number question whose range holds at most this many integers is a scale: every value is listed.
SCALE_MAX_VALUES = 11

Kind = Question.Kind
CHOICE_KINDS = {Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE}
BOOLEAN_KINDS = {Kind.YES_NO, Kind.DECLARATION}
TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.URL}


@dataclass(frozen=True)
class Count:
    value: str
    label: str
    count: int
    percent: int  # of the group's answers (a multiple choice's percents may add up to more than 100)


@dataclass(frozen=True)
class Group:
    audience: str  # an audience of the survey, or ALL
    label: str
    hidden: bool
    answers: int | None = None  # None when hidden: a hidden group says nothing, not even its size
    counts: tuple[Count, ...] = ()
    mean: float | None = None
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionResult:
    key: str
    label: str
    kind: str  # "counts", "texts" or "none" (not aggregated)
    has_mean: bool
    groups: tuple[Group, ...] = field(default_factory=tuple)

    def group(self, audience: str) -> Group | None:
        return next((g for g in self.groups if g.audience == audience), None)

    @property
    def shown(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if not g.hidden)


def percent(part: int, whole: int) -> int:
    """A whole percent, halves rounded up (12.5 → 13), as people read it."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def _answered(question, value) -> bool:
    if question.kind == Kind.DECLARATION:
        return value is True or value is False
    return not (value is None or value == "" or value == [])


def _is_scale(question) -> bool:
    low, high = question.min_value, question.max_value
    return low is not None and high is not None and 0 <= high - low < SCALE_MAX_VALUES


def _number(value) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _mean(numbers: list) -> float | None:
    return round(sum(numbers) / len(numbers), 2) if numbers else None


def _choice_values(question) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in question.labelled_choices()]  # in the active language


def _integer_choices(question) -> bool:
    """A single choice whose values are all integers (a 1–5 satisfaction scale): it has a mean."""
    values = _choice_values(question)
    return question.kind == Kind.SINGLE_CHOICE and bool(values) and all(_number(v) is not None for v, _l in values)


def _counts(question, values: list) -> tuple[tuple[Count, ...], float | None]:
    """The count of each value among these answers (all answered), and the mean when it has one."""
    total = len(values)

    def count(value, label, n) -> Count:
        return Count(value, label, n, percent(n, total))

    if question.kind in CHOICE_KINDS:
        offered = _choice_values(question)
        tally = dict.fromkeys((v for v, _l in offered), 0)
        for value in values:
            for chosen in value if isinstance(value, list) else [value]:
                if str(chosen) in tally:
                    tally[str(chosen)] += 1
        counts = tuple(count(v, label, tally[v]) for v, label in offered)
        mean = _mean([_number(v) for v in values]) if _integer_choices(question) else None
        return counts, mean
    if question.kind in BOOLEAN_KINDS:
        yes = sum(1 for v in values if v is True)
        return (count("true", _("Oui"), yes), count("false", _("Non"), total - yes)), None
    numbers = [n for n in (_number(v) for v in values) if n is not None]
    scale = range(question.min_value, question.max_value + 1) if _is_scale(question) else sorted(set(numbers))
    counts = tuple(count(str(v), str(v), sum(1 for n in numbers if n == v)) for v in scale)
    return counts, _mean(numbers)


def _kind(question) -> str:
    if question.kind in CHOICE_KINDS | BOOLEAN_KINDS | {Kind.NUMBER}:
        return "counts"
    if question.kind in TEXT_KINDS:
        return "texts"
    return "none"


def _group(question, kind: str, audience: str, label: str, values: list) -> Group:
    if len(values) < MIN_GROUP:
        return Group(audience, label, hidden=True)
    if kind == "texts":
        return Group(audience, label, hidden=False, answers=len(values), texts=tuple(sorted(str(v) for v in values)))
    counts, mean = _counts(question, values)
    return Group(audience, label, hidden=False, answers=len(values), counts=counts, mean=mean)


def aggregate_question(question, responses, audiences: list[tuple[str, str]]) -> QuestionResult:
    """One question's groups: one per audience (`audiences`: [(audience, label)] in order), then the whole."""
    kind = _kind(question)
    has_mean = kind == "counts" and (question.kind == Kind.NUMBER or _integer_choices(question))
    if kind == "none":
        return QuestionResult(question.key, question.label, kind, False)
    by_audience: dict[str, list] = {audience: [] for audience, _label in audiences}
    for response in responses:
        value = (response.answers or {}).get(question.key)
        if response.audience in by_audience and _answered(question, value):
            by_audience[response.audience].append(value)
    groups = [_group(question, kind, audience, label, by_audience[audience]) for audience, label in audiences]
    everyone = [value for audience, _label in audiences for value in by_audience[audience]]
    # What the whole would reveal by subtraction: the hidden audiences' answers together.
    behind = sum(len(by_audience[g.audience]) for g in groups if g.hidden)
    whole = _group(question, kind, ALL, _("Ensemble"), everyone)
    if reveals_by_subtraction(behind) and not whole.hidden:
        whole = Group(ALL, whole.label, hidden=True)
    return QuestionResult(question.key, question.label, kind, has_mean, (*groups, whole))


def aggregate(questions, responses, audiences: list[tuple[str, str]]) -> list[QuestionResult]:
    """Every question's result, in the questions' order."""
    responses = list(responses)
    return [aggregate_question(question, responses, audiences) for question in questions]
