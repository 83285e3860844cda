"""The form builder: the steps and questions of a call, edited by the programme team (issue 18).

Before the call opens, anything goes: steps and questions are added, edited, reordered and deleted
(a question somebody answered is never deleted: a test dossier keeps it). Once the call has opened
(`opens_at` reached, whether it is still open or closed since), dossiers were started against its
form and versions were submitted: its structure no longer changes (no addition, deletion or move,
no change of a question's kind, required flag, limits or choice values). Only the wording may be
fixed — a step's title and introduction, a question's label and help, the labels of its choices, in
French and English — and each fix of a question first keeps the wording it replaces
(QuestionWording), so that a version submitted before reads the words it was answered with
(eig.calls.wording).

Pure checks first (`question_problems`, `structural_changes`, `wording_changed`), then one service
per change, each in a transaction and logged on the call.
"""

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.files.validation import KNOWN_TYPES

from .models import Answer, Call, Question, QuestionWording, Step
from .structure import bump_form_version_of

Kind = Question.Kind
Direction = Literal["up", "down"]

# Which limit applies to which kind; a limit set on another kind is dropped (`QuestionSpec.normalised`).
LIMITS = {
    "max_length": {Kind.SHORT_TEXT, Kind.LONG_TEXT},
    "min_value": {Kind.NUMBER},
    "max_value": {Kind.NUMBER, Kind.TABLE},  # a table: its number of rows at most
    "file_types": {Kind.FILE},
    "max_bytes": {Kind.FILE},
}
# The kinds whose choices are offered (a table's are its columns).
WITH_CHOICES = {Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.TABLE}
KEY_RE = re.compile(r"^[-a-zA-Z0-9_]+$")  # a SlugField's
KEY_LENGTH = 60
LABEL_LENGTH = 500
TITLE_LENGTH = 200
VALUE_LENGTH = 100


