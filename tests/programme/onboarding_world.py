"""Helpers of the onboarding tests: ticking the items of a checklist as a person would."""

from eig.calls import services as dossier_services
from eig.calls.models import Question

START = "2027-01-04"


def value_for(question):
    """What a person ticks or types for an item: a declaration is ticked, a date given."""
    if question.kind == Question.Kind.DECLARATION:
        return True
    if question.kind == Question.Kind.DATE:
        return START
    raise ValueError(f"no value for a {question.kind} item in these tests")


def tick(dossier, keys, *, by, now=None) -> dict:
    """Save answers to the items `keys` of the checklist (each step of its form); returns the errors."""
    errors = {}
    for step in dossier.call.steps.order_by("order"):
        data = {q.key: value_for(q) for q in step.questions.all() if q.key in keys}
        if data:
            errors |= dossier_services.save_step(dossier, step, data, by=by, now=now)
    return errors


def required_keys(call) -> list[str]:
    return [q.key for q in dossier_services.questions_of(call) if q.required]
