"""The onboarding checklists: a fellow's « liste d'arrivée », a host's « liste d'accueil ».

Both are dossiers of the kit (eig.calls), of the promotion's forms installed by defaults.py:

- a fellow's checklist is their own dossier of the call « liste d'arrivée »
  (Call.Kind.FELLOW_ONBOARDING), started on their first visit and linked on `Fellow.onboarding`;
- a host's checklist is one shared dossier per team of the call « liste d'accueil »
  (Call.Kind.HOST_ONBOARDING), linked by `HostOnboarding`: the confirmed agent who opens it owns
  it, and every confirmed agent of the challenge's administration fills it (as they share their
  administration's proposals, eig.proposals).

Each question of the form is an item; an item is ticked when answered (eig.calls.answers:
a declaration counts only when ticked), dated by its answer's last change. « J'ai terminé ma
liste » is the kit's submit (no receipt email: Call.sends_receipt is false for these forms).
A checklist is finished once submitted with nothing required missing.

Reminders (`remind`, run daily by `manage.py remind_onboarding`): for each day of
Setup.reminder_days before a fellow's planned start, one email to each fellow whose checklist is
not finished, and to the agents of each team whose host checklist is not, each once (the
outbox's key).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.calls import services as dossier_services
from eig.calls.answers import is_answered
from eig.calls.models import Answer, Call, Dossier, Question
from eig.calls.states import DOSSIER
from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification
from eig.promotions.models import Promotion
from eig.proposals.models import Agent

from .defaults import form_call
from .models import Fellow, HostOnboarding, Setup
from .states import FELLOW

FELLOW_KIND = Call.Kind.FELLOW_ONBOARDING
HOST_KIND = Call.Kind.HOST_ONBOARDING


# --- A checklist: its items, each ticked with its date --------------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    required: bool
    done: bool
    on: datetime.datetime | None = None  # when its answer last changed


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]
    dossier: Dossier | None = None

    @property
    def answered(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def remaining(self) -> int:
        """The required items not ticked yet: what « J'ai terminé ma liste » still needs."""
        return sum(item.required and not item.done for item in self.items)

    @property
    def started(self) -> bool:
        return self.dossier is not None

    @property
    def submitted(self) -> bool:
        return self.dossier is not None and DOSSIER.is_in(self.dossier.status, "submitted")

    @property
    def finished(self) -> bool:
        return self.submitted and not self.remaining

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    @property
    def state_label(self) -> str:
        if self.finished:
            return _("Terminée")
        return _("En cours") if self.started else _("Pas commencée")

    @property
    def state_badge(self) -> str:
        """The DSFR badge of its state (success, info, new)."""
        if self.finished:
            return "success"
        return "info" if self.started else "new"


def _items(questions: list[Question], answers: dict[int, tuple]) -> tuple[Item, ...]:
    """`answers`: {question id: (value, updated_at)}."""
    items = []
    for question in questions:
        value, on = answers.get(question.pk, (None, None))
        done = is_answered(question, value)
        items.append(Item(question.key, question.label, question.required, done, on if done else None))
    return tuple(items)


def _questions_by_call(call_ids: Iterable[int]) -> dict[int, list[Question]]:
    """The forms' questions in their order, per call (one query)."""
    found: dict[int, list[Question]] = defaultdict(list)
    rows = Question.objects.filter(step__call_id__in=set(call_ids)).order_by("step__order", "order", "pk")
    for question in rows.select_related("step"):
        found[question.step.call_id].append(question)
    return found


def checklists(dossiers: Iterable[Dossier | None], *, calls: Iterable[Call] = ()) -> dict[int, Checklist]:
    """{dossier id: its checklist} for these dossiers, in two queries whatever their number;
    `calls`: calls whose empty checklist is also wanted (key: -call id)."""
    dossiers = [d for d in dossiers if d is not None]
    call_ids = {d.call_id for d in dossiers} | {c.pk for c in calls}
    if not call_ids:
        return {}
    questions = _questions_by_call(call_ids)
    answers: dict[int, dict[int, tuple]] = defaultdict(dict)
    if dossiers:
        rows = Answer.objects.filter(dossier__in=[d.pk for d in dossiers]).values_list(
            "dossier_id", "question_id", "value", "updated_at"
        )
        for dossier_id, question_id, value, updated_at in rows:
            answers[dossier_id][question_id] = (value, updated_at)
    found = {d.pk: Checklist(_items(questions[d.call_id], answers[d.pk]), d) for d in dossiers}
    found |= {-c.pk: Checklist(_items(questions[c.pk], {})) for c in calls}
    return found


