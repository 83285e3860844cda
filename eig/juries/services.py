"""State changes of the juries: one service each, logged.

Setting a jury up (half-days, rooms, jurors invited with their profile and
availabilities), the charter, the auditions to hold, panel formation (engine),
the timetable (engine) and manual moves checked against every rule, the
convocations with their ICS, the day itself (running late, attendance), and
the deliberation (notes, collective grid, general grid, publication).
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Call, Dossier
from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.engines import panels as panel_engine
from eig.engines import timetable as timetable_engine
from eig.notifications.services import queue_notification
from eig.proposals.models import Agent, Proposal
from eig.reviews import conflicts as automatic
from eig.reviews.defaults import CANDIDATE_JURY, CHALLENGE_JURY, install_grid
from eig.reviews.queries import names_of

from .models import (
    CANDIDATE_FORMAT,
    CHALLENGE_FORMAT,
    Audition,
    CollectiveScore,
    HalfDay,
    Juror,
    JurorConflict,
    JurorNote,
    Jury,
    Panel,
    PanelMember,
    Room,
    Verdict,
)

PARIS = ZoneInfo("Europe/Paris")

DEFAULT_CHARTER = (
    "En acceptant de siéger, je m'engage à garder confidentiels les dossiers, les échanges "
    "et les délibérations du jury ; à déclarer tout lien avec une personne ou une administration "
    "auditionnée (je ne siège pas pour ce dossier) ; à juger chaque dossier sur les seuls critères "
    "du règlement, avec impartialité ; à ne conserver aucune copie des dossiers après le jury."
)


def _url(name, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Setting up ---------------------------------------------------------------------


def create_jury(call: Call, *, by, title: str = "") -> Jury:
    """The call's jury with the format and grid of the rules (idempotent per call)."""
    challenges = call.kind == Call.Kind.CHALLENGES
    kind = Jury.Kind.CHALLENGES if challenges else Jury.Kind.CANDIDATES
    with transaction.atomic():
        grid = install_grid(call, CHALLENGE_JURY if challenges else CANDIDATE_JURY)
        jury, created = Jury.objects.get_or_create(
            call=call,
            kind=kind,
            defaults={
                "title": title or str(kind.label),
                "grid": grid,
                "audition_format": CHALLENGE_FORMAT if challenges else CANDIDATE_FORMAT,
                "charter": DEFAULT_CHARTER,
                "items_min": 2 if challenges else 3,
                "items_max": 3 if challenges else 6,
            },
        )
        if created:
            log_activity("jury.created", jury, actor=by, call=call.pk)
    return jury


def add_half_day(jury: Jury, starts_at, ends_at, *, by) -> HalfDay:
    if ends_at <= starts_at:
        raise DomainError(_("La demi-journée doit finir après avoir commencé."))
    half_day = HalfDay.objects.create(jury=jury, starts_at=starts_at, ends_at=ends_at)
    log_activity("jury.half_day_added", jury, actor=by, starts_at=starts_at.isoformat())
    return half_day


def add_room(jury: Jury, name: str, *, location: str = "", by) -> Room:
    room, _created = Room.objects.update_or_create(jury=jury, name=name.strip(), defaults={"location": location})
    log_activity("jury.room_added", jury, actor=by, room=room.name)
    return room


SETTINGS = (
    "panels_wanted",
    "panel_size_min",
    "panel_size_max",
    "items_min",
    "items_max",
    "max_half_days_per_juror",
    "audition_format",
    "break_every",
    "break_minutes",
    "buffer_minutes",
    "general_grid_minutes",
    "waiting_room",
    "charter",
)
# Changing one of these leaves a computed timetable out of date.
TIMETABLE_SETTINGS = {"audition_format", "break_every", "break_minutes", "buffer_minutes", "general_grid_minutes"}


