"""Worlds filled with the corpus through the real services, as a candidate and an agent would.

    candidate = candidate_world(corpus)   # a candidate's dossier (names, every text answer),
                                          # submitted, assigned to a reviewer, heard by a jury
    proposal = proposal_world(corpus)     # an agent (function), a proposal (every text answer,
                                          # the team table), a staff question and its answer

Choices, numbers, dates and declarations get ordinary values: only what a person types is hostile.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eig.applications.services import set_wishes
from eig.calls.models import Call, Dossier, DossierVersion, Question
from eig.calls.services import attach_file, save_step, start_dossier, submit_dossier
from eig.challenges.models import Position
from eig.juries import services as jury_services
from eig.juries.models import Audition
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal, StaffQuestion
from eig.proposals.services import (
    answer_question,
    ask_question,
    confirm_agent,
    join_administration,
    start_proposal,
    submit_proposal,
)
from eig.reviews.defaults import CANDIDATE_PRESCREENING
from eig.reviews.models import Assignment, Grid, Reviewer
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.files import PDF_BYTES
from tests.factories.juries import JuryWorld, jury_world
from tests.factories.reviews import grid_of, seated_reviewer

from .corpus import Corpus

TEXT_KINDS = {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT}
# A URL the validator accepts (http, no whitespace) that closes an attribute if pasted raw.
HOSTILE_URL = "https://evil.example/?q=\"><img/src=x/onerror=alert('{m}')>"


def _ordinary(question: Question):
    """The plain answer of a question nobody types freely."""
    kind = question.kind
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        value = str(question.choices[0][0])
        return value if kind == Question.Kind.SINGLE_CHOICE else [value]
    if kind == Question.Kind.NUMBER:
        return str(max(question.min_value or 0, 2))
    if kind == Question.Kind.DATE:
        return "2024-05-04"
    if kind == Question.Kind.EMAIL:
        return f"{question.key.replace('_', '-')}@example.org"
    if kind in (Question.Kind.YES_NO, Question.Kind.DECLARATION):
        return True
    raise AssertionError(f"no ordinary answer for {question.kind}")


def fill(corpus: Corpus, dossier: Dossier, *, by, now=None, prefix: str) -> None:
    """Every question of the dossier answered, each typed one with the corpus; then its files."""
    for step in dossier.call.steps.prefetch_related("questions").order_by("order"):
        data = {}
        for question in step.questions.all():
            name = f"{prefix}.{question.key}"
            if question.kind in TEXT_KINDS:
                limit = question.max_length or (300 if question.kind == Question.Kind.SHORT_TEXT else None)
                data[question.key] = corpus.text(name, limit)
            elif question.kind == Question.Kind.URL:
                marker = f"mk{len(corpus.placed):03d}url"
                corpus.placed[marker] = (name, "url")
                corpus.payloads[marker] = HOSTILE_URL.format(m=marker)
                data[question.key] = corpus.payloads[marker]
            elif question.kind == Question.Kind.TABLE:
                data[question.key] = [
                    {str(key): corpus.text(f"{name}[{row}].{key}", 500) for key, _label in question.choices}
                    for row in range(2)
                ]
            elif question.kind != Question.Kind.FILE:
                data[question.key] = _ordinary(question)
        assert save_step(dossier, step, data, by=by, now=now) == {}, step.slug
        for question in step.questions.filter(kind=Question.Kind.FILE):
            upload = SimpleUploadedFile(f"{question.key}.pdf", PDF_BYTES)
            attach_file(dossier, question, upload, by=by, now=now)


@dataclass
class CandidateWorld:
    call: Call
    dossier: Dossier
    version: DossierVersion
    candidate: object
    staff: object
    jury: JuryWorld
    audition: Audition
    grid: Grid
    reviewer: Reviewer


def candidate_world(corpus: Corpus) -> CandidateWorld:
    """A candidate with hostile names fills every answer of the default dossier, wishes and
    submits it before the call closes; a reviewer is assigned it; the jury hears it."""
    jury = jury_world("candidates", jurors=2, auditions=0, panels=1)
    call, staff = jury.call, StaffFactory()
    during = call.closes_at - datetime.timedelta(days=2)
    candidate = UserFactory(
        first_name=corpus.text("user.first_name", 150, only={"img_onerror", "rtl_override", "formula_plus"}),
        last_name=corpus.text("user.last_name", 150, only={"script", "rtl_override", "formula_hyperlink"}),
    )
    dossier = start_dossier(call, owner=candidate, now=during)
    fill(corpus, dossier, by=candidate, now=during, prefix="dossier")
    set_wishes(
        dossier, [Position.objects.filter(challenge__promotion=call.promotion).first().pk], by=candidate, now=during
    )
    version = submit_dossier(dossier, by=candidate, now=during)
    dossier.refresh_from_db()

    grid = grid_of(call, CANDIDATE_PRESCREENING)
    reviewer = seated_reviewer(grid)
    Assignment.objects.create(reviewer=reviewer, dossier=dossier, source=Assignment.Source.PIN)

    jury_services.add_auditions(jury.jury, [dossier], by=staff)
    panel = jury.panels[0]
    starts_at = panel.half_day.starts_at
    Audition.objects.filter(jury=jury.jury, dossier=dossier).update(
        panel=panel, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=jury.jury.format_minutes)
    )
    audition = Audition.objects.get(jury=jury.jury, dossier=dossier)
    jury.auditions.append(audition)
    return CandidateWorld(call, dossier, version, candidate, staff, jury, audition, grid, reviewer)


@dataclass
class ProposalWorld:
    call: Call
    proposal: Proposal
    agent: object
    staff: object
    question: StaffQuestion


def challenge_call() -> Call:
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis du corpus",
        slug="appel-defis-corpus",
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=5),
        dossier_prefix="CORPUS",
    )
    install_challenge_form(call)
    return call


def proposal_world(corpus: Corpus) -> ProposalWorld:
    """An agent with a hostile function proposes a challenge, every typed answer hostile, and
    answers the programme's question with hostile text."""
    call, staff = challenge_call(), StaffFactory()
    administration = AdministrationFactory(name="Direction du corpus")
    agent = UserFactory(email="agent@corpus.gouv.fr", first_name="Camille", last_name="Agent")
    agency = join_administration(agent, administration, function=corpus.text("agent.function", 200))
    confirm_agent(agency, by=staff)
    proposal = start_proposal(call, by=agent, administration=administration)
    fill(corpus, proposal.dossier, by=agent, prefix="proposal")
    submit_proposal(proposal, by=agent)
    question = ask_question(proposal, "Combien d'agents travailleront avec les EIG ?", by=staff)
    question = answer_question(question, corpus.text("staff_question.answer"), by=agent)
    proposal.refresh_from_db()
    return ProposalWorld(call, proposal, agent, staff, question)
