"""The step form of a dossier, built from the call's questions: one for every audience that fills
a dossier (candidates, administrations).

The form only shapes the HTML and reads the POST: every rule (length,
choices, formats) is checked once, by eig.calls.answers through the
services, so a draft keeps whatever is valid.
"""

import re

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Question
from eig.files.services import upload_limit
from eig.files.validation import KNOWN_TYPES, megabytes

from .question_html import question_html

YES_NO = [("oui", _("Oui")), ("non", _("Non"))]
# A table question without a row limit shows this many empty rows.
TABLE_ROWS = 10
# Row numbers read from a POST stop here: a crafted request cannot make the page render thousands of rows.
TABLE_MAX_ROW_INDEX = 200


class TableWidget(forms.Widget):
    """A table question: one text input per cell, named `<key>-<row>-<column key>`.

    The rows come back as a list of {column key: text}, empty rows included;
    the engine (eig.calls.answers._clean_table) drops the empty ones and counts
    the others against the question's limit.
    """

    def __init__(self, columns, attrs=None):
        super().__init__(attrs)
        self.columns = [str(key) for key, _label in columns]

    def value_from_datadict(self, data, files, name):
        pattern = re.compile(rf"^{re.escape(name)}-([0-9]{{1,3}})-(.+)$")  # ASCII digits: int() reads others too
        cells = {}
        for field_name in data:
            match = pattern.match(field_name)
            if match and match[2] in self.columns and int(match[1]) < TABLE_MAX_ROW_INDEX:
                cells.setdefault(int(match[1]), {})[match[2]] = data.get(field_name, "")
        return [{key: row.get(key, "") for key in self.columns} for _index, row in sorted(cells.items())]

    def value_omitted_from_data(self, data, files, name):
        return not any(str(key).startswith(f"{name}-") for key in data)


class QuestionBoundField(BoundField):
    """A question of a step form: `{{ field.as_field_group }}` draws it in DSFR markup (question_html),
    with its stored file when it has one (`StepForm.stored_files`)."""

    def as_field_group(self):
        return question_html(self, self.form.stored_files)


class TableBoundField(QuestionBoundField):
    @property
    def grid(self) -> list[dict]:
        """The rows to render, each with its cells (name, id, column label, value)."""
        value = self.value()
        rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
        count = max(self.field.max_rows, len(rows))
        return [
            {
                "number": index + 1,
                "cells": [
                    {
                        "name": f"{self.html_name}-{index}-{key}",
                        "id": f"{self.auto_id}-{index}-{key}",
                        "label": label,
                        "value": str((rows[index].get(key) if index < len(rows) else "") or ""),
                    }
                    for key, label in self.field.columns
                ],
            }
            for index in range(count)
        ]


class TableField(forms.Field):
    def __init__(self, columns, max_rows, **kwargs):
        self.columns = [(str(key), label) for key, label in columns]
        self.max_rows = max_rows
        super().__init__(widget=TableWidget(self.columns), **kwargs)

    def get_bound_field(self, form, field_name):
        return TableBoundField(form, self, field_name)


def _field(question: Question) -> forms.Field:
    """The question's field in the active language: its label and help (modeltranslation, French where
    no English), its choices' labels (`labelled_choices`); the values posted are the same in both."""
    common = {"label": question.label, "required": False, "help_text": question.help_text}
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=question.max_length or 300, **common)
    if kind == Question.Kind.LONG_TEXT:
        attrs = {"rows": 8, "class": "eig-counted"}
        if question.max_length:
            attrs["data-max-length"] = question.max_length
        field = forms.CharField(widget=forms.Textarea(attrs=attrs), **common)
        if question.max_length:
            field.help_text = (question.help_text + " " if question.help_text else "") + str(
                _("%(limit)d caractères au plus.") % {"limit": question.max_length}
            )
        return field
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=question.labelled_choices(), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=question.labelled_choices(), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.DECLARATION:
        return forms.BooleanField(**common)
    if kind == Question.Kind.URL:
        return forms.CharField(widget=forms.URLInput(attrs={"inputmode": "url"}), **common)
    if kind == Question.Kind.EMAIL:
        return forms.CharField(widget=forms.EmailInput(), **common)
    if kind == Question.Kind.NUMBER:
        attrs = {"inputmode": "numeric"}
        if question.min_value is not None:
            attrs["min"] = question.min_value
        if question.max_value is not None:
            attrs["max"] = question.max_value
        return forms.CharField(widget=forms.NumberInput(attrs=attrs), **common)
    if kind == Question.Kind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Question.Kind.FILE:
        types = question.file_types or ["application/pdf"]
        accept = ",".join(types + [f".{ext}" for t in types if t in KNOWN_TYPES for ext in KNOWN_TYPES[t].extensions])
        common["help_text"] = _("Formats acceptés : %(formats)s. Taille maximale : %(size)s Mo.") % {
            "formats": ", ".join(KNOWN_TYPES[t].label for t in types if t in KNOWN_TYPES),
            "size": megabytes(upload_limit(question.max_bytes)),
        }
        return forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": accept}), **common)
    if kind == Question.Kind.TABLE:
        limit = question.max_value
        hint = (
            _("%(rows)d lignes au plus ; seules les lignes remplies sont enregistrées.") % {"rows": limit}
            if limit
            else _("Seules les lignes remplies sont enregistrées.")
        )
        common["help_text"] = (question.help_text + " " if question.help_text else "") + str(hint)
        return TableField(question.labelled_choices(), limit or TABLE_ROWS, **common)
    raise ValueError(kind)


