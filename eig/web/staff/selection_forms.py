"""Forms of the programme team's selection pages (selection.py).

Choices come from a `Roster` (selection_queries.roster) computed once per page, so that a
form with several selects of candidates or positions costs no query per select. Every form
cleans to the values the selection services take: dossier, position and challenge pks.
"""

import dataclasses
import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.engines import teams
from eig.selection.models import SelectionRun

from .forms import DateTimeLocalInput

# The engine's weights (eig.engines.teams.Weights), in French: what each one weighs.
# The team engine's docstring is the reference; a test checks every weight has its field.
WEIGHT_FIELDS = {
    "wish": (
        _("Poids des vœux"),
        _(
            "Points par vœu obtenu, multipliés par 3 pour un 1er vœu, 2 pour un 2e, 1 pour un 3e "
            "(avec trois vœux) ; rien pour un défi que le jury a proposé."
        ),
    ),
    "jury": (
        _("Poids du classement du jury"),
        _("Points par personne placée, multipliés par 3 pour la 1re de sa liste, jusqu'à 3/n pour la dernière de n."),
    ),
    "teammate": (
        _("Poids des binômes demandés"),
        _("Points quand deux personnes qui ont demandé à faire équipe ensemble rejoignent le même défi."),
    ),
    "unfilled": (
        _("Coût d'un défi sans équipe"),
        _("Points retirés pour chaque défi laissé sans équipe (les défis retirés ne comptent pas)."),
    ),
}
DEFAULT_WEIGHTS = dataclasses.asdict(teams.Weights())
PIN_ROWS = 3  # pins typed on the run form; the run page's « Verrouiller l'affectation » adds more


def _weight_field(name) -> forms.FloatField:
    label, help_text = WEIGHT_FIELDS[name]
    return forms.FloatField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=100000,
        initial=DEFAULT_WEIGHTS[name],
        error_messages={
            "required": _("Indiquez un nombre de points (0 pour ignorer ce critère)."),
            "invalid": _("Un poids est un nombre."),
            "min_value": _("Un poids est un nombre positif ou nul."),
            "max_value": _("Un poids ne dépasse pas 100 000 points."),
        },
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def new_request_key() -> str:
    return uuid.uuid4().hex


class RequestKeyMixin(forms.Form):
    """A one-time key rendered with the form (hidden): the same submission sent twice finds the
    run the first one made (services.run_selection's `request_key`)."""

    request_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64, initial=new_request_key)


class _RosterForm(RequestKeyMixin, DsfrBaseForm):
    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster


def _candidate_field(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        error_messages={
            "required": _("Choisissez une personne auditionnée."),
            "invalid_choice": _("Cette personne n'a pas été auditionnée par le jury de cet appel."),
        },
        **kwargs,
    )


def _position_field(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        error_messages={
            "required": _("Choisissez un poste."),
            "invalid_choice": _("Ce poste n'est pas un poste de cette promotion."),
        },
        **kwargs,
    )


class WeightsForm(RequestKeyMixin, DsfrBaseForm):
    wish = _weight_field("wish")
    jury = _weight_field("jury")
    teammate = _weight_field("teammate")
    unfilled = _weight_field("unfilled")

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[name] for name in WEIGHT_FIELDS}


class RunForm(WeightsForm):
    """The run form of the overview: method, label, weights and the what-if parameters."""

    field_order = ["mode", "label", *WEIGHT_FIELDS, "removed", "exclusions", "request_key"]

    mode = forms.ChoiceField(
        label=_("Méthode"),
        choices=SelectionRun.Mode.choices,
        initial=SelectionRun.Mode.OPTIMAL,
        widget=forms.RadioSelect,
        help_text=_(
            "La composition optimale maximise les points ci-dessous en respectant la taille et les profils de "
            "chaque équipe. L'affectation stable suit les vœux et les listes du jury (acceptation différée) ; "
            "elle n'utilise pas les poids, qui servent seulement à calculer sa valeur pour la comparer."
        ),
        error_messages={"required": _("Choisissez une méthode."), "invalid_choice": _("Choisissez une méthode.")},
    )
    label = forms.CharField(
        label=_("Intitulé (facultatif)"),
        help_text=_("Pour retrouver ce calcul, par exemple « Sans le défi X »."),
        required=False,
        max_length=200,
    )
    removed = forms.TypedMultipleChoiceField(
        label=_("Défis retirés"),
        help_text=_("Ces défis restent sans équipe dans ce calcul."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Seul un défi de cette promotion peut être retiré.")},
    )
    exclusions = forms.TypedMultipleChoiceField(
        label=_("Candidats écartés"),
        help_text=_(
            "Personnes auditionnées que ce calcul ne place pas. Maintenez Ctrl ou Cmd pour en choisir plusieurs."
        ),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Seul un candidat auditionné peut être écarté.")},
    )

    def __init__(self, *args, roster, **kwargs):
        # The pin rows are fields of their own, declared before DsfrBaseForm styles the fields.
        self.base_fields = dict(self.base_fields)
        for n in range(1, PIN_ROWS + 1):
            self.base_fields[f"pin_{n}_dossier"] = _candidate_field(
                _("Épinglage %(n)s : personne") % {"n": n}, required=False
            )
            self.base_fields[f"pin_{n}_position"] = _position_field(
                _("Épinglage %(n)s : défi et profil") % {"n": n}, required=False
            )
        super().__init__(*args, **kwargs)
        self.roster = roster
        people, places = roster.candidate_choices(), roster.position_choices()
        self.fields["removed"].choices = roster.challenge_choices()
        self.fields["exclusions"].choices = people
        for n in range(1, PIN_ROWS + 1):
            self.fields[f"pin_{n}_dossier"].choices = [("", _("Aucune personne"))] + people
            self.fields[f"pin_{n}_position"].choices = [("", _("Aucun poste"))] + places

    def pin_rows(self):
        return [(self[f"pin_{n}_dossier"], self[f"pin_{n}_position"]) for n in range(1, PIN_ROWS + 1)]

    def other_fields(self):
        return [self[name] for name in ("label", "removed", "exclusions")]

    def weight_fields(self):
        return [self[name] for name in WEIGHT_FIELDS]

    def clean(self):
        data = super().clean()
        pins = []
        for n in range(1, PIN_ROWS + 1):
            dossier, position = data.get(f"pin_{n}_dossier"), data.get(f"pin_{n}_position")
            if dossier in (None, "") and position in (None, ""):
                continue
            if dossier in (None, "") or position in (None, ""):
                if f"pin_{n}_dossier" not in self.errors and f"pin_{n}_position" not in self.errors:
                    self.add_error(
                        f"pin_{n}_dossier", _("Un épinglage désigne une personne et un poste : choisissez les deux.")
                    )
                continue
            pins.append([dossier, position])
        data["pins"] = pins
        return data

    def parameters(self) -> dict:
        """The keyword arguments of `services.run_selection` (call after is_valid())."""
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "weights": self.weights(),
            "pins": data["pins"],
            "exclusions": data["exclusions"],
            "removed": data["removed"],
            "label": data["label"],
            "request_key": data["request_key"],
        }


