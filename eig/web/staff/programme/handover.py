"""The programme team's pages of the handover plans (/equipe/programme/<promotion>/perennisation/).

- `staff:results_handovers`: one row per team of the promotion (a challenge with fellows): where its
  plan stands, its confirmation by the host, its outcome; a flat number of queries whatever the
  promotion's size (eig.results.handover.promotion_plans).
- `staff:results_handover`: a team's plan, read as submitted (eig.calls.reading: the latest version,
  a newer draft only mentioned), and the form that records its outcome (continued, taken over by a
  named structure, stopped with a reason; the reason in French and English, published on the
  challenge's public page). Recording it locks the plan; it may be recorded again.

Every page answers 404 to anyone outside the programme team (with a second factor); the POST calls
one service, whose DomainError comes back as a French message with what was typed kept.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.programme.models import Fellow
from eig.results import handover as services
from eig.results.models import Handover

from ..permissions import staff_only
from .common import crumbs, promotion_of


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Devenir du défi"), choices=[("", "—"), *Handover.Outcome.choices])
    taken_over_by = forms.CharField(
        label=gettext_lazy("Structure qui reprend le produit"),
        help_text=gettext_lazy("Obligatoire quand le produit est repris par une autre structure."),
        max_length=200,
        required=False,
    )
    reason_fr = forms.CharField(
        label=gettext_lazy("Raison ou précisions, en français"),
        help_text=gettext_lazy("Publiée sur la page du défi. Obligatoire quand le défi s'arrête."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason_en = forms.CharField(
        label=gettext_lazy("Raison ou précisions, en anglais (facultatif)"),
        help_text=gettext_lazy("Publiée sur la page anglaise du défi ; sans elle, le texte français y est repris."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _team(promotion, pk) -> Challenge:
    """A team of the promotion (a challenge with fellows), else 404."""
    challenge = get_object_or_404(
        Challenge.objects.select_related("administration", "promotion"), pk=pk, promotion=promotion
    )
    if not Fellow.objects.filter(challenge=challenge).exists():
        raise Http404
    return challenge


@staff_only
@require_safe
def handover_list(request, promotion):
    promotion = promotion_of(promotion)
    opens = services.opens_on(promotion)
    rows = services.promotion_plans(promotion, timezone.localdate(), opens)
    return render(
        request,
        "staff/programme/handovers.html",
        {
            "title": _("Pérennisation — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "rows": rows,
            "opens": opens,
            "confirmed": sum(row.plan.state == services.State.CONFIRMED for row in rows),
            "outcomes": sum(bool(row.plan.outcome) for row in rows),
            **crumbs(promotion),
        },
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def handover_detail(request, promotion, challenge):
    promotion = promotion_of(promotion)
    challenge = _team(promotion, challenge)
    row = services.handover_of(challenge)
    initial = None
    if row is not None and row.outcome:
        initial = {
            "outcome": row.outcome,
            "taken_over_by": row.taken_over_by,
            "reason_fr": row.outcome_reason_fr,
            "reason_en": row.outcome_reason_en,
        }
    form = OutcomeForm(request.POST or None, initial=initial, auto_id="outcome-%s")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_outcome(services.handover_for(challenge), by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Devenir du défi « %(team)s » enregistré : il figure sur sa page publique.")
                    % {"team": challenge.title},
                )
                return redirect(
                    reverse("staff:results_handover", kwargs={"promotion": promotion.slug, "challenge": challenge.pk})
                )
        status = 400
    return render(
        request,
        "staff/programme/handover.html",
        {
            "title": _("Plan de pérennisation — %(team)s") % {"team": challenge.title},
            "promotion": promotion,
            "challenge": challenge,
            "handover": row,
            "plan": services.plan_of(row, services.opens_on(promotion), timezone.localdate()),
            "reading": services.read_plan(row),
            "form": form,
            **crumbs(promotion, "staff:results_handovers", _("Pérennisation")),
        },
        status=status,
    )
