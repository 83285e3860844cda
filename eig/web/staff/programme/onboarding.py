"""The programme team's pages of the arrivals and departures (/equipe/programme/<promotion>/…).

- « Arrivées » (`programme_onboarding`): the whole promotion at a glance: one row per fellow
  (team, planned start, status, checklist progress with each item's date, why they have not
  started) and one per host team, with totals; the forms to confirm a start or note a delay.
- A fellow's page (`programme_fellow`): their arrival, their checklist, and their departure: the
  form (a confirmation page before it is recorded; the reason is private), then the replacement
  from the waiting list while the promotion allows it (eig.programme.departures), else why not.

Every page answers 404 to anyone outside the programme team; each POST calls one service, whose
DomainError comes back as a French message with what was typed kept.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.core.errors import DomainError
from eig.programme import departures, fellows, onboarding
from eig.programme.defaults import form_call
from eig.programme.models import Fellow
from eig.programme.states import FELLOW

from ..permissions import staff_only
from .common import crumbs, promotion_of
from .onboarding_forms import ConfirmStartForm, DelayForm, DepartureForm


def _fellow(promotion, pk) -> Fellow:
    return get_object_or_404(
        Fellow.objects.select_related("challenge__administration", "user", "onboarding", "offer", "promotion"),
        pk=pk,
        promotion=promotion,
    )


def _crumbs(promotion, *, inside=True) -> dict:
    return crumbs(promotion, "staff:programme_onboarding", _("Arrivées")) if inside else crumbs(promotion)


def _onboarding_url(promotion) -> str:
    return reverse("staff:programme_onboarding", kwargs={"promotion": promotion.slug})


def _fellow_url(fellow) -> str:
    return reverse("staff:programme_fellow", kwargs={"promotion": fellow.promotion.slug, "fellow": fellow.pk})


# --- The promotion's arrivals --------------------------------------------------------------------


def _start_forms(fellow, bound: dict) -> dict:
    """The two forms of a fellow not started yet: the bound one of a refused POST, else empty ones."""
    prefix = f"f{fellow.pk}"
    return {
        "start": bound.get(("start", fellow.pk))
        or ConfirmStartForm(prefix=prefix, initial={"on": fellow.start_date or timezone.localdate()}),
        "delay": bound.get(("delay", fellow.pk))
        or DelayForm(prefix=prefix, initial={"reason": fellow.not_started_reason, "start_date": fellow.start_date}),
    }


def _onboarding_page(request, promotion, *, bound=None, status=200):
    data = onboarding.promotion_onboarding(promotion)
    bound = bound or {}
    rows = [
        {
            "fellow": row.fellow,
            "checklist": row.checklist,
            "not_started": FELLOW.is_in(row.fellow.status, "not_started"),
            "forms": _start_forms(row.fellow, bound) if FELLOW.is_in(row.fellow.status, "not_started") else None,
        }
        for row in data.fellows
    ]
    return render(
        request,
        "staff/programme/onboarding.html",
        {
            "title": _("Arrivées — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "data": data,
            "rows": rows,
            "waiting": [row for row in rows if row["not_started"]],
            **_crumbs(promotion, inside=False),
        },
        status=status,
    )


@staff_only
@require_safe
def onboarding_overview(request, promotion):
    return _onboarding_page(request, promotion_of(promotion))


@staff_only
@require_POST
def confirm_start(request, promotion, fellow):
    promotion = promotion_of(promotion)
    fellow = _fellow(promotion, fellow)
    form = ConfirmStartForm(request.POST, prefix=f"f{fellow.pk}")
    if form.is_valid():
        try:
            fellows.confirm_start(fellow, on=form.cleaned_data["on"], by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Prise de poste de %(name)s confirmée.") % {"name": fellow.name})
            return redirect(_onboarding_url(promotion) + f"#fellow-{fellow.pk}")
    return _onboarding_page(request, promotion, bound={("start", fellow.pk): form}, status=400)


@staff_only
@require_POST
def note_delay(request, promotion, fellow):
    promotion = promotion_of(promotion)
    fellow = _fellow(promotion, fellow)
    form = DelayForm(request.POST, prefix=f"f{fellow.pk}")
    if form.is_valid():
        try:
            fellows.note_delay(
                fellow, reason=form.cleaned_data["reason"], start_date=form.cleaned_data["start_date"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Retard de %(name)s noté.") % {"name": fellow.name})
            return redirect(_onboarding_url(promotion) + f"#fellow-{fellow.pk}")
    return _onboarding_page(request, promotion, bound={("delay", fellow.pk): form}, status=400)


# --- A fellow: arrival and departure -------------------------------------------------------------


def _fellow_page(request, promotion, fellow, *, form=None, status=200):
    today = timezone.localdate()
    call = form_call(promotion, onboarding.FELLOW_KIND)
    offer = fellow.offer
    return render(
        request,
        "staff/programme/fellow.html",
        {
            "title": fellow.name,
            "promotion": promotion,
            "fellow": fellow,
            "checklist": onboarding.checklist_of(fellow.onboarding, call),
            "may_leave": Fellow.Status.LEFT in FELLOW.targets(fellow.status),
            "has_left": fellow.status == Fellow.Status.LEFT,
            "form": form or DepartureForm(initial={"on": today}),
            "replacement_refusal": departures.why_not_replaceable(fellow, today),
            "offers_url": (
                reverse("staff:selection_offers", kwargs={"slug": offer.run.call.slug}) if offer is not None else ""
            ),
            **_crumbs(promotion),
        },
        status=status,
    )


@staff_only
@require_safe
def fellow_detail(request, promotion, fellow):
    promotion = promotion_of(promotion)
    return _fellow_page(request, promotion, _fellow(promotion, fellow))


@staff_only
@require_POST
def departure(request, promotion, fellow):
    """First POST: the confirmation page (what is typed carried in hidden fields); with `confirm`: recorded."""
    promotion = promotion_of(promotion)
    fellow = _fellow(promotion, fellow)
    form = DepartureForm(request.POST)
    if not form.is_valid():
        return _fellow_page(request, promotion, fellow, form=form, status=400)
    if not request.POST.get("confirm"):
        return render(
            request,
            "staff/programme/departure_confirm.html",
            {
                "title": _("Confirmer le départ de %(name)s") % {"name": fellow.name},
                "promotion": promotion,
                "fellow": fellow,
                "form": form,
                "cancel_url": _fellow_url(fellow),
                **_crumbs(promotion),
            },
        )
    try:
        departures.record_departure(
            fellow, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"], by=request.user
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _fellow_page(request, promotion, fellow, form=form, status=409)
    messages.success(
        request,
        _("Départ de %(name)s enregistré : l'équipe, ses mentors et l'administration d'accueil sont prévenus.")
        % {"name": fellow.name},
    )
    return redirect(_fellow_url(fellow))


@staff_only
@require_POST
def replacement(request, promotion, fellow):
    """The selection's path: the offer withdrawn, the waiting list's best person proposed; staff
    confirm on the selection's replacement page."""
    promotion = promotion_of(promotion)
    fellow = _fellow(promotion, fellow)
    try:
        proposal = departures.propose_replacement_for(fellow, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_fellow_url(fellow))
    offer = proposal.offer
    return render(
        request,
        "staff/programme/replacement.html",
        {
            "title": _("Remplacer %(name)s") % {"name": fellow.name},
            "promotion": promotion,
            "fellow": fellow,
            "proposal": proposal,
            "replacement_url": reverse(
                "staff:selection_replacement", kwargs={"slug": offer.run.call.slug, "offer": offer.pk}
            ),
            "offers_url": reverse("staff:selection_offers", kwargs={"slug": offer.run.call.slug}),
            **_crumbs(promotion),
        },
    )
