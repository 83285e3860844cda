from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.applications.queries import wishable_positions
from eig.calls.models import Dossier
from eig.challenges.models import Challenge, Profile
from eig.proposals.models import Proposal
from eig.reviews.models import Decision, Grid, PairRule
from eig.reviews.services import reviewable_dossiers


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


# --- Evaluation of a call (evaluation.py) -------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class GridInstallForm(DsfrBaseForm):
    """The dates and settings of a default grid, installed for one phase of the call."""

    phase = forms.ChoiceField(choices=Grid.Phase.choices, widget=forms.HiddenInput)
    opens_at = forms.DateTimeField(label=_("Ouverture de l'évaluation"), widget=DateTimeLocalInput)
    closes_at = forms.DateTimeField(label=_("Clôture de l'évaluation"), widget=DateTimeLocalInput)
    reveals_at = forms.DateTimeField(
        label=_("Les évaluateurs voient les notes des autres à partir du"),
        help_text=_("L'équipe du programme voit toujours toutes les notes."),
        widget=DateTimeLocalInput,
    )
    reviews_per_dossier = forms.IntegerField(label=_("Évaluations par dossier"), min_value=1, max_value=20, initial=3)
    blind = forms.BooleanField(
        label=_("Évaluation à l'aveugle"),
        help_text=_("Nom, civilité et coordonnées masqués aux évaluateurs jusqu'à la clôture."),
        required=False,
    )


def profile_codes() -> dict[str, str]:
    return dict(Profile.objects.order_by("order", "label").values_list("code", "label"))


class InviteReviewerForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse électronique"), max_length=254)
    tags = forms.CharField(label=_("Expertises"), required=False, max_length=500)
    capacity = forms.IntegerField(label=_("Nombre maximal de dossiers"), min_value=1, max_value=5000, initial=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = profile_codes()
        # The bound field copied the field's help text when DsfrBaseForm styled it: set both.
        self.fields["tags"].help_text = self["tags"].help_text = _(
            "Codes de profils séparés par des virgules : %(codes)s."
        ) % {"codes": ", ".join(self.codes)}

    def clean_tags(self) -> list[str]:
        tags = sorted({tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()})
        unknown = [tag for tag in tags if tag not in self.codes]
        if unknown:
            raise forms.ValidationError(
                _("Expertises inconnues : %(unknown)s. Codes possibles : %(codes)s.")
                % {"unknown": ", ".join(unknown), "codes": ", ".join(self.codes)}
            )
        return tags


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.email


class _PairForm(DsfrBaseForm):
    """A reviewer of the grid and a dossier of the call, by its number."""

    reviewer = ReviewerChoiceField(label=_("Évaluateur ou évaluatrice"), queryset=None)
    number = forms.CharField(label=_("Numéro du dossier"), max_length=40)

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.fields["reviewer"].queryset = grid.reviewers.filter(dropped_at__isnull=True).order_by("email")

    def clean_number(self) -> Dossier:
        number = self.cleaned_data["number"].strip()
        dossier = Dossier.objects.filter(call_id=self.grid.call_id, number__iexact=number).first()
        if dossier is None:
            raise forms.ValidationError(_("Aucun dossier de cet appel ne porte le numéro « %(n)s ».") % {"n": number})
        return dossier


REMOVE_RULE = "remove"


class PairRuleForm(_PairForm):
    kind = forms.ChoiceField(label=_("Règle"), choices=[*PairRule.Kind.choices, (REMOVE_RULE, _("Retirer la règle"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A rule is removed from the list of rules, whoever the reviewer is (dropped included).
        if self.data.get(self.add_prefix("kind")) == REMOVE_RULE:
            self.fields["reviewer"].queryset = self.grid.reviewers.all()


class StaffConflictForm(_PairForm):
    reason = forms.CharField(label=_("Motif"), max_length=300)


class RankingFilterForm(DsfrBaseForm):
    KINDS = [
        ("adjusted", _("Score corrigé (moindres carrés)")),
        ("mean", _("Moyenne brute")),
        ("z_mean", _("Moyenne des scores z")),
    ]

    kind = forms.ChoiceField(label=_("Classer par"), choices=KINDS, required=False)
    challenge = forms.ModelChoiceField(label=_("Défi souhaité"), queryset=None, required=False, empty_label=_("Tous"))
    profile = forms.ModelChoiceField(
        label=_("Profil souhaité"),
        queryset=Profile.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tous"),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = (
            Challenge.objects.filter(positions__wishes__dossier__call=call).distinct().order_by("title")
        )
        if call.kind != call.Kind.APPLICATIONS:  # proposals wish no position
            del self.fields["challenge"], self.fields["profile"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "kind": data.get("kind") or "adjusted",
            "challenge": data.get("challenge"),
            "profile": data.get("profile"),
        }


class DossierNumbersField(forms.MultipleChoiceField):
    """The numbers of the checked dossiers; which exist is the form's business."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value):
        return True


class DecisionsForm(DsfrBaseForm):
    dossiers = DossierNumbersField(error_messages={"required": _("Cochez au moins un dossier du classement.")})
    admissible = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("1", _("Admissible")), ("0", _("Non admissible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez admissible ou non admissible.")},
    )
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=[("", _("Choisir un motif")), *Decision.Reason.choices],
        error_messages={"required": _("Choisissez un motif.")},
    )
    note = forms.CharField(
        label=_("Précision (facultative)"),
        help_text=_("Ajoutée au message envoyé à chaque personne."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid

    def clean_dossiers(self) -> list[Dossier]:
        numbers = list(dict.fromkeys(self.cleaned_data["dossiers"]))
        found = {d.number: d for d in reviewable_dossiers(self.grid).filter(number__in=numbers).select_related("owner")}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("Ces dossiers ne sont pas évalués dans cette grille : %(n)s.") % {"n": ", ".join(unknown)}
            )
        return [found[n] for n in numbers]


class RemarkForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Remarque du programme"),
        help_text=_("Visible par le jury de sélection."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez la remarque.")},
    )