# --- What a question is made of -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    """Everything the team sets on a question, in both languages: what a form gives the services.

    `choices`: (value, French label) in their order; `choices_en`: {value: English label}.
    `key`: the answers' key in the dossier's versions, chosen once (from the French label when empty).
    """

    label_fr: str
    kind: str = Kind.SHORT_TEXT
    label_en: str = ""
    help_text_fr: str = ""
    help_text_en: str = ""
    required: bool = True
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_bytes: int | None = None
    file_types: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    choices_en: dict[str, str] = field(default_factory=dict)
    key: str = ""

    @classmethod
    def of(cls, question: Question) -> "QuestionSpec":
        """What `question` holds today."""
        return cls(
            label_fr=question.label_fr or "",
            kind=question.kind,
            label_en=question.label_en or "",
            help_text_fr=question.help_text_fr or "",
            help_text_en=question.help_text_en or "",
            required=question.required,
            max_length=question.max_length,
            min_value=question.min_value,
            max_value=question.max_value,
            max_bytes=question.max_bytes,
            file_types=tuple(question.file_types or ()),
            choices=tuple((str(value), str(label)) for value, label in question.choices or ()),
            choices_en={str(value): str(label) for value, label in (question.choices_en or {}).items()},
            key=question.key,
        )

    def normalised(self) -> "QuestionSpec":
        """Texts trimmed, the limits and choices the kind does not read dropped, English labels of
        choices kept only for the values offered and when not empty."""
        kind = self.kind
        values = {value for value, _label in self.choices}
        limits = {name: getattr(self, name) if kind in kinds else None for name, kinds in LIMITS.items()}
        limits["file_types"] = tuple(limits["file_types"] or ())
        with_choices = kind in WITH_CHOICES
        choices = tuple((value.strip(), label.strip()) for value, label in self.choices) if with_choices else ()
        english = {
            value.strip(): label.strip()
            for value, label in self.choices_en.items()
            if with_choices and value.strip() in {v.strip() for v in values} and label.strip()
        }
        return replace(
            self,
            label_fr=self.label_fr.strip(),
            label_en=self.label_en.strip(),
            help_text_fr=self.help_text_fr.strip(),
            help_text_en=self.help_text_en.strip(),
            choices=choices,
            choices_en=english,
            key=self.key.strip(),
            **limits,
        )

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)


def question_problems(spec: QuestionSpec) -> list[str]:
    """What makes this question impossible to ask, in French (empty: it may be saved). Pure."""
    spec = spec.normalised()
    problems = []
    if not spec.label_fr:
        problems.append(_("Le libellé en français est obligatoire."))
    if max(len(spec.label_fr), len(spec.label_en)) > LABEL_LENGTH:
        problems.append(_("Un libellé compte %(limit)d caractères au plus.") % {"limit": LABEL_LENGTH})
    if spec.kind not in Kind.values:
        problems.append(_("Ce type de question n'existe pas."))
        return problems
    if spec.key and (not KEY_RE.match(spec.key) or len(spec.key) > KEY_LENGTH):
        problems.append(
            _("L'identifiant s'écrit avec des lettres sans accent, des chiffres, « - » et « _ » (%(limit)d au plus).")
            % {"limit": KEY_LENGTH}
        )
    for name in ("max_length", "max_bytes"):
        if getattr(spec, name) is not None and getattr(spec, name) < 1:
            problems.append(_("Une limite de longueur ou de taille est un nombre positif."))
    if spec.kind == Kind.TABLE and spec.max_value is not None and spec.max_value < 1:
        problems.append(_("Un tableau compte au moins une ligne."))
    if spec.min_value is not None and spec.max_value is not None and spec.min_value > spec.max_value:
        problems.append(_("Le minimum dépasse le maximum."))
    unknown = [t for t in spec.file_types if t not in KNOWN_TYPES]
    if unknown:
        problems.append(_("Types de fichier inconnus : %(types)s.") % {"types": ", ".join(unknown)})
    if spec.kind in WITH_CHOICES:
        problems += _choice_problems(spec)
    return problems


def _choice_problems(spec: QuestionSpec) -> list[str]:
    problems = []
    if not spec.choices:
        problems.append(
            _("Un tableau a besoin d'au moins une colonne.")
            if spec.kind == Kind.TABLE
            else _("Une question à choix a besoin d'au moins un choix.")
        )
    if any(not value or not label for value, label in spec.choices):
        problems.append(_("Chaque choix a une valeur et un libellé en français."))
    if any(len(value) > VALUE_LENGTH for value in spec.values):
        problems.append(_("La valeur d'un choix compte %(limit)d caractères au plus.") % {"limit": VALUE_LENGTH})
    if len(set(spec.values)) != len(spec.values):
        problems.append(_("Deux choix ont la même valeur."))
    return problems


# What each structural part of a question is called when a change of it is refused.
STRUCTURE = {
    "kind": _("le type"),
    "required": _("le caractère obligatoire"),
    "max_length": _("la longueur maximale"),
    "min_value": _("le minimum"),
    "max_value": _("le maximum"),
    "max_bytes": _("la taille maximale"),
    "file_types": _("les types de fichier"),
    "values": _("les choix proposés (valeurs, nombre ou ordre)"),
    "key": _("l'identifiant"),
}


# Every part of a question a change may touch (what the log names).
CHANGEABLE = (
    "label_fr",
    "label_en",
    "help_text_fr",
    "help_text_en",
    "choices",
    "choices_en",
    *(name for name in STRUCTURE if name != "values"),
)


def structural_changes(question: Question, spec: QuestionSpec) -> list[str]:
    """The names (in French) of what `spec` changes beyond the wording of `question`. Pure."""
    before, after = QuestionSpec.of(question).normalised(), spec.normalised()
    if not after.key:
        after = replace(after, key=before.key)  # a form that does not carry the key keeps it
    return [str(label) for name, label in STRUCTURE.items() if getattr(before, name) != getattr(after, name)]


def wording_changed(question: Question, spec: QuestionSpec) -> bool:
    """`spec` changes a label, a help text or a choice's label of `question`. Pure."""
    before, after = QuestionSpec.of(question).normalised(), spec.normalised()
    fields = ("label_fr", "label_en", "help_text_fr", "help_text_en", "choices", "choices_en")
    return any(getattr(before, name) != getattr(after, name) for name in fields)


