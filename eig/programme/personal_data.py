"""The ten months' part of a person's data (registered with eig/accounts/personal_data.py); the
rows of docs/personal-data.md, « Les dix mois ».

- Export: the person's fellowships (with the reasons of a delay or a departure: theirs to
  read), their weekly retrospectives (each answer in the words every page reads:
  eig.calls.display), the mentoring notes they wrote, the signals they raised, their event
  registrations and attendance, their mentorships, whether they hold a calendar address.
- Deleting or closing an account: a fellowship is the programme's record (Fellow.user is
  PROTECT): an account with one is closed, never deleted, and its fellowships are kept until a
  year after their programme's end (`kept_until`), then anonymised with the account (name and
  reasons blanked; the row stays for the promotion's statistics). Registrations, the calendar
  address and mentorships go at once; the mentoring notes stay with their team (the author's
  account goes: they lose their author).
- The purge: retrospectives and mentoring notes are sensitive (a state of mind week after week,
  difficulties of named people). A year after the programme's end (Setup.end_date), the
  retrospectives' dossiers are deleted (answers, versions, their aggregate mood and help flag
  with them), the mentoring notes' free text (attendees, decisions, difficulties) emptied, and
  the signals' free text (the help asked, the follow-up note) too. What stays: the signals'
  kind, dates and states, the notes' dates and kinds — enough for the programme's statistics
  (how many alerts, how followed), nothing of what people wrote.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.calls.display import Style, display
from eig.calls.models import Dossier
from eig.calls.personal_data import file_ids_of
from eig.core.activity import log_activity
from eig.core.personal_data import iso
from eig.files.models import StoredFile
from eig.files.personal_data import delete_files
from eig.promotions.models import Promotion

from .fellows import setup_of
from .models import CalendarFeed, Fellow, Mentor, MentorNote, Registration, Retrospective, Setup, Signal

# Retrospectives, mentoring notes and the fellowships of closed accounts are kept this long after
# the programme's end: time for the programme's evaluation and a former fellow's questions.
RETENTION_AFTER_END = datetime.timedelta(days=365)
# A programme whose end is not set yet is taken to last ten months from its start.
PROGRAMME_LENGTH = datetime.timedelta(days=304)


def programme_end(setup: Setup, today: datetime.date | None = None) -> datetime.date:
    """The programme's last day: as set, else ten months after its start, else ten months from today."""
    if setup.end_date:
        return setup.end_date
    start = setup.start_date or today or timezone.localdate()
    return start + PROGRAMME_LENGTH


def purge_day(setup: Setup) -> datetime.date:
    """The first day the promotion's sensitive data (retrospectives, notes) is purged."""
    return programme_end(setup) + RETENTION_AFTER_END


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def kept_until(fellow: Fellow) -> datetime.datetime:
    """Until when a closed account's fellowship is kept (then anonymised with the account)."""
    return _moment(purge_day(setup_of(fellow.promotion)))


# --- Export ---------------------------------------------------------------------------------------


def _fellowships(user) -> list[dict]:
    return [
        {
            "promotion": str(fellow.promotion),
            "challenge": fellow.challenge.title,
            "name": fellow.name,
            "profile": fellow.profile_label,
            "status": fellow.get_status_display(),
            "start_date": iso(fellow.start_date),
            "started_on": iso(fellow.started_on),
            "not_started_reason": fellow.not_started_reason,
            "left_on": iso(fellow.left_on),
            "leave_reason": fellow.leave_reason,
            "onboarding": fellow.onboarding.number if fellow.onboarding else None,
        }
        for fellow in Fellow.objects.filter(user=user)
        .select_related("promotion__programme", "challenge", "onboarding")
        .order_by("pk")
    ]


