"""A call's form — its steps and their questions — read once per process, not once per request.

On a deadline evening every step page, autosave and save needs the call's steps and questions: two
queries and some forty model instances (with their translated fields) a request, for a form that does
not change during the call. Each process keeps the form it read with the call's `form_version`; the
dossier's query brings the call row, hence its current `form_version`, with it, so a form changed by
the builder (or the Django admin) is read again by every process at its next request: a process never
serves a form older than the call row it has just read. (A data migration sends no signal, but a
deployment starts new processes.) The call's creation time is part of the check, so a number given
again to another call (SQLite reuses the numbers of a transaction rolled back) is never confused.

`form_version` moves with every change of a step or a question: the model signals below (a save, a
delete) and `bump_form_version` for the writes that send none (bulk_update, bulk_create), in the
writer's transaction.

The instances are shared by every request of the process: `questions_list()`, `questions_of_step()` and
`step()` hand out copies, so a caller may set attributes on what it receives without touching the next
request's. `steps` and `questions` are the shared instances themselves, for code that only reads them
(the navigation's counts).
"""

import copy
import threading
from dataclasses import dataclass

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import Http404

from .models import Call, Question, Step

# Call pk → its form. A few calls per promotion: the dictionary stays small.
_forms: dict[int, "CallForm"] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class CallForm:
    call_id: int
    version: int
    created_at: object  # the call's: with its pk, which call this is
    steps: tuple  # Step instances, in order
    questions: tuple  # Question instances in the form's order (step order, then order), `step` set

    def questions_list(self) -> list[Question]:
        """Every question of the call, in order (copies, their steps too: the caller may change them)."""
        return self._copies(self.questions)

    def questions_of_step(self, step_id: int) -> list[Question]:
        return self._copies([q for q in self.questions if q.step_id == step_id])

    def _copies(self, questions) -> list[Question]:
        steps = {}
        copies = []
        for question in questions:
            mine = _copy(question)
            step = steps.get(question.step_id)
            if step is None:
                step = steps[question.step_id] = _copy(question.step)
            mine.step = step
            copies.append(mine)
        return copies

    def step(self, slug: str) -> Step:
        """The step of this slug, or 404."""
        for step in self.steps:
            if step.slug == slug:
                return _copy(step)
        raise Http404

    def keys(self) -> dict[int, str]:
        """{question pk: key}."""
        return {q.pk: q.key for q in self.questions}


def _copy(instance):
    # A model instance's copy (Model.__reduce__/__getstate__ copy its state and its related-object cache).
    return copy.copy(instance)


def form_of(call: Call) -> CallForm:
    """The call's steps and questions as of `call.form_version` (read now if this process has not)."""
    form = _forms.get(call.pk)
    if form is not None and form.version == call.form_version and form.created_at == call.created_at:
        return form
    steps = tuple(Step.objects.filter(call_id=call.pk).order_by("order", "pk"))
    by_pk = {step.pk: step for step in steps}
    questions = list(Question.objects.filter(step__call_id=call.pk).order_by("step__order", "order", "pk"))
    for question in questions:
        question.step = by_pk[question.step_id]
    form = CallForm(call.pk, call.form_version, call.created_at, steps, tuple(questions))
    # A version read concurrently by another thread of the process may be newer: keep the newest.
    with _lock:
        current = _forms.get(call.pk)
        if current is None or current.created_at != form.created_at or current.version <= form.version:
            _forms[call.pk] = form
    return form


def bump_form_version(call_id: int) -> None:
    """Tell every process that the call's form changed (in the caller's transaction)."""
    Call.objects.filter(pk=call_id).update(form_version=F("form_version") + 1)


def bump_form_version_of(instance: Step | Question) -> None:
    """The form of the call this step or question belongs to changed (in the caller's transaction)."""
    if isinstance(instance, Step):
        bump_form_version(instance.call_id)
    else:
        Call.objects.filter(steps__pk=instance.step_id).update(form_version=F("form_version") + 1)


def forget() -> None:
    """Empty this process's forms (tests)."""
    _forms.clear()


def _step_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata: the call's row is loaded with its own version
    bump_form_version(instance.call_id)


def _question_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    # The step may be gone already (a step's delete cascades to its questions): its own signal bumps then.
    bump_form_version_of(instance)


def connect_signals():
    for signal in (post_save, post_delete):
        signal.connect(_step_changed, sender=Step, dispatch_uid=f"call-form-step-{signal!r}")
        signal.connect(_question_changed, sender=Question, dispatch_uid=f"call-form-question-{signal!r}")
