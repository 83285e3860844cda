"""Forms of the agents' pages. The dossier's steps use the kit's StepForm
(eig.web.dossiers.forms), which knows every kind of question, tables included."""

import itertools

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Administration
from eig.core.forms import PlainTextField

Kind = Administration.Kind


class JoinForm(forms.Form):
    """Act for an administration already listed, or list a new one."""

    existing = forms.ModelChoiceField(
        label=_("Une administration déjà inscrite"),
        queryset=Administration.objects.order_by("name"),
        required=False,
        empty_label=_("— Choisir dans la liste —"),
    )
    name = PlainTextField(label=_("Nom de l'administration"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Type d'administration"), choices=[("", _("— Choisir —")), *Kind.choices], required=False
    )
    parent_ministry = forms.ModelChoiceField(
        label=_("Ministère de tutelle (facultatif)"),
        queryset=Administration.objects.filter(kind=Kind.MINISTRY).order_by("name"),
        required=False,
        empty_label=_("— Aucun —"),
    )
    town = PlainTextField(label=_("Ville"), max_length=200, required=False)
    function = PlainTextField(
        label=_("Votre fonction"),
        max_length=200,
        help_text=_("Elle aide l'équipe du programme à confirmer que vous agissez pour cette administration."),
    )

    NEW_FIELDS = ("name", "kind", "parent_ministry", "town")

    def clean(self):
        data = super().clean()
        existing, name = data.get("existing"), (data.get("name") or "").strip()
        if existing and name:
            raise forms.ValidationError(
                _("Choisissez une administration de la liste ou inscrivez-en une nouvelle, pas les deux.")
            )
        if not existing and not name:
            if not self.errors.get("existing") and not self.errors.get("name"):
                raise forms.ValidationError(
                    _("Choisissez une administration de la liste ou inscrivez-en une nouvelle.")
                )
            return data
        if name:
            # Compared in Python: SQLite folds the case of ASCII letters only (« NUMÉRIQUE »).
            names = Administration.objects.values_list("name", flat=True)
            if any(existing_name.casefold() == name.casefold() for existing_name in names):
                self.add_error("name", _("Cette administration est déjà inscrite : choisissez-la dans la liste."))
            if not data.get("kind"):
                self.add_error("kind", _("Choisissez le type de l'administration."))
            data["name"] = name
        return data

    def administration(self) -> Administration:
        """The chosen administration, created when it is a new one (call inside a transaction)."""
        if self.cleaned_data.get("existing"):
            return self.cleaned_data["existing"]
        name = self.cleaned_data["name"]
        return Administration.objects.create(
            name=name,
            slug=_free_slug(name),
            kind=self.cleaned_data["kind"],
            parent_ministry=self.cleaned_data.get("parent_ministry"),
            town=(self.cleaned_data.get("town") or "").strip(),
        )


def _free_slug(name: str) -> str:
    base = slugify(name)[:110] or "administration"
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if not Administration.objects.filter(slug=slug).exists():
            return slug
    raise AssertionError  # unreachable


class StartForm(forms.Form):
    administration = forms.ModelChoiceField(
        label=_("Administration qui propose le défi"), queryset=Administration.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, administrations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations
        only = list(administrations[:2])
        if len(only) == 1:  # the usual case: one administration, already chosen
            self.fields["administration"].initial = only[0].pk
