"""The programme team's pages of a call's jury: setting it up (half-days, rooms, jurors,
auditions, settings), the panels, the timetable and the convocations, the run sheet of a
room on the day, and the merged results with their publication.

Every page answers 404 to anyone outside the team. Each POST is one service call of
eig.juries.services; a DomainError comes back as a French message and changes nothing.
"""

import itertools

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls.models import Call
from eig.challenges.models import Challenge, Profile
from eig.core.errors import DomainError
from eig.juries import balance as jury_balance
from eig.juries import queries, services
from eig.juries.models import Audition, Juror, Jury, Panel, Room

from . import send_preview
from .forms import (
    AttendanceForm,
    HalfDayForm,
    InviteJurorForm,
    JurySettingsForm,
    MoveForm,
    PinForm,
    RoomForm,
    RunningLateForm,
    TimekeeperForm,
)
from .jury_pdf import GROUPINGS, render_schedule_pdf
from .permissions import staff_only

# The juror types in a fixed order and colour (DSFR illustration colours), for the panels' bars.
TYPE_COLOURS = {
    Juror.Type.ADMINISTRATION: "#000091",
    Juror.Type.ASSOCIATION: "#18753c",
    Juror.Type.RESEARCH: "#6a6af4",
    Juror.Type.ENTREPRENEURSHIP: "#b34000",
    Juror.Type.PROGRAMME: "#a558a0",
    Juror.Type.ALUMNI: "#695240",
}
MOMENT_INPUT = "%Y-%m-%dT%H:%M"


def _call(slug) -> Call:
    return get_object_or_404(Call.objects.select_related("promotion"), slug=slug)


def _kind(call) -> str:
    return Jury.Kind.CHALLENGES if call.kind == Call.Kind.CHALLENGES else Jury.Kind.CANDIDATES


def _jury(slug) -> Jury:
    call = _call(slug)
    return get_object_or_404(Jury.objects.select_related("call__promotion", "grid"), call=call, kind=_kind(call))


def _url(name, jury, anchor="", **kwargs) -> str:
    url = reverse(f"staff:{name}", kwargs={"slug": jury.call.slug, **kwargs})
    return f"{url}#{anchor}" if anchor else url


def _jury_title(call) -> str:
    return _("Jury — %(call)s") % {"call": call.title}


def _crumbs(call, *, inside=True) -> dict:
    crumbs = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if inside:
        crumbs |= {
            "parent2_url": reverse("staff:jury_overview", kwargs={"slug": call.slug}),
            "parent2_label": _jury_title(call),
        }
    return crumbs


def _dossier_url(call, number) -> str:
    name = "staff:proposal_detail" if call.kind == Call.Kind.CHALLENGES else "staff:dossier_detail"
    return reverse(name, kwargs={"slug": call.slug, "number": number})


def _page(request, template, jury, title, context, *, section, status=200):
    return render(
        request,
        template,
        {
            "title": title,
            "call": jury.call,
            "jury": jury,
            "section": section,
            "current_room": None,
            "rooms_nav": list(jury.rooms.all()),
            **_crumbs(jury.call),
            **context,
        },
        status=status,
    )


def _local_input(moment) -> str:
    return timezone.localtime(moment).strftime(MOMENT_INPUT) if moment else ""


# --- Overview: setting the jury up ------------------------------------------------------------


