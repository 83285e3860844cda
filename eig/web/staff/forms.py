import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.applications.queries import wishable_positions
from eig.calls.models import Dossier
from eig.challenges.models import Challenge, Profile
from eig.core.forms import PlainTextField
from eig.juries.models import Audition, Juror, Jury
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


# --- Juries of a call (juries.py) ---------------------------------------------------

PARIS = ZoneInfo("Europe/Paris")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class HalfDayForm(DsfrBaseForm):
    """A morning or an afternoon of auditions, in Paris time."""

    day = forms.DateField(label=_("Date"), widget=DateInput)
    starts = forms.TimeField(label=_("Début (heure de Paris)"), widget=TimeInput, initial=datetime.time(9, 0))
    ends = forms.TimeField(label=_("Fin (heure de Paris)"), widget=TimeInput, initial=datetime.time(12, 30))

    def clean(self):
        data = super().clean()
        if {"day", "starts", "ends"} <= set(data):
            data["starts_at"] = datetime.datetime.combine(data["day"], data["starts"], tzinfo=PARIS)
            data["ends_at"] = datetime.datetime.combine(data["day"], data["ends"], tzinfo=PARIS)
        return data


class RoomForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom de la salle"), max_length=100)
    location = forms.CharField(
        label=_("Adresse ou lien de visioconférence"),
        help_text=_("Envoyé avec les convocations."),
        required=False,
        max_length=500,
    )


class HalfDayChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        start, end = timezone.localtime(obj.starts_at), timezone.localtime(obj.ends_at)
        return f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M}–{end:%H:%M}"


class InviteJurorForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse électronique"), max_length=254)
    name = PlainTextField(label=_("Prénom et nom"), max_length=200)
    organisation = PlainTextField(label=_("Organisation"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("Choisir un type")), *Juror.Type.choices])
    gender = forms.ChoiceField(label=_("Genre"), choices=Juror.Gender.choices, initial=Juror.Gender.OTHER)
    available = HalfDayChoiceField(
        label=_("Disponibilités"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("La personne pourra les corriger elle-même."),
    )
    mentor_of = forms.ModelMultipleChoiceField(
        label=_("Mentor opérationnel de"),
        queryset=None,
        required=False,
        help_text=_("Siège obligatoirement dans les groupes qui auditionnent les candidats de ces défis."),
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["available"].queryset = jury.half_days.order_by("starts_at")
        if jury.kind == Jury.Kind.CANDIDATES:
            self.fields["mentor_of"].queryset = Challenge.objects.filter(promotion_id=jury.call.promotion_id).order_by(
                "title"
            )
        else:
            del self.fields["mentor_of"]


YES = {"oui", "o", "avec", "yes", "y", "1", "vrai"}
NO = {"non", "n", "sans", "no", "0", "faux", ""}


def format_as_text(segments) -> str:
    return "\n".join(
        f"{s['label']} ; {s['minutes']} ; {'oui' if s['with_auditionee'] else 'non'}" for s in segments or []
    )


class JurySettingsForm(DsfrBaseForm):
    panels_wanted = forms.IntegerField(label=_("Nombre de groupes"), min_value=1, max_value=200)
    panel_size_min = forms.IntegerField(label=_("Membres par groupe, au moins"), min_value=1, max_value=50)
    panel_size_max = forms.IntegerField(label=_("Membres par groupe, au plus"), min_value=1, max_value=50)
    items_min = forms.IntegerField(label=_("Auditions par groupe, au moins"), min_value=0, max_value=100)
    items_max = forms.IntegerField(label=_("Auditions par groupe, au plus"), min_value=1, max_value=100)
    max_half_days_per_juror = forms.IntegerField(label=_("Demi-journées au plus par juré"), min_value=1, max_value=20)
    audition_format = forms.CharField(
        label=_("Déroulé d'une audition"),
        help_text=_(
            "Une étape par ligne : « libellé ; minutes ; avec la personne auditionnée oui/non ». "
            "Exemple : « Présentation ; 5 ; oui »."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    break_every = forms.IntegerField(label=_("Une pause au plus tard toutes les (minutes)"), min_value=0, max_value=600)
    break_minutes = forms.IntegerField(label=_("Durée de la pause (minutes)"), min_value=0, max_value=120)
    buffer_minutes = forms.IntegerField(label=_("Battement entre deux auditions (minutes)"), min_value=0, max_value=120)
    general_grid_minutes = forms.IntegerField(
        label=_("Temps de la grille générale en fin de séance (minutes)"), min_value=0, max_value=240
    )
    waiting_room = forms.CharField(
        label=_("Consignes de la salle d'attente"),
        help_text=_("Envoyées avec la convocation de chaque personne auditionnée."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    charter = forms.CharField(
        label=_("Charte de déontologie et de confidentialité"),
        help_text=_("Chaque membre du jury l'accepte avant de voir un dossier."),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    @classmethod
    def initial_of(cls, jury) -> dict:
        initial = {name: getattr(jury, name) for name in cls.base_fields}
        initial["audition_format"] = format_as_text(jury.audition_format)
        return initial

    def clean_audition_format(self) -> list[dict]:
        segments = []
        for number, line in enumerate(self.cleaned_data["audition_format"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) == 2:
                parts.append("")
            if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or parts[2].lower() not in YES | NO:
                raise forms.ValidationError(
                    _("Ligne %(n)s : écrivez « libellé ; minutes ; oui ou non », par exemple « Questions ; 15 ; oui ».")
                    % {"n": number}
                )
            if not 1 <= int(parts[1]) <= 600:
                raise forms.ValidationError(_("Ligne %(n)s : une étape dure de 1 à 600 minutes.") % {"n": number})
            segments.append(
                {"label": parts[0][:100], "minutes": int(parts[1]), "with_auditionee": parts[2].lower() in YES}
            )
        if not segments:
            raise forms.ValidationError(_("Décrivez au moins une étape."))
        return segments


class JurorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_type_display()})"


class PanelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PinForm(DsfrBaseForm):
    juror = JurorChoiceField(label=_("Membre du jury"), queryset=None, empty_label=_("Choisir une personne"))
    panel = PanelChoiceField(
        label=_("Groupe"),
        queryset=None,
        required=False,
        empty_label=_("Aucun : désépingler"),
        help_text=_("La personne reste dans ce groupe au prochain calcul."),
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = jury.jurors.order_by("name")
        self.fields["panel"].queryset = jury.panels.order_by("index")


class TimekeeperForm(DsfrBaseForm):
    juror = JurorChoiceField(label=_("Maître du temps"), queryset=None, empty_label=_("Choisir un membre"))

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = Juror.objects.filter(memberships__panel=panel).order_by("name")


class MoveForm(DsfrBaseForm):
    starts_at = forms.DateTimeField(label=_("Nouveau début (heure de Paris)"), widget=DateTimeLocalInput)


class RunningLateForm(DsfrBaseForm):
    minutes = forms.IntegerField(label=_("Retard (minutes)"), min_value=1, max_value=240, initial=10)


class AttendanceForm(DsfrBaseForm):
    attendance = forms.ChoiceField(label=_("Présence"), choices=Audition.Attendance.choices)
