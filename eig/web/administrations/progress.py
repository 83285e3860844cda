"""What the agents' pages show about a proposal: its steps, checklist, versions,
questions, and whether it may still change. Reads only; the state changes are
eig.proposals and eig.calls services."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eig.calls import services as dossier_services
from eig.calls.answers import is_answered
from eig.calls.models import Dossier, Step
from eig.proposals.models import Proposal
from eig.web.dossiers import progress as dossier_progress
from eig.web.dossiers.progress import StepLink

State = Proposal.State
# Once the selection has started, the dossier is what the programme reviews: it is frozen.
EDITABLE_STATES = {State.DRAFT, State.SUBMITTED}

BADGES = {
    State.DRAFT: "info",
    State.SUBMITTED: "new",
    State.PRESELECTED: "success",
    State.NOT_PRESELECTED: "error",
    State.AUDITIONED: "new",
    State.SELECTED: "success",
    State.NOT_SELECTED: "error",
    State.VALIDATED: "success",
    State.PUBLISHED: "success",
    State.WITHDRAWN: "error",
}


def badge(proposal: Proposal) -> str:
    """The DSFR badge modifier of the proposal's state."""
    return BADGES.get(proposal.state, "info")


def step_url(proposal: Proposal, slug: str) -> str:
    return reverse("administrations:step", kwargs={"number": proposal.dossier.number, "step": slug})


def overview_url(proposal: Proposal) -> str:
    return reverse("administrations:proposal", kwargs={"number": proposal.dossier.number})


def steps_of(proposal: Proposal, questions=None, answers=None) -> list[StepLink]:
    dossier = proposal.dossier
    questions = dossier_services.questions_of(dossier.call) if questions is None else questions
    answers = dossier_services.answers_of(dossier) if answers is None else answers
    steps: dict[int, StepLink] = {}
    for question in questions:
        link = steps.get(question.step_id)
        if link is None:
            link = steps[question.step_id] = StepLink(
                slug=question.step.slug, title=question.step.title, url=step_url(proposal, question.step.slug)
            )
        if question.required and not is_answered(question, answers.get(question.key)):
            link.missing.append(question.label)
    links = list(steps.values())
    for link in links:
        link.complete = not link.missing
    return links


def after_save(proposal: Proposal, slug: str, action: str | None) -> str:
    slugs = list(Step.objects.filter(call_id=proposal.dossier.call_id).order_by("order").values_list("slug", flat=True))
    index = slugs.index(slug) if slug in slugs else 0
    if action == "next" and index + 1 < len(slugs):
        return step_url(proposal, slugs[index + 1])
    if action == "previous" and index > 0:
        return step_url(proposal, slugs[index - 1])
    if action in ("next", "overview"):
        return overview_url(proposal)
    return step_url(proposal, slugs[index])


def is_editable(proposal: Proposal, now=None) -> bool:
    return proposal.state in EDITABLE_STATES and dossier_progress.is_editable(proposal.dossier, now)


def locked_reason(proposal: Proposal) -> str:
    """Why the dossier can no longer change, in French; empty while it can."""
    if is_editable(proposal):
        return ""
    if proposal.dossier.status == Dossier.Status.WITHDRAWN:
        return _(
            "Cette proposition est retirée : ses réponses restent consultables mais ne peuvent plus être modifiées."
        )
    if proposal.state not in EDITABLE_STATES:
        return _(
            "Cette proposition est « %(state)s » : ses réponses restent consultables mais ne peuvent plus être modifiées."
        ) % {"state": proposal.get_state_display()}
    return _("L'appel est clos : les réponses restent consultables mais ne peuvent plus être modifiées.")


def overview(proposal: Proposal) -> dict:
    dossier = proposal.dossier
    questions = dossier_services.questions_of(dossier.call)
    answers = dossier_services.answers_of(dossier)
    missing = dossier_services.missing_for(dossier, questions, answers)
    versions = list(dossier.versions.order_by("-number"))
    _content, digest = dossier_services.snapshot(dossier, questions, answers)
    latest = versions[0] if versions else None
    return {
        "steps": steps_of(proposal, questions, answers),
        "missing": missing,
        "versions": versions,
        "latest": latest,
        "unsubmitted_changes": latest is not None and latest.digest != digest,
        "editable": is_editable(proposal),
        "locked_reason": locked_reason(proposal),
        "questions": list(proposal.questions.all()),
        "badge": badge(proposal),
        "project_title": answers.get("nom_projet") or "",
    }