# --- When the structure may change ------------------------------------------------------------------


def has_opened(call: Call, now=None) -> bool:
    """The call opened (it may be open, or closed since): its form's structure is settled."""
    return call.opens_at <= (now or timezone.now())


def paris_time(moment) -> str:
    """« 3 mars 2027 à 09:00 », in Paris time."""
    local = timezone.localtime(moment)
    return _("%(date)s à %(time)s") % {"date": formats.date_format(local, "j F Y"), "time": local.strftime("%H:%M")}


def refusal_after_opening(call: Call, what: str) -> str:
    """The French refusal of a structural change once `call` opened; `what` names the change."""
    return _(
        "L'appel a ouvert le %(when)s : %(what)s n'est plus possible. Seules les formulations peuvent encore "
        "être corrigées (titres et introductions des étapes, libellés et aides des questions, libellés des choix)."
    ) % {"when": paris_time(call.opens_at), "what": what}


def _refuse_after_opening(call: Call, now, what: str) -> None:
    if has_opened(call, now):
        raise DomainError(refusal_after_opening(call, what))


def _raise_problems(problems: list[str]) -> None:
    if problems:
        raise DomainError(" ".join(problems))


def _locked_call(call_id: int) -> Call:
    """The call's row, locked until the transaction ends: two changes of one form never interleave."""
    return Call.objects.select_for_update().get(pk=call_id)


def _unique(base: str, taken: set[str], fallback: str) -> str:
    base = (slugify(base) or fallback)[: KEY_LENGTH - 4].strip("-") or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# --- Steps ----------------------------------------------------------------------------------------


def _step_problems(title_fr: str, title_en: str) -> list[str]:
    problems = []
    if not title_fr.strip():
        problems.append(_("Le titre en français est obligatoire."))
    if max(len(title_fr.strip()), len(title_en.strip())) > TITLE_LENGTH:
        problems.append(_("Un titre compte %(limit)d caractères au plus.") % {"limit": TITLE_LENGTH})
    return problems


def add_step(call: Call, *, title_fr: str, title_en: str = "", intro_fr: str = "", intro_en: str = "", by, now=None):
    """A new step at the end of the form (before the call opens)."""
    now = now or timezone.now()
    _refuse_after_opening(call, now, _("ajouter une étape"))
    _raise_problems(_step_problems(title_fr, title_en))
    with transaction.atomic():
        _locked_call(call.pk)
        taken = set(Step.objects.filter(call=call).values_list("slug", flat=True))
        last = Step.objects.filter(call=call).aggregate(last=Max("order"))["last"] or 0
        step = Step.objects.create(
            call=call,
            order=last + 1,
            slug=_unique(title_fr, taken, "etape"),
            title_fr=title_fr.strip(),
            title_en=title_en.strip() or None,
            intro_fr=intro_fr.strip(),
            intro_en=intro_en.strip() or None,
        )
        log_activity("call_form.step_added", call, actor=by, step=step.slug)
    return step


def edit_step(step: Step, *, title_fr: str, title_en: str = "", intro_fr: str = "", intro_en: str = "", by, now=None):
    """A step's title and introduction, in French and English: wording, allowed at any time."""
    _raise_problems(_step_problems(title_fr, title_en))
    new = {
        "title_fr": title_fr.strip(),
        "title_en": title_en.strip() or None,
        "intro_fr": intro_fr.strip(),
        "intro_en": intro_en.strip() or None,
    }
    changed = sorted(name for name, value in new.items() if (getattr(step, name) or None) != (value or None))
    if not changed:
        return step
    with transaction.atomic():
        for name, value in new.items():
            setattr(step, name, value)
        step.save()
        log_activity("call_form.step_edited", step.call, actor=by, step=step.slug, changed=changed)
    return step


