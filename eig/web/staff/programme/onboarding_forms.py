"""The programme team's forms of the arrivals and departures: a fellow's start, a delay, a departure."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.core.forms import PlainTextField

DATE = {"type": "date"}


class ConfirmStartForm(DsfrBaseForm):
    on = forms.DateField(label=_("Date de prise de poste effective"), widget=forms.DateInput(DATE, format="%Y-%m-%d"))


class DelayForm(DsfrBaseForm):
    reason = PlainTextField(label=_("Raison du retard"), max_length=300)
    start_date = forms.DateField(
        label=_("Nouvelle date de prise de poste prévue (facultatif)"),
        required=False,
        widget=forms.DateInput(DATE, format="%Y-%m-%d"),
    )


class DepartureForm(DsfrBaseForm):
    on = forms.DateField(label=_("Date du départ"), widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    reason = forms.CharField(
        label=_("Motif du départ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Confidentiel : seule l'équipe du programme le lit. Ni l'équipe, ni ses mentors, ni l'administration "
            "d'accueil ne le voient ; le courriel qui les prévient n'en dit rien."
        ),
    )
