"""From the accepted offer to the last day: one service per change of a fellow, each logged.

`make_fellow` runs inside the offer's answer (eig.selection sends `offer_accepted`, hooks.py
listens): the laureate becomes a fellow of the promotion, in the team of the offer's challenge,
with the start date of the promotion's programme. The community profile that names them
publicly is the publication's (eig.selection, with their consent): the team space does not wait
for it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.promotions.models import Phase, Promotion

from .defaults import EXTRA_FORMS, FORMS, install_programme_forms
from .models import Fellow, Setup
from .states import FELLOW


def setup_of(promotion: Promotion) -> Setup:
    """The promotion's settings for its ten months, made with the programme phase's dates."""
    setup = Setup.objects.filter(promotion=promotion).first()
    if setup is not None:
        return setup
    phase = Phase.objects.filter(promotion=promotion, kind=Phase.Kind.PROGRAMME).first()
    start = timezone.localdate(phase.starts_at) if phase else None
    end = timezone.localdate(phase.ends_at) if phase and phase.ends_at else None
    setup, _created = Setup.objects.get_or_create(
        promotion=promotion, defaults={"start_date": start, "end_date": end, "reminder_days": [14, 3]}
    )
    return setup


def forms_missing(promotion: Promotion, kinds=None) -> bool:
    """Some of the promotion's forms are not installed: the programme's and those of the apps above (EXTRA_FORMS)."""
    kinds = [*FORMS, *EXTRA_FORMS] if kinds is None else list(kinds)
    return promotion.calls.filter(kind__in=kinds).values("kind").distinct().count() < len(kinds)


def ensure_forms(promotion: Promotion, *, by=None) -> bool:
    """The promotion's forms of the ten months (onboarding checklists, weekly retrospective), installed
    once its programme is on the calendar; False when it is not (nothing to open them against)."""
    if not forms_missing(promotion):
        return True
    if not Phase.objects.filter(promotion=promotion, kind=Phase.Kind.PROGRAMME).exists():
        return False
    if forms_missing(promotion, FORMS):
        install_programme_forms(promotion)
        log_activity("programme.forms_installed", promotion, actor=by)
    for install in EXTRA_FORMS.values():
        install(promotion, by=by)  # each installs once and logs it
    return True


def _add_role(user, role: str) -> None:
    if role not in (user.roles or []):
        user.roles = [*(user.roles or []), role]
        user.save(update_fields=["roles"])


def make_fellow(offer, *, name: str, now=None) -> Fellow:
    """The laureate of an accepted offer joins the promotion's programme (once per promotion)."""
    now = now or timezone.now()
    challenge = offer.position.challenge
    user = offer.dossier.owner
    fellow, created = Fellow.objects.get_or_create(
        promotion_id=challenge.promotion_id,
        user=user,
        defaults={
            "challenge": challenge,
            "offer": offer,
            "name": name,
            "profile_label": offer.position.profile.label,
            "start_date": setup_of(challenge.promotion).start_date,
        },
    )
    if created:
        ensure_forms(challenge.promotion)
        _add_role(user, Role.FELLOW.value)
        log_activity("fellow.created", fellow, actor=user, challenge=challenge.title, offer=offer.pk)
    return fellow


def _locked(fellow: Fellow) -> Fellow:
    return Fellow.objects.select_for_update().get(pk=fellow.pk)


def confirm_start(fellow: Fellow, *, on: datetime.date, by) -> Fellow:
    """The fellow has started (staff record it, or the fellow confirms their first day)."""
    with transaction.atomic():
        fellow = _locked(fellow)
        FELLOW.check_move(fellow.status, Fellow.Status.ACTIVE, _("Cette personne n'est plus en préparation d'arrivée."))
        fellow.status = Fellow.Status.ACTIVE
        fellow.started_on = on
        fellow.not_started_reason = ""
        fellow.save(update_fields=["status", "started_on", "not_started_reason", "updated_at"])
        log_activity("fellow.start_confirmed", fellow, actor=by, on=on.isoformat())
    return fellow


def note_delay(fellow: Fellow, *, reason: str, start_date: datetime.date | None, by) -> Fellow:
    """Staff note why a fellow has not started yet, and the new expected date."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez la raison du retard."))
    with transaction.atomic():
        fellow = _locked(fellow)
        if not FELLOW.is_in(fellow.status, "not_started"):
            raise DomainError(_("Cette personne a déjà pris son poste."))
        fellow.not_started_reason = reason[:300]
        if start_date:
            fellow.start_date = start_date
        fellow.save(update_fields=["not_started_reason", "start_date", "updated_at"])
        log_activity(
            "fellow.start_delayed", fellow, actor=by, start_date=fellow.start_date and fellow.start_date.isoformat()
        )
    return fellow


def finish(fellow: Fellow, *, on: datetime.date, by) -> Fellow:
    with transaction.atomic():
        fellow = _locked(fellow)
        FELLOW.check_move(fellow.status, Fellow.Status.FINISHED, _("Seule une personne en poste termine le programme."))
        fellow.status = Fellow.Status.FINISHED
        fellow.left_on = on
        fellow.save(update_fields=["status", "left_on", "updated_at"])
        log_activity("fellow.finished", fellow, actor=by, on=on.isoformat())
    return fellow
