"""What the programme team must look at: signals raised once, followed to a closing note.

Raised by what happens (help asked in a retrospective: retrospectives.py; a difficulty flagged by
a mentor or a host: mentoring.py) and by `detect`, run periodically (`manage.py detect_signals`)
and from the signals page:

- low state of mind: the fellow's last two submitted retrospectives both at or under the
  promotion's threshold (Setup.low_mood_threshold);
- retrospectives missing: a fellow in post has submitted none for the last two full weeks;
- objective off track: the latest measure of one of the team's objectives says « en retard ».

Each signal has a key naming what raised it: raising the same key again changes nothing. While a
signal of the same kind is pending for a fellow, `detect` raises no other for them (the weeks that
follow are the same alarm); once it is closed, a new occurrence raises a new signal.

The programme team moves each signal through SIGNAL (states.py): acknowledged, followed up with a
note, closed with a note. Every raise and every move is logged.
"""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError

from .fellows import setup_of
from .models import Fellow, Measure, Objective, Retrospective, Signal
from .states import FELLOW, SIGNAL
from .weeks import period_of, week_label, week_of

Kind = Signal.Kind
State = Signal.State


def raise_signal(
    kind: str,
    *,
    key: str,
    promotion,
    challenge,
    fellow: Fellow | None = None,
    summary: str,
    detail: str = "",
    by=None,
    now=None,
) -> tuple[Signal, bool]:
    """The signal of `key`, raised now if it was not yet: (signal, whether it was raised now)."""
    now = now or timezone.now()
    existing = Signal.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                promotion=promotion,
                challenge=challenge,
                fellow=fellow,
                kind=kind,
                key=key,
                summary=summary[:500],
                detail=detail,
                raised_by=by if getattr(by, "is_authenticated", False) else None,
                raised_at=now,
            )
            log_activity("signal.raised", signal, actor=by)  # the signal holds its kind and key
    except IntegrityError:  # raised at the same moment by another process: theirs is the one
        return Signal.objects.get(key=key), False
    return signal, True


# --- Detection --------------------------------------------------------------------------------


def _pending(promotion, kind) -> set[int]:
    """The fellows who have a pending signal of this kind."""
    return set(
        Signal.objects.filter(promotion=promotion, kind=kind, state__in=SIGNAL.group("pending"))
        .exclude(fellow=None)
        .values_list("fellow_id", flat=True)
    )


def _detect_low_mood(promotion, fellows, threshold, now) -> int:
    pending = _pending(promotion, Kind.LOW_MOOD)
    latest: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        Retrospective.objects.filter(fellow__in=[f.pk for f in fellows], submitted_at__isnull=False)
        .order_by("fellow_id", "-week")
        .values_list("fellow_id", "week", "mood")
    )
    for fellow_id, week, mood in rows.iterator(chunk_size=2000):
        if len(latest[fellow_id]) < 2:
            latest[fellow_id].append((week, mood))
    raised = 0
    for fellow in fellows:
        weeks = latest.get(fellow.pk, [])
        if fellow.pk in pending or len(weeks) < 2:
            continue
        if not all(mood is not None and mood <= threshold for _week, mood in weeks):
            continue
        (second, second_mood), (first, first_mood) = weeks
        _signal, created = raise_signal(
            Kind.LOW_MOOD,
            key=f"mood:{fellow.pk}:{period_of(second)}",
            promotion=promotion,
            challenge=fellow.challenge,
            fellow=fellow,
            summary=_(
                "%(fellow)s (%(team)s) : état d'esprit bas deux bilans de suite "
                "(%(first)s : %(first_mood)s/5, %(second)s : %(second_mood)s/5)."
            )
            % {
                "fellow": fellow.name,
                "team": fellow.challenge.title,
                "first": week_label(first),
                "first_mood": first_mood,
                "second": week_label(second),
                "second_mood": second_mood,
            },
            now=now,
        )
        raised += created
    return raised