def update_jury_settings(jury: Jury, *, by, **changes) -> list[str]:
    """Staff set the panels wanted, their sizes, the audition format, breaks and texts;
    returns the names of the settings that changed."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not a jury setting: {sorted(unknown)}")
    values = {name: changes.get(name, getattr(jury, name)) for name in SETTINGS}
    if values["panel_size_min"] < 1 or values["panel_size_min"] > values["panel_size_max"]:
        raise DomainError(
            _("La taille minimale d'un groupe doit être d'au moins 1 et ne pas dépasser la taille maximale.")
        )
    if values["items_min"] > values["items_max"]:
        raise DomainError(_("Le nombre minimal d'auditions par groupe ne peut pas dépasser le nombre maximal."))
    if values["panels_wanted"] < 1 or values["max_half_days_per_juror"] < 1:
        raise DomainError(_("Il faut au moins un groupe, et chaque juré doit pouvoir siéger une demi-journée."))
    segments = values["audition_format"]
    if not segments or any(int(s["minutes"]) <= 0 for s in segments):
        raise DomainError(_("Le déroulé d'une audition compte au moins une étape, chacune d'au moins une minute."))
    if not any(s["with_auditionee"] for s in segments):
        raise DomainError(_("Au moins une étape du déroulé se passe avec la personne auditionnée."))
    if not values["charter"].strip():
        raise DomainError(_("La charte de déontologie et de confidentialité ne peut pas être vide."))
    values["audition_format"] = [
        {"label": str(s["label"]).strip(), "minutes": int(s["minutes"]), "with_auditionee": bool(s["with_auditionee"])}
        for s in segments
    ]
    changed = [name for name in SETTINGS if getattr(jury, name) != values[name]]
    if changed:
        for name in changed:
            setattr(jury, name, values[name])
        jury.save(update_fields=[*changed, "updated_at"])
        log_activity("jury.settings_updated", jury, actor=by, fields=changed)
    return changed


def invite_juror(
    jury: Jury,
    email: str,
    *,
    name: str,
    type: str,
    gender: str = Juror.Gender.OTHER,
    organisation: str = "",
    expertise=(),
    available=(),
    mentor_of=(),
    by,
    notify: bool = True,
) -> Juror:
    """Invite a person to sit; the email links to the charter they sign before seeing any dossier.

    `notify=False` sends no link: the person signs the charter at once elsewhere (an alumnus
    accepting the programme team's invitation, eig.alumni)."""
    email = email.strip().lower()
    if type not in Juror.Type.values:
        raise DomainError(_("Choisissez le type de membre du jury."))
    with transaction.atomic():
        juror, created = Juror.objects.update_or_create(
            jury=jury,
            email=email,
            defaults={
                "name": name.strip(),
                "type": type,
                "gender": gender,
                "organisation": organisation.strip(),
                "expertise": sorted(set(expertise)),
            },
        )
        juror.available.set(list(available))
        juror.mentor_of.set(list(mentor_of))
        log_activity("juror.invited" if created else "juror.updated", juror, actor=by, jury=jury.pk)
        if not notify:
            return juror
        queue_notification(
            "juror_invitation",
            to=email,
            context={"name": juror.name, "jury": jury.title, "url": _url("juries:charter", token=juror.token)},
            key=f"juror-invitation:{juror.pk}",
        )
    return juror


def accept_charter(juror: Juror, *, user, now=None) -> Juror:
    """The invited person signs the ethics and confidentiality charter with their account."""
    now = now or timezone.now()
    with transaction.atomic():
        juror = Juror.objects.select_for_update().get(pk=juror.pk)
        if juror.user_id and juror.user_id != user.pk:
            raise DomainError(_("Cette invitation a déjà été acceptée par une autre personne."))
        if Juror.objects.filter(jury=juror.jury, user=user).exclude(pk=juror.pk).exists():
            raise DomainError(_("Vous siégez déjà dans ce jury."))
        if juror.charter_accepted_at is None:
            juror.user, juror.charter_accepted_at = user, now
            juror.save(update_fields=["user", "charter_accepted_at"])
            if not user.has_role(Role.JURY_MEMBER):
                user.roles = [*(user.roles or []), Role.JURY_MEMBER.value]
                user.save(update_fields=["roles"])
            log_activity("juror.charter_signed", juror, actor=user, jury=juror.jury_id)
            detect_conflicts(juror.jury, jurors=[juror])
    return juror


def set_availability(juror: Juror, half_days, *, by) -> None:
    half_days = list(half_days)
    if any(h.jury_id != juror.jury_id for h in half_days):
        raise DomainError(_("Cette demi-journée n'appartient pas à ce jury."))
    juror.available.set(half_days)
    log_activity("juror.availability_set", juror, actor=by, half_days=[h.pk for h in half_days])


def declare_juror_conflict(juror: Juror, dossier: Dossier, *, reason: str, by) -> JurorConflict:
    conflict, created = JurorConflict.objects.get_or_create(
        juror=juror, dossier=dossier, defaults={"reason": (reason.strip() or _("Conflit déclaré"))[:300]}
    )
    if created:
        log_activity("juror.conflict_declared", juror, actor=by, dossier=dossier.number)
    return conflict


def detect_conflicts(jury: Jury, *, jurors=None) -> int:
    """The automatic conflicts of the evaluation (same rules: eig/reviews/conflicts.py)."""
    jurors = list(jurors if jurors is not None else jury.jurors.select_related("user"))
    dossiers = [a.dossier for a in jury.auditions.select_related("dossier")]
    found = automatic.detect(jurors, dossiers)
    JurorConflict.objects.bulk_create(
        [JurorConflict(juror_id=j, dossier_id=d, reason=reason) for (j, d), reason in found.items()],
        ignore_conflicts=True,
    )
    return len(found)


# --- The auditions to hold -------------------------------------------------------------


def _auditionees(jury: Jury, dossiers) -> dict[int, tuple[str, list[str]]]:
    names = names_of([d.pk for d in dossiers])
    people = {}
    if jury.kind == Jury.Kind.CHALLENGES:
        proposals = {
            p.dossier_id: p for p in Proposal.objects.filter(dossier__in=dossiers).select_related("administration")
        }
        for dossier in dossiers:
            proposal = proposals.get(dossier.pk)
            emails = {dossier.owner.email}
            if proposal is not None:
                emails |= set(
                    Agent.objects.filter(administration=proposal.administration, confirmed=True).values_list(
                        "user__email", flat=True
                    )
                )
            title = names.get(dossier.pk) or dossier.number
            who = f"{title} — {proposal.administration}" if proposal else title
            people[dossier.pk] = (who, sorted(emails))
    else:
        for dossier in dossiers:
            people[dossier.pk] = (names.get(dossier.pk) or dossier.number, [dossier.owner.email])
    return people


def add_auditions(jury: Jury, dossiers, *, by) -> int:
    """Hear these dossiers (submitted dossiers of the jury's call); returns how many are new."""
    dossiers = [d for d in dossiers if d.call_id == jury.call_id and d.status == Dossier.Status.SUBMITTED]
    known = set(jury.auditions.values_list("dossier_id", flat=True))
    fresh = [d for d in dossiers if d.pk not in known]
    people = _auditionees(jury, fresh)
    Audition.objects.bulk_create(
        Audition(jury=jury, dossier=d, auditionee=people[d.pk][0][:200], auditionee_emails=people[d.pk][1])
        for d in fresh
    )
    if fresh:
        log_activity("jury.auditions_added", jury, actor=by, dossiers=[d.number for d in fresh])
        detect_conflicts(jury)
    return len(fresh)


# --- Panels (engine) --------------------------------------------------------------------


def _first_wish_challenge(dossier_ids) -> dict[int, int]:
    return dict(
        Wish.objects.filter(dossier_id__in=dossier_ids, rank=1).values_list("dossier_id", "position__challenge_id")
    )


def _half_day_label(half_day: HalfDay) -> str:
    """« le mardi 5 mars matin »: how the engines' explanations name a half-day."""
    start = timezone.localtime(half_day.starts_at, PARIS)
    with translation.override("fr"):
        day = formats.date_format(start, "l j F")
    return f"le {day} {'matin' if start.hour < 13 else 'après-midi'}"


# The panel engine names everything through one `labels` map: the ids it is given carry a
# prefix per kind (juror, audition, half-day, room, challenge) so that two pks never collide.
def _jid(pk) -> str:
    return f"j{pk}"


def _aid(pk) -> str:
    return f"a{pk}"


def _pk(engine_id: str) -> int:
    return int(engine_id[1:])


def panel_instance(jury: Jury) -> tuple[panel_engine.Instance, dict]:
    jurors = list(jury.jurors.prefetch_related("available", "mentor_of"))
    auditions = list(jury.auditions.select_related("dossier"))
    half_days = list(jury.half_days.all())
    rooms = list(jury.rooms.all())
    conflicts = {}
    for juror_id, dossier_id in JurorConflict.objects.filter(juror__jury=jury).values_list("juror_id", "dossier_id"):
        conflicts.setdefault(dossier_id, set()).add(_jid(juror_id))
    groups = _first_wish_challenge([a.dossier_id for a in auditions]) if jury.kind == Jury.Kind.CANDIDATES else {}
    mentors = {}
    for juror in jurors:
        for challenge in juror.mentor_of.all():
            mentors.setdefault(challenge.pk, set()).add(_jid(juror.pk))
    items = [
        panel_engine.Item(
            id=_aid(a.pk),
            required=frozenset(mentors.get(groups.get(a.dossier_id), ())),
            conflicts=frozenset(conflicts.get(a.dossier_id, ())),
            group=f"c{groups[a.dossier_id]}" if groups.get(a.dossier_id) else "",
        )
        for a in auditions
    ]
    slots = [
        panel_engine.Slot(id=f"h{h.pk}:r{r.pk}", half_day=f"h{h.pk}", room=f"r{r.pk}") for h in half_days for r in rooms
    ]
    pinned = {
        _jid(m.juror_id): m.panel.index - 1
        for m in PanelMember.objects.filter(panel__jury=jury, pinned=True).select_related("panel")
    }
    instance = panel_engine.Instance(
        jurors=[
            panel_engine.Juror(
                id=_jid(j.pk),
                attributes={"type": j.type, "gender": j.gender, "organisation": j.organisation},
                available=frozenset(f"h{h.pk}" for h in j.available.all()),
                max_panels=jury.max_half_days_per_juror,
            )
            for j in jurors
        ],
        items=items,
        slots=slots,
        panels=jury.panels_wanted,
        size_min=jury.panel_size_min,
        size_max=jury.panel_size_max,
        items_min=jury.items_min,
        items_max=jury.items_max,
        keep_groups=jury.kind == Jury.Kind.CANDIDATES,
        pinned=pinned,
        labels={
            **{_jid(j.pk): j.name for j in jurors},
            **{_aid(a.pk): f"« {a.auditionee} »" for a in auditions},
            **{f"h{h.pk}": _half_day_label(h) for h in half_days},
            **{f"r{r.pk}": r.name for r in rooms},
            **{f"c{c.pk}": f"« {c.title} »" for c in Challenge.objects.filter(pk__in=set(groups.values()))},
        },
    )
    return instance, {"half_days": {f"h{h.pk}": h for h in half_days}, "rooms": {f"r{r.pk}": r for r in rooms}}


def form_panels(jury: Jury, *, by) -> list[Panel]:
    """Split the jurors into balanced panels and give each its dossiers; staff's pins stay.

    Re-forming panels clears the timetable (the auditions move with their panel).
    """
    instance, index = panel_instance(jury)
    result = panel_engine.solve(instance)
    if result.status not in ("optimal", "feasible"):
        raise DomainError(result.explanation or _("Aucune répartition ne respecte toutes les règles."))
    problems = panel_engine.validate(instance, result)
    if problems:
        raise DomainError(" ".join(problems))
    pinned = set(instance.pinned)
    with transaction.atomic():
        Audition.objects.filter(jury=jury).update(panel=None, starts_at=None, ends_at=None)
        jury.panels.all().delete()
        created = []
        for p in result.panels:
            half_day, room = index["half_days"][p.slot.half_day], index["rooms"][p.slot.room]
            panel = Panel.objects.create(
                jury=jury,
                index=p.index + 1,
                half_day=half_day,
                room=room,
                explanation=describe_balance(instance, p.jurors),
            )
            PanelMember.objects.bulk_create(
                PanelMember(panel=panel, juror_id=_pk(j), pinned=j in pinned) for j in p.jurors
            )
            Audition.objects.filter(pk__in=[_pk(i) for i in p.items]).update(panel=panel)
            created.append(panel)
        log_activity(
            "jury.panels_formed",
            jury,
            actor=by,
            status=result.status,
            panels=len(created),
            seconds=result.wall_seconds,
            # The decision's fingerprint: engine, version, parameters and panels (issue 19); « canonical »
            # when the tie-break was proven, so that a re-run gives these very panels.
            digest=result.digest,
            canonical=result.canonical,
        )
    return created


def describe_balance(instance, juror_ids) -> str:
    """« 6 membres : 3 femmes, 3 hommes ; administration 3, association 2, recherche 1. »"""
    by_id = {j.id: j for j in instance.jurors}
    genders, types = {}, {}
    for juror_id in juror_ids:
        attributes = by_id[juror_id].attributes
        genders[attributes.get("gender")] = genders.get(attributes.get("gender"), 0) + 1
        types[attributes.get("type")] = types.get(attributes.get("type"), 0) + 1
    gender_labels = {"f": _("femme(s)"), "m": _("homme(s)"), "x": _("autre(s) ou non précisé")}
    type_labels = dict(Juror.Type.choices)
    return _("%(n)s membres : %(genders)s ; %(types)s.") % {
        "n": len(juror_ids),
        "genders": ", ".join(f"{n} {gender_labels.get(g, g)}" for g, n in sorted(genders.items())),
        "types": ", ".join(f"{type_labels.get(t, t)} {n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1])),
    }


def pin_juror(juror: Juror, panel: Panel | None, *, by) -> None:
    """Keep a juror on a panel at the next formation (None: unpin)."""
    if panel is not None and panel.jury_id != juror.jury_id:
        raise DomainError(_("Ce groupe n'appartient pas au jury de cette personne."))
    with transaction.atomic():
        PanelMember.objects.filter(juror=juror).update(pinned=False)
        if panel is not None:
            # Pinned elsewhere: the person leaves their current panel now, not at the next formation.
            PanelMember.objects.filter(juror=juror).exclude(panel=panel).delete()
            member, _created = PanelMember.objects.get_or_create(panel=panel, juror=juror)
            member.pinned = True
            member.save(update_fields=["pinned"])
        log_activity("juror.pinned", juror, actor=by, panel=panel.index if panel else None)


# --- Timetable (engine) --------------------------------------------------------------------


def _origin(jury: Jury) -> datetime.datetime:
    first = jury.half_days.order_by("starts_at").first()
    day = timezone.localtime(first.starts_at, PARIS).date() if first else timezone.localdate()
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=PARIS)


def _minutes(origin, moment) -> int:
    return int((moment - origin).total_seconds() // 60)


def _moment(origin, minutes: int) -> datetime.datetime:
    return (origin + datetime.timedelta(minutes=minutes)).astimezone(datetime.UTC)


def _format(jury: Jury) -> timetable_engine.Format:
    return timetable_engine.Format(
        name=jury.get_kind_display(),
        segments=tuple(
            timetable_engine.Segment(
                label=s["label"], minutes=int(s["minutes"]), with_auditionee=bool(s["with_auditionee"])
            )
            for s in jury.audition_format
        ),
    )


def _day_label(moment) -> str:
    """« mardi 5 mars »: the engine's day of a session (shown in its messages, one per date)."""
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment, PARIS), "l j F")


