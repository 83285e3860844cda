"""The form of a story (eig.content.stories), shared by the two audiences that fill it: fellows and
alumni who propose it (eig/web/programme/stories.py), staff who edit it before publishing
(eig/web/staff/programme/stories.py). The rules (a complete language, the image's alternative text…)
are the service's; the form reads what was typed and shows the service's refusals by field."""

import re

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from eig.content import stories
from eig.core.markdown import render_markdown
from eig.files.validation import UploadRefused

BODY_MAX = 30_000  # characters: a long news post is under 10,000
HEADING = re.compile(r"<(/?)h([2-6])\b")


def preview_html(text: str) -> SafeString:
    """A story's Markdown rendered as the news page renders it (eig.core.markdown: sanitised), its
    headings two levels down: a preview sits under the page's « Aperçu » (h2) and the title (h3)."""
    html = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", render_markdown(text))
    return mark_safe(html)  # noqa: S308 - sanitised by render_markdown; only heading names changed


def _text(label, max_length, *, lang, rows=None, help_text=""):
    attrs = {"lang": lang, "spellcheck": "true"}
    if rows:
        attrs["rows"] = rows
    widget = forms.Textarea(attrs=attrs) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget, help_text=help_text)


DESCRIPTION_HELP = _("Une ou deux phrases : elles paraissent dans la liste des actualités et le fil RSS.")
ALT_HELP = _("Ce que montre l'image, pour les personnes qui ne la voient pas. Obligatoire s'il y a une image.")


class StoryForm(forms.Form):
    author_name = forms.CharField(
        label=_("Signature"),
        max_length=200,
        help_text=_("Le nom sous lequel le récit paraît, par exemple « Ada Lovelace, promotion EIG 7 »."),
    )
    title_fr = _text(_("Titre en français"), 300, lang="fr")
    description_fr = _text(_("Chapeau en français (facultatif)"), 600, lang="fr", rows=3, help_text=DESCRIPTION_HELP)
    body_fr = _text(_("Texte en français (Markdown)"), BODY_MAX, lang="fr", rows=14)
    image_alt_fr = _text(_("Texte alternatif de l'image, en français"), 300, lang="fr", help_text=ALT_HELP)
    title_en = _text(_("Titre en anglais"), 300, lang="en")
    description_en = _text(_("Chapeau en anglais (facultatif)"), 600, lang="en", rows=3, help_text=DESCRIPTION_HELP)
    body_en = _text(_("Texte en anglais (Markdown)"), BODY_MAX, lang="en", rows=14)
    image_alt_en = _text(_("Texte alternatif de l'image, en anglais"), 300, lang="en", help_text=ALT_HELP)
    image = forms.FileField(label=_("Image (facultative)"), required=False)
    remove_image = forms.BooleanField(label=_("Retirer l'image actuelle"), required=False)

    TEXT_FIELDS = stories.TEXT_FIELDS

    def __init__(self, *args, story=None, **kwargs):
        if story is not None:
            kwargs.setdefault("initial", {name: getattr(story, name) for name in [*self.TEXT_FIELDS, "author_name"]})
        super().__init__(*args, **kwargs)
        self.story = story
        if story is None or story.image_id is None:
            del self.fields["remove_image"]

    def language(self, lang):
        """The bound fields of one language, in the order the page shows them."""
        return [self[f"{name}_{lang}"] for name in ("title", "description", "body", "image_alt")]

    def french(self):
        return self.language("fr")

    def english(self):
        return self.language("en")

    def values(self) -> dict:
        """The keyword arguments of stories.propose / stories.edit."""
        data = self.cleaned_data
        values = {name: data[name] for name in [*self.TEXT_FIELDS, "author_name"]}
        values["image_upload"] = data.get("image") or None
        if "remove_image" in self.fields:
            values["remove_image"] = data["remove_image"]
        return values

    def previews(self) -> list[dict]:
        """The Markdown texts rendered as the news page renders them (sanitised), per language typed."""
        data = getattr(self, "cleaned_data", {})
        found = []
        for lang, label in (("fr", _("Version française")), ("en", _("Version anglaise"))):
            if data.get(f"title_{lang}") or data.get(f"body_{lang}"):
                found.append(
                    {
                        "lang": lang,
                        "label": label,
                        "title": data.get(f"title_{lang}", ""),
                        "description": data.get(f"description_{lang}", ""),
                        "body": preview_html(data.get(f"body_{lang}", "")),
                    }
                )
        return found

    def refused(self, error) -> None:
        """A refusal of the service, shown by the field it concerns (the image for an upload's)."""
        field = "image" if isinstance(error, UploadRefused) else getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, str(error))
