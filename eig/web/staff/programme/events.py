"""The programme team's pages of a promotion's calendar (/equipe/programme/<promotion>/evenements/).

The calendar with its create form; an event's page with its edit form, its registrations and the
attendance list (one radio group per person); the compulsory events' table (fellows × compulsory
events). Every page answers 404 to anyone outside the team; each POST calls one service of
eig.programme.events, whose DomainError comes back as a French message, what was typed kept.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.core.errors import DomainError
from eig.programme import events as services
from eig.programme.models import Event, Registration

from ..permissions import staff_only
from .common import crumbs, promotion_of
from .event_forms import AttendanceForm, EventForm


def _event(promotion, pk) -> Event:
    return get_object_or_404(Event, pk=pk, promotion=promotion)


def _crumbs(promotion, *, inside=True) -> dict:
    return crumbs(promotion, "staff:programme_events", _("Événements")) if inside else crumbs(promotion)


def _event_url(event) -> str:
    return reverse("staff:programme_event", kwargs={"promotion": event.promotion.slug, "event": event.pk})


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def event_list(request, promotion):
    promotion = promotion_of(promotion)
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                event = services.save_event(promotion, by=request.user, **form.values())
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Événement « %(title)s » ajouté au calendrier.") % {"title": event.title})
                return redirect(_event_url(event))
        status = 400
    return render(
        request,
        "staff/programme/events_list.html",
        {
            "title": _("Événements — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "rows": [
                {"event": event, "audiences": services.audience_labels(event), "url": _event_url(event)}
                for event in services.promotion_events(promotion).select_related("promotion")
            ],
            "form": form,
            "now": timezone.now(),
            **_crumbs(promotion, inside=False),
        },
        status=status,
    )


def _event_page(request, promotion, event, *, form=None, attendance=None, status=200):
    registrations = list(
        Registration.objects.filter(event=event).select_related("user", "marked_by").order_by("user__last_name", "pk")
    )
    now = timezone.now()
    return render(
        request,
        "staff/programme/event_detail.html",
        {
            "title": event.title,
            "promotion": promotion,
            "event": event,
            "audiences": services.audience_labels(event),
            "form": form or EventForm.for_event(event),
            "attendance": attendance or AttendanceForm(registrations),
            "registrations": registrations,
            "places_left": services.places_left(event, len(registrations)),
            "started": event.starts_at <= now,
            **_crumbs(promotion),
        },
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request, promotion, event):
    promotion = promotion_of(promotion)
    event = _event(promotion, event)
    if request.method != "POST":
        return _event_page(request, promotion, event)
    form = EventForm.for_event(event, request.POST)
    if form.is_valid():
        try:
            event = services.save_event(promotion, event=event, by=request.user, **form.values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Événement enregistré."))
            return redirect(_event_url(event))
    return _event_page(request, promotion, event, form=form, status=400)


@staff_only
@require_POST
def event_attendance(request, promotion, event):
    promotion = promotion_of(promotion)
    event = _event(promotion, event)
    registrations = Registration.objects.filter(event=event).select_related("user").order_by("user__last_name", "pk")
    form = AttendanceForm(registrations, request.POST)
    if form.is_valid():
        try:
            changed = services.take_attendance(event, form.marks(), by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s présence relevée.", "%(count)s présences relevées.", changed) % {"count": changed},
            )
            return redirect(_event_url(event) + "#presences")
    return _event_page(request, promotion, event, attendance=form, status=400)


@staff_only
@require_safe
def compulsory(request, promotion):
    promotion = promotion_of(promotion)
    events, rows = services.compulsory_table(promotion)
    return render(
        request,
        "staff/programme/events_compulsory.html",
        {
            "title": _("Présence aux événements obligatoires — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "events": events,
            "rows": rows,
            "not_registered": services.NOT_REGISTERED,
            **_crumbs(promotion),
        },
    )
