"""Mentoring: the mentors' records of a team, and « signaler une difficulté ».

A high-level mentor writes a monthly point, an operational mentor notes of their (daily) follow-up
(DOMAIN.md step 9: daily and monthly mentoring): date, who attended, decisions, difficulties.
Every part of the team reads them (access.py); only the team's mentors write them.

A mentor or a host agent of the team may flag a difficulty: it reaches the programme team as a
signal (signals.py) and by email to each of its members.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.notifications.services import queue_notification

from . import signals
from .access import HOST_PART, MENTOR_PART, Membership, parts_in
from .models import Mentor, MentorNote, Signal

# The kind of record each mentor writes unless they choose the other.
KIND_OF_MENTOR = {
    Mentor.Kind.HIGH_LEVEL: MentorNote.Kind.MONTHLY_POINT,
    Mentor.Kind.OPERATIONAL: MentorNote.Kind.NOTE,
}


def default_kind(challenge, user) -> str:
    """An operational mentor writes notes, a high-level mentor monthly points (operational first
    for a person who is both)."""
    kinds = set(Mentor.objects.filter(challenge=challenge, user=user).values_list("kind", flat=True))
    if Mentor.Kind.OPERATIONAL in kinds or not kinds:
        return MentorNote.Kind.NOTE
    return MentorNote.Kind.MONTHLY_POINT


def write_note(
    challenge,
    *,
    author,
    held_on: datetime.date,
    kind: str | None = None,
    attendees: str = "",
    decisions: str = "",
    difficulties: str = "",
    now=None,
) -> MentorNote:
    """A mentor of the team records a point or a note."""
    now = now or timezone.now()
    if not Mentor.objects.filter(challenge=challenge, user=author).exists():
        raise DomainError(_("Seuls les mentors de l'équipe écrivent ses notes de mentorat."))
    kind = kind or default_kind(challenge, author)
    if kind not in MentorNote.Kind.values:
        raise DomainError(_("Ce type de note n'existe pas."))
    if held_on is None:
        raise DomainError(_("Indiquez la date du point."))
    if held_on > timezone.localdate(now):
        raise DomainError(_("La date du point ne peut pas être dans le futur."))
    decisions, difficulties = (decisions or "").strip(), (difficulties or "").strip()
    if not (decisions or difficulties):
        raise DomainError(_("Indiquez au moins les décisions prises ou les difficultés rencontrées."))
    with transaction.atomic():
        note = MentorNote.objects.create(
            challenge=challenge,
            author=author,
            kind=kind,
            held_on=held_on,
            attendees=(attendees or "").strip()[:500],
            decisions=decisions,
            difficulties=difficulties,
        )
        log_activity("mentor_note.written", note, actor=author, challenge=challenge.title, kind=kind)
    return note


def _role_of(membership: Membership) -> str:
    if MENTOR_PART in membership.parts:
        return _("mentor")
    if HOST_PART in membership.parts:
        return _("administration d'accueil")
    return ""


def flag_difficulty(challenge, *, by, text: str, now=None) -> Signal:
    """A mentor or a host agent tells the programme team about a difficulty of the team."""
    now = now or timezone.now()
    membership = Membership(challenge, parts_in(by, challenge))
    if not membership.may_flag_difficulty:
        raise DomainError(_("Seuls les mentors et l'administration d'accueil de l'équipe signalent une difficulté."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Décrivez la difficulté."))
    who = by.get_full_name() or by.email
    with transaction.atomic():
        signal, _created = signals.raise_signal(
            Signal.Kind.DIFFICULTY,
            key=f"difficulty:{uuid.uuid4().hex}",
            promotion=challenge.promotion,
            challenge=challenge,
            summary=_("Difficulté signalée pour l'équipe %(team)s par %(who)s (%(role)s).")
            % {"team": challenge.title, "who": who, "role": _role_of(membership)},
            detail=text,
            by=by,
            now=now,
        )
        _tell_the_programme_team(signal, who=who)
    return signal


def _tell_the_programme_team(signal: Signal, *, who: str) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse(
        "staff:programme_signals", kwargs={"promotion": signal.promotion.slug}
    )
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    for member in staff.order_by("pk"):
        queue_notification(
            "programme_difficulty",
            to=member.email,
            context={"team": signal.challenge.title, "who": who, "text": signal.detail, "url": url},
            key=f"programme_difficulty:{signal.pk}:{member.pk}",
        )