def checklist_of(dossier: Dossier | None, call: Call | None = None) -> Checklist:
    """One checklist: the dossier's, or the call's empty one when it has not been started."""
    if dossier is not None:
        return checklists([dossier])[dossier.pk]
    if call is None:
        return Checklist(())
    return checklists([], calls=[call])[-call.pk]


# --- Opening a checklist --------------------------------------------------------------------------


def _call(promotion: Promotion | int, kind: str) -> Call:
    promotion = promotion if isinstance(promotion, Promotion) else Promotion.objects.get(pk=promotion)
    call = form_call(promotion, kind)
    if call is None:
        raise DomainError(_("La liste de cette promotion n'est pas encore prête : l'équipe du programme la prépare."))
    return call


def open_fellow_checklist(fellow: Fellow, *, now=None) -> Dossier:
    """The fellow's checklist, started on their first visit (the kit's start: once per person)."""
    if fellow.onboarding_id is not None:
        return fellow.onboarding
    if not FELLOW.is_in(fellow.status, "in_team"):
        raise DomainError(_("Vous avez quitté le programme : votre liste d'arrivée n'est plus à remplir."))
    dossier = dossier_services.start_dossier(_call(fellow.promotion_id, FELLOW_KIND), owner=fellow.user, now=now)
    Fellow.objects.filter(pk=fellow.pk).update(onboarding=dossier)
    fellow.onboarding = dossier
    return dossier


def host_checklist(challenge: Challenge) -> Dossier | None:
    found = HostOnboarding.objects.filter(challenge=challenge).select_related("dossier__call").first()
    return found.dossier if found else None


def open_host_checklist(challenge: Challenge, *, by, now=None) -> Dossier:
    """The team's host checklist, opened by a confirmed agent of its administration (its owner)
    the first time; every confirmed agent of the administration then fills the same one."""
    if not Agent.objects.filter(user=by, administration_id=challenge.administration_id, confirmed=True).exists():
        raise DomainError(_("Seuls les agents confirmés de l'administration d'accueil remplissent cette liste."))
    existing = host_checklist(challenge)
    if existing is not None:
        return existing
    call = _call(challenge.promotion_id, HOST_KIND)
    with transaction.atomic():
        # The challenge's row lock: two agents opening at once share one checklist.
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        existing = host_checklist(challenge)
        if existing is not None:
            return existing
        dossier = dossier_services.start_dossier(call, owner=by, now=now, shared=True)
        HostOnboarding.objects.create(challenge=challenge, dossier=dossier)
    return dossier


# --- The whole promotion, for the programme team --------------------------------------------------


@dataclass
class FellowRow:
    fellow: Fellow
    checklist: Checklist


@dataclass
class HostRow:
    challenge: Challenge
    checklist: Checklist
    agents: int  # confirmed agents of its administration


@dataclass
class PromotionOnboarding:
    fellows: list[FellowRow]
    hosts: list[HostRow]

    @property
    def started(self) -> int:
        return sum(not FELLOW.is_in(row.fellow.status, "not_started") for row in self.fellows)

    @property
    def not_started(self) -> int:
        return sum(FELLOW.is_in(row.fellow.status, "not_started") for row in self.fellows)

    @property
    def fellows_finished(self) -> int:
        return sum(row.checklist.finished for row in self.fellows)

    @property
    def hosts_finished(self) -> int:
        return sum(row.checklist.finished for row in self.hosts)


def promotion_onboarding(promotion: Promotion) -> PromotionOnboarding:
    """Every fellow of the promotion still in a team (those gone are not onboarding) and every
    host team, with their checklists: a fixed number of queries whatever the promotion's size."""
    fellows = list(
        Fellow.objects.filter(promotion=promotion, status__in=FELLOW.group("in_team"))
        .select_related("challenge__administration", "user", "onboarding")
        .order_by("challenge__title", "name", "pk")
    )
    hosts = {
        h.challenge_id: h
        for h in HostOnboarding.objects.filter(challenge__promotion=promotion).select_related("dossier")
    }
    challenges = {f.challenge_id: f.challenge for f in fellows}
    agents = defaultdict(int)
    administrations = {c.administration_id for c in challenges.values()}
    for administration_id in Agent.objects.filter(administration_id__in=administrations, confirmed=True).values_list(
        "administration_id", flat=True
    ):
        agents[administration_id] += 1
    calls = [c for c in (form_call(promotion, FELLOW_KIND), form_call(promotion, HOST_KIND)) if c is not None]
    found = checklists(
        [f.onboarding for f in fellows] + [h.dossier for h in hosts.values()],
        calls=calls,
    )
    empty = {c.kind: found[-c.pk] for c in calls}

    def of(dossier, kind):
        return found[dossier.pk] if dossier is not None else empty.get(kind, Checklist(()))

    fellow_rows = [FellowRow(f, of(f.onboarding, FELLOW_KIND)) for f in fellows]
    host_rows = [
        HostRow(
            challenge,
            of(hosts[challenge.pk].dossier if challenge.pk in hosts else None, HOST_KIND),
            agents[challenge.administration_id],
        )
        for challenge in sorted(challenges.values(), key=lambda c: (c.title, c.pk))
    ]
    return PromotionOnboarding(fellow_rows, host_rows)