def _retrospectives(user) -> list[dict]:
    retrospectives = list(
        Retrospective.objects.filter(fellow__user=user)
        .select_related("fellow__challenge", "dossier")
        .prefetch_related("dossier__answers__question__step")
        .order_by("week", "pk")
    )
    return [
        {
            "challenge": r.fellow.challenge.title,
            "week": iso(r.week),
            "dossier": r.dossier.number,
            "programme_only": r.programme_only,
            "mood": r.mood,
            "asks_help": r.asks_help,
            "submitted_at": iso(r.submitted_at),
            "answers": [
                {"question": a.question.label, "answer": display(a.question, a.value, None, Style.DATA)}
                for a in sorted(r.dossier.answers.all(), key=lambda a: (a.question.step.order, a.question.order))
            ],
        }
        for r in retrospectives
    ]


def _notes(user) -> list[dict]:
    return [
        {
            "challenge": note.challenge.title,
            "kind": note.get_kind_display(),
            "held_on": iso(note.held_on),
            "attendees": note.attendees,
            "decisions": note.decisions,
            "difficulties": note.difficulties,
        }
        for note in MentorNote.objects.filter(author=user).select_related("challenge").order_by("held_on", "pk")
    ]


def _signals(user) -> list[dict]:
    return [
        {
            "challenge": signal.challenge.title,
            "kind": signal.get_kind_display(),
            "summary": signal.summary,
            "detail": signal.detail,
            "raised_at": iso(signal.raised_at),
            "state": signal.get_state_display(),
        }
        for signal in Signal.objects.filter(raised_by=user).select_related("challenge").order_by("raised_at", "pk")
    ]


def _registrations(user) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "starts_at": iso(registration.event.starts_at),
            "registered_at": iso(registration.registered_at),
            "attendance": registration.get_attendance_display(),
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    ]


def _mentorships(user) -> list[dict]:
    return [
        {"challenge": m.challenge.title, "role": m.get_kind_display(), "name": m.name, "function": m.function}
        for m in Mentor.objects.filter(user=user).select_related("challenge").order_by("pk")
    ]


def export_for(user) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "fellowships": _fellowships(user),
        "retrospectives": _retrospectives(user),
        "mentoring_notes": _notes(user),
        "signals_raised": _signals(user),
        "event_registrations": _registrations(user),
        "mentorships": _mentorships(user),
        # Its token is a secret, as a second factor's: only that it exists.
        "calendar_feed": {"created_at": iso(feed.created_at)} if feed else None,
    }


# --- Erasure --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptFellowship:
    """A fellowship kept with a closed account, listed beside the kept dossiers (« Supprimer mon
    compte » reads `number` and `call.title` of each)."""

    fellow: Fellow

    @property
    def pk(self) -> str:
        return f"fellow-{self.fellow.pk}"

    @property
    def number(self) -> str:
        return _("Parcours d'entrepreneur·e")

    @property
    def call(self):
        return _Titled(
            _("Promotion %(promotion)s, défi « %(challenge)s »")
            % {
                "promotion": self.fellow.promotion,
                "challenge": self.fellow.challenge.title,
            }
        )


@dataclass(frozen=True)
class _Titled:
    title: str


def forget_participation(user) -> None:
    """What goes at once with the account: registrations, the calendar address, mentorships."""
    Registration.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Mentor.objects.filter(user=user).delete()


def anonymise_fellowships(user) -> int:
    """A closed account anonymised: its fellowships no longer name it (the rows stay: statistics)."""
    fellows = list(Fellow.objects.filter(user=user))
    for fellow in fellows:
        fellow.name = _("Entrepreneur·e %(pk)s") % {"pk": fellow.pk}
        fellow.not_started_reason = ""
        fellow.leave_reason = ""
        fellow.save(update_fields=["name", "not_started_reason", "leave_reason", "updated_at"])
    return len(fellows)


# --- The purge of the sensitive data --------------------------------------------------------------


@dataclass
class ProgrammePurge:
    """One promotion's line of `purge_personal_data`."""

    promotion: Promotion
    purge_from: datetime.date
    applied: bool
    retrospectives_deleted: int = 0
    notes_emptied: int = 0
    signals_emptied: int = 0
    files_deleted: int = 0

    def __str__(self):
        values = {
            "promotion": self.promotion,
            "date": formats.date_format(self.purge_from, "j F Y"),
            "retrospectives": self.retrospectives_deleted,
            "notes": self.notes_emptied,
            "signals": self.signals_emptied,
        }
        if self.applied:
            line = _(
                "Les dix mois de la promotion %(promotion)s (conservation échue le %(date)s) : %(retrospectives)d "
                "bilan(s) hebdomadaire(s) supprimé(s), %(notes)d note(s) de mentorat et %(signals)d signal(aux) vidés."
            )
        else:
            line = _(
                "Les dix mois de la promotion %(promotion)s (conservation échue le %(date)s) : %(retrospectives)d "
                "bilan(s) hebdomadaire(s) à supprimer, %(notes)d note(s) de mentorat et %(signals)d signal(aux) à vider."
            )
        return line % values


