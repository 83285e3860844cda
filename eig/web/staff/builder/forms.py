"""The form builder's forms: a step, a question (its French and English texts side by side, its kind,
required flag, limits) and its choices, one row each (value, French label, English label).

The forms only read the POST into what the services take (eig.calls.builder.QuestionSpec): every
rule (which limit fits which kind, unique values, what may change once the call opened) is the
service's, so a refusal reads the same from any page. Once the call opened, the question's form
carries its wording only (`wording_only`): the structural fields are not shown, the choices' values
are read-only and no row can be added.
"""

from dataclasses import replace

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from eig.calls.builder import KEY_LENGTH, LABEL_LENGTH, TITLE_LENGTH, VALUE_LENGTH, QuestionSpec
from eig.calls.models import Question
from eig.files.validation import KNOWN_TYPES

MEBIBYTE = 1024 * 1024  # « Mo » as eig.files.validation.megabytes counts them
EXTRA_CHOICE_ROWS = 3  # empty rows under a question's choices: save, and the form offers three more


def _english(attrs=None) -> dict:
    return {"lang": "en", **(attrs or {})}


class StepForm(forms.Form):
    title_fr = forms.CharField(label=_("Titre de l'étape (français)"), max_length=TITLE_LENGTH)
    title_en = forms.CharField(
        label=_("Titre de l'étape (anglais)"),
        max_length=TITLE_LENGTH,
        required=False,
        widget=forms.TextInput(attrs=_english()),
        help_text=_("Vide : le titre français est montré en anglais."),
    )
    intro_fr = forms.CharField(
        label=_("Introduction (français)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    intro_en = forms.CharField(
        label=_("Introduction (anglais)"), required=False, widget=forms.Textarea(attrs=_english({"rows": 3}))
    )

    @classmethod
    def initial_of(cls, step) -> dict:
        return {name: getattr(step, name) or "" for name in cls.base_fields}

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}

    def pairs(self) -> list[tuple]:
        """(French field, English field): how the template lays them side by side."""
        return [(self["title_fr"], self["title_en"]), (self["intro_fr"], self["intro_en"])]


