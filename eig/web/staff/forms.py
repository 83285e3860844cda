from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.applications.queries import wishable_positions
from eig.calls.models import Dossier
from eig.challenges.models import Profile
from eig.proposals.models import Proposal


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


# --- Proposals of a call for challenges -------------------------------------------


class ProposalFilterForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Rechercher"),
        help_text=_("Numéro, nom du projet ou administration"),
        required=False,
        max_length=100,
    )
    state = forms.ChoiceField(label=_("État"), required=False)
    administration = forms.ModelChoiceField(
        label=_("Administration"), queryset=None, required=False, empty_label=_("Toutes")
    )

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Tous"))] + list(Proposal.State.choices)
        self.fields["administration"].queryset = administrations

    def filters(self) -> dict:
        """The keyword arguments of `filter_staff_proposals` (call after is_valid())."""
        data = self.cleaned_data
        return {
            "state": data.get("state") or "",
            "administration": data.get("administration"),
            "text": (data.get("q") or "").strip(),
        }


# The programme's decisions on a proposal, and the button that takes each.
VALIDATE, PUBLISH = Proposal.State.VALIDATED.value, Proposal.State.PUBLISHED.value
DECISION_BUTTONS = {
    Proposal.State.PRESELECTED.value: _("Présélectionner"),
    Proposal.State.NOT_PRESELECTED.value: _("Ne pas présélectionner"),
    Proposal.State.AUDITIONED.value: _("Marquer comme auditionnée"),
    Proposal.State.SELECTED.value: _("Retenir (décision du jury)"),
    Proposal.State.NOT_SELECTED.value: _("Ne pas retenir"),
    VALIDATE: _("Valider"),
    PUBLISH: _("Publier"),
}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=list(DECISION_BUTTONS.items()))
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False, max_length=2000)
    confirm = forms.BooleanField(
        label=_("Je confirme cette décision."),
        error_messages={"required": _("Cochez la case pour confirmer la décision.")},
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question à l'administration"),
        max_length=4000,
        error_messages={"required": _("Écrivez la question à poser.")},
    )
