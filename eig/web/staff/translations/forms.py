"""The filters of the English versions' list: the kind of text, a promotion (for challenges), a status.
The form of one English version is the shared one (eig/web/common/english_forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.content import english
from eig.promotions.models import Promotion

DEFAULT_KIND = "defis"


class TranslationFilterForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Textes"), choices=[(kind.slug, kind.label) for kind in english.KINDS.values()], required=False
    )
    promotion = forms.ModelChoiceField(
        label=_("Promotion (pour les défis)"),
        queryset=Promotion.objects.select_related("programme").order_by("-year", "programme__code", "-number"),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les promotions"),
    )
    status = forms.ChoiceField(
        label=_("Version anglaise"), choices=[("", _("Toutes"))] + english.Status.choices, required=False
    )

    def __init__(self, data=None, **kwargs):
        # Unasked, the promotion is the latest with challenges (its call is the one being prepared);
        # « Toutes les promotions » asked is every one.
        data = data.copy() if data else None
        if data is None or "promotion" not in data:
            latest = self.base_fields["promotion"].queryset.filter(challenges__isnull=False).first()
            data = data or {}
            data["promotion"] = latest.slug if latest else ""
        super().__init__(data, **kwargs)

    def filters(self) -> dict:
        """{kind, promotion, status}: what was asked, else the defaults (challenges, every status)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kind": english.KINDS[data.get("kind") or DEFAULT_KIND],
            "promotion": data.get("promotion"),
            "status": data.get("status") or "",
        }
