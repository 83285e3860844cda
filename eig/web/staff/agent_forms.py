"""Forms of the agents' confirmation pages (agents.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Administration


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif, transmis à la personne)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Domaine d'adresse institutionnel"),
        max_length=253,
        help_text=_(
            "Par exemple interieur.gouv.fr. Les messageries ouvertes à tous (gmail.com, orange.fr…) sont refusées."
        ),
    )


class SiretForm(forms.Form):
    siret = forms.CharField(
        label=_("SIRET de l'administration"),
        max_length=20,
        required=False,
        help_text=_("14 chiffres. Laissez vide pour n'en enregistrer aucun."),
    )


class AdministrationPickForm(forms.Form):
    administration = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=Administration.objects.order_by("name"),
        empty_label=_("— Choisir —"),
    )