def timetable_instance(jury: Jury, *, fixed=None) -> tuple[timetable_engine.Instance, datetime.datetime]:
    """The engine's instance: a panel is known by its number, a room by its name, a day by
    its French label, a person by their name, so that every refusal reads as staff speak."""
    origin = _origin(jury)
    panels = list(jury.panels.select_related("half_day", "room").prefetch_related("members__juror"))
    fmt = _format(jury)
    sessions, seats, names = [], [], {}
    number = {panel.pk: str(panel.index) for panel in panels}
    for panel in panels:
        session_id = number[panel.pk]
        sessions.append(
            timetable_engine.Session(
                id=session_id,
                room=panel.room.name,
                day=_day_label(panel.half_day.starts_at),
                start=_minutes(origin, panel.half_day.starts_at),
                end=_minutes(origin, panel.half_day.ends_at),
            )
        )
        seats.append(
            timetable_engine.PanelSeat(
                id=session_id, jurors=tuple(str(m.juror_id) for m in panel.members.all()), sessions=(session_id,)
            )
        )
        names |= {str(m.juror_id): m.juror.name for m in panel.members.all()}
    heard = list(jury.auditions.filter(panel__isnull=False))
    names |= {f"dossier-{a.dossier_id}": a.auditionee for a in heard}
    auditions = [
        timetable_engine.Audition(
            id=str(a.pk),
            panel=number[a.panel_id],
            auditionee=f"dossier-{a.dossier_id}",
            format=fmt,
            people=tuple(a.auditionee_emails),
        )
        for a in heard
    ]
    rules = timetable_engine.Rules(
        break_every=jury.break_every,
        break_minutes=jury.break_minutes,
        buffer=jury.buffer_minutes,
        max_half_days_per_juror=jury.max_half_days_per_juror,
        general_grid_minutes=jury.general_grid_minutes,
    )
    instance = timetable_engine.Instance(
        auditions=auditions, panels=seats, sessions=sessions, rules=rules, fixed=dict(fixed or {}), names=names
    )
    return instance, origin