def delete_step(step: Step, *, by, now=None) -> None:
    """Delete a step and its questions (before the call opens; never a step somebody answered)."""
    now = now or timezone.now()
    call = step.call
    _refuse_after_opening(call, now, _("supprimer une étape"))
    if Answer.objects.filter(question__step=step).exists():
        raise DomainError(
            _("Des dossiers ont déjà répondu aux questions de cette étape : elle ne peut être supprimée.")
        )
    with transaction.atomic():
        _locked_call(call.pk)
        slug = step.slug
        step.delete()
        _renumber(list(Step.objects.filter(call=call).order_by("order", "pk")))
        log_activity("call_form.step_deleted", call, actor=by, step=slug)


def _renumber(items: list) -> None:
    """Orders 1, 2, 3… in the list's order (one UPDATE for the rows whose order changes)."""
    moved = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            moved.append(item)
    if moved:
        type(moved[0]).objects.bulk_update(moved, ["order"])
        bump_form_version_of(moved[0])  # bulk_update sends no signal


def _swap(items: list, item, direction: Direction) -> list | None:
    """`items` with `item` moved one place up or down; None when it is already at that end."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return None
    items = list(items)
    items[index], items[target] = items[target], items[index]
    return items


def move_step(step: Step, direction: Direction, *, by, now=None) -> int:
    """Move a step one place up or down (before the call opens); its new position, from 1."""
    now = now or timezone.now()
    call = step.call
    _refuse_after_opening(call, now, _("changer l'ordre des étapes"))
    with transaction.atomic():
        _locked_call(call.pk)
        steps = _swap(list(Step.objects.filter(call=call).order_by("order", "pk")), step, direction)
        if steps is None:
            raise DomainError(
                _("Cette étape est déjà la première.") if direction == "up" else _("Cette étape est déjà la dernière.")
            )
        _renumber(steps)
        position = next(i for i, s in enumerate(steps, start=1) if s.pk == step.pk)
        log_activity("call_form.step_moved", call, actor=by, step=step.slug, position=position)
    step.order = position
    return position


# --- Questions ------------------------------------------------------------------------------------


def _question_fields(spec: QuestionSpec) -> dict:
    return {
        "kind": spec.kind,
        "label_fr": spec.label_fr,
        "label_en": spec.label_en or None,
        "help_text_fr": spec.help_text_fr,
        "help_text_en": spec.help_text_en or None,
        "required": spec.required,
        "max_length": spec.max_length,
        "min_value": spec.min_value,
        "max_value": spec.max_value,
        "max_bytes": spec.max_bytes,
        "file_types": list(spec.file_types),
        "choices": [[value, label] for value, label in spec.choices],
        "choices_en": dict(spec.choices_en),
    }


def _keys_of(call: Call, *, but=None) -> set[str]:
    """The question keys of the call: a version keeps its answers by key, one key per call."""
    keys = Question.objects.filter(step__call=call)
    if but is not None:
        keys = keys.exclude(pk=but.pk)
    return set(keys.values_list("key", flat=True))


def add_question(step: Step, spec: QuestionSpec, *, by, now=None) -> Question:
    """A new question at the end of `step` (before the call opens)."""
    now = now or timezone.now()
    call = step.call
    _refuse_after_opening(call, now, _("ajouter une question"))
    spec = spec.normalised()
    _raise_problems(question_problems(spec))
    with transaction.atomic():
        _locked_call(call.pk)
        taken = _keys_of(call)
        if spec.key and spec.key in taken:
            raise DomainError(
                _("Une autre question de cet appel a déjà l'identifiant « %(key)s ».") % {"key": spec.key}
            )
        key = spec.key or _unique(spec.label_fr, taken, "question")
        last = Question.objects.filter(step=step).aggregate(last=Max("order"))["last"] or 0
        question = Question.objects.create(step=step, order=last + 1, key=key, **_question_fields(spec))
        log_activity("call_form.question_added", call, actor=by, step=step.slug, question=key)
    return question


def edit_question(question: Question, spec: QuestionSpec, *, by, now=None) -> Question:
    """Change a question: anything before the call opens; after, its wording only, the wording it
    replaces kept (QuestionWording) for the versions submitted before."""
    now = now or timezone.now()
    call = question.step.call
    spec = spec.normalised()
    if not spec.key:
        spec = replace(spec, key=question.key)
    _raise_problems(question_problems(spec))
    opened = has_opened(call, now)
    if opened:
        structure = structural_changes(question, spec)
        if structure:
            raise DomainError(refusal_after_opening(call, _("changer %(what)s") % {"what": ", ".join(structure)}))
    elif spec.key != question.key and spec.key in _keys_of(call, but=question):
        raise DomainError(_("Une autre question de cet appel a déjà l'identifiant « %(key)s ».") % {"key": spec.key})
    before = QuestionSpec.of(question).normalised()
    changed = sorted(name for name in CHANGEABLE if getattr(before, name) != getattr(spec, name))
    if not changed:
        return question
    with transaction.atomic():
        _locked_call(call.pk)
        if opened:
            _keep_wording(question, by=by, now=now)
        for name, value in _question_fields(spec).items():
            setattr(question, name, value)
        question.key = spec.key
        question.save()
        verb = "call_form.question_reworded" if opened else "call_form.question_edited"
        log_activity(verb, call, actor=by, question=question.key, changed=changed)
    return question


def _keep_wording(question: Question, *, by, now) -> QuestionWording:
    """The wording `question` has until `now`, kept before a fix replaces it."""
    return QuestionWording.objects.create(
        question=question,
        label_fr=question.label_fr or "",
        label_en=question.label_en or "",
        help_text_fr=question.help_text_fr or "",
        help_text_en=question.help_text_en or "",
        choices=question.choices or [],
        choices_en=question.choices_en or {},
        replaced_at=now,
        replaced_by=by if getattr(by, "is_authenticated", False) else None,
    )


def delete_question(question: Question, *, by, now=None) -> None:
    """Delete a question (before the call opens; never one somebody answered)."""
    now = now or timezone.now()
    step = question.step
    call = step.call
    _refuse_after_opening(call, now, _("supprimer une question"))
    if question.answers.exists():
        raise DomainError(_("Des dossiers ont déjà répondu à cette question : elle ne peut être supprimée."))
    with transaction.atomic():
        _locked_call(call.pk)
        key = question.key
        question.delete()
        _renumber(list(Question.objects.filter(step=step).order_by("order", "pk")))
        log_activity("call_form.question_deleted", call, actor=by, step=step.slug, question=key)


def move_question(question: Question, direction: Direction, *, by, now=None) -> int:
    """Move a question one place up or down within its step (before the call opens); its new position."""
    now = now or timezone.now()
    step = question.step
    call = step.call
    _refuse_after_opening(call, now, _("changer l'ordre des questions"))
    with transaction.atomic():
        _locked_call(call.pk)
        questions = _swap(list(Question.objects.filter(step=step).order_by("order", "pk")), question, direction)
        if questions is None:
            raise DomainError(
                _("Cette question est déjà la première de son étape.")
                if direction == "up"
                else _("Cette question est déjà la dernière de son étape.")
            )
        _renumber(questions)
        position = next(i for i, q in enumerate(questions, start=1) if q.pk == question.pk)
        log_activity("call_form.question_moved", call, actor=by, question=question.key, position=position)
    question.order = position
    return position
