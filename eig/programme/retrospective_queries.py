"""Reads of the retrospectives and the signals, each in a fixed number of queries whatever the size.

- `my_weeks(fellow, now)`: the weeks a fellow owes, the current first, each with its retrospective;
- `team_weeks(user, challenge)`, `team_week_rows(...)`: a team's retrospectives the person may read
  (access.readable_retrospectives), week by week, with their submitted answers read by the kit
  (eig.calls.reading, eig.calls.display);
- `mood_lines(...)`: each fellow's state of mind over the last weeks (the page's small picture);
- `signals_of(promotion, state, kind)`, `logs_of(signals)`: the signals page, pending first, and
  each signal's activity log.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When

from eig.calls.display import Shown, answer_steps
from eig.calls.models import Call, Dossier
from eig.calls.reading import submitted_answers_by_dossier
from eig.calls.services import questions_of
from eig.core.models import ActivityLog

from .access import readable_retrospectives
from .defaults import PROGRAMME_ONLY_KEY, form_call
from .models import Fellow, Retrospective, Signal
from .retrospectives import owed_weeks
from .states import SIGNAL
from .weeks import current_week, period_of, week_label

# --- A fellow's weeks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    week: datetime.date
    retrospective: Retrospective | None

    @property
    def period(self) -> str:
        return period_of(self.week)

    @property
    def label(self) -> str:
        return week_label(self.week)

    @property
    def is_submitted(self) -> bool:
        return bool(self.retrospective and self.retrospective.submitted_at)

    @property
    def is_started(self) -> bool:
        return self.retrospective is not None


def my_weeks(fellow: Fellow, now=None) -> list[Week]:
    """The fellow's weeks, the current (or last) first, each with its retrospective if started."""
    weeks = owed_weeks(fellow, now)
    if not weeks:
        return []
    found = {
        r.week: r for r in Retrospective.objects.filter(fellow=fellow, week__gte=weeks[-1]).select_related("dossier")
    }
    return [Week(week, found.get(week)) for week in weeks]


# --- A team's retrospectives ------------------------------------------------------------------------


def team_retrospectives(user, challenge) -> QuerySet:
    """The team's submitted retrospectives the person may read."""
    submitted = Retrospective.objects.filter(fellow__challenge=challenge, submitted_at__isnull=False)
    return readable_retrospectives(user, challenge, submitted)


def team_weeks(user, challenge) -> QuerySet:
    """The weeks (Mondays) of the team's readable retrospectives, newest first (to paginate)."""
    return team_retrospectives(user, challenge).order_by("-week").values_list("week", flat=True).distinct()


@dataclass
class ReadRetrospective:
    retrospective: Retrospective
    steps: list[dict]  # eig.calls.display.answer_steps, the programme-only question left out

    @property
    def fellow(self) -> Fellow:
        return self.retrospective.fellow


@dataclass
class WeekRows:
    week: datetime.date
    rows: list[ReadRetrospective] = field(default_factory=list)

    @property
    def period(self) -> str:
        return period_of(self.week)

    @property
    def label(self) -> str:
        return week_label(self.week)


def _shown_steps(questions, answers, files) -> list[dict]:
    steps = answer_steps(questions, answers, files)
    for block in steps:
        block["answers"] = [a for a in block["answers"] if not _is_programme_only_question(a)]
    return [block for block in steps if block["answers"]]


def _is_programme_only_question(answer: Shown) -> bool:
    # The badge says it; the yes/no answer itself would only repeat it.
    return answer.question is not None and answer.question.key == PROGRAMME_ONLY_KEY