def current_timetable(jury: Jury, instance, origin) -> timetable_engine.Timetable:
    """The timetable as stored, in the engine's terms (to check a move against it)."""
    sessions = {s.id: s for s in instance.sessions}
    fmt = _format(jury)
    slots = []
    for a in jury.auditions.filter(panel__isnull=False, starts_at__isnull=False).select_related("panel"):
        session = sessions[str(a.panel.index)]
        start = _minutes(origin, a.starts_at)
        segments, at = [], start
        for seg in fmt.segments:
            segments.append((seg.label, at, at + seg.minutes, seg.with_auditionee))
            at += seg.minutes
        slots.append(
            timetable_engine.Slot(
                audition=str(a.pk),
                panel=session.id,
                session=session.id,
                room=session.room,
                day=session.day,
                start=start,
                end=start + fmt.minutes,
                segments=segments,
            )
        )
    return timetable_engine.Timetable(
        status="stored", slots=slots, objective=0, bound=0, gap=0.0, wall_seconds=0.0, explanation=""
    )


def _store(jury: Jury, timetable, origin) -> None:
    for slot in timetable.slots:
        Audition.objects.filter(pk=int(slot.audition)).update(
            starts_at=_moment(origin, slot.start), ends_at=_moment(origin, slot.end)
        )