# --- Reminders ------------------------------------------------------------------------------------


def _due_day(reminder_days, start: datetime.date, today: datetime.date) -> int | None:
    """The reminder of the day: the nearest reminder day whose date has come, while the start
    has not passed (a reminder day missed is not sent late beside a nearer one)."""
    if start is None or today > start:
        return None
    due = [int(d) for d in reminder_days or [] if start - datetime.timedelta(days=int(d)) <= today]
    return min(due) if due else None


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _sent(keys: list[str]) -> set[str]:
    return set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))


def fellow_reminder_key(fellow: Fellow, day: int) -> str:
    return f"onboarding-reminder:fellow:{fellow.pk}:{day}"


def host_reminder_key(challenge: Challenge, user, day: int) -> str:
    return f"onboarding-reminder:host:{challenge.pk}:{user.pk}:{day}"


@dataclass
class Reminded:
    fellows: int = 0
    hosts: int = 0  # emails to host agents


def _remind_fellows(setup: Setup, rows: list[FellowRow], today: datetime.date, report: Reminded) -> None:
    due = {}
    for row in rows:
        fellow = row.fellow
        day = _due_day(setup.reminder_days, fellow.start_date, today)
        if day is not None and not row.checklist.finished and FELLOW.is_in(fellow.status, "not_started"):
            due[fellow_reminder_key(fellow, day)] = (row, day)
    already = _sent(list(due))
    for key, (row, day) in due.items():
        if key in already:
            continue
        fellow = row.fellow
        with transaction.atomic():
            queue_notification(
                "onboarding_reminder",
                to=fellow.user.email,
                key=key,
                context={
                    "name": fellow.name,
                    "start_date": fellow.start_date,
                    "remaining": row.checklist.remaining,
                    "total": row.checklist.total,
                    "url": _absolute("programme:onboarding"),
                },
            )
            log_activity("onboarding.reminded", fellow, day=day, remaining=row.checklist.remaining)
        report.fellows += 1


def _remind_hosts(setup: Setup, data: PromotionOnboarding, today: datetime.date, report: Reminded) -> None:
    starts: dict[int, datetime.date] = {}
    for row in data.fellows:
        fellow = row.fellow
        if FELLOW.is_in(fellow.status, "not_started") and fellow.start_date:
            current = starts.get(fellow.challenge_id)
            starts[fellow.challenge_id] = min(current, fellow.start_date) if current else fellow.start_date
    waiting = [row for row in data.hosts if not row.checklist.finished and row.challenge.pk in starts]
    agents = defaultdict(list)
    administrations = {row.challenge.administration_id for row in waiting}
    for agent in Agent.objects.filter(administration_id__in=administrations, confirmed=True).select_related("user"):
        agents[agent.administration_id].append(agent.user)
    for row in waiting:
        challenge, start = row.challenge, starts[row.challenge.pk]
        day = _due_day(setup.reminder_days, start, today)
        if day is None:
            continue
        recipients = agents[challenge.administration_id]
        keys = {host_reminder_key(challenge, user, day): user for user in recipients}
        already = _sent(list(keys))
        new = [(key, user) for key, user in keys.items() if key not in already]
        if not new:
            continue
        with transaction.atomic():
            for key, user in new:
                queue_notification(
                    "onboarding_host_reminder",
                    to=user.email,
                    key=key,
                    context={
                        "name": user.get_full_name() or user.email,
                        "challenge": challenge.title,
                        "start_date": start,
                        "remaining": row.checklist.remaining,
                        "total": row.checklist.total,
                        "url": _absolute("programme:host_onboarding", challenge=challenge.pk),
                    },
                )
            log_activity(
                "onboarding.reminded", challenge, day=day, remaining=row.checklist.remaining, recipients=len(new)
            )
        report.hosts += len(new)


def remind(now=None) -> Reminded:
    """Today's onboarding reminders for every promotion with reminder days; each sent once."""
    today = timezone.localdate(now or timezone.now())
    report = Reminded()
    for setup in Setup.objects.select_related("promotion").order_by("pk"):
        if not setup.reminder_days or (setup.end_date and setup.end_date < today):
            continue  # no reminders set, or a promotion whose programme is over
        data = promotion_onboarding(setup.promotion)
        _remind_fellows(setup, data.fellows, today, report)
        _remind_hosts(setup, data, today, report)
    return report
