"""Forms of « Écrire à un groupe » and of the request for complement on a dossier.

The message form is built from the chosen audience (eig.notifications.broadcasts): one list per
parameter it takes, offering what the audience offers (the services check the same lists again).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.calls.complements import MESSAGE_MAX
from eig.calls.models import ComplementRequest
from eig.core.forms import PlainTextField
from eig.notifications.broadcasts import BODY_MAX, SUBJECT_MAX, Audience, audiences

from ..forms import DateTimeLocalInput


class AudienceForm(DsfrBaseForm):
    """First step: which group (the page then asks for its parameters and the message)."""

    audience = forms.ChoiceField(
        label=_("Destinataires"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez les destinataires."),
            "invalid_choice": _("Choisissez les destinataires."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [
            (a.key, f"{a.label} — {a.help_text}" if a.help_text else a.label) for a in audiences()
        ]


class BroadcastForm(DsfrBaseForm):
    """The group's parameters, then the subject and the message, written as they will be read."""

    subject = PlainTextField(
        label=_("Objet"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Écrivez l'objet du message.")},
    )
    body = forms.CharField(
        label=_("Message"),
        help_text=_(
            "Écrit en texte simple et envoyé tel quel : rien n'y est interprété (ni accolades ni balises). "
            "Le courriel commence par « Bonjour » suivi du nom de la personne et finit par la signature de l'équipe."
        ),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Écrivez le message.")},
    )

    def __init__(self, *args, audience: Audience, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience = audience
        parameters = {}
        for parameter in audience.parameters:
            message = _("Choisissez une valeur de la liste.")
            parameters[parameter.name] = forms.ChoiceField(
                label=parameter.label,
                choices=[("", "—"), *parameter.choices()],
                error_messages={"required": message, "invalid_choice": message},
            )
        # The group's parameters first, as the page reads: who, then what.
        self.fields = {**parameters, **self.fields}

    def parameters(self) -> dict:
        return {parameter.name: self.cleaned_data[parameter.name] for parameter in self.audience.parameters}


def two_weeks_at_noon():
    """Two weeks from today at noon, Paris time: a date a person can meet."""
    return datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=14), datetime.time(12, 0))


class ComplementForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Ce qui est demandé"),
        choices=ComplementRequest.Kind.choices,
        widget=forms.RadioSelect,
        initial=ComplementRequest.Kind.DOCUMENT,
        error_messages={"required": _("Choisissez ce qui est demandé.")},
    )
    message = forms.CharField(
        label=_("Message à la personne"),
        help_text=_("Ce qui manque et pourquoi ; envoyé tel quel par courriel et affiché dans son espace."),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez ce que vous demandez.")},
    )
    due_at = forms.DateTimeField(
        label=_("À fournir avant le"),
        help_text=_("Date et heure de Paris ; passé ce délai, la réponse n'est plus acceptée."),
        widget=DateTimeLocalInput,
        error_messages={
            "required": _("Indiquez la date limite de réponse."),
            "invalid": _("Indiquez une date et une heure valides."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"due_at": two_weeks_at_noon()})
        super().__init__(*args, **kwargs)
