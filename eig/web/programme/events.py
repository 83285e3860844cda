"""A person's agenda of the programme (/programme/agenda/) and their private calendar feed.

The agenda lists the events of the person's promotions meant for them (eig.programme.events:
fellows, mentors, hosts, alumni), upcoming first, then past ones with the attendance recorded;
each POST (register, unregister, check in, renew the calendar address) calls one service and
comes back to the agenda, a refusal shown as a French message. An event the person is not of
the audience of, and has not registered to, answers 404.

The feed (`feed`) is read by calendar applications, which cannot sign in: the token of its
address is the credential; an unknown (or renewed) token answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.core.errors import DomainError
from eig.programme import event_calendar
from eig.programme import events as services
from eig.programme.models import CalendarFeed, Event, Registration
from eig.results.demo_day import agendas_of

from .todo import Todo, register_todo

Attendance = Registration.Attendance


def _agenda_url(event=None) -> str:
    url = reverse("programme:agenda")
    return f"{url}#evenement-{event.pk}" if event is not None else url


def _row(item: services.AgendaItem, now) -> dict:
    event, registration = item.event, item.registration
    started, past = event.starts_at <= now, services.is_past(event, now)
    full = item.places_left == 0
    return {
        "event": event,
        "registration": registration,
        "audiences": services.audience_labels(event),
        "places_left": item.places_left,
        "past": past,
        "may_register": item.is_for_person and registration is None and not past and not full,
        "full": registration is None and not past and full,
        "may_unregister": registration is not None and not started,
        "may_check_in": (
            registration is not None
            and event.self_check_in
            and services.is_on_the_day(event, now)
            and registration.attendance != Attendance.PRESENT
        ),
        "attendance_known": registration is not None and registration.attendance != Attendance.UNKNOWN,
    }


@login_required
@require_safe
def agenda(request):
    now = timezone.now()
    person = services.audiences_of(request.user)
    items = services.agenda_of(request.user, person)
    rows = [_row(item, now) for item in items]
    # The demo day's programme (eig.results.demo_day): one query, none without a demo day.
    agendas = agendas_of([item.event for item in items])
    for row in rows:
        row["agenda"] = agendas.get(row["event"].pk, [])
    feed_url = ""
    if items or not person.is_empty:
        feed = event_calendar.feed_of(request.user)
        feed_url = request.build_absolute_uri(reverse("programme:feed", kwargs={"token": feed.token}))
    return render(
        request,
        "programme/agenda.html",
        {
            "title": _("Mon agenda du programme"),
            "upcoming": [row for row in rows if not row["past"]],
            "past": [row for row in reversed(rows) if row["past"]],
            "feed_url": feed_url,
            "parent_url": reverse("programme:home"),
            "parent_label": _("Mon programme"),
        },
    )


def _visible_event(request, pk) -> Event:
    """The event, if the person is of its audience or registered to it (else 404)."""
    event = get_object_or_404(Event.objects.select_related("promotion"), pk=pk)
    if not (
        services.audiences_of(request.user).is_for(event)
        or Registration.objects.filter(event=event, user=request.user).exists()
    ):
        raise Http404
    return event


def _act(request, pk, action, done: str):
    event = _visible_event(request, pk)
    try:
        result = action(event, request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if result is False:  # unregister: there was no registration to cancel
            messages.info(request, _("Vous n'étiez pas inscrit·e à « %(title)s ».") % {"title": event.title})
        else:
            messages.success(request, done % {"title": event.title})
    return redirect(_agenda_url(event))


@login_required
@require_POST
def register(request, event):
    return _act(request, event, services.register, _("Vous êtes inscrit·e à « %(title)s »."))


@login_required
@require_POST
def unregister(request, event):
    return _act(request, event, services.unregister, _("Votre inscription à « %(title)s » est annulée."))


@login_required
@require_POST
def check_in(request, event):
    return _act(request, event, services.check_in, _("Votre présence à « %(title)s » est enregistrée."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def renew_feed(request):
    if request.method == "POST":
        event_calendar.renew_feed(request.user)
        messages.success(
            request,
            _("Nouvelle adresse d'agenda créée : remplacez l'ancienne dans votre application d'agenda."),
        )
        return redirect(reverse("programme:agenda") + "#agenda-personnel")
    return render(
        request,
        "programme/agenda_renew.html",
        {
            "title": _("Renouveler l'adresse de mon agenda"),
            "parent_url": reverse("programme:agenda"),
            "parent_label": _("Mon agenda du programme"),
            "confirm_title": _("L'ancienne adresse cessera de fonctionner"),
            "consequences": [
                _(
                    "Une nouvelle adresse privée remplace l'actuelle : les applications d'agenda abonnées à "
                    "l'ancienne ne recevront plus vos événements."
                ),
                _("Faites-le si vous pensez que quelqu'un d'autre a obtenu votre adresse."),
            ],
            "confirm_action": reverse("programme:feed_renew"),
            "hidden": [],
            "confirm_label": _("Renouveler l'adresse"),
            "cancel_url": reverse("programme:agenda"),
            "cancel_label": _("Annuler"),
        },
    )


@require_safe
def feed(request, token):
    """The person's calendar, for a calendar application that cannot sign in: the token of the
    address is the credential (unknown or renewed: 404)."""
    calendar_feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    response = HttpResponse(
        event_calendar.person_calendar(calendar_feed.user), content_type="text/calendar; charset=utf-8"
    )
    # A personal schedule: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@register_todo
def event_todos(user, today) -> list[Todo]:
    """« Inscrivez-vous » for each compulsory event to come the fellow has not registered to."""
    return [
        Todo(
            _("Inscrivez-vous : %(title)s") % {"title": event.title},
            _agenda_url(event),
            kind="events",
            detail=formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT"),
        )
        for event in services.compulsory_to_register(user, today=today)
    ]
