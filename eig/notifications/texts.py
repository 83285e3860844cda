"""The texts of the notifications, owned by the programme team (issue 18, « Email texts owned by staff »).

Each notification the platform sends (a template directory under templates/notifications/) is
registered here by the app that sends it, from its AppConfig.ready() (the notifications app names no
app above it): its French label, the variables its context really has, each with a description for
the person editing the text, and a sample context for the preview. Registered today, one module per
app: eig/calls/email_texts.py, eig/reviews/…, eig/proposals/…, eig/juries/…, eig/selection/…,
eig/programme/…, eig/results/…, eig/content/…, eig/alumni/email_texts.py; tests/notifications/
test_texts.py fails while a template directory is not registered.

The team's own subject and body for a notification and a language (models.EmailText) replace the
files the platform ships; `check_text` refuses a text that reads a variable the notification does
not have, a template tag outside the few a text needs, or a syntax error, each in French with its
line. A text is rendered when its message is queued (services.render): a queued message keeps the
words it was queued with, whatever is edited afterwards. Deleting the row restores the original.
"""

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Engine, Template, TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import (
    AutoEscapeControlNode,
    CommentNode,
    FilterNode,
    FirstOfNode,
    ForNode,
    IfNode,
    NowNode,
    SpacelessNode,
    TemplateTagNode,
    VerbatimNode,
    WithNode,
)
from django.template.utils import get_app_template_dirs
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.links import absolute_url

from .models import EmailText, OutboxMessage

LANGUAGES = tuple(OutboxMessage.Language.values)  # ("fr", "en")

# Names every template context knows (django.template.context.BaseContext's builtins).
BUILTIN_NAMES = frozenset({"True", "False", "None"})

# The tags a notification's text may use: conditions, loops, a local name, a date. The others
# (include, extends, load, url, debug, cycle…) reach outside the message or mean nothing in it.
ALLOWED_TAGS = ("if", "for", "with", "firstof", "now", "filter", "spaceless", "autoescape", "comment", "verbatim")
_ALLOWED_NODES = (
    TextNode,
    VariableNode,
    IfNode,
    ForNode,
    WithNode,
    FirstOfNode,
    NowNode,
    FilterNode,
    SpacelessNode,
    AutoEscapeControlNode,
    CommentNode,
    VerbatimNode,
    TemplateTagNode,
)


@dataclass(frozen=True)
class Notification:
    """One notification the platform sends: what staff read about it on the email texts pages."""

    template: str  # its directory under templates/notifications/
    label: str  # French, lazy: « Accusé de réception d'un dossier »
    variables: dict  # {name: French description (lazy)}, in the order the page lists them
    sample: Callable[[], dict]  # a context like a real one, built in the active language


_registry: dict[str, Notification] = {}


def register_notification(template: str, *, label, variables: dict, sample: Callable[[], dict]) -> Notification:
    """Declare a notification (from the sending app's AppConfig.ready()); the same template twice
    replaces the first declaration (a reload), never adds a second one."""
    if not template or "/" in template:
        raise ValueError(f"Notification template {template!r} is not a directory name.")
    notification = Notification(template=template, label=label, variables=dict(variables), sample=sample)
    _registry[template] = notification
    return notification


def registered() -> list[Notification]:
    """Every registered notification, by French label."""
    return sorted(_registry.values(), key=lambda n: (str(n.label).casefold(), n.template))


def notification(template: str) -> Notification:
    try:
        return _registry[template]
    except KeyError:
        raise LookupError(f"Notification {template!r} is not registered (eig.notifications.texts).") from None


def is_registered(template: str) -> bool:
    return template in _registry


# The token of a sample link (an invitation, a calendar feed): no real one is ever shown.
SAMPLE_KEY = "exemple"


def sample_url(name: str, **kwargs) -> str:
    """An absolute link of the site, as the notifications write them, for a sample context."""
    return absolute_url(name, **kwargs)


def sample_moment(day: int = 12, hour: int = 14, minute: int = 30) -> datetime.datetime:
    """A fixed moment of a sample context (March 2026, Paris time): previews do not change by the day."""
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour, minute))


# --- The shipped texts ------------------------------------------------------------------------


def _engine() -> Engine:
    return engines["django"].engine


def shipped_templates() -> list[str]:
    """Every notification directory the templates hold (templates/notifications/<template>/)."""
    found = set()
    for directory in [*_engine().dirs, *get_app_template_dirs("templates")]:
        root = Path(directory) / "notifications"
        if root.is_dir():
            found.update(p.name for p in root.iterdir() if p.is_dir() and (p / "fr" / "subject.txt").exists())
    return sorted(found)


def shipped_file(template: str, language: str, name: str) -> Template | None:
    """The platform's file for this language, None without one."""
    try:
        return _engine().get_template(f"notifications/{template}/{language}/{name}")
    except TemplateDoesNotExist:
        return None


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    language: str  # the language the text is written in (French when no file of the language exists)


