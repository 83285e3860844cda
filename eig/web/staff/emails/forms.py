"""The form of a notification's text: its subject and body, checked against the notification's
variables (eig.notifications.texts.check_text) before a preview or a save."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.notifications.models import EmailText
from eig.notifications.texts import check_text


class EmailTextForm(DsfrBaseForm):
    subject = forms.CharField(
        label=_("Objet"),
        max_length=EmailText._meta.get_field("subject").max_length,
        help_text=_("Une ligne ; les variables s'écrivent {{ nom }}."),
    )
    body = forms.CharField(
        label=_("Texte du message"),
        widget=forms.Textarea(attrs={"rows": 18}),
        strip=False,
        help_text=_("Texte brut, sans mise en forme ; conditions avec {% if … %}…{% endif %}."),
    )

    def __init__(self, *args, template: str, **kwargs):
        self.template = template
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if "subject" in cleaned and "body" in cleaned:
            try:
                check_text(self.template, cleaned["subject"], cleaned["body"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
