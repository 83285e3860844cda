"""The filters of the reporting pages: the scope (a promotion, a call, or everything) and the breakdown."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.calls.models import Call
from eig.promotions.models import Promotion
from eig.reporting.funnel import BREAKDOWNS

ALL = "all"
DEFAULT_BREAKDOWN = "gender"


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.promotion})"


def _promotions():
    return Promotion.objects.select_related("programme").order_by("-year", "programme__code", "-number")


class ScopeForm(DsfrBaseForm):
    promotion = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=_promotions(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les promotions"),
    )

    def scope(self) -> dict:
        """The keyword arguments of eig.reporting.queries (call after is_valid(), or unbound: everything)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"promotion": data.get("promotion")}


class FunnelForm(ScopeForm):
    call = CallChoiceField(
        label=_("Appel à candidatures"),
        queryset=Call.objects.filter(kind=Call.Kind.APPLICATIONS)
        .select_related("promotion__programme")
        .order_by("-opens_at", "pk"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les appels"),
    )
    breakdown = forms.ChoiceField(
        label=_("Ventilation"),
        choices=[*BREAKDOWNS, (ALL, _("Toutes les ventilations"))],
        required=False,
        initial=DEFAULT_BREAKDOWN,
    )

    def clean(self):
        data = super().clean()
        call, promotion = data.get("call"), data.get("promotion")
        if call is not None and promotion is not None and call.promotion_id != promotion.pk:
            self.add_error("call", _("Cet appel n'appartient pas à la promotion choisie."))
        return data

    def scope(self) -> dict:
        data = self.cleaned_data if self.is_bound else {}
        return {"promotion": data.get("promotion"), "call": data.get("call")}

    def breakdowns(self) -> list[str]:
        """The breakdowns to show: the one chosen, or all of them."""
        chosen = (self.cleaned_data.get("breakdown") if self.is_bound else "") or DEFAULT_BREAKDOWN
        return [key for key, _label in BREAKDOWNS] if chosen == ALL else [chosen]