class PinForm(_RosterForm):
    """Lock one candidate on one position (the run page's what-if)."""

    dossier = _candidate_field(_("Candidat ou candidate"))
    position = _position_field(_("Poste"))

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, roster=roster, **kwargs)
        self.fields["dossier"].choices = [("", _("Choisir une personne"))] + roster.candidate_choices()
        self.fields["position"].choices = [("", _("Choisir un poste"))] + roster.position_choices()


class ExcludeForm(_RosterForm):
    dossier = _candidate_field(_("Personne à écarter"))

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, roster=roster, **kwargs)
        self.fields["dossier"].choices = [("", _("Choisir une personne"))] + roster.candidate_choices()


class RemoveChallengeForm(_RosterForm):
    challenge = forms.TypedChoiceField(
        label=_("Défi à retirer"),
        coerce=int,
        error_messages={
            "required": _("Choisissez un défi."),
            "invalid_choice": _("Seul un défi de cette promotion peut être retiré."),
        },
    )

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, roster=roster, **kwargs)
        self.fields["challenge"].choices = [("", _("Choisir un défi"))] + roster.challenge_choices()


class CompareForm(DsfrBaseForm):
    a = forms.TypedChoiceField(label=_("Première proposition"), coerce=int)
    b = forms.TypedChoiceField(label=_("Seconde proposition"), coerce=int)

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(run.pk, f"#{run.pk} — {run}") for run in runs]
        self.fields["a"].choices = self.fields["b"].choices = choices
        message = _("Choisissez une proposition de cet appel.")
        for name in ("a", "b"):
            self.fields[name].error_messages |= {"required": message, "invalid_choice": message}


def _future(moment):
    if moment is not None and moment <= timezone.now():
        raise forms.ValidationError(_("La date limite de réponse doit être à venir."))
    return moment


def default_deadline():
    """Two weeks from today at noon, Paris time: a deadline a person can meet."""
    day = timezone.localdate() + datetime.timedelta(days=14)
    return datetime.datetime.combine(day, datetime.time(12, 0))


class DeadlineForm(DsfrBaseForm):
    deadline = forms.DateTimeField(
        label=_("Réponse attendue avant le"),
        help_text=_("Date et heure de Paris ; passé ce délai, une proposition sans réponse expire."),
        widget=DateTimeLocalInput,
        error_messages={
            "required": _("Indiquez la date limite de réponse."),
            "invalid": _("Indiquez une date et une heure valides."),
        },
    )

    def clean_deadline(self):
        return _future(self.cleaned_data["deadline"])


class WithdrawForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif du retrait"),
        max_length=1000,
        error_messages={"required": _("Indiquez pourquoi la proposition est retirée.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez pourquoi la proposition est retirée."))
        return reason


class ConfirmReplacementForm(DeadlineForm):
    field_order = ["dossier", "deadline"]

    dossier = forms.TypedChoiceField(
        label=_("Personne de la liste d'attente"),
        coerce=int,
        error_messages={
            "required": _("Choisissez une personne de la liste d'attente."),
            "invalid_choice": _("Cette personne n'est pas sur la liste d'attente de cette promotion."),
        },
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].choices = [(o.dossier_id, f"{o.name} ({o.dossier.number})") for o in waiting]
