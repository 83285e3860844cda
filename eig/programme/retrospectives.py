"""The weekly retrospective (« bilan hebdomadaire »): one dossier of the kit per fellow and week.

A week is its Monday; its dossier's `period` is the ISO week (« 2027-W07 »). A fellow in post
(FELLOW « writes_retrospectives ») writes the weeks from their start to the current one: a week
before their start or still to come is refused. The answers are the record (eig.calls); once
submitted, what the signals and the overview read is copied into the `Retrospective` row: the
state of mind, whether help is asked, whether the answer is for the programme team only. Help
asked raises a signal once per retrospective (signals.py).

A fellow who has left or finished keeps reading their retrospectives; the kit refuses any change
(`gone_fellow_lock`, registered with eig.calls.extensions).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.calls import services as dossier_services
from eig.calls.extensions import register_lock
from eig.calls.models import Call, DossierVersion
from eig.core.activity import log_activity
from eig.core.errors import DomainError

from . import signals
from .defaults import HELP_KEY, MOOD_KEY, PROGRAMME_ONLY_KEY, form_call
from .models import Fellow, Retrospective, Signal
from .states import FELLOW
from .weeks import current_week, period_of, week_label, week_of

# --- Weeks ------------------------------------------------------------------------------------


def first_week(fellow: Fellow) -> datetime.date | None:
    return week_of(fellow.started_on) if fellow.started_on else None


def last_week(fellow: Fellow, now=None) -> datetime.date:
    """The current week, or the week the fellow left or finished."""
    today = current_week(now)
    if FELLOW.is_in(fellow.status, "gone") and fellow.left_on:
        return min(today, week_of(fellow.left_on))
    return today


def owed_weeks(fellow: Fellow, now=None) -> list[datetime.date]:
    """The weeks the fellow writes, from their start to the current week (or their last), newest first."""
    start = first_week(fellow)
    if start is None:
        return []
    end = last_week(fellow, now)
    count = (end - start).days // 7 + 1
    return [end - datetime.timedelta(weeks=n) for n in range(max(count, 0))]


# --- Writing ----------------------------------------------------------------------------------


def retrospective_call(promotion) -> Call:
    call = form_call(promotion, Call.Kind.RETROSPECTIVE)
    if call is None:
        raise DomainError(_("Le bilan hebdomadaire de cette promotion n'est pas encore ouvert."))
    return call


def open_retrospective(fellow: Fellow, week: datetime.date, *, by, now=None) -> Retrospective:
    """The fellow's retrospective of `week` (its dossier started on first visit)."""
    now = now or timezone.now()
    week = week_of(week)
    if by is None or by.pk != fellow.user_id:
        raise DomainError(_("Seul·e l'entrepreneur·e écrit son bilan hebdomadaire."))
    if not FELLOW.is_in(fellow.status, "writes_retrospectives"):
        raise DomainError(_("Les bilans hebdomadaires s'écrivent pendant le programme, une fois en poste."))
    start = first_week(fellow)
    if start is None or week < start:
        raise DomainError(_("Cette semaine précède votre prise de poste : il n'y a pas de bilan à écrire."))
    if week > current_week(now):
        raise DomainError(_("Cette semaine n'a pas encore commencé : son bilan s'écrira le moment venu."))
    existing = Retrospective.objects.filter(fellow=fellow, week=week).select_related("dossier").first()
    if existing is not None:
        return existing
    dossier = dossier_services.start_dossier(
        retrospective_call(fellow.promotion), owner=fellow.user, now=now, period=period_of(week)
    )
    with transaction.atomic():
        retrospective, _created = Retrospective.objects.get_or_create(
            fellow=fellow, week=week, defaults={"dossier": dossier}
        )
    return retrospective


def _mood(value) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def on_submitted(version: DossierVersion, *, by=None, now=None) -> Retrospective:
    """After the kit's submit: copy what the signals read, and raise « help asked » once."""
    now = now or timezone.now()
    with transaction.atomic():
        retrospective = (
            Retrospective.objects.select_for_update(of=("self",))
            .select_related("fellow__challenge", "fellow__promotion")
            .get(dossier_id=version.dossier_id)
        )
        if retrospective.submitted_at == version.submitted_at:
            return retrospective  # this version is already recorded (the same content submitted twice)
        answers = (version.content or {}).get("answers") or {}
        retrospective.mood = _mood(answers.get(MOOD_KEY))
        help_text = str(answers.get(HELP_KEY) or "").strip()
        retrospective.asks_help = bool(help_text)
        retrospective.programme_only = answers.get(PROGRAMME_ONLY_KEY) is True
        retrospective.submitted_at = version.submitted_at
        retrospective.save(update_fields=["mood", "asks_help", "programme_only", "submitted_at"])
        log_activity(
            "retrospective.submitted",
            retrospective,
            actor=by,
            week=period_of(retrospective.week),
            version=version.number,
            mood=retrospective.mood,
            asks_help=retrospective.asks_help,
        )
        if retrospective.asks_help:
            _raise_help(retrospective, help_text, by=by, now=now)
    return retrospective


def _raise_help(retrospective: Retrospective, help_text: str, *, by, now) -> None:
    fellow = retrospective.fellow
    signals.raise_signal(
        Signal.Kind.HELP_ASKED,
        key=f"help:{retrospective.pk}",
        promotion=fellow.promotion,
        challenge=fellow.challenge,
        fellow=fellow,
        summary=_("%(fellow)s (%(team)s) demande de l'aide, %(week)s (%(period)s).")
        % {
            "fellow": fellow.name,
            "team": fellow.challenge.title,
            "week": week_label(retrospective.week),
            "period": period_of(retrospective.week),
        },
        detail=help_text,
        by=by,
        now=now,
    )


def submit_retrospective(retrospective: Retrospective, *, by, now=None) -> DossierVersion:
    """The kit's submit, then what the retrospective records of it (`on_submitted`)."""
    version = dossier_services.submit_dossier(retrospective.dossier, by=by, now=now)
    on_submitted(version, by=by, now=now)
    return version


@register_lock
def gone_fellow_lock(dossier) -> str | None:
    """A fellow who has left or finished reads their retrospectives; they no longer change."""
    if not dossier.period:  # only the forms filled once per period (the retrospectives) have one
        return None
    status = Retrospective.objects.filter(dossier=dossier).values_list("fellow__status", flat=True).first()
    if status is not None and FELLOW.is_in(status, "gone"):
        return _("Vous avez quitté le programme : vos bilans restent consultables mais ne peuvent plus être modifiés.")
    return None
