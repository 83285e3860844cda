"""Validation of one answer against its question, and whether a question counts as answered.

Plain functions over plain values: the services and the forms both call them,
so a rule lives in one place. Messages are French, for the person filling in.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from eig.core.validators import has_control_characters, is_ascii_integer

from .models import Question

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def clean_answer(question: Question, value):
    """The normalised value to store, or ValidationError with a French message.

    An empty value is always accepted here: a draft may be incomplete;
    the checklist (eig.calls.navigation) names what a submit still needs.
    """
    kind = question.kind
    if value is None or value == "" or value == []:
        return None
    if any(has_control_characters(text) for text in _texts(value)):
        # Before anything is stored: PostgreSQL refuses NUL in jsonb (a 500 on save).
        raise ValidationError(
            _("%(label)s : ce texte contient un caractère non autorisé (caractère de contrôle)."),
            params={"label": question.label},
        )
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        text = str(value).replace("\r\n", "\n").strip()
        limit = question.max_length or (300 if kind == Question.Kind.SHORT_TEXT else None)
        if limit and len(text) > limit:
            raise ValidationError(
                _("%(label)s : %(count)d caractères pour %(limit)d au plus."),
                params={"label": question.label, "count": len(text), "limit": limit},
            )
        return text or None
    if kind == Question.Kind.SINGLE_CHOICE:
        allowed = {str(v) for v, _label in question.choices}
        if str(value) not in allowed:
            raise ValidationError(_("%(label)s : ce choix n'est pas proposé."), params={"label": question.label})
        return str(value)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        allowed = {str(v) for v, _label in question.choices}
        if any(str(v) not in allowed for v in values):
            raise ValidationError(_("%(label)s : un des choix n'est pas proposé."), params={"label": question.label})
        return sorted({str(v) for v in values}, key=[str(v) for v, _label in question.choices].index)
    if kind in (Question.Kind.YES_NO, Question.Kind.DECLARATION):
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in {"true", "1", "oui", "on", "yes"}:
            return True
        if text in {"false", "0", "non", "no"}:
            return False
        raise ValidationError(_("%(label)s : répondez par oui ou par non."), params={"label": question.label})
    if kind == Question.Kind.URL:
        text = str(value).strip()
        try:
            _url(text)
        except ValidationError:
            raise ValidationError(
                _("%(label)s : « %(value)s » n'est pas une adresse web valide (http ou https)."),
                params={"label": question.label, "value": text},
            ) from None
        return text
    if kind == Question.Kind.EMAIL:
        text = str(value).strip()
        try:
            _email(text)
        except ValidationError:
            raise ValidationError(
                _("%(label)s : « %(value)s » n'est pas une adresse électronique valide."),
                params={"label": question.label, "value": text},
            ) from None
        return text.lower()
    if kind == Question.Kind.NUMBER:
        text = str(value).strip()
        if not is_ascii_integer(text):
            if re.fullmatch(r"-?\d+", text):  # digits of another script (« ٣ »), which int() would read
                raise ValidationError(
                    _("%(label)s : écrivez le nombre avec les chiffres de 0 à 9."), params={"label": question.label}
                )
            raise ValidationError(_("%(label)s : un nombre entier est attendu."), params={"label": question.label})
        number = int(text)
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(
                _("%(label)s : %(min)d au moins."), params={"label": question.label, "min": question.min_value}
            )
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(
                _("%(label)s : %(max)d au plus."), params={"label": question.label, "max": question.max_value}
            )
        return number
    if kind == Question.Kind.DATE:
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(
                _("%(label)s : une date au format AAAA-MM-JJ est attendue."), params={"label": question.label}
            ) from None
    if kind == Question.Kind.FILE:
        # A file answer stores the public id of a StoredFile (see eig.files).
        return str(value)
    if kind == Question.Kind.TABLE:
        return _clean_table(question, value)
    raise ValidationError(_("Type de question inconnu."))


def _texts(value):
    """Every string inside an answer: the text itself, choice values, table cells."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _clean_table(question: Question, value) -> list[dict] | None:
    """Rows of {column key: text}; empty rows dropped; at most `max_value` rows."""
    columns = [str(key) for key, _label in question.choices]
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValidationError(_("%(label)s : le tableau est mal formé."), params={"label": question.label})
    rows = []
    for row in value:
        cleaned = {key: str(row.get(key) or "").strip()[:500] for key in columns}
        if any(cleaned.values()):
            rows.append(cleaned)
    if question.max_value is not None and len(rows) > question.max_value:
        raise ValidationError(
            _("%(label)s : %(count)d lignes pour %(max)d au plus."),
            params={"label": question.label, "count": len(rows), "max": question.max_value},
        )
    return rows or None


def is_answered(question: Question, value) -> bool:
    if question.kind == Question.Kind.DECLARATION:
        # A declaration on one's honour counts only when ticked.
        return value is True
    return not (value is None or value == "" or value == [])
