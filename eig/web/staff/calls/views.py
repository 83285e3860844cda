"""The programme team's pages to set up a call (issue 18, points 1 and 6).

- « Nouvel appel »: a call for challenges or for applications of a promotion, with its default form.
- « Dupliquer »: last year's call copied into a promotion, its dates shifted (a preview first).
- « Calendrier »: open now, extend, close now or set the dates; moving the deadline of an open call
  is confirmed first, with the old and new deadline and how many draft holders will be told.
- « Ouvrir les vœux » (two-stage calls): the wish window of the admissible candidates, confirmed first.

Every page answers 404 to anyone outside the team. Each POST is one service call (eig.calls.setup,
eig.reviews.wish_windows); a DomainError comes back as a French message and changes nothing.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from eig.applications.queries import offered_positions
from eig.calls.models import Call, Question
from eig.calls.queries import calendar_history
from eig.calls.setup import (
    PHASE_OF_KIND,
    PUBLIC_KINDS,
    announces_deadline,
    check_duplicate,
    create_call,
    draft_dossiers,
    duplicate_call,
    one_year_after,
    set_call_dates,
)
from eig.core.activity import verb_label
from eig.core.errors import DomainError
from eig.promotions.models import Phase, Promotion
from eig.reviews.models import Grid
from eig.reviews.wish_windows import (
    admissible_dossiers,
    is_two_stage,
    open_wishes_for_admissible,
    prescreening_grid,
    window_of,
)

from ..permissions import staff_only
from .forms import CallCreateForm, CallDatesForm, CallDuplicateForm, WishWindowForm

GET_AND_POST = ["GET", "HEAD", "POST"]


def _call(slug) -> Call:
    """A call for challenges or for applications (the forms of the ten months have their own pages)."""
    return get_object_or_404(Call.objects.select_related("promotion__programme"), slug=slug, kind__in=PUBLIC_KINDS)


def _calendar_url(call) -> str:
    return reverse("staff:call_calendar", kwargs={"slug": call.slug})


def _calendar_title(call) -> str:
    return _("Calendrier — %(call)s") % {"call": call.title}


def _crumbs(call=None) -> dict:
    crumbs = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if call is not None:
        crumbs |= {"parent2_url": _calendar_url(call), "parent2_label": _calendar_title(call)}
    return crumbs


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _confirm(request, call, *, title, confirm_title, consequences, action, hidden, label, cancel_url):
    return render(
        request,
        "staff/calls/confirm.html",
        {
            "title": title,
            "call": call,
            "confirm_title": confirm_title,
            "consequences": consequences,
            "confirm_action": action,
            "hidden": hidden,
            "confirm_label": label,
            "cancel_url": cancel_url,
            "cancel_label": _("Annuler"),
            **_crumbs(call),
        },
    )


# --- A new call -------------------------------------------------------------------------------------


@staff_only
@require_http_methods(GET_AND_POST)
def create(request):
    form = CallCreateForm(request.POST or None, auto_id="call-%s")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = create_call(
                    data["promotion"],
                    data["kind"],
                    title_fr=data["title_fr"],
                    title_en=data["title_en"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    wishes_mode=data["wishes_mode"],
                    max_wishes=data["max_wishes"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                questions = Question.objects.filter(step__call=call).count()
                messages.success(
                    request,
                    ngettext(
                        "Appel « %(call)s » créé, avec le formulaire par défaut (%(n)d question).",
                        "Appel « %(call)s » créé, avec le formulaire par défaut (%(n)d questions).",
                        questions,
                    )
                    % {"call": call.title, "n": questions}
                    if questions
                    else _("Appel « %(call)s » créé.") % {"call": call.title},
                )
                return redirect(_calendar_url(call))
    return render(
        request,
        "staff/calls/create.html",
        {"title": _("Nouvel appel"), "form": form, **_crumbs()},
        status=status,
    )


# --- A copy of last year's call ---------------------------------------------------------------------


def _next_promotion(call) -> Promotion | None:
    promotion = call.promotion
    return Promotion.objects.filter(programme_id=promotion.programme_id, number=promotion.number + 1).first()


def _shifted_dates(source, offset) -> list[dict]:
    """What the preview shows: each date of the call and of its grids, then and once shifted."""
    rows = [
        {"what": _("Ouverture de l'appel"), "old": source.opens_at, "new": source.opens_at + offset},
        {"what": _("Clôture de l'appel"), "old": source.closes_at, "new": source.closes_at + offset},
    ]
    for grid in Grid.objects.filter(call=source).order_by("opens_at", "pk"):
        phase = grid.get_phase_display()
        rows += [
            {"what": _("%(phase)s : ouverture de l'évaluation") % {"phase": phase}, "old": grid.opens_at},
            {"what": _("%(phase)s : clôture de l'évaluation") % {"phase": phase}, "old": grid.closes_at},
            {"what": _("%(phase)s : notes des autres visibles") % {"phase": phase}, "old": grid.reveals_at},
        ]
    for row in rows:
        row.setdefault("new", row["old"] + offset)
    return rows


def _copied(source) -> dict:
    return {
        "steps": source.steps.count(),
        "questions": Question.objects.filter(step__call=source).count(),
        "grids": [
            Grid.Phase(phase).label
            for phase in Grid.objects.filter(call=source).order_by("opens_at", "pk").values_list("phase", flat=True)
        ],
        "juries": source.juries.count(),
        "dossiers": source.dossiers.count(),
    }


@staff_only
@require_http_methods(GET_AND_POST)
def duplicate(request, slug):
    source = _call(slug)
    initial = {"offset_days": one_year_after(source.opens_at).days, "promotion": _next_promotion(source)}
    form = CallDuplicateForm(request.POST or None, initial=initial, auto_id="copy-%s")
    status, preview = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            promotion, offset = form.cleaned_data["promotion"], form.offset
            try:
                check_duplicate(source, promotion=promotion, offset=offset)
                confirmed = bool(request.POST.get("confirm"))
                call = (
                    duplicate_call(source, promotion=promotion, offset=offset, by=request.user) if confirmed else None
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                if call is not None:
                    messages.success(
                        request,
                        _(
                            "Appel « %(call)s » créé à partir de « %(source)s ». Relisez son formulaire avant de l'ouvrir."
                        )
                        % {"call": call.title, "source": source.title},
                    )
                    return redirect(_calendar_url(call))
                status = 200
                preview = {
                    "promotion": promotion,
                    "offset_days": form.cleaned_data["offset_days"],
                    "dates": _shifted_dates(source, offset),
                    "hidden": [("promotion", promotion.pk), ("offset_days", form.cleaned_data["offset_days"])],
                }
    return render(
        request,
        "staff/calls/duplicate.html",
        {
            "title": _("Dupliquer « %(call)s »") % {"call": source.title},
            "source": source,
            "form": form,
            "preview": preview,
            "copied": _copied(source),
            **_crumbs(),
        },
        status=status,
    )


# --- The call's calendar ----------------------------------------------------------------------------


def _history(call) -> list[dict]:
    rows = []
    for entry in calendar_history(call)[:30]:
        data = entry.data or {}
        dates = {
            name: timezone.localtime(datetime.datetime.fromisoformat(data[name]))
            for name in ("old_opens_at", "old_closes_at", "opens_at", "closes_at")
            if data.get(name)
        }
        rows.append(
            {
                "at": entry.at,
                "label": verb_label(entry.verb),
                "actor": entry.actor.email if entry.actor else "",
                "announced": data.get("announced"),
                **dates,
            }
        )
    return rows


def _date_forms(call, bound=None) -> dict:
    """The page's forms, one per action, each with its own field ids; a refused one comes back bound."""
    initial = {
        CallDatesForm.OPEN_NOW: {"closes_at": call.closes_at if call.state() == "upcoming" else None},
        CallDatesForm.EXTEND: {"closes_at": call.closes_at},
        CallDatesForm.CLOSE_NOW: {},
        CallDatesForm.SET: {"opens_at": call.opens_at, "closes_at": call.closes_at},
    }
    forms = {}
    for action, values in initial.items():
        if bound is not None and bound.data.get("action") == action:
            forms[action] = bound
        else:
            local = {name: timezone.localtime(value) for name, value in values.items() if value}
            forms[action] = CallDatesForm(initial={"action": action, **local}, auto_id=f"{action}-%s")
    return forms