def schedule(jury: Jury, *, by) -> timetable_engine.Timetable:
    """Place every audition of every panel; refused with the binding rule when impossible."""
    instance, origin = timetable_instance(jury)
    if not instance.auditions:
        raise DomainError(_("Formez d'abord les groupes de jury : aucune audition ne leur est confiée."))
    result = timetable_engine.solve(instance)
    if result.status not in ("optimal", "feasible"):
        raise DomainError(result.explanation or _("Aucun horaire ne respecte toutes les règles."))
    problems = timetable_engine.validate(instance, result)
    if problems:
        raise DomainError(" ".join(problems))
    with transaction.atomic():
        _store(jury, result, origin)
        log_activity("jury.scheduled", jury, actor=by, status=result.status, auditions=len(result.slots))
    return result


def move_audition(audition: Audition, starts_at, *, by) -> Audition:
    """Staff move one audition by hand; refused, with the rule it would break, if it breaks one."""
    jury = audition.jury
    instance, origin = timetable_instance(jury)
    current = current_timetable(jury, instance, origin)
    reasons = timetable_engine.check_move(instance, current, str(audition.pk), _minutes(origin, starts_at))
    if reasons:
        # The engine says « Refusé : … »; the page says who and what was refused.
        reasons = [r.removeprefix("Refusé : ") for r in reasons]
        raise DomainError(" ".join([reasons[0], *(r[:1].upper() + r[1:] for r in reasons[1:])]))
    moved = timetable_engine.apply_move(instance, current, str(audition.pk), _minutes(origin, starts_at))
    with transaction.atomic():
        before = audition.starts_at
        _store(jury, moved, origin)
        audition.refresh_from_db()
        log_activity(
            "audition.moved",
            audition,
            actor=by,
            before=before.isoformat() if before else None,
            after=starts_at.isoformat(),
        )
    return audition


