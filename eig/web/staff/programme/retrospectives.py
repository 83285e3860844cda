"""The programme team's signals page (/equipe/programme/<promotion>/signaux/).

The promotion's signals, pending first (filters: state, kind), each with its team, fellow, summary,
date and activity log, and the forms of its next moves: acknowledge, follow up with a note, close
with a note (eig.programme.signals, each logged). « Détecter maintenant » runs the detection the
periodic job runs (`manage.py detect_signals`). A flat number of queries whatever the number of
signals: the page's signals in one query, their logs in another (retrospective_queries).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eig.core.errors import DomainError
from eig.programme import retrospective_queries as queries
from eig.programme import signals
from eig.programme.models import Signal
from eig.programme.states import SIGNAL

from ..activity import describe
from ..permissions import staff_only
from .common import crumbs, promotion_of

SIGNALS_PER_PAGE = 50


class FilterForm(forms.Form):
    etat = forms.ChoiceField(
        label=gettext_lazy("État"),
        required=False,
        choices=[("", gettext_lazy("Tous")), (queries.PENDING_FILTER, gettext_lazy("À traiter (non clos)"))]
        + list(Signal.State.choices),
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False, choices=[("", gettext_lazy("Tous"))] + list(Signal.Kind.choices)
    )


def _list_url(promotion, filters: str = "", anchor: str = "") -> str:
    url = reverse("staff:programme_signals", kwargs={"promotion": promotion.slug})
    return url + (f"?{filters}" if filters else "") + (f"#{anchor}" if anchor else "")


def _filters_of(data) -> tuple[FilterForm, dict]:
    form = FilterForm(data)
    chosen = form.cleaned_data if form.is_valid() else {}
    return form, {key: value for key, value in chosen.items() if value}


def _render(request, promotion, *, typed=None, status=200):
    """The page; `typed`: {signal id: {"action", "note"}} of a refused move, shown again."""
    form, chosen = _filters_of(request.GET if request.method == "GET" else request.POST)
    found = queries.signals_of(promotion, state=chosen.get("etat", ""), kind=chosen.get("type", ""))
    page = Paginator(found, SIGNALS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    logs = queries.logs_of(shown)
    typed = typed or {}
    rows = [
        {
            "signal": signal,
            "log": [describe(entry) for entry in logs.get(signal.pk, [])],
            "may_acknowledge": SIGNAL.can_move(signal.state, Signal.State.ACKNOWLEDGED),
            "may_follow_up": SIGNAL.can_move(signal.state, Signal.State.FOLLOWED_UP),
            "may_close": SIGNAL.can_move(signal.state, Signal.State.CLOSED),
            "typed": typed.get(signal.pk, {}),
        }
        for signal in shown
    ]
    return render(
        request,
        "staff/programme/signals.html",
        {
            "title": _("Promotion %(promotion)s : les signaux") % {"promotion": promotion},
            "promotion": promotion,
            "form": form,
            "filters": urlencode(chosen),
            "page": page,
            "rows": rows,
            "pending": queries.pending_count(promotion),
            **crumbs(promotion),
        },
        status=status,
    )


@staff_only
@require_safe
def signal_list(request, promotion):
    return _render(request, promotion_of(promotion))


def _move(request, promotion, signal, action, move, success):
    promotion = promotion_of(promotion)
    signal = get_object_or_404(Signal, pk=signal, promotion=promotion)
    note = request.POST.get("note", "")
    try:
        move(signal, note)
    except DomainError as error:
        messages.error(request, str(error))
        return _render(request, promotion, typed={signal.pk: {"action": action, "note": note}}, status=400)
    messages.success(request, success % {"summary": signal.summary})
    _form, chosen = _filters_of(request.POST)
    return redirect(_list_url(promotion, urlencode(chosen), f"signal-{signal.pk}"))


@staff_only
@require_POST
def signal_acknowledge(request, promotion, signal):
    return _move(
        request,
        promotion,
        signal,
        "acknowledge",
        lambda s, note: signals.acknowledge(s, by=request.user),
        _("Signal pris en compte : %(summary)s"),
    )


@staff_only
@require_POST
def signal_follow_up(request, promotion, signal):
    return _move(
        request,
        promotion,
        signal,
        "follow_up",
        lambda s, note: signals.follow_up(s, by=request.user, note=note),
        _("Suivi enregistré : %(summary)s"),
    )


@staff_only
@require_POST
def signal_close(request, promotion, signal):
    return _move(
        request,
        promotion,
        signal,
        "close",
        lambda s, note: signals.close(s, by=request.user, note=note),
        _("Signal clos : %(summary)s"),
    )


@staff_only
@require_POST
def signals_detect(request, promotion):
    promotion = promotion_of(promotion)
    counts = signals.detect(promotion)
    total = sum(counts.values())
    if total:
        messages.success(
            request,
            _(
                "Détection faite : %(total)s nouveaux signaux (état d'esprit bas : %(mood)s, bilans manquants : "
                "%(missing)s, objectifs en retard : %(off_track)s)."
            )
            % {
                "total": total,
                "mood": counts[Signal.Kind.LOW_MOOD],
                "missing": counts[Signal.Kind.MISSING],
                "off_track": counts[Signal.Kind.OFF_TRACK],
            },
        )
    else:
        messages.info(request, _("Détection faite : aucun nouveau signal."))
    return redirect(_list_url(promotion))