def _render_calendar(request, call, *, bound=None, status=200):
    phase_kind = PHASE_OF_KIND[call.kind]
    state = call.state()
    public = (
        "public:participate_administrations" if call.kind == Call.Kind.CHALLENGES else "public:participate_candidates"
    )
    return render(
        request,
        "staff/calls/calendar.html",
        {
            "title": _calendar_title(call),
            "call": call,
            "state": state,
            "phase": Phase.objects.filter(promotion=call.promotion, kind=phase_kind).first(),
            "phase_label": Phase.Kind(phase_kind).label,
            "drafts": draft_dossiers(call).count(),
            "forms": _date_forms(call, bound),
            "general_errors": bound.non_field_errors() if bound is not None else [],
            "history": _history(call),
            "public_url": reverse(public),
            "two_stage": is_two_stage(call),
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
        status=status,
    )


@staff_only
@require_http_methods(GET_AND_POST)
def calendar(request, slug):
    call = _call(slug)
    if request.method != "POST":
        return _render_calendar(request, call)
    form = CallDatesForm(request.POST, auto_id=f"{request.POST.get('action', 'set')}-%s")
    if not form.is_valid():
        return _render_calendar(request, call, bound=form, status=400)
    now = timezone.now()
    opens_at, closes_at = form.dates(call, now)
    if closes_at > opens_at and announces_deadline(call, closes_at, now) and not request.POST.get("confirm"):
        drafts = draft_dossiers(call).count()
        closing_now = form.cleaned_data["action"] == CallDatesForm.CLOSE_NOW
        return _confirm(
            request,
            call,
            title=_("Changer la date de clôture — %(call)s") % {"call": call.title},
            confirm_title=_("Changer la date de clôture d'un appel ouvert ?"),
            consequences=[
                _("Clôture actuelle : %(date)s (heure de Paris).") % {"date": _local(call.closes_at)},
                _("Nouvelle clôture : dès la confirmation, maintenant.")
                if closing_now
                else _("Nouvelle clôture : %(date)s (heure de Paris).") % {"date": _local(closes_at)},
                ngettext(
                    "%(n)d personne qui a un brouillon en cours sera prévenue par courriel.",
                    "%(n)d personnes qui ont un brouillon en cours seront prévenues par courriel.",
                    drafts,
                )
                % {"n": drafts},
                _("Le changement est inscrit au journal de l'appel ; le calendrier public suit ces dates."),
            ],
            action=_calendar_url(call),
            hidden=[(name, request.POST.get(name, "")) for name in ("action", "opens_at", "closes_at")],
            label=_("Confirmer la nouvelle clôture"),
            cancel_url=_calendar_url(call),
        )
    try:
        change = set_call_dates(call, opens_at=opens_at, closes_at=closes_at, by=request.user, now=now)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_calendar(request, call, bound=form, status=409)
    if not change.changed:
        messages.info(request, _("L'appel avait déjà ces dates : rien n'a changé."))
    else:
        text = _("Dates de l'appel enregistrées : du %(opens)s au %(closes)s (heure de Paris).") % {
            "opens": _local(change.call.opens_at),
            "closes": _local(change.call.closes_at),
        }
        if change.announced:
            text += " " + ngettext(
                "%(n)d personne qui a un brouillon est prévenue.",
                "%(n)d personnes qui ont un brouillon sont prévenues.",
                change.announced,
            ) % {"n": change.announced}
        messages.success(request, text)
    return redirect(_calendar_url(call))


# --- The two-stage mode: the admissible candidates' wish window ---------------------------------------


def _wishes_url(call) -> str:
    return reverse("staff:call_wishes", kwargs={"slug": call.slug})


def _render_wishes(request, call, *, form=None, status=200):
    dossiers = list(admissible_dossiers(call))
    rows = [{"dossier": d, "window": window_of(d)} for d in dossiers]
    return render(
        request,
        "staff/calls/wishes.html",
        {
            "title": _("Ouvrir les vœux — %(call)s") % {"call": call.title},
            "call": call,
            "grid": prescreening_grid(call),
            "positions": offered_positions(call).count(),
            "rows": rows,
            "pending": sum(1 for row in rows if row["window"] is None),
            "form": form
            or WishWindowForm(
                initial={"closes_at": timezone.localtime(timezone.now() + datetime.timedelta(days=7))},
                auto_id="wishes-%s",
            ),
            **_crumbs(call),
        },
        status=status,
    )


@staff_only
@require_http_methods(GET_AND_POST)
def wishes(request, slug):
    call = _call(slug)
    if not is_two_stage(call):
        raise Http404
    if request.method != "POST":
        return _render_wishes(request, call)
    form = WishWindowForm(request.POST, auto_id="wishes-%s")
    if not form.is_valid():
        return _render_wishes(request, call, form=form, status=400)
    closes_at = form.cleaned_data["closes_at"]
    if not request.POST.get("confirm"):
        pending = sum(1 for d in admissible_dossiers(call) if window_of(d) is None)
        return _confirm(
            request,
            call,
            title=_("Ouvrir les vœux — %(call)s") % {"call": call.title},
            confirm_title=_("Ouvrir le recueil des vœux ?"),
            consequences=[
                ngettext(
                    "%(n)d personne admissible à la présélection pourra classer ses vœux jusqu'au %(date)s "
                    "(heure de Paris) ; elle est prévenue par courriel.",
                    "%(n)d personnes admissibles à la présélection pourront classer leurs vœux jusqu'au %(date)s "
                    "(heure de Paris) ; chacune est prévenue par courriel.",
                    pending,
                )
                % {"n": pending, "date": _local(closes_at)},
                _("Les personnes dont le recueil est déjà ouvert gardent leur date et ne reçoivent rien de plus."),
            ],
            action=_wishes_url(call),
            hidden=[("closes_at", request.POST.get("closes_at", ""))],
            label=_("Ouvrir les vœux"),
            cancel_url=_wishes_url(call),
        )
    try:
        opened = open_wishes_for_admissible(call, closes_at=closes_at, by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_wishes(request, call, form=form, status=409)
    if opened.opened:
        messages.success(
            request,
            ngettext(
                "Recueil des vœux ouvert pour %(n)d personne, prévenue par courriel.",
                "Recueil des vœux ouvert pour %(n)d personnes, chacune prévenue par courriel.",
                len(opened.opened),
            )
            % {"n": len(opened.opened)},
        )
    else:
        messages.info(request, _("Le recueil des vœux était déjà ouvert pour chaque personne admissible."))
    return redirect(_wishes_url(call))
