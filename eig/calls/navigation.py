"""The steps of a dossier, in order: computed here once for every audience and for the checklist.

A dossier's steps are its call's steps of questions (in their order), with the steps that other
apps' sections add (eig.calls.extensions.SectionStep: the ranked wishes of eig.applications
come second when the call asks for them in the dossier, last when a wish window opened after the
pre-selection). Each step knows what it still lacks; the checklist a submit asks for is what the
steps counted by the call lack (the questions first, then the sections). URLs are not the domain's: each audience
turns a step's slug (and its `section`) into the address of its own page.
"""

from dataclasses import dataclass

from .answers import is_answered
from .extensions import registered_sections
from .models import Dossier, Step
from .structure import form_of


@dataclass(frozen=True)
class StepRef:
    slug: str
    title: str
    section: str = ""  # "" for a step of questions, else the key of the section whose step it is
    missing: tuple[str, ...] = ()  # what it still lacks, in French (never filled in an outline)
    # Its missing items are part of the checklist: false for a section step the call does not ask
    # of every dossier (wishes stated in a window after the pre-selection, once the dossier is in).
    counted: bool = True

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Steps:
    """The ordered steps of one dossier, and what moving among them needs."""

    items: tuple[StepRef, ...]
    unplaced: tuple[str, ...] = ()  # checklist items of the call's sections that have no step

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    @property
    def slugs(self) -> list[str]:
        return [s.slug for s in self.items]

    def index(self, slug: str) -> int | None:
        return next((i for i, s in enumerate(self.items) if s.slug == slug), None)

    def get(self, slug: str) -> StepRef | None:
        index = self.index(slug)
        return None if index is None else self.items[index]

    def first(self) -> StepRef | None:
        return self.items[0] if self.items else None

    def neighbours(self, slug: str) -> tuple[StepRef | None, StepRef | None]:
        """(previous, next) around the step `slug`; (None, first) for a slug that is not a step."""
        index = self.index(slug)
        if index is None:
            return None, self.first()
        previous = self.items[index - 1] if index > 0 else None
        following = self.items[index + 1] if index + 1 < len(self.items) else None
        return previous, following

    @property
    def missing(self) -> list[str]:
        """The checklist: what a submit still needs. The questions first, in the form's order, then
        what the sections the call asks for lack (the wishes last, wherever their step stands)."""
        questions = [item for step in self.items if not step.section for item in step.missing]
        sections = [item for step in self.items if step.section and step.counted for item in step.missing]
        return questions + sections + list(self.unplaced)


def _question_steps(questions, answers: dict) -> list[StepRef]:
    """The steps holding these questions (questions_of: in the form's order), each with its missing answers."""
    found: dict[int, tuple[Step, list[str]]] = {}
    for question in questions:
        _step, missing = found.setdefault(question.step_id, (question.step, []))
        if question.required and not is_answered(question, answers.get(question.key)):
            missing.append(question.label)
    return [StepRef(step.slug, step.title, missing=tuple(missing)) for step, missing in found.values()]


def _with_sections(dossier: Dossier, steps: list[StepRef], *, lacks: bool, checklist_only: bool = False) -> Steps:
    """Place the sections' steps among `steps`; `lacks`: ask each section what it lacks."""
    steps, unplaced = list(steps), []
    for section in registered_sections():
        counted = section.applies(dossier.call)
        if checklist_only and not counted:
            continue  # the checklist never asks where an uncounted step would go (no query for it)
        position = section.step.position(dossier) if section.step is not None else None
        missing = tuple(section.missing(dossier)) if lacks and (counted or position is not None) else ()
        if position is None:
            unplaced += list(missing) if counted else []
            continue
        step = section.step
        ref = StepRef(step.slug, str(step.title), section=section.key, missing=missing, counted=counted)
        steps.insert(min(position, len(steps)), ref)
    return Steps(tuple(steps), tuple(unplaced))


def steps_of(dossier: Dossier, questions, answers: dict) -> Steps:
    """Every step of the dossier in order, each with what it still lacks.

    `questions`: the call's questions (eig.calls.services.questions_of), `answers`: {question
    key: value} (answers_of, or a version's answers for a reader).
    """
    return _with_sections(dossier, _question_steps(questions, answers), lacks=True)


def checklist(dossier: Dossier, questions, answers: dict) -> list[str]:
    """What a submit still needs, in French: the unanswered required questions in the form's
    order, then what each section the call asks for lacks."""
    return _with_sections(dossier, _question_steps(questions, answers), lacks=True, checklist_only=True).missing


def outline(dossier: Dossier) -> Steps:
    """The steps' slugs and titles only (those with questions): what a redirect after a save needs, read
    from the call's form this process keeps (eig.calls.structure)."""
    form = form_of(dossier.call)
    asked = {question.step_id for question in form.questions}
    return _with_sections(
        dossier, [StepRef(step.slug, str(step.title)) for step in form.steps if step.pk in asked], lacks=False
    )
