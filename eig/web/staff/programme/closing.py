"""The programme team's pages of a promotion's end (/equipe/programme/<promotion>/…).

- « Clôture et résultats » (cloture/): what is left before closing (eig.results.closing's
  checklist: warnings, never blockers but « already closed »), the confirmation form (a checkbox
  « Je confirme… »; its POST closes the promotion), the promotion's photo form, links to the demo
  day's programme and, once closed, to the public results page.
- The photo (photo/, POST only): a sniffed PNG or JPEG of at most 5 Mo with its alternative text
  in French and English; a refusal comes back on the closing page with a French message.
- The demo day's programme (evenements/<event>/programme/): the slots in a formset (three blank
  rows each time, a checkbox to remove one), saved at once by eig.results.demo_day.save_agenda.
  Only a demo day has a programme: another event answers 404 here.

Every page answers 404 to anyone outside the programme team (staff_only).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from eig.core.errors import DomainError
from eig.programme.models import Event
from eig.results import closing as services
from eig.results import demo_day

from ..permissions import staff_only
from .closing_forms import CloseForm, PhotoForm, agenda_formset
from .common import crumbs, promotion_of


def _close_url(promotion) -> str:
    return reverse("staff:results_close", kwargs={"promotion": promotion.slug})


def _closing_page(request, promotion, *, form=None, photo_form=None, status=200):
    checklist = services.closing_checklist(promotion, timezone.now())
    event = demo_day.demo_day(promotion)
    return render(
        request,
        "staff/programme/closing.html",
        {
            "title": _("Clôture et résultats — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "checklist": checklist,
            "form": form or CloseForm(),
            "photo_form": photo_form or PhotoForm.for_promotion(promotion),
            "photo_limit_mb": services.PHOTO_MAX_BYTES // (1024 * 1024),
            "demo_day": event,
            "agenda_count": len(demo_day.agenda_of(event)),
            "results_url": reverse("public:promotion_results", kwargs={"slug": promotion.slug}),
            **crumbs(promotion),
        },
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def close(request, promotion):
    promotion = promotion_of(promotion)
    if request.method != "POST":
        return _closing_page(request, promotion)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_promotion(promotion, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("La promotion %(promotion)s est close : sa page des résultats est publique.")
                % {"promotion": promotion},
            )
            return redirect(_close_url(promotion))
    return _closing_page(request, promotion, form=form, status=400)


@staff_only
@require_POST
def photo(request, promotion):
    promotion = promotion_of(promotion)
    form = PhotoForm.for_promotion(promotion, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_photo(
                promotion,
                form.cleaned_data["photo"],
                alt_fr=form.cleaned_data["alt_fr"],
                alt_en=form.cleaned_data["alt_en"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("photo", str(error))
        else:
            messages.success(request, _("Photo de la promotion enregistrée."))
            return redirect(_close_url(promotion) + "#photo")
    return _closing_page(request, promotion, photo_form=form, status=400)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def event_agenda(request, promotion, event):
    promotion = promotion_of(promotion)
    event = get_object_or_404(Event, pk=event, promotion=promotion)
    if not demo_day.has_agenda(event):
        raise Http404
    teams = services.teams(promotion).order_by("title", "pk")
    items = demo_day.agenda_of(event)
    formset = agenda_formset(event, teams, items, request.POST if request.method == "POST" else None)
    status, error = 200, ""
    if request.method == "POST":
        if formset.is_valid():
            try:
                saved = demo_day.save_agenda(event, formset.slots(), by=request.user)
            except DomainError as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Programme de « %(title)s » enregistré (%(count)s créneau).",
                        "Programme de « %(title)s » enregistré (%(count)s créneaux).",
                        len(saved),
                    )
                    % {"title": event.title, "count": len(saved)},
                )
                return redirect(request.path)
        status = 400
    return render(
        request,
        "staff/programme/event_agenda.html",
        {
            "title": _("Programme de « %(title)s »") % {"title": event.title},
            "promotion": promotion,
            "event": event,
            "formset": formset,
            "error": error,
            "event_url": reverse("staff:programme_event", kwargs={"promotion": promotion.slug, "event": event.pk}),
            **crumbs(promotion, "staff:programme_events", _("Événements")),
        },
        status=status,
    )