def original_text(template: str, language: str) -> Text:
    """The text the platform ships for this language (French when it ships none in this language)."""
    for candidate in dict.fromkeys([language, "fr"]):
        subject = shipped_file(template, candidate, "subject.txt")
        body = shipped_file(template, candidate, "body.txt")
        if subject is not None and body is not None:
            return Text(subject=subject.source.strip(), body=body.source.strip() + "\n", language=candidate)
    raise TemplateDoesNotExist(f"notifications/{template}/{language}/subject.txt")


def edited_text(template: str, language: str) -> EmailText | None:
    """The team's text used for this language (one query): its own, or the French one where the
    platform ships no file in this language (the files fall back to French the same way)."""
    rows = {t.language: t for t in EmailText.objects.filter(template=template, language__in={language, "fr"})}
    if language in rows:
        return rows[language]
    if language != "fr" and "fr" in rows and shipped_file(template, language, "subject.txt") is None:
        return rows["fr"]
    return None


@dataclass(frozen=True)
class LanguageState:
    language: str
    edited: EmailText | None  # the team's text, or None: the platform's

    @property
    def name(self) -> str:
        return OutboxMessage.Language(self.language).label


@dataclass(frozen=True)
class OverviewRow:
    notification: Notification
    languages: list[LanguageState]


def overview() -> list[OverviewRow]:
    """Each registered notification with, per language, the team's text or None (one query)."""
    edited = {(t.template, t.language): t for t in EmailText.objects.select_related("updated_by").order_by("template")}
    return [
        OverviewRow(n, [LanguageState(language, edited.get((n.template, language))) for language in LANGUAGES])
        for n in registered()
    ]


# --- Reading a text: the variables it uses ------------------------------------------------------


@functools.cache
def _checking_engine() -> Engine:
    """The site's engine in debug mode (built once): its syntax errors carry their line."""
    main = _engine()
    extra = [b for b in main.builtins if b not in Engine.default_builtins]
    return Engine(debug=True, libraries=main.libraries, builtins=extra)


def _tag(node) -> str:
    token = getattr(node, "token", None)
    return token.contents.split()[0] if token is not None and token.contents else type(node).__name__


def _line(node) -> int | None:
    token = getattr(node, "token", None)
    return getattr(token, "lineno", None)


@dataclass
class _Reading:
    used: dict  # variable -> the first line it is read on
    refused: list  # (tag, line)


def _read_variable(var, bound, reading: _Reading, line):
    if isinstance(var, Variable) and var.lookups:
        root = var.lookups[0]
        if root not in bound and root not in BUILTIN_NAMES:
            reading.used.setdefault(root, line)


def _read_expression(expression: FilterExpression, bound, reading: _Reading, line, *, own_var=True):
    if own_var:
        _read_variable(expression.var, bound, reading, line)
    for _func, args in expression.filters:
        for is_variable, arg in args:
            if is_variable:
                _read_variable(arg, bound, reading, line)


def _read_condition(condition, bound, reading: _Reading, line):
    """A condition of {% if %}: a literal (its `value`) or an operator (`first`, `second`)."""
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        _read_expression(value, bound, reading, line)
        return
    _read_condition(getattr(condition, "first", None), bound, reading, line)
    _read_condition(getattr(condition, "second", None), bound, reading, line)


def _read_nodes(nodelist, bound: frozenset, reading: _Reading):
    for node in nodelist:
        line = _line(node)
        if not isinstance(node, _ALLOWED_NODES) or getattr(node, "asvar", None):
            # {% firstof … as x %} and {% now … as x %} name a variable for the rest of the text:
            # not needed in a message, and hard to follow for the check.
            reading.refused.append((_tag(node), line))
        elif isinstance(node, VariableNode):
            _read_expression(node.filter_expression, bound, reading, line)
        elif isinstance(node, IfNode):
            for condition, nodes in node.conditions_nodelists:
                _read_condition(condition, bound, reading, line)
                _read_nodes(nodes, bound, reading)
        elif isinstance(node, ForNode):
            # The sequence is read outside the loop; the loop's variables exist only inside it.
            _read_expression(node.sequence, bound, reading, line)
            _read_nodes(node.nodelist_loop, bound | set(node.loopvars) | {"forloop"}, reading)
            _read_nodes(node.nodelist_empty, bound, reading)
        elif isinstance(node, WithNode):
            for expression in node.extra_context.values():
                _read_expression(expression, bound, reading, line)
            _read_nodes(node.nodelist, bound | set(node.extra_context), reading)
        elif isinstance(node, FirstOfNode):
            for expression in node.vars:
                _read_expression(expression, bound, reading, line)
        elif isinstance(node, FilterNode):
            # {% filter upper %}: its own placeholder is the block's content, not a variable.
            _read_expression(node.filter_expr, bound, reading, line, own_var=False)
            _read_nodes(node.nodelist, bound, reading)
        elif isinstance(node, (SpacelessNode, AutoEscapeControlNode)):
            _read_nodes(node.nodelist, bound, reading)


