"""Forms of the calls' setup pages: a new call, a copy of last year's, the call's dates, the wish window."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.calls.models import Call
from eig.calls.setup import PUBLIC_KINDS
from eig.promotions.models import Promotion

from ..forms import DateTimeLocalInput


class PromotionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.year})"


def _promotions():
    return Promotion.objects.select_related("programme").order_by("-year", "programme__code", "-number")


def _check_order(form, opens_field="opens_at", closes_field="closes_at"):
    opens_at, closes_at = form.cleaned_data.get(opens_field), form.cleaned_data.get(closes_field)
    if opens_at and closes_at and closes_at <= opens_at:
        form.add_error(closes_field, _("La clôture de l'appel doit suivre son ouverture."))


class CallCreateForm(DsfrBaseForm):
    promotion = PromotionChoiceField(label=_("Promotion"), queryset=_promotions())
    kind = forms.ChoiceField(label=_("Type d'appel"), choices=[(kind.value, kind.label) for kind in PUBLIC_KINDS])
    title_fr = forms.CharField(
        label=_("Titre en français (facultatif)"),
        max_length=200,
        required=False,
        help_text=_("Par défaut : le type d'appel suivi de la promotion, par exemple « Appel à candidatures EIG 10 »."),
    )
    title_en = forms.CharField(
        label=_("Titre en anglais (facultatif)"),
        max_length=200,
        required=False,
        help_text=_("Sans titre anglais, les pages en anglais affichent le titre français."),
    )
    opens_at = forms.DateTimeField(label=_("Ouverture (heure de Paris)"), widget=DateTimeLocalInput)
    closes_at = forms.DateTimeField(label=_("Clôture (heure de Paris)"), widget=DateTimeLocalInput)
    wishes_mode = forms.ChoiceField(
        label=_("Recueil des vœux (appel à candidatures)"),
        choices=Call.WishesMode.choices,
        initial=Call.WishesMode.WITH_DOSSIER,
        help_text=_(
            "En deux temps, les vœux sont demandés aux seuls candidats admissibles après la présélection, "
            "depuis la page « Ouvrir les vœux » de l'appel."
        ),
    )
    max_wishes = forms.IntegerField(label=_("Nombre maximal de vœux"), min_value=1, max_value=3, initial=3)

    def clean(self):
        cleaned = super().clean()
        _check_order(self)
        return cleaned


class CallDuplicateForm(DsfrBaseForm):
    promotion = PromotionChoiceField(label=_("Promotion de la copie"), queryset=_promotions())
    offset_days = forms.IntegerField(
        label=_("Décalage des dates (en jours)"),
        min_value=1,
        max_value=3660,
        help_text=_("Par défaut, un an : chaque date de l'appel et de ses grilles est avancée d'autant."),
    )

    @property
    def offset(self) -> datetime.timedelta:
        return datetime.timedelta(days=self.cleaned_data["offset_days"])


class CallDatesForm(DsfrBaseForm):
    """One of the calendar's actions: open now, extend, close now, or set both dates."""

    OPEN_NOW, EXTEND, CLOSE_NOW, SET = "open_now", "extend", "close_now", "set"
    ACTIONS = (OPEN_NOW, EXTEND, CLOSE_NOW, SET)

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    opens_at = forms.DateTimeField(label=_("Ouverture (heure de Paris)"), widget=DateTimeLocalInput, required=False)
    closes_at = forms.DateTimeField(label=_("Clôture (heure de Paris)"), widget=DateTimeLocalInput, required=False)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        needed = {self.OPEN_NOW: ["closes_at"], self.EXTEND: ["closes_at"], self.SET: ["opens_at", "closes_at"]}
        for name in needed.get(action, []):
            if not cleaned.get(name):
                self.add_error(name, _("Indiquez une date et une heure."))
        if action == self.SET:
            _check_order(self)
        return cleaned

    def dates(self, call: Call, now=None) -> tuple[datetime.datetime, datetime.datetime]:
        """The (opening, closing) the action gives the call, on the server's clock."""
        now = now or timezone.now()
        data, action = self.cleaned_data, self.cleaned_data["action"]
        if action == self.OPEN_NOW:
            return now, data["closes_at"]
        if action == self.EXTEND:
            return call.opens_at, data["closes_at"]
        if action == self.CLOSE_NOW:
            return call.opens_at, now
        return data["opens_at"], data["closes_at"]


class WishWindowForm(DsfrBaseForm):
    closes_at = forms.DateTimeField(label=_("Fin du recueil des vœux (heure de Paris)"), widget=DateTimeLocalInput)
