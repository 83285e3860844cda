"""The jurors' pages (/jury/): the charter, the schedule, availabilities, an audition, the grids, the calendar.

Thin views: read the request, authorise (eig.web.juries.permissions and
eig.juries.permissions: no dossier before the charter is signed, nothing outside
the person's panels, nothing they are in conflict with: 404), call one service,
redirect. A DomainError of a service becomes a form error, what was posted kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.applications.models import Wish
from eig.calls.display import answer_steps
from eig.calls.queries import complements_of
from eig.calls.reading import submitted_answers
from eig.calls.services import questions_of
from eig.core.errors import DomainError
from eig.juries import ics, services
from eig.juries.models import CollectiveScore, Juror, JurorNote, Jury, Panel
from eig.juries.permissions import signed_seats, visible_auditions
from eig.reviews.models import Remark
from eig.web.common.grids import level_choices

from . import queries
from .forms import AvailabilityForm, CharterForm, CollectiveForm, GeneralGridForm, NoteForm
from .permissions import juror_only


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A personal schedule: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _schedule_crumb() -> dict:
    return {"parent_url": reverse("juries:schedule"), "parent_label": _("Mon jury")}


# --- The way in: the charter ------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def charter(request, token):
    """The link of the invitation email: the token is the credential; the seat goes to the
    signed-in account once the charter is accepted (before that, no dossier is visible)."""
    juror = get_object_or_404(Juror.objects.select_related("jury__call"), token=token)
    jury = juror.jury
    status = 200
    if request.method == "POST":
        form = CharterForm(jury, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.accept_charter(juror, user=request.user)
                    services.set_availability(juror, form.cleaned_data["half_days"], by=request.user)
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("Charte acceptée : vous siégez dans « %(jury)s ».") % {"jury": jury.title})
                return redirect("juries:schedule")
        else:
            status = 400
    else:
        form = CharterForm(jury, initial={"half_days": list(juror.available.all())})
    return render(
        request,
        "juries/charter.html",
        {
            "title": _("Charte de déontologie et de confidentialité"),
            "juror": juror,
            "jury": jury,
            "form": form,
            "mine": juror.user_id == request.user.pk and juror.charter_accepted_at is not None,
            "taken": juror.user_id is not None and juror.user_id != request.user.pk,
        },
        status=status,
    )


# --- The schedule and the availabilities --------------------------------------------------


@juror_only
@require_safe
def schedule(request):
    seats = queries.schedule_of(request.user)
    for seat in seats:
        seat.feed_url = request.build_absolute_uri(reverse("juries:feed", kwargs={"token": seat.juror.calendar_token}))
    return render(request, "juries/schedule.html", {"title": _("Mon jury"), "seats": seats})


@juror_only
@require_http_methods(["GET", "HEAD", "POST"])
def availability(request, juror):
    seat = get_object_or_404(signed_seats(request.user).select_related("jury"), pk=juror)
    status = 200
    if request.method == "POST":
        form = AvailabilityForm(seat.jury, request.POST)
        if form.is_valid():
            try:
                services.set_availability(seat, form.cleaned_data["half_days"], by=request.user)
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("Vos disponibilités sont enregistrées."))
                return redirect("juries:schedule")
        else:
            status = 400
    else:
        form = AvailabilityForm(seat.jury, initial={"half_days": list(seat.available.all())})
    return render(
        request,
        "juries/availability.html",
        {
            "title": _("Mes disponibilités"),
            "juror": seat,
            "jury": seat.jury,
            "form": form,
            "seated": seat.memberships.exists(),
            **_schedule_crumb(),
        },
        status=status,
    )


# --- One audition ----------------------------------------------------------------------------


def _visible(request, pk):
    """The audition if the person sits for it (charter signed, their panel, no conflict), and their seat."""
    audition = get_object_or_404(
        visible_auditions(request.user).select_related(
            "jury__call", "jury__grid", "panel__room", "panel__half_day", "panel__timekeeper", "dossier__owner"
        ),
        pk=pk,
    )
    seat = queries.seat_in(request.user, audition.panel)
    if seat is None:  # visible_auditions says the person sits on the panel
        raise Http404
    return audition, seat


def _criteria(jury: Jury) -> list:
    return list(jury.grid.criteria.all()) if jury.grid_id else []


def _render_audition(request, audition, seat, *, note_form=None, collective_form=None, status=200):
    jury, panel, dossier = audition.jury, audition.panel, audition.dossier
    criteria = _criteria(jury)
    score = CollectiveScore.objects.filter(audition=audition).first()
    fills = queries.fills_grids(panel, seat)
    if collective_form is None and fills and jury.grid_id:
        collective_form = CollectiveForm(jury.grid, criteria, score=score)
    if note_form is None:
        # The person's own notes only: another juror's never reach the page.
        note = JurorNote.objects.filter(audition=audition, juror=seat).first()
        note_form = NoteForm(initial={"text": note.text if note else ""})
    levels = dict(level_choices(jury.grid)) if jury.grid_id else {}
    questions = questions_of(jury.call)
    # What was submitted is what is heard; a newer draft is only announced, never shown.
    read = submitted_answers(dossier, questions)
    candidates = jury.kind == Jury.Kind.CANDIDATES
    context = {
        "title": audition.auditionee,
        "jury": jury,
        "panel": panel,
        "audition": audition,
        "dossier": dossier,
        "seat": seat,
        "members": [m.juror for m in panel.members.select_related("juror").order_by("juror__name")],
        "segments": queries.segments_of(audition),
        "steps": answer_steps(read.questions, read.answers, read.files),  # worded as when submitted
        "newer_draft": read.has_newer_draft,
        "blind": False,
        "wishes": list(Wish.objects.filter(dossier=dossier).select_related("position__challenge", "position__profile"))
        if candidates
        else None,
        "remarks": list(Remark.objects.filter(dossier=dossier)),
        # The programme team's requests for complement and the holder's answers (eig.calls.complements).
        "complements": complements_of(dossier),
        "note_form": note_form,
        "collective_form": collective_form,
        "fills_grids": fills,
        "score": score,
        "score_rows": [(c, levels.get(str(score.scores.get(str(c.pk))), "—") if score else "—") for c in criteria],
        "general_grid_url": reverse("juries:general_grid", kwargs={"panel": panel.pk}),
        **_schedule_crumb(),
    }
    return render(request, "juries/audition.html", context, status=status)


def _audition_url(audition, anchor: str) -> str:
    return reverse("juries:audition", kwargs={"audition": audition.pk}) + f"#{anchor}"


@juror_only
@require_safe
def audition(request, audition):
    audition, seat = _visible(request, audition)
    return _render_audition(request, audition, seat)


@juror_only
@require_POST
def note(request, audition):
    audition, seat = _visible(request, audition)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_audition(request, audition, seat, note_form=form, status=400)
    try:
        services.save_note(audition, user=request.user, text=form.cleaned_data["text"])
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_audition(request, audition, seat, note_form=form, status=409)
    messages.success(request, _("Vos notes sont enregistrées."))
    return redirect(_audition_url(audition, "notes"))


@juror_only
@require_POST
def collective(request, audition):
    audition, seat = _visible(request, audition)
    jury = audition.jury
    if not jury.grid_id:
        raise Http404
    form = CollectiveForm(jury.grid, _criteria(jury), request.POST)
    if not form.is_valid():
        return _render_audition(request, audition, seat, collective_form=form, status=400)
    try:
        services.save_collective(
            audition, user=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_audition(request, audition, seat, collective_form=form, status=409)
    messages.success(request, _("La grille collective est enregistrée."))
    return redirect(_audition_url(audition, "grille-collective"))


# --- The general grid ---------------------------------------------------------------------------


@juror_only
@require_http_methods(["GET", "HEAD", "POST"])
def general_grid(request, panel):
    panel = get_object_or_404(Panel.objects.select_related("jury__call", "half_day", "room", "timekeeper"), pk=panel)
    seat = queries.seat_in(request.user, panel)
    if seat is None:
        raise Http404
    jury = panel.jury
    auditions = list(panel.auditions.select_related("dossier").order_by("starts_at", "pk"))
    lists = queries.ranking_lists(panel, auditions)
    verdicts = list(panel.verdicts.select_related("proposed_challenge").order_by("scope", "rank"))
    end = queries.last_end(auditions)
    is_open = end is not None and timezone.now() >= end
    fills = queries.fills_grids(panel, seat)
    status = 200
    if request.method == "POST":
        form = GeneralGridForm(jury, lists, request.POST)
        if form.is_valid():
            try:
                services.save_verdicts(panel, form.rows(), user=request.user)
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("La grille générale est enregistrée."))
                return redirect("juries:general_grid", panel=panel.pk)
        else:
            status = 400
    else:
        form = GeneralGridForm(jury, lists, verdicts=verdicts)
    # What the time-keeper ranks with: the collective grid's total; a dossier the person
    # is in conflict with is listed (the panel ranks it) but not linked.
    conflicted = set(seat.conflicts.values_list("dossier_id", flat=True))
    totals = dict(CollectiveScore.objects.filter(audition__in=auditions).values_list("audition_id", "total"))
    by_row = {(v.audition_id, v.scope): v for v in verdicts}
    for a in auditions:
        a.collective_total = totals.get(a.pk)
        a.conflicted = a.dossier_id in conflicted
    for ranking in lists:  # what the other jurors read: each list's rows with their verdict
        ranking.rows = [(a, by_row.get((a.pk, ranking.scope))) for a in ranking.auditions]
    return render(
        request,
        "juries/general_grid.html",
        {
            "title": _("Grille générale — jury %(index)s") % {"index": panel.index},
            "jury": jury,
            "panel": panel,
            "lists": lists,
            "form": form,
            "is_open": is_open,
            "ends_at": end,
            "fills_grids": fills,
            "candidates": jury.kind == Jury.Kind.CANDIDATES,
            "has_verdicts": bool(verdicts),
            **_schedule_crumb(),
        },
        status=status,
    )


# --- Calendars -------------------------------------------------------------------------------------


@juror_only
@require_safe
def my_calendar(request):
    seats = signed_seats(request.user).select_related("jury").order_by("pk")
    return _calendar_response(queries.calendar_of(seats), filename="jury.ics")


@require_safe
def feed(request, token):
    """The juror's calendar feed, for a calendar application that cannot sign in: the
    token of the URL is the credential (unknown: 404)."""
    juror = get_object_or_404(Juror.objects.select_related("jury"), calendar_token=token)
    return _calendar_response(ics.juror_calendar(juror))