class QuestionForm(forms.Form):
    """A question's label and help in both languages and, before the call opens, its structure."""

    label_fr = forms.CharField(label=_("Libellé (français)"), max_length=LABEL_LENGTH)
    label_en = forms.CharField(
        label=_("Libellé (anglais)"),
        max_length=LABEL_LENGTH,
        required=False,
        widget=forms.TextInput(attrs=_english()),
        help_text=_("Vide : le libellé français est montré en anglais."),
    )
    help_text_fr = forms.CharField(label=_("Aide (français)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    help_text_en = forms.CharField(
        label=_("Aide (anglais)"), required=False, widget=forms.Textarea(attrs=_english({"rows": 3}))
    )
    kind = forms.ChoiceField(label=_("Type de question"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("Réponse obligatoire pour déposer"), required=False)
    key = forms.SlugField(
        label=_("Identifiant (facultatif)"),
        max_length=KEY_LENGTH,
        required=False,
        help_text=_(
            "Le nom de la réponse dans les exports et les versions déposées ; choisi une fois pour toutes. "
            "Vide : tiré du libellé."
        ),
    )
    max_length = forms.IntegerField(
        label=_("Nombre maximal de caractères"),
        min_value=1,
        required=False,
        help_text=_("Texte court ou long. Vide : 300 pour un texte court, sans limite pour un texte long."),
    )
    min_value = forms.IntegerField(label=_("Minimum"), required=False, help_text=_("Nombre."))
    max_value = forms.IntegerField(
        label=_("Maximum"), required=False, help_text=_("Nombre ; pour un tableau, son nombre de lignes au plus.")
    )
    max_megabytes = forms.DecimalField(
        label=_("Taille maximale (Mo)"),
        min_value=0.01,
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("Fichier. Vide : la limite de la plateforme."),
    )
    file_types = forms.MultipleChoiceField(
        label=_("Types de fichier acceptés"),
        choices=[(mimetype, t.label) for mimetype, t in KNOWN_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Fichier. Aucun coché : PDF."),
    )

    WORDING = ("label_fr", "label_en", "help_text_fr", "help_text_en")
    LIMITS = ("max_length", "min_value", "max_value", "max_megabytes", "file_types")

    def __init__(self, *args, question=None, wording_only=False, **kwargs):
        self.question = question
        self.wording_only = wording_only
        if question is not None:
            kwargs.setdefault("initial", self.initial_of(question))
        super().__init__(*args, **kwargs)
        if question is not None:
            del self.fields["key"]  # chosen once, when the question is added
        if wording_only:
            for name in [n for n in self.fields if n not in self.WORDING]:
                del self.fields[name]

    @staticmethod
    def initial_of(question) -> dict:
        spec = QuestionSpec.of(question)
        return {
            **{name: getattr(spec, name) for name in QuestionForm.WORDING},
            "kind": spec.kind,
            "required": spec.required,
            "max_length": spec.max_length,
            "min_value": spec.min_value,
            "max_value": spec.max_value,
            "max_megabytes": round(spec.max_bytes / MEBIBYTE, 2) if spec.max_bytes else None,
            "file_types": list(spec.file_types),
        }

    def pairs(self) -> list[tuple]:
        return [(self["label_fr"], self["label_en"]), (self["help_text_fr"], self["help_text_en"])]

    def limits(self) -> list:
        return [self[name] for name in self.LIMITS if name in self.fields]

    def spec(self, choices: "BaseChoiceRows") -> QuestionSpec:
        """What the services take: the question's current structure where the form does not carry it."""
        data = self.cleaned_data
        base = QuestionSpec.of(self.question) if self.question is not None else QuestionSpec(label_fr="")
        wording = {name: data[name] for name in self.WORDING}
        if self.wording_only:
            return replace(base, **wording, choices=choices.choices(), choices_en=choices.english())
        megabytes = data.get("max_megabytes")
        return replace(
            base,
            **wording,
            kind=data["kind"],
            required=data["required"],
            max_length=data.get("max_length"),
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            max_bytes=int(megabytes * MEBIBYTE) if megabytes else None,
            file_types=tuple(data.get("file_types") or ()),
            choices=choices.choices(),
            choices_en=choices.english(),
            key=data.get("key") or base.key,
        )


class ChoiceRowForm(forms.Form):
    value = forms.CharField(label=_("Valeur"), max_length=VALUE_LENGTH, required=False)
    label_fr = forms.CharField(label=_("Libellé (français)"), max_length=LABEL_LENGTH, required=False)
    label_en = forms.CharField(
        label=_("Libellé (anglais)"), max_length=LABEL_LENGTH, required=False, widget=forms.TextInput(attrs=_english())
    )


class BaseChoiceRows(forms.BaseFormSet):
    """The choices (a table's columns), one row each; an empty row is left out."""

    def __init__(self, *args, wording_only=False, **kwargs):
        self.wording_only = wording_only
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.wording_only:
            form.fields["value"].disabled = True  # the answers keep the values: only the labels may change
        return form

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if any((form.cleaned_data or {}).values())]

    def _valued(self):
        """(value, row) of the filled rows; a row without a value takes one from its French label."""
        for row in self.rows():
            yield (str(row.get("value") or "").strip() or slugify(row.get("label_fr") or "")), row

    def choices(self) -> tuple[tuple[str, str], ...]:
        """(value, French label), in the rows' order."""
        return tuple((value, row.get("label_fr") or "") for value, row in self._valued())

    def english(self) -> dict[str, str]:
        """{value: English label} of the rows that have one."""
        return {value: row["label_en"] for value, row in self._valued() if row.get("label_en")}


def choice_rows(data=None, *, question=None, wording_only=False) -> BaseChoiceRows:
    """The choices' formset of `question` (None: a new question), with empty rows to add more before opening."""
    initial = []
    if question is not None:
        english = question.choices_en or {}
        initial = [
            {"value": str(value), "label_fr": str(label), "label_en": english.get(str(value), "")}
            for value, label in question.choices or []
        ]
    extra = 0 if wording_only else EXTRA_CHOICE_ROWS
    formset = forms.formset_factory(ChoiceRowForm, formset=BaseChoiceRows, extra=extra, max_num=100)
    return formset(data, initial=initial, prefix="choix", wording_only=wording_only)
