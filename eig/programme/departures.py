"""A fellow who leaves before the end (issue 15, point 7), and their replacement.

Staff record the departure (`record_departure`): its date, and its reason, which is private: the
programme team reads it on its own pages; the team, its mentors and the host are told that the
fellow leaves and when, never why (their email does not carry it, nor any team page, nor the
activity log).

While the promotion is young enough (Setup.replacement_window_days after the programme's start),
a fellow who came from an offer may be replaced from the waiting list, through the selection's
own path (eig.selection.services): the offer is withdrawn, the team engine proposes the best
person of the waiting list, and staff confirm on the selection's replacement page.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.notifications.services import queue_notification
from eig.proposals.models import Agent
from eig.selection import services as selection_services
from eig.selection.states import OFFER

from .access import live_fellows
from .fellows import setup_of
from .models import Fellow, Mentor
from .states import FELLOW


def _recipients(fellow: Fellow) -> list:
    """Who hears of the departure: the team's other fellows, its mentors and its host agents (each once)."""
    users = {}
    for other in live_fellows().filter(challenge_id=fellow.challenge_id).exclude(pk=fellow.pk).select_related("user"):
        users.setdefault(other.user_id, other.user)
    for mentor in Mentor.objects.filter(challenge_id=fellow.challenge_id).select_related("user"):
        users.setdefault(mentor.user_id, mentor.user)
    administration_id = fellow.challenge.administration_id
    for agent in Agent.objects.filter(administration_id=administration_id, confirmed=True).select_related("user"):
        users.setdefault(agent.user_id, agent.user)
    return [user for user in users.values() if user.is_active]


def departure_key(fellow: Fellow, user) -> str:
    return f"fellow-left:{fellow.pk}:{user.pk}"


def _notify(fellow: Fellow, on: datetime.date) -> int:
    url = settings.SITE_URL.rstrip("/") + reverse("programme:team", kwargs={"challenge": fellow.challenge_id})
    recipients = _recipients(fellow)
    for user in recipients:
        # The reason is private: never in this email.
        queue_notification(
            "programme_departure",
            to=user.email,
            key=departure_key(fellow, user),
            context={
                "name": user.get_full_name() or user.email,
                "fellow": fellow.name,
                "challenge": fellow.challenge.title,
                "on": on,
                "url": url,
            },
        )
    return len(recipients)


def record_departure(fellow: Fellow, *, on: datetime.date, reason: str, by) -> Fellow:
    """Staff record that a fellow leaves early (before or after starting); the team, its mentors
    and its host are told, without the reason."""
    if not (by and by.is_staff):
        raise DomainError(_("Seule l'équipe du programme enregistre un départ."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif du départ (il reste confidentiel)."))
    if on is None:
        raise DomainError(_("Indiquez la date du départ."))
    with transaction.atomic():
        fellow = Fellow.objects.select_for_update().select_related("challenge").get(pk=fellow.pk)
        FELLOW.check_move(fellow.status, Fellow.Status.LEFT, _("Cette personne n'est plus dans le programme."))
        if fellow.started_on and on < fellow.started_on:
            raise DomainError(
                _("Le départ ne peut pas précéder la prise de poste (le %(date)s).")
                % {"date": formats.date_format(fellow.started_on, "j F Y")}
            )
        fellow.status = Fellow.Status.LEFT
        fellow.left_on = on
        fellow.leave_reason = reason
        fellow.save(update_fields=["status", "left_on", "leave_reason", "updated_at"])
        notified = _notify(fellow, on)
        # The reason stays on the fellow's row, read by staff only: not in the log.
        log_activity("fellow.left", fellow, actor=by, on=on.isoformat(), notified=notified)
    return fellow


# --- Replacement ----------------------------------------------------------------------------------


def why_not_replaceable(fellow: Fellow, today: datetime.date) -> str:
    """Why the fellow may not be replaced from the waiting list, in French; "" when they may."""
    if fellow.status != Fellow.Status.LEFT:
        return _("Enregistrez d'abord le départ : un remplacement se propose après un départ anticipé.")
    offer = fellow.offer
    if offer is None:
        return _(
            "Cette personne n'est pas arrivée par une proposition de poste de la sélection : "
            "aucun remplacement ne peut venir de la liste d'attente."
        )
    if offer.replaced_by_id is not None:
        return _("Cette personne a déjà été remplacée.")
    setup = setup_of(fellow.promotion)
    if setup.start_date is None:
        return _("La date de début du programme n'est pas fixée : le délai de remplacement ne peut pas être calculé.")
    last_day = setup.start_date + datetime.timedelta(days=setup.replacement_window_days)
    if today > last_day:
        return _(
            "Le remplacement depuis la liste d'attente n'est possible que pendant les %(days)d jours qui suivent le "
            "début du programme, soit jusqu'au %(date)s."
        ) % {"days": setup.replacement_window_days, "date": formats.date_format(last_day, "j F Y")}
    return ""


def may_replace(fellow: Fellow, today: datetime.date) -> bool:
    """Within Setup.replacement_window_days of the programme's start, a fellow who left and came
    from an offer (not yet replaced) may be replaced from the waiting list."""
    return not why_not_replaceable(fellow, today)


def propose_replacement_for(fellow: Fellow, *, by, today: datetime.date | None = None):
    """The selection's own path: the fellow's offer is withdrawn (once), then the team engine
    proposes the best person of the waiting list (eig.selection.services.Replacement); staff
    confirm it on the selection's replacement page."""
    today = today or timezone.localdate()
    fellow = Fellow.objects.select_related("promotion", "offer__run__call").get(pk=fellow.pk)
    reason = why_not_replaceable(fellow, today)
    if reason:
        raise DomainError(reason)
    offer = fellow.offer
    if OFFER.is_in(offer.status, "live"):
        # The offer's withdrawal names the departure, never its private reason.
        selection_services.withdraw_offer(
            offer,
            by=by,
            reason=_("Départ anticipé de %(name)s le %(date)s.")
            % {"name": fellow.name, "date": formats.date_format(fellow.left_on, "j F Y")},
        )
    replacement = selection_services.propose_replacement(offer, by=by)
    log_activity(
        "fellow.replacement_proposed",
        fellow,
        actor=by,
        offer=offer.pk,
        dossier=replacement.dossier.number if replacement.dossier else None,
    )
    return replacement