def _initial(question: Question, value):
    if value is None:
        return None
    if question.kind == Question.Kind.YES_NO:
        return "oui" if value else "non"
    return value


# Each question of a step form carries a hidden `<key>__present` input, rendered after its field
# (question_html): a save changes only the questions it carried. A browser omits an
# unchecked box, an emptied multiple choice and an emptied table, so the marker is what tells « emptied »
# from « not sent »; rendered after the field, it is never in a truncated body whose field was cut off.
PRESENT_SUFFIX = "__present"
FORM_ENCODED = ("application/x-www-form-urlencoded", "multipart/form-data")


class StepForm(forms.Form):
    """One step of a dossier: a field per question, named by its key. The page sets `stored_files`
    ({question key: StoredFile}) for its file questions to show what is stored."""

    bound_field_class = QuestionBoundField

    def __init__(self, questions, answers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_files = {}
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.key] = _field(question)
            self.initial[question.key] = _initial(question, answers.get(question.key))
            self.fields[question.key].question = question
            self.fields[question.key].present_name = question.key + PRESENT_SUFFIX

    def _carried(self, question) -> bool:
        key = question.key
        if key + PRESENT_SUFFIX in self.data or key in self.data:
            return True
        if question.kind == Question.Kind.TABLE:
            return not self.fields[key].widget.value_omitted_from_data(self.data, self.files, key)
        if question.kind == Question.Kind.FILE:
            return key in self.files or f"{key}-clear" in self.data
        return False

    def carried_keys(self) -> list[str]:
        """The questions this POST carried (a value or the presence marker): the only ones a save may touch."""
        return [q.key for q in self.questions if self._carried(q)]

    def answer_data(self) -> dict:
        """The typed values of the carried questions (files excluded), from the raw POST.

        A question the POST did not carry is left out, so its saved answer stays; a carried
        question without a value (marker alone, or an empty value) is emptied.
        """
        data = {}
        for question in self.questions:
            key = question.key
            if question.kind == Question.Kind.FILE or not self._carried(question):
                continue
            if question.kind == Question.Kind.MULTIPLE_CHOICE:
                data[key] = [value for value in self.data.getlist(key) if value != ""]
            elif question.kind == Question.Kind.DECLARATION:
                # A ticked box posts "on"; unticked it posts nothing (marker alone) or an explicit "".
                data[key] = self.data.get(key) or False
            elif question.kind == Question.Kind.TABLE:
                data[key] = self.fields[key].widget.value_from_datadict(self.data, self.files, key)
            else:
                data[key] = self.data.get(key, "")
        return data

    def uploads(self) -> dict:
        return {
            q.key: self.files[q.key] for q in self.questions if q.kind == Question.Kind.FILE and q.key in self.files
        }


def refused_post(request, form: StepForm) -> str | None:
    """Why a step POST must change nothing (a French message), or None.

    A body that is not a form (a JSON autosave) or that carries none of the step's questions
    would otherwise be read as « everything emptied » or answered « saved » for nothing.
    """
    if request.content_type not in FORM_ENCODED:
        return str(_("Cet enregistrement n'a pas été reçu sous forme de formulaire : rien n'a été modifié."))
    if form.questions and not form.carried_keys():
        return str(
            _("Aucune réponse de cette étape n'a été reçue : rien n'a été modifié. Rechargez la page et réessayez.")
        )
    return None