def running_late(jury: Jury, room: Room, minutes: int, *, by, now=None) -> tuple[list[Audition], list[str]]:
    """The room runs N minutes late: its following auditions that day shift; their people are told."""
    now = now or timezone.now()
    if minutes <= 0:
        raise DomainError(_("Indiquez un retard d'au moins une minute."))
    instance, origin = timetable_instance(jury)
    current = current_timetable(jury, instance, origin)
    shifted, moved_ids = timetable_engine.shift_room(
        current, room.name, _day_label(now), _minutes(origin, now), minutes
    )
    with transaction.atomic():
        _store(jury, shifted, origin)
        moved = list(Audition.objects.filter(pk__in=[int(i) for i in moved_ids]).select_related("panel"))
        for audition in moved:
            _notify_moved(audition, minutes)
        log_activity("jury.running_late", jury, actor=by, room=room.name, minutes=minutes, moved=len(moved))
    problems = timetable_engine.validate(instance, shifted)
    return moved, problems


def _notify_moved(audition: Audition, minutes: int) -> None:
    recipients = list(audition.auditionee_emails) + list(
        audition.panel.members.values_list("juror__email", flat=True) if audition.panel else []
    )
    for email in recipients:
        queue_notification(
            "audition_moved",
            to=email,
            context={
                "jury": audition.jury.title,
                "auditionee": audition.auditionee,
                "minutes": minutes,
                "starts_at": _local(audition.starts_at),
            },
            key=f"audition-moved:{audition.pk}:{audition.starts_at.timestamp():.0f}:{email}",
        )