NOTE_TEXT = ("attendees", "decisions", "difficulties")
SIGNAL_TEXT = ("detail", "note")


def _with_text(queryset, fields):
    condition = Q()
    for name in fields:
        condition |= ~Q(**{name: ""})
    return queryset.filter(condition)


def _purge_promotion(setup: Setup, run) -> ProgrammePurge | None:
    promotion = setup.promotion
    retrospectives = Retrospective.objects.filter(fellow__promotion=promotion)
    dossiers = list(Dossier.objects.filter(pk__in=retrospectives.values("dossier_id")).order_by("pk"))
    notes = _with_text(MentorNote.objects.filter(challenge__promotion=promotion), NOTE_TEXT)
    signals = _with_text(Signal.objects.filter(promotion=promotion), SIGNAL_TEXT)
    item = ProgrammePurge(
        promotion,
        purge_day(setup),
        run.apply,
        retrospectives_deleted=len(dossiers),
        notes_emptied=notes.count(),
        signals_emptied=signals.count(),
    )
    if not (item.retrospectives_deleted or item.notes_emptied or item.signals_emptied):
        return None
    files = StoredFile.objects.filter(public_id__in=[i for d in dossiers for i in file_ids_of(d)])
    run.handled.update(d.pk for d in dossiers)
    if not run.apply:
        item.files_deleted = run.count_once(files)
        return item
    with transaction.atomic():
        item.files_deleted = delete_files(files)
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).delete()  # answers, versions, retrospectives
        notes.update(**dict.fromkeys(NOTE_TEXT, ""))
        signals.update(**dict.fromkeys(SIGNAL_TEXT, ""))
        log_activity(
            "programme.purged",
            promotion,
            retrospectives_deleted=item.retrospectives_deleted,
            notes_emptied=item.notes_emptied,
            signals_emptied=item.signals_emptied,
            files_deleted=item.files_deleted,
        )
    return item


# --- The part -------------------------------------------------------------------------------------


class ProgrammePart(PersonalDataPart):
    key = "programme"
    order = 55

    def export(self, user, export):
        data = export_for(user)
        export.count("retrospectives", len(data["retrospectives"]))
        return data

    def activity(self, user):
        ids = [str(pk) for pk in Fellow.objects.filter(user=user).values_list("pk", flat=True)]
        return Q(target_type="programme.fellow", target_id__in=ids)

    def plan(self, user):
        fellows = Fellow.objects.filter(user=user).select_related("promotion", "challenge").order_by("pk")
        return [], [(KeptFellowship(fellow), kept_until(fellow)) for fellow in fellows]

    def delete_account(self, user, erasure):
        forget_participation(user)

    close_account = delete_account

    def purge(self, run):
        today = timezone.localdate(run.now)
        for setup in Setup.objects.select_related("promotion__programme").order_by("pk"):
            if purge_day(setup) > today:
                continue
            item = _purge_promotion(setup, run)
            if item is not None:
                run.report.others.append(item)
                run.report.files_deleted += item.files_deleted

    def holds_records(self, user):
        return Fellow.objects.filter(user=user).exists()

    def all_anonymised(self, user, run):
        """A closed account's fellowships wait for their promotion's purge day."""
        today = timezone.localdate(run.now)
        return all(
            purge_day(setup_of(fellow.promotion)) <= today
            for fellow in Fellow.objects.filter(user=user).select_related("promotion")
        )

    def anonymise_account(self, user, run):
        if run.apply:
            anonymise_fellowships(user)
        return 0


register_part(ProgrammePart())
