"""The form of a text's English version (eig.content.english), shared by the two audiences that write
it: the programme team for every public text (eig/web/staff/translations/), an agent for their
administration's challenges (eig/web/administrations/). One field per translated field, beside the
French text it translates (read-only, templates/includes/english_fields.html); the lengths are the
service's rule, the form only carries them to the browser."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eig.content import english

MARKDOWN_HELP = _("Markdown, comme la version française : gardez ses intertitres (##), listes et liens.")


class EnglishForm(forms.Form):
    """The English texts of one object; `rows()` pairs each field with its French text."""

    def __init__(self, obj, *args, **kwargs):
        self.obj = obj
        model = type(obj)
        self.names = english.text_fields(model)
        kwargs.setdefault("initial", {name: english.english(obj, name) for name in self.names})
        super().__init__(*args, **kwargs)
        for name in self.names:
            limit = english.max_length(model, name)
            markdown = english.is_markdown(model, name)
            multiline = english.is_multiline(model, name) or limit > 200
            attrs = {"lang": "en", "spellcheck": "true"}
            if multiline:
                attrs["rows"] = 12 if markdown else 5 if english.is_multiline(model, name) else 3
            self.fields[name] = forms.CharField(
                label=_("%(field)s, en anglais") % {"field": capfirst(model._meta.get_field(name).verbose_name)},
                max_length=limit,
                required=False,
                strip=False,  # the service cleans the text; the form keeps what was typed
                widget=forms.Textarea(attrs=attrs) if multiline else forms.TextInput(attrs=attrs),
                help_text=MARKDOWN_HELP if markdown else "",
            )

    def rows(self) -> list[dict]:
        """Each English field with the French text it translates."""
        model = type(self.obj)
        return [
            {
                "field": self[name],
                "french": english.french(self.obj, name),
                "french_label": capfirst(model._meta.get_field(name).verbose_name),
            }
            for name in self.names
        ]

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.names}


class ChallengeEnglishForm:
    """A challenge's English texts and its positions' (mission, skills), saved together."""

    def __init__(self, challenge, data=None):
        self.challenge = challenge
        self.main = EnglishForm(challenge, data, auto_id="en-%s")
        self.positions = [
            EnglishForm(position, data, prefix=f"poste-{position.pk}", auto_id="en-%s")
            for position in challenge.positions.all()
        ]

    def is_valid(self) -> bool:
        return all([self.main.is_valid(), *(form.is_valid() for form in self.positions)])

    def save(self, *, by) -> list[str] | None:
        """Through the service: the fields changed; None (the refusal shown by its field) when refused."""
        try:
            return english.set_challenge_english(
                self.challenge,
                self.main.texts(),
                positions={form.obj.pk: form.texts() for form in self.positions},
                by=by,
            )
        except english.EnglishRefused as error:
            self.refused(error)
            return None

    def refused(self, error) -> None:
        where = str(getattr(error, "field", "") or "")
        form, name = self.main, where
        if where.startswith("poste-"):
            prefix, _dot, name = where.partition(".")
            form = next((f for f in self.positions if f.prefix == prefix), self.main)
        form.add_error(name if name in form.fields else None, str(error))


def save_english(form: EnglishForm, *, by) -> list[str] | None:
    """One object's English texts through the service; None (the refusal on the form) when refused."""
    try:
        return english.set_english(form.obj, form.texts(), by=by)
    except english.EnglishRefused as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
        return None