def _parse(text: str) -> Template:
    return Template(text, engine=_checking_engine())


def _reading(text: str) -> _Reading:
    reading = _Reading(used={}, refused=[])
    _read_nodes(_parse(text).nodelist, frozenset(), reading)
    return reading


def variables_used(text: str) -> set[str]:
    """The variables a template text reads from its context (first part of each dotted name);
    the variables of a loop or a {% with %} are the text's own inside it. A syntax error raises
    TemplateSyntaxError."""
    return set(_reading(text).used)


# --- Checking a text --------------------------------------------------------------------------


def _syntax_message(error: TemplateSyntaxError) -> str:
    """A syntax error in words the programme team reads, with its line (Django's own words only
    when no French rendering of them is known)."""
    info = getattr(error, "template_debug", None) or {}
    detail = str(error.args[0]) if error.args else str(error)
    token = (info.get("during") or "").strip() or _("le texte")
    unclosed = re.search(r"Looking for one of: (.*)\.$", detail)
    bad_filter = re.match(r"Invalid filter: '([^']*)'", detail)
    if detail.startswith("Unclosed tag") and unclosed:
        end = unclosed.group(1).split(", ")[-1]
        words = _("la balise %(tag)s n'est pas fermée : il manque {%% %(end)s %%}") % {"tag": token, "end": end}
    elif detail.startswith("Invalid block tag"):
        words = _("la balise %(tag)s n'existe pas ou n'est pas à sa place") % {"tag": token}
    elif bad_filter:
        words = _("le filtre « %(filter)s » n'existe pas") % {"filter": bad_filter.group(1)}
    else:
        words = _("%(tag)s ne peut pas être lu (%(detail)s)") % {"tag": token, "detail": detail}
    line = info.get("line")
    if line:
        return _("Erreur de syntaxe ligne %(line)s : %(words)s.") % {"line": line, "words": words}
    return _("Erreur de syntaxe : %(words)s.") % {"words": words}


def _problems(text: str, known: dict) -> list[str]:
    try:
        reading = _reading(text)
    except TemplateSyntaxError as error:
        return [_syntax_message(error)]
    available = ", ".join(f"{{{{ {name} }}}}" for name in known) or _("aucune")
    problems = [
        _(
            "La balise {%% %(tag)s %%} (ligne %(line)s) n'est pas permise dans un texte de courriel. Balises permises : %(tags)s."
        )
        % {"tag": tag, "line": line or "?", "tags": ", ".join(ALLOWED_TAGS)}
        for tag, line in reading.refused
    ]
    problems += [
        _(
            "La variable {{ %(name)s }} (ligne %(line)s) n'existe pas pour cette notification. "
            "Variables disponibles : %(available)s."
        )
        % {"name": name, "line": line or "?", "available": available}
        for name, line in reading.used.items()
        if name not in known
    ]
    return problems


def check_text(template: str, subject: str, body: str) -> None:
    """Refuse, in French, a text this notification could not send as written: an empty part, a
    syntax error (with its line), a tag outside ALLOWED_TAGS, a variable its context does not have.
    Raises ValidationError({"subject": [...], "body": [...]})."""
    known = notification(template).variables
    errors = {}
    for field, text, empty in (
        ("subject", subject, _("L'objet est vide.")),
        ("body", body, _("Le texte est vide.")),
    ):
        problems = _problems(text, known) if (text or "").strip() else [empty]
        if problems:
            errors[field] = problems
    if errors:
        raise ValidationError(errors)


# --- Saving and restoring ---------------------------------------------------------------------


def _clean(subject: str, body: str) -> tuple[str, str]:
    # A header holds one line; browsers send CRLF line ends.
    return " ".join((subject or "").split()), (body or "").replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"


def _refuse_unless_staff(by, template: str, language: str) -> None:
    if by is None or not by.is_staff:
        raise DomainError(_("Seule l'équipe du programme modifie les textes des courriels."))
    notification(template)
    if language not in LANGUAGES:
        raise DomainError(_("Cette langue n'existe pas pour les courriels."))


def save_text(template: str, language: str, subject: str, body: str, *, by) -> EmailText:
    """Staff replace the text of a notification in one language; checked first (check_text). The
    messages queued before keep their text; the next ones use this one."""
    _refuse_unless_staff(by, template, language)
    subject, body = _clean(subject, body)
    check_text(template, subject, body)
    with transaction.atomic():
        text, created = EmailText.objects.update_or_create(
            template=template, language=language, defaults={"subject": subject, "body": body, "updated_by": by}
        )
        log_activity("email_text.saved", text, actor=by, template=template, language=language, created=created)
    return text


def restore_original(template: str, language: str, *, by) -> bool:
    """Staff go back to the platform's text (the team's row is deleted); False when it was in use already."""
    _refuse_unless_staff(by, template, language)
    with transaction.atomic():
        deleted, _rows = EmailText.objects.filter(template=template, language=language).delete()
        if deleted:
            log_activity("email_text.restored", None, actor=by, template=template, language=language)
    return bool(deleted)
