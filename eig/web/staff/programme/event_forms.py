"""The programme team's forms of the promotion's calendar: an event, and the attendance list."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.core.forms import PlainTextField
from eig.programme.events import EVENT_FIELDS
from eig.programme.models import Event, Registration

from ..forms import DateTimeLocalInput


class EventForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type d'événement"), choices=Event.Kind.choices)
    title = PlainTextField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Présentation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False
    )
    starts_at = forms.DateTimeField(label=_("Début (heure de Paris)"), widget=DateTimeLocalInput)
    ends_at = forms.DateTimeField(label=_("Fin (heure de Paris)"), widget=DateTimeLocalInput)
    place = PlainTextField(
        label=_("Lieu"), max_length=300, required=False, help_text=_("Adresse ou salle ; ou bien un lien ci-dessous.")
    )
    link = forms.URLField(
        label=_("Lien de connexion"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Pour un webinaire ou une session à distance : envoyé aux inscrits, jamais publié."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Public"), choices=Event.Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Vide : sans limite."),
    )
    compulsory = forms.BooleanField(label=_("Obligatoire pour les entrepreneur·es"), required=False)
    is_public = forms.BooleanField(label=_("Annoncé sur la page publique de la promotion"), required=False)
    self_check_in = forms.BooleanField(label=_("Les participants émargent eux-mêmes le jour venu"), required=False)

    @classmethod
    def for_event(cls, event: Event, data=None) -> "EventForm":
        return cls(data, initial={name: getattr(event, name) for name in EVENT_FIELDS})

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


MARKS = [
    (Registration.Attendance.PRESENT, _("Présent·e")),
    (Registration.Attendance.ABSENT, _("Absent·e")),
    (Registration.Attendance.EXCUSED, _("Excusé·e")),
]


class AttendanceForm(forms.Form):
    """One radio group per registration (« attendance-<pk> »); a group left empty changes nothing."""

    def __init__(self, registrations, data=None):
        super().__init__(data)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[self._name(registration)] = forms.ChoiceField(
                label=str(registration.user.get_full_name() or registration.user.email),
                choices=MARKS,
                widget=forms.RadioSelect,
                required=False,
                initial=registration.attendance if registration.attendance in dict(MARKS) else None,
            )

    @staticmethod
    def _name(registration) -> str:
        return f"attendance-{registration.pk}"

    def rows(self):
        return [(registration, self[self._name(registration)]) for registration in self.registrations]

    def marks(self) -> dict[int, str]:
        return {
            registration.pk: self.cleaned_data[self._name(registration)]
            for registration in self.registrations
            if self.cleaned_data.get(self._name(registration))
        }