def _render_overview(request, call, jury, *, forms=None, status=200):
    forms = forms or {}
    if jury is None:
        return render(
            request,
            "staff/juries/overview.html",
            {"title": _jury_title(call), "call": call, "jury": None, **_crumbs(call, inside=False)},
            status=status,
        )
    jurors = list(queries.jurors_of(jury))
    for juror in jurors:
        juror.panel_labels = [str(m.panel) for m in juror.memberships.all()]
    auditions = list(queries.auditions_of(jury))
    for audition in auditions:
        audition.url = _dossier_url(call, audition.dossier.number)
    rooms = list(jury.rooms.all())
    heard = {a.dossier_id for a in auditions}
    ready = [pk for pk in queries.auditionable_dossiers(jury).values_list("pk", flat=True) if pk not in heard]
    return render(
        request,
        "staff/juries/overview.html",
        {
            "title": _jury_title(call),
            "call": call,
            "jury": jury,
            "section": "overview",
            "current_room": None,
            "candidates": jury.kind == Jury.Kind.CANDIDATES,
            "half_days": list(jury.half_days.all()),
            "rooms": rooms,
            "rooms_nav": rooms,
            "jurors": jurors,
            "signed": sum(1 for j in jurors if j.has_signed),
            "auditions": auditions,
            "ready": len(ready),
            "format_minutes": jury.format_minutes,
            "half_day_form": forms.get("half_day") or HalfDayForm(auto_id="half-day-%s"),
            "room_form": forms.get("room") or RoomForm(auto_id="room-%s"),
            "invite_form": forms.get("invite") or InviteJurorForm(jury=jury, auto_id="juror-%s"),
            "settings_form": forms.get("settings")
            or JurySettingsForm(initial=JurySettingsForm.initial_of(jury), auto_id="settings-%s"),
            "error": forms.get("error", ""),
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
        status=status,
    )


def _overview(slug) -> tuple[Call, Jury | None]:
    call = _call(slug)
    return call, Jury.objects.select_related("call__promotion", "grid").filter(call=call, kind=_kind(call)).first()


@staff_only
@require_safe
def overview(request, slug):
    call, jury = _overview(slug)
    return _render_overview(request, call, jury)


@staff_only
@require_POST
def create(request, slug):
    call = _call(slug)
    jury = services.create_jury(call, by=request.user)
    messages.success(request, _("Jury « %(title)s » prêt à être préparé.") % {"title": jury.title})
    return redirect(_url("jury_overview", jury))


@staff_only
@require_POST
def add_half_day(request, slug):
    jury = _jury(slug)
    form = HalfDayForm(request.POST, auto_id="half-day-%s")
    if not form.is_valid():
        return _render_overview(request, jury.call, jury, forms={"half_day": form}, status=400)
    try:
        half_day = services.add_half_day(
            jury, form.cleaned_data["starts_at"], form.cleaned_data["ends_at"], by=request.user
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_overview(request, jury.call, jury, forms={"half_day": form}, status=409)
    messages.success(request, _("Demi-journée du %(when)s ajoutée.") % {"when": _moment(half_day.starts_at)})
    return redirect(_url("jury_overview", jury, "sessions"))


@staff_only
@require_POST
def add_room(request, slug):
    jury = _jury(slug)
    form = RoomForm(request.POST, auto_id="room-%s")
    if not form.is_valid():
        return _render_overview(request, jury.call, jury, forms={"room": form}, status=400)
    room = services.add_room(jury, form.cleaned_data["name"], location=form.cleaned_data["location"], by=request.user)
    messages.success(request, _("Salle « %(name)s » enregistrée.") % {"name": room.name})
    return redirect(_url("jury_overview", jury, "sessions"))


@staff_only
@require_POST
def invite(request, slug):
    jury = _jury(slug)
    form = InviteJurorForm(request.POST, jury=jury, auto_id="juror-%s")
    if not form.is_valid():
        return _render_overview(request, jury.call, jury, forms={"invite": form}, status=400)
    data = form.cleaned_data
    try:
        juror = services.invite_juror(
            jury,
            data["email"],
            name=data["name"],
            type=data["type"],
            gender=data["gender"],
            organisation=data["organisation"],
            available=data["available"],
            mentor_of=data.get("mentor_of") or (),
            by=request.user,
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_overview(request, jury.call, jury, forms={"invite": form}, status=409)
    messages.success(
        request,
        _("Invitation envoyée à %(name)s (%(email)s) : la charte lui est demandée avant tout dossier.")
        % {"name": juror.name, "email": juror.email},
    )
    return redirect(_url("jury_overview", jury, "jurors"))


@staff_only
@require_POST
def add_auditions(request, slug):
    jury = _jury(slug)
    added = services.add_auditions(jury, list(queries.auditionable_dossiers(jury)), by=request.user)
    if added:
        messages.success(
            request,
            ngettext("%(n)s audition ajoutée.", "%(n)s auditions ajoutées.", added) % {"n": added},
        )
    else:
        messages.info(request, _("Aucun nouveau dossier à auditionner."))
    return redirect(_url("jury_overview", jury, "auditions"))


@staff_only
@require_POST
def update_settings(request, slug):
    jury = _jury(slug)
    form = JurySettingsForm(request.POST, auto_id="settings-%s")
    if not form.is_valid():
        return _render_overview(request, jury.call, jury, forms={"settings": form}, status=400)
    try:
        changed = services.update_jury_settings(jury, by=request.user, **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_overview(request, jury.call, jury, forms={"settings": form}, status=409)
    if not changed:
        messages.info(request, _("Aucun réglage n'a changé."))
    else:
        messages.success(request, _("Réglages du jury enregistrés."))
        if services.TIMETABLE_SETTINGS & set(changed) and jury.auditions.filter(starts_at__isnull=False).exists():
            messages.warning(
                request, _("Les horaires déjà calculés ne tiennent pas compte de ce changement : recalculez-les.")
            )
    return redirect(_url("jury_overview", jury, "settings"))


def _moment(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")


# --- Panels --------------------------------------------------------------------------------------


def _balance(members) -> dict:
    """What a panel is made of, for its bar of types and its gender count."""
    counts = {}
    genders = dict.fromkeys(Juror.Gender.values, 0)
    for member in members:
        counts[member.juror.type] = counts.get(member.juror.type, 0) + 1
        genders[member.juror.gender] = genders.get(member.juror.gender, 0) + 1
    total = len(members) or 1
    bar, x = [], 0.0
    for value, label in Juror.Type.choices:
        if value in counts:
            width = 100 * counts[value] / total
            bar.append(
                {
                    "label": label,
                    "count": counts[value],
                    "x": f"{x:.1f}",
                    "width": f"{width:.1f}",
                    "colour": TYPE_COLOURS[value],
                }
            )
            x += width
    return {
        "bar": bar,
        "types": ", ".join(f"{b['label']} {b['count']}" for b in bar),
        "women": genders[Juror.Gender.FEMALE],
        "men": genders[Juror.Gender.MALE],
        "others": genders[Juror.Gender.OTHER],
    }


def _render_panels(request, jury, *, pin_form=None, error="", status=200):
    panels = list(queries.panels_of(jury))
    seated = set()
    for panel in panels:
        members = list(panel.members.all())
        panel.member_list = members
        panel.audition_list = list(panel.auditions.all())
        panel.balance = _balance(members)
        seated |= {m.juror_id for m in members}
    # Judged as the panels stand now (pins move people after a formation): never a stored label.
    checks = jury_balance.check_panels(jury, panels)
    for panel in panels:
        panel.balance_check = checks[panel.pk]
    jurors = list(jury.jurors.order_by("name"))
    slots = jury.half_days.count() * len(rooms := list(jury.rooms.all()))
    return _page(
        request,
        "staff/juries/panels.html",
        jury,
        _("Groupes de jury — %(call)s") % {"call": jury.call.title},
        {
            "panels": panels,
            "unseated": [j for j in jurors if j.pk not in seated],
            "juror_count": len(jurors),
            "audition_count": jury.auditions.count(),
            "slots": slots,
            "room_count": len(rooms),
            "legend": [{"label": label, "colour": TYPE_COLOURS[value]} for value, label in Juror.Type.choices],
            "pin_form": pin_form or (PinForm(jury=jury, auto_id="pin-%s") if panels else None),
            "error": error,
        },
        section="panels",
        status=status,
    )


@staff_only
@require_safe
def panels(request, slug):
    return _render_panels(request, _jury(slug))


@staff_only
@require_POST
def form_panels(request, slug):
    jury = _jury(slug)
    try:
        formed = services.form_panels(jury, by=request.user)
    except DomainError as error:
        return _render_panels(request, jury, error=str(error), status=409)
    messages.success(
        request,
        ngettext(
            "%(n)s groupe formé ; les horaires sont à recalculer.",
            "%(n)s groupes formés ; les horaires sont à recalculer.",
            len(formed),
        )
        % {"n": len(formed)},
    )
    return redirect(_url("jury_panels", jury))


@staff_only
@require_POST
def pin(request, slug):
    jury = _jury(slug)
    form = PinForm(request.POST, jury=jury, auto_id="pin-%s")
    if not form.is_valid():
        return _render_panels(request, jury, pin_form=form, status=400)
    juror, panel = form.cleaned_data["juror"], form.cleaned_data["panel"]
    try:
        services.pin_juror(juror, panel, by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_panels(request, jury, pin_form=form, status=409)
    if panel is None:
        text = _("%(name)s n'est plus épinglé : le prochain calcul le placera librement.")
    else:
        text = _("%(name)s est épinglé au groupe %(index)s : il y restera au prochain calcul.")
    messages.success(request, text % {"name": juror.name, "index": panel.index if panel else ""})
    return redirect(_url("jury_panels", jury))


@staff_only
@require_POST
def set_timekeeper(request, slug, panel):
    jury = _jury(slug)
    panel = get_object_or_404(Panel, pk=panel, jury=jury)
    form = TimekeeperForm(request.POST, panel=panel)
    if not form.is_valid():
        return _render_panels(request, jury, error=_("Choisissez un membre de ce groupe."), status=400)
    try:
        services.set_timekeeper(panel, form.cleaned_data["juror"], by=request.user)
    except DomainError as error:
        return _render_panels(request, jury, error=str(error), status=409)
    messages.success(
        request,
        _("%(name)s tient le temps et la grille collective du groupe %(index)s.")
        % {"name": form.cleaned_data["juror"].name, "index": panel.index},
    )
    return redirect(_url("jury_panels", jury, f"panel-{panel.index}"))


# --- Timetable -----------------------------------------------------------------------------------


def _day(moment):
    return timezone.localtime(moment).date()


def _by_room(rows) -> list[dict]:
    ordered = sorted(rows, key=lambda a: (a.panel.room.name, a.starts_at))
    return [
        {
            "room": room,
            "days": [
                {"day": day, "rows": list(day_rows)}
                for day, day_rows in itertools.groupby(list(room_rows), key=lambda a: _day(a.starts_at))
            ],
        }
        for room, room_rows in itertools.groupby(ordered, key=lambda a: a.panel.room)
    ]


def _by_panel(rows) -> list[dict]:
    ordered = sorted(rows, key=lambda a: (a.panel.index, a.starts_at))
    return [{"panel": panel, "rows": list(p)} for panel, p in itertools.groupby(ordered, key=lambda a: a.panel)]


def _render_timetable(request, jury, *, error="", failed=None, status=200):
    rows = list(queries.schedule_rows(jury))
    failed = failed or {}
    for audition in rows:
        audition.move_value = (
            failed.get("value") if audition.pk == failed.get("pk") else _local_input(audition.starts_at)
        )
        audition.move_failed = audition.pk == failed.get("pk")
    waiting = list(
        jury.auditions.filter(starts_at__isnull=True).select_related("panel", "dossier").order_by("panel__index", "pk")
    )
    jurors = list(jury.jurors.order_by("name"))
    chosen = None
    person_rows = []
    wanted = request.GET.get("jure", "")
    if wanted.isdigit():
        chosen = next((j for j in jurors if j.pk == int(wanted)), None)
        if chosen is not None:
            panel_ids = set(chosen.memberships.values_list("panel_id", flat=True))
            person_rows = [a for a in rows if a.panel_id in panel_ids]
    return _page(
        request,
        "staff/juries/timetable.html",
        jury,
        _("Horaires — %(call)s") % {"call": jury.call.title},
        {
            "rows": rows,
            "by_room": _by_room(rows),
            "by_panel": _by_panel(rows),
            "unscheduled": [a for a in waiting if a.panel_id],
            "unassigned": [a for a in waiting if not a.panel_id],
            "jurors": jurors,
            "chosen": chosen,
            "person_rows": person_rows,
            "error": error,
            "pdf_url": _url("jury_pdf", jury),
        },
        section="timetable",
        status=status,
    )


@staff_only
@require_safe
def timetable(request, slug):
    return _render_timetable(request, _jury(slug))


@staff_only
@require_POST
def schedule(request, slug):
    jury = _jury(slug)
    try:
        result = services.schedule(jury, by=request.user)
    except DomainError as error:
        return _render_timetable(request, jury, error=str(error), status=409)
    messages.success(
        request,
        ngettext(
            "Horaires calculés : %(n)s audition placée (%(status)s, %(seconds)s s).",
            "Horaires calculés : %(n)s auditions placées (%(status)s, %(seconds)s s).",
            len(result.slots),
        )
        % {
            "n": len(result.slots),
            "status": _("optimal") if result.status == "optimal" else _("réalisable"),
            "seconds": formats.number_format(result.wall_seconds, 2),
        },
    )
    return redirect(_url("jury_timetable", jury))


@staff_only
@require_POST
def move(request, slug, audition):
    jury = _jury(slug)
    audition = get_object_or_404(Audition.objects.select_related("jury", "panel"), pk=audition, jury=jury)
    form = MoveForm(request.POST)
    failed = {"pk": audition.pk, "value": request.POST.get("starts_at", "")}
    if not form.is_valid():
        error = _("Indiquez la date et l'heure du nouveau début de l'audition de %(who)s.") % {
            "who": audition.auditionee
        }
        return _render_timetable(request, jury, error=error, failed=failed, status=400)
    if audition.panel_id is None:
        error = _("Cette audition n'a pas encore de groupe : formez d'abord les groupes.")
        return _render_timetable(request, jury, error=error, failed=failed, status=409)
    try:
        moved = services.move_audition(audition, form.cleaned_data["starts_at"], by=request.user)
    except DomainError as error:
        text = _("Déplacement refusé pour %(who)s : %(reason)s") % {"who": audition.auditionee, "reason": error}
        return _render_timetable(request, jury, error=text, failed=failed, status=409)
    messages.success(
        request,
        _("Audition de %(who)s déplacée au %(when)s ; renvoyez les convocations pour prévenir les personnes.")
        % {"who": moved.auditionee, "when": _moment(moved.starts_at)},
    )
    return redirect(_url("jury_timetable", jury, f"audition-{moved.pk}"))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def convocations(request, slug):
    """GET shows who will receive what (the bulk-send preview); the preview's confirmation (POST
    with confirm=1) sends the convocations through the outbox. A POST without it shows the preview."""
    jury = _jury(slug)
    scheduled = list(jury.auditions.filter(starts_at__isnull=False).values_list("auditionee_emails", flat=True))
    if request.method == "POST" and scheduled and request.POST.get("confirm"):
        count = services.send_convocations(jury, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(n)s convocation mise en file d'envoi, avec son fichier de calendrier.",
                "%(n)s convocations mises en file d'envoi, chacune avec son fichier de calendrier.",
                count,
            )
            % {"n": count},
        )
        return redirect(_url("jury_timetable", jury))
    seated = jury.jurors.filter(memberships__isnull=False).distinct().count()
    return _page(
        request,
        "staff/juries/convocations.html",
        jury,
        _("Envoyer les convocations — %(call)s") % {"call": jury.call.title},
        {
            "scheduled": len(scheduled),
            "auditionee_messages": sum(len(emails) for emails in scheduled),
            "seated": seated,
            "unscheduled": jury.auditions.filter(starts_at__isnull=True).count(),
            "preview": send_preview.convocations_preview(services.planned_convocations(jury)) if scheduled else None,
            "error": "" if scheduled else _("Aucune audition n'a d'horaire : calculez d'abord les horaires."),
        },
        section="timetable",
        status=200 if scheduled or request.method != "POST" else 409,
    )


@staff_only
@require_safe
def schedule_pdf(request, slug):
    jury = _jury(slug)
    by = request.GET.get("par", "jour")
    if by not in GROUPINGS:
        by = "jour"
    response = HttpResponse(render_schedule_pdf(jury, by), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="horaires-par-{by}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- The day itself: a room's run sheet --------------------------------------------------------------


def _room(jury, room) -> Room:
    return get_object_or_404(Room, pk=room, jury=jury)


def _render_run_sheet(request, jury, room, *, late_form=None, status=200):
    now = timezone.now()
    sheet = queries.run_sheet(jury, room, now)
    for audition in sheet["auditions"]:
        audition.started = audition.starts_at <= now
        audition.over = audition.ends_at <= now
    upcoming = [a for a in sheet["auditions"] if not a.started]
    return _page(
        request,
        "staff/juries/run_sheet.html",
        jury,
        _("%(room)s — déroulé du jour") % {"room": room.name},
        {
            "room": room,
            "now": now,
            "current": sheet["current"],
            "next": sheet["next"],
            "auditions": sheet["auditions"],
            # In the waiting room: the day's auditions to come whose person has arrived.
            "waiting": [a for a in upcoming if a.attendance == Audition.Attendance.PRESENT],
            "expected": [a for a in upcoming if a.attendance == Audition.Attendance.EXPECTED],
            "attendance_choices": Audition.Attendance.choices,
            "late_form": late_form or RunningLateForm(auto_id="late-%s"),
            "current_room": room.pk,
        },
        section="room",
        status=status,
    )


@staff_only
@require_safe
def run_sheet(request, slug, room):
    jury = _jury(slug)
    return _render_run_sheet(request, jury, _room(jury, room))


@staff_only
@require_POST
def running_late(request, slug, room):
    jury = _jury(slug)
    room = _room(jury, room)
    form = RunningLateForm(request.POST, auto_id="late-%s")
    if not form.is_valid():
        return _render_run_sheet(request, jury, room, late_form=form, status=400)
    minutes = form.cleaned_data["minutes"]
    try:
        moved, problems = services.running_late(jury, room, minutes, by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_run_sheet(request, jury, room, late_form=form, status=409)
    if moved:
        messages.success(
            request,
            ngettext(
                "%(n)s audition décalée de %(minutes)s minutes ; les personnes auditionnées et le jury sont prévenus.",
                "%(n)s auditions décalées de %(minutes)s minutes ; les personnes auditionnées et le jury sont prévenus.",
                len(moved),
            )
            % {"n": len(moved), "minutes": minutes},
        )
    else:
        messages.info(request, _("Aucune audition à venir aujourd'hui dans cette salle : rien n'a été décalé."))
    for problem in problems:
        messages.warning(request, _("Attention, ce décalage enfreint une règle : %(rule)s") % {"rule": problem})
    return redirect(_url("jury_run_sheet", jury, room=room.pk))


@staff_only
@require_POST
def attendance(request, slug, audition):
    jury = _jury(slug)
    audition = get_object_or_404(Audition.objects.select_related("panel__room"), pk=audition, jury=jury)
    back = (
        _url("jury_run_sheet", jury, room=audition.panel.room_id) if audition.panel_id else _url("jury_timetable", jury)
    )
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez présent, absent, reporté ou attendu."))
        return redirect(back)
    services.mark_attendance(audition, form.cleaned_data["attendance"], by=request.user)
    messages.success(
        request,
        _("%(who)s : %(attendance)s.") % {"who": audition.auditionee, "attendance": audition.get_attendance_display()},
    )
    return redirect(back)


# --- Results ------------------------------------------------------------------------------------------


def _scope_labels(jury, scopes) -> dict[str, str]:
    """ "" is the whole jury; "<challenge>:<profile>" is one list of a candidate jury."""
    pairs = {}
    for scope in scopes:
        challenge, _sep, profile = scope.partition(":")
        if challenge.isdigit() and profile.isdigit():
            pairs[scope] = (int(challenge), int(profile))
    challenges = Challenge.objects.in_bulk({c for c, _p in pairs.values()}) if pairs else {}
    profiles = Profile.objects.in_bulk({p for _c, p in pairs.values()}) if pairs else {}
    labels = {}
    for scope in scopes:
        if scope in pairs:
            challenge, profile = challenges.get(pairs[scope][0]), profiles.get(pairs[scope][1])
            labels[scope] = _("Défi « %(challenge)s » — profil %(profile)s") % {
                "challenge": challenge.title if challenge else "?",
                "profile": profile.label if profile else "?",
            }
        else:
            labels[scope] = scope or _("Classement général")
    return labels


@staff_only
@require_safe
def results(request, slug):
    jury = _jury(slug)
    scopes = queries.scopes_of(jury)
    labels = _scope_labels(jury, scopes)
    lists = []
    for scope in scopes:
        rows = queries.merged_ranking(jury, scope=scope)
        for row in rows:
            row.url = _dossier_url(jury.call, row.audition.dossier.number)
        lists.append({"scope": scope, "label": labels[scope], "rows": rows})
    return _page(
        request,
        "staff/juries/results.html",
        jury,
        _("Résultats du jury — %(call)s") % {"call": jury.call.title},
        {"lists": lists},
        section="results",
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request, slug):
    """GET asks for confirmation; POST makes the results visible to candidates and administrations."""
    jury = _jury(slug)
    error = ""
    if request.method == "POST":
        try:
            services.publish_results(jury, by=request.user)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Résultats publiés : les personnes auditionnées peuvent les voir."))
            return redirect(_url("jury_results", jury))
    return _page(
        request,
        "staff/juries/publish.html",
        jury,
        _("Publier les résultats — %(call)s") % {"call": jury.call.title},
        {
            "error": error,
            "panels_done": jury.panels.filter(verdicts__isnull=False).distinct().count(),
            "panels_total": jury.panels.count(),
        },
        section="results",
        status=409 if error else 200,
    )
