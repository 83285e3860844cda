from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.applications.queries import wishable_positions
from eig.calls.models import Dossier
from eig.challenges.models import Profile


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.challenge.title} — {obj.profile.label}"


class DossierFilterForm(DsfrBaseForm):
    COMPLETE, INCOMPLETE = "complete", "incomplete"

    q = forms.CharField(
        label=_("Rechercher"),
        help_text=_("Numéro, adresse électronique, prénom ou nom"),
        required=False,
        max_length=100,
    )
    status = forms.ChoiceField(label=_("Statut"), required=False)
    wish = PositionChoiceField(label=_("Vœu"), queryset=None, required=False, empty_label=_("Tous"))
    profile = forms.ModelChoiceField(
        label=_("Profil souhaité (tout rang)"),
        queryset=Profile.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tous"),
    )
    completeness = forms.ChoiceField(label=_("Complétude"), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tous"))] + list(Dossier.Status.choices)
        self.fields["wish"].queryset = wishable_positions(call)
        self.fields["completeness"].choices = [
            ("", _("Tous")),
            (self.COMPLETE, _("Complet")),
            (self.INCOMPLETE, _("Incomplet")),
        ]

    def filters(self) -> dict:
        """The keyword arguments of `filter_staff_dossiers` (call after is_valid())."""
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "position": data.get("wish"),
            "profile": data.get("profile"),
            "completeness": data.get("completeness") or "",
            "text": (data.get("q") or "").strip(),
        }