def mark_attendance(audition: Audition, attendance: str, *, by) -> Audition:
    if attendance not in Audition.Attendance.values:
        raise DomainError(_("Cet état de présence n'existe pas."))
    audition.attendance = attendance
    audition.save(update_fields=["attendance"])
    log_activity("audition.attendance", audition, actor=by, attendance=attendance)
    return audition


# --- Convocations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Convocation:
    """One convocation send_convocations sends: to whom, its template, its outbox key and ICS."""

    name: str
    email: str
    template: str
    context: Callable[[], dict]  # built when called, in the language then active
    key: str
    attachments: list


def _auditionee_context(jury: Jury, audition: Audition) -> dict:
    return {
        "jury": jury.title,
        "auditionee": audition.auditionee,
        "starts_at": _local(audition.starts_at),
        "room": audition.panel.room.name,
        "location": audition.panel.room.location,
        "waiting_room": jury.waiting_room,
    }


def _juror_context(jury: Jury, juror: Juror, first: Panel | None) -> dict:
    return {
        "name": juror.name,
        "jury": jury.title,
        "starts_at": _local(first.half_day.starts_at) if first else "",
        "room": first.room.name if first else "",
        "location": first.room.location if first else "",
        "url": _url("juries:schedule"),
        "feed": _url("juries:feed", token=juror.calendar_token),
    }


def planned_convocations(jury: Jury) -> list[Convocation]:
    """What send_convocations sends, sending nothing (the staff preview reads it too): each
    scheduled auditionee's convocation, then each seated juror's."""
    planned = []
    auditions = list(jury.auditions.filter(starts_at__isnull=False).select_related("panel__room"))
    for audition in auditions:
        stamp = f"{audition.starts_at.timestamp():.0f}"
        for email in audition.auditionee_emails:
            planned.append(
                Convocation(
                    name=audition.auditionee,
                    email=email,
                    template="audition_convocation",
                    context=functools.partial(_auditionee_context, jury, audition),
                    key=f"convocation:{audition.pk}:{stamp}:{email}",
                    attachments=[
                        {
                            "filename": f"audition-{audition.dossier_id}.ics",
                            "mimetype": "text/calendar",
                            "renderer": "audition_ics",
                            "args": {"audition": audition.pk},
                        }
                    ],
                )
            )
    for juror in jury.jurors.filter(memberships__isnull=False).distinct():
        panels = Panel.objects.filter(members__juror=juror).select_related("half_day", "room")
        first = panels.first()
        stamp = "-".join(
            f"{t.timestamp():.0f}"
            for t in Audition.objects.filter(panel__in=panels, starts_at__isnull=False).values_list(
                "starts_at", flat=True
            )
        )
        planned.append(
            Convocation(
                name=juror.name,
                email=juror.email,
                template="juror_convocation",
                context=functools.partial(_juror_context, jury, juror, first),
                key=f"juror-convocation:{juror.pk}:{hashlib.sha256(stamp.encode()).hexdigest()[:16]}",
                attachments=[
                    {
                        "filename": "jury.ics",
                        "mimetype": "text/calendar",
                        "renderer": "juror_ics",
                        "args": {"juror": juror.pk},
                    }
                ],
            )
        )
    return planned


def send_convocations(jury: Jury, *, by) -> int:
    """Each auditionee and each juror gets their convocation with an ICS; sent again after a change."""
    count = 0
    for convocation in planned_convocations(jury):
        queue_notification(
            convocation.template,
            to=convocation.email,
            context=convocation.context(),
            key=convocation.key,
            attachments=convocation.attachments,
        )
        count += 1
    log_activity("jury.convocations_sent", jury, actor=by, messages=count)
    return count


# --- Deliberation ------------------------------------------------------------------------------


def _member(panel: Panel, user) -> Juror:
    juror = Juror.objects.filter(jury_id=panel.jury_id, user=user, memberships__panel=panel).first()
    if juror is None or not juror.has_signed:
        raise DomainError(_("Vous ne siégez pas dans ce groupe de jury."))
    return juror


def _not_conflicted(audition: Audition, juror: Juror) -> None:
    if JurorConflict.objects.filter(juror=juror, dossier_id=audition.dossier_id).exists():
        raise DomainError(_("Vous avez un conflit d'intérêts avec ce dossier : vous ne le jugez pas."))