def team_week_rows(user, challenge, weeks: list[datetime.date]) -> list[WeekRows]:
    """The readable retrospectives of these weeks, each with its submitted answers (the kit's reading)."""
    if not weeks:
        return []
    retrospectives = list(
        team_retrospectives(user, challenge)
        .filter(week__in=weeks)
        .select_related("fellow", "dossier")
        .order_by("-week", "fellow__name", "fellow_id")
    )
    call = form_call(challenge.promotion, Call.Kind.RETROSPECTIVE)
    questions = questions_of(call) if call else []
    dossiers = Dossier.objects.filter(pk__in=[r.dossier_id for r in retrospectives])
    answers, files = submitted_answers_by_dossier(dossiers, questions)
    by_week = {week: WeekRows(week) for week in weeks}
    for retrospective in retrospectives:
        steps = _shown_steps(questions, answers.get(retrospective.dossier_id, {}), files.get(retrospective.dossier_id))
        by_week[retrospective.week].rows.append(ReadRetrospective(retrospective, steps))
    return [by_week[week] for week in weeks]


# --- The state of mind over the weeks ---------------------------------------------------------------

MOOD_WEEKS = 12
MOOD_MAX = 5


@dataclass(frozen=True)
class MoodPoint:
    week: datetime.date
    mood: int | None
    x: int
    y: int
    height: int

    @property
    def label(self) -> str:
        return week_label(self.week)


@dataclass
class MoodLine:
    fellow_id: int
    name: str
    points: list[MoodPoint]

    @property
    def answered(self) -> list[MoodPoint]:
        return [p for p in self.points if p.mood is not None]


# The picture's geometry (SVG user units): one bar per week, its height the mood.
BAR_STEP, BAR_WIDTH, UNIT, BASELINE = 20, 14, 10, 55


def mood_lines(user, challenge, now=None) -> list[MoodLine]:
    """Each fellow's state of mind over the last MOOD_WEEKS weeks (the readable retrospectives)."""
    last = current_week(now)
    weeks = [last - datetime.timedelta(weeks=n) for n in range(MOOD_WEEKS - 1, -1, -1)]
    rows = (
        team_retrospectives(user, challenge)
        .filter(week__gte=weeks[0], week__lte=last)
        .order_by("fellow__name", "fellow_id")
        .values_list("fellow_id", "fellow__name", "week", "mood")
    )
    moods: dict[int, dict] = {}
    names: dict[int, str] = {}
    for fellow_id, name, week, mood in rows:
        names[fellow_id] = name
        moods.setdefault(fellow_id, {})[week] = mood
    lines = []
    for fellow_id, name in names.items():
        points = []
        for i, week in enumerate(weeks):
            mood = moods[fellow_id].get(week)
            height = (mood or 0) * UNIT
            points.append(MoodPoint(week, mood, i * BAR_STEP + 3, BASELINE - height, height))
        lines.append(MoodLine(fellow_id, name, points))
    return lines


# --- Signals ------------------------------------------------------------------------------------------

PENDING_FILTER = "pending"


def signals_of(promotion, *, state: str = "", kind: str = "") -> QuerySet:
    """The promotion's signals, pending first then newest first; `state` a state or « pending »."""
    signals = Signal.objects.filter(promotion=promotion)
    if state == PENDING_FILTER:
        signals = signals.filter(state__in=SIGNAL.group("pending"))
    elif state:
        signals = signals.filter(state=state)
    if kind:
        signals = signals.filter(kind=kind)
    pending_first = Case(
        When(state__in=SIGNAL.group("pending"), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return signals.select_related("challenge", "fellow", "raised_by", "handled_by").order_by(
        pending_first, "-raised_at", "-id"
    )


def logs_of(signals) -> dict[int, list[ActivityLog]]:
    """{signal id: its activity log entries, oldest first}, in one query."""
    ids = [str(s.pk) for s in signals]
    if not ids:
        return {}
    found: dict[int, list[ActivityLog]] = {}
    entries = (
        ActivityLog.objects.filter(target_type=Signal._meta.label_lower, target_id__in=ids)
        .select_related("actor")
        .order_by("at", "id")
    )
    for entry in entries:
        found.setdefault(int(entry.target_id), []).append(entry)
    return found


def pending_count(promotion) -> int:
    return Signal.objects.filter(promotion=promotion, state__in=SIGNAL.group("pending")).count()