def _detect_missing(promotion, fellows, now) -> int:
    """A fellow in post who has submitted no retrospective for the last two full weeks."""
    current = week_of(timezone.localdate(now))
    second = current - datetime.timedelta(weeks=1)
    first = current - datetime.timedelta(weeks=2)
    pending = _pending(promotion, Kind.MISSING)
    owing = [
        f
        for f in fellows
        if f.status == Fellow.Status.ACTIVE and f.started_on and week_of(f.started_on) <= first and f.pk not in pending
    ]
    submitted = set(
        Retrospective.objects.filter(
            fellow__in=[f.pk for f in owing], week__in=[first, second], submitted_at__isnull=False
        ).values_list("fellow_id", flat=True)
    )
    raised = 0
    for fellow in owing:
        if fellow.pk in submitted:
            continue
        _signal, created = raise_signal(
            Kind.MISSING,
            key=f"missing:{fellow.pk}:{period_of(second)}",
            promotion=promotion,
            challenge=fellow.challenge,
            fellow=fellow,
            summary=_("%(fellow)s (%(team)s) : aucun bilan déposé pour la %(first)s ni pour la %(second)s.")
            % {
                "fellow": fellow.name,
                "team": fellow.challenge.title,
                "first": week_label(first),
                "second": week_label(second),
            },
            now=now,
        )
        raised += created
    return raised


def _detect_off_track(promotion, now) -> int:
    latest = Measure.objects.filter(objective=OuterRef("pk")).order_by("-on", "-id").values("pk")[:1]
    objectives = Objective.objects.filter(challenge__promotion=promotion).annotate(latest=Subquery(latest))
    measures = Measure.objects.filter(
        pk__in=objectives.values("latest"), course=Measure.Course.OFF_TRACK
    ).select_related("objective__challenge")
    raised = 0
    for measure in measures:
        objective = measure.objective
        _signal, created = raise_signal(
            Kind.OFF_TRACK,
            key=f"off_track:{measure.pk}",
            promotion=promotion,
            challenge=objective.challenge,
            summary=_(
                "%(team)s : l'objectif « %(objective)s » est en retard (mesure du %(date)s : %(value)s, cible %(target)s)."
            )
            % {
                "team": objective.challenge.title,
                "objective": objective.title,
                "date": formats.date_format(measure.on, "j F Y"),
                "value": formats.number_format(measure.value),
                "target": formats.number_format(objective.target),
            },
            detail=measure.note,
            now=now,
        )
        raised += created
    return raised


def detect(promotion, *, now=None) -> dict[str, int]:
    """Raise the signals the promotion's retrospectives and objectives call for: {kind: raised now}."""
    now = now or timezone.now()
    threshold = setup_of(promotion).low_mood_threshold
    fellows = list(
        Fellow.objects.filter(promotion=promotion, status__in=FELLOW.group("writes_retrospectives")).select_related(
            "challenge"
        )
    )
    return {
        Kind.LOW_MOOD.value: _detect_low_mood(promotion, fellows, threshold, now),
        Kind.MISSING.value: _detect_missing(promotion, fellows, now),
        Kind.OFF_TRACK.value: _detect_off_track(promotion, now),
    }


# --- The programme team's moves ---------------------------------------------------------------


# The verb each move logs.
MOVE_VERBS = {
    State.ACKNOWLEDGED: "signal.acknowledged",
    State.FOLLOWED_UP: "signal.followed_up",
    State.CLOSED: "signal.closed",
}


def _move(signal: Signal, target: str, *, by, note: str = "", now=None) -> Signal:
    now = now or timezone.now()
    if not (by and getattr(by, "is_staff", False)):
        raise DomainError(_("Seule l'équipe du programme suit les signaux."))
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        SIGNAL.check_move(locked.state, target)
        locked.state = target
        locked.handled_by = by
        fields = ["state", "handled_by"]
        if note:
            locked.note = note
            fields.append("note")
        if target == State.CLOSED:
            locked.closed_at = now
            fields.append("closed_at")
        locked.save(update_fields=fields)
        log_activity(MOVE_VERBS[target], locked, actor=by, **({"note": note} if note else {}))
    return locked


def acknowledge(signal: Signal, *, by, now=None) -> Signal:
    """The programme team has seen the signal and takes it in hand."""
    return _move(signal, State.ACKNOWLEDGED, by=by, now=now)


def follow_up(signal: Signal, *, by, note: str, now=None) -> Signal:
    """What the programme team did about it (a call, a meeting…), as a note."""
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Indiquez le suivi donné à ce signal."))
    return _move(signal, State.FOLLOWED_UP, by=by, note=note, now=now)


def close(signal: Signal, *, by, note: str, now=None) -> Signal:
    """Close the signal with a note saying how it ended (a closed signal does not reopen)."""
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Un signal se clôt avec une note : indiquez comment il a été traité."))
    return _move(signal, State.CLOSED, by=by, note=note, now=now)