def save_note(audition: Audition, *, user, text: str) -> JurorNote:
    juror = _member(audition.panel, user)
    _not_conflicted(audition, juror)
    note, _created = JurorNote.objects.update_or_create(audition=audition, juror=juror, defaults={"text": text})
    return note


def save_collective(audition: Audition, *, user, scores: dict, comment: str = "") -> CollectiveScore:
    """The panel's collective grid of one audition: the time-keeper fills it."""
    panel = audition.panel
    juror = _member(panel, user)
    if panel.timekeeper_id and panel.timekeeper_id != juror.pk:
        raise DomainError(_("Seul le maître du temps de ce groupe remplit la grille collective."))
    _not_conflicted(audition, juror)
    grid = audition.jury.grid
    criteria = list(grid.criteria.all()) if grid else []
    ids = {str(c.pk) for c in criteria}
    cleaned = {}
    for key, value in scores.items():
        if str(key) not in ids:
            raise DomainError(_("Ce critère n'appartient pas à la grille."))
        if value in (None, ""):
            continue
        level = int(value)
        if not grid.scale_min <= level <= grid.scale_max:
            raise DomainError(
                _("Une note doit être comprise entre %(min)s et %(max)s.")
                % {"min": grid.scale_min, "max": grid.scale_max}
            )
        cleaned[str(key)] = level
    total = float(sum(c.weight * cleaned[str(c.pk)] for c in criteria)) if len(cleaned) == len(criteria) else None
    score, _created = CollectiveScore.objects.update_or_create(
        audition=audition, defaults={"scores": cleaned, "comment": comment.strip(), "total": total, "filled_by": juror}
    )
    log_activity("audition.collective_saved", audition, actor=user, total=total)
    return score


def save_verdicts(panel: Panel, rows: list[dict], *, user, now=None) -> list[Verdict]:
    """The general grid, once the panel's last audition is over: favourable or not, a rank
    per list (each rank once), favourite, justification; for candidates, per challenge and
    profile, with possibly another challenge to propose."""
    now = now or timezone.now()
    juror = _member(panel, user)
    if panel.timekeeper_id and panel.timekeeper_id != juror.pk:
        raise DomainError(_("Seul le maître du temps de ce groupe remplit la grille générale."))
    last = panel.auditions.exclude(ends_at__isnull=True).order_by("-ends_at").first()
    if last is None or now < last.ends_at:
        raise DomainError(_("La grille générale se remplit après la dernière audition du groupe."))
    mine = set(panel.auditions.values_list("pk", flat=True))
    ranks = {}
    for row in rows:
        if row["audition"].pk not in mine:
            raise DomainError(_("Cette audition n'est pas celle de votre groupe."))
        _not_conflicted(row["audition"], juror)
        scope = row.get("scope", "")
        if row["rank"] in ranks.setdefault(scope, set()):
            raise DomainError(_("Deux dossiers ont le même rang : chaque rang ne sert qu'une fois."))
        ranks[scope].add(row["rank"])
    saved = []
    with transaction.atomic():
        for row in rows:
            verdict, _created = Verdict.objects.update_or_create(
                panel=panel,
                audition=row["audition"],
                scope=row.get("scope", ""),
                defaults={
                    "favourable": row["favourable"],
                    "rank": row["rank"],
                    "favourite": row.get("favourite", False),
                    "justification": row.get("justification", "").strip(),
                    "challenge": row.get("challenge"),
                    "profile": row.get("profile"),
                    "proposed_challenge": row.get("proposed_challenge"),
                },
            )
            saved.append(verdict)
        log_activity("panel.verdicts_saved", panel, actor=user, rows=len(rows))
    return saved


def set_timekeeper(panel: Panel, juror: Juror, *, by) -> None:
    if not panel.members.filter(juror=juror).exists():
        raise DomainError(_("Le maître du temps doit siéger dans ce groupe."))
    panel.timekeeper = juror
    panel.save(update_fields=["timekeeper"])
    log_activity("panel.timekeeper_set", panel, actor=by, juror=juror.pk)


def publish_results(jury: Jury, *, by, now=None) -> Jury:
    """Results stay invisible to candidates and administrations until staff publish them."""
    now = now or timezone.now()
    if not Verdict.objects.filter(panel__jury=jury).exists():
        raise DomainError(_("Aucun groupe n'a encore rempli sa grille générale."))
    jury.results_published_at = now
    jury.save(update_fields=["results_published_at"])
    log_activity("jury.results_published", jury, actor=by)
    return jury
