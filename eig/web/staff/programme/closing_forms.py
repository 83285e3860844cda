"""The programme team's forms of a promotion's end: the demo day's programme (one row per slot, a
formset), the closing's confirmation, the promotion's photo."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.forms import PlainTextField
from eig.results.demo_day import MAX_ITEMS, Slot


class AgendaRowForm(forms.Form):
    """One slot: its time (and day, for an event over several days), its title in French and
    English, the speakers, the team presenting."""

    day = forms.DateField(
        label=_("Jour"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vide : le premier jour de l'événement."),
    )
    time = forms.TimeField(
        label=_("Heure (heure de Paris)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    title_fr = PlainTextField(label=_("Intitulé en français"), max_length=200)
    title_en = PlainTextField(
        label=_("Intitulé en anglais"), max_length=200, required=False, help_text=_("Vide : l'intitulé français.")
    )
    speakers = PlainTextField(label=_("Intervenants et intervenantes"), max_length=300, required=False)
    challenge = forms.ModelChoiceField(
        label=_("Équipe qui présente"), queryset=None, required=False, empty_label=_("Aucune")
    )

    def __init__(self, *args, event, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["challenge"].queryset = teams
        # A one-day event (Paris time): each slot gives its time only.
        self.one_day = timezone.localdate(event.starts_at) == timezone.localdate(event.ends_at)
        if self.one_day:
            self.fields["day"].widget = forms.HiddenInput()

    def slot(self) -> Slot:
        data = self.cleaned_data
        day = data.get("day") or timezone.localdate(self.event.starts_at)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, data["time"]))
        return Slot(
            starts_at=starts_at,
            title_fr=data["title_fr"],
            title_en=data.get("title_en") or "",
            speakers=data.get("speakers") or "",
            challenge=data.get("challenge"),
        )


class BaseAgendaFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Retirer ce créneau")

    def slots(self) -> list[Slot]:
        """The rows kept: filled in (blank extra rows are ignored) and not marked for removal."""
        return [
            form.slot()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("time")
        ]


AgendaFormSet = forms.formset_factory(
    AgendaRowForm, formset=BaseAgendaFormSet, extra=3, can_delete=True, max_num=MAX_ITEMS, validate_max=True
)


def agenda_formset(event, teams, items, data=None) -> BaseAgendaFormSet:
    initial = [
        {
            "day": timezone.localdate(item.starts_at),
            "time": timezone.localtime(item.starts_at).time().replace(second=0, microsecond=0),
            "title_fr": item.title_fr,
            "title_en": item.title_en,
            "speakers": item.speakers,
            "challenge": item.challenge_id,
        }
        for item in items
    ]
    return AgendaFormSet(data, initial=initial, prefix="creneaux", form_kwargs={"event": event, "teams": teams})


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Je confirme la clôture de la promotion : les entrepreneur·es en poste terminent leur programme, "
            "les défis en cours sont terminés, la page des résultats devient publique."
        ),
        error_messages={"required": _("Cochez la case pour confirmer la clôture de la promotion.")},
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo de la promotion"))
    alt_fr = PlainTextField(
        label=_("Texte alternatif en français"),
        max_length=300,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
        error_messages={"required": _("Décrivez la photo en français (texte alternatif).")},
    )
    alt_en = PlainTextField(
        label=_("Texte alternatif en anglais"),
        max_length=300,
        error_messages={"required": _("Décrivez la photo en anglais (texte alternatif).")},
    )

    @classmethod
    def for_promotion(cls, promotion, data=None, files=None) -> "PhotoForm":
        initial = {"alt_fr": promotion.photo_alt_fr, "alt_en": promotion.photo_alt_en}
        return cls(data, files, initial=initial, auto_id="photo-%s")
