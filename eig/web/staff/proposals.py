"""The programme team's pages of a call for challenges: the proposals and their funnel,
one proposal with its decisions and questions, its PDF for the jury, the exports.

Every page answers 404 to anyone outside the team. Decisions and questions are
POSTs, each one service call of eig.proposals.services.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.calls.display import answer_steps
from eig.calls.models import Call
from eig.calls.queries import versions_of
from eig.calls.reading import submitted_answers
from eig.calls.services import missing_for, questions_of
from eig.core.errors import DomainError
from eig.proposals import services
from eig.proposals.models import Proposal
from eig.proposals.queries import (
    activity_of_proposal,
    filter_staff_proposals,
    funnel_of_proposals,
    proposing_administrations,
    questions_of_proposal,
    staff_proposals,
)
from eig.proposals.states import PROPOSAL

from . import exports
from .activity import describe
from .forms import DECISION_BUTTONS, PUBLISH, VALIDATE, DecisionForm, ProposalFilterForm, QuestionForm
from .funnel import proposal_bars
from .permissions import staff_only
from .proposal_pdf import render_proposal_pdf

PAGE_SIZE = 50
State = Proposal.State


def _call(slug) -> Call:
    return get_object_or_404(Call, slug=slug, kind=Call.Kind.CHALLENGES)


def _proposal(call, number) -> Proposal:
    return get_object_or_404(staff_proposals(call), dossier__number=number)


def _list_title(call) -> str:
    return _("Propositions — %(call)s") % {"call": call.title}


def _filtered(request, call):
    """The form and the call's proposals it selects (none while the form is invalid)."""
    form = ProposalFilterForm(request.GET or None, administrations=proposing_administrations(call))
    proposals = staff_proposals(call)
    if form.is_bound:
        proposals = filter_staff_proposals(proposals, **form.filters()) if form.is_valid() else proposals.none()
    return form, proposals


@staff_only
@require_safe
def proposal_list(request, slug):
    call = _call(slug)
    form, proposals = _filtered(request, call)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    export_suffix = f"?{querystring}" if querystring else ""
    funnel = funnel_of_proposals(call)
    return render(
        request,
        "staff/proposal_list.html",
        {
            "title": _list_title(call),
            "call": call,
            "form": form,
            "page_obj": page,
            "querystring": querystring,
            "funnel": funnel,
            "bars": proposal_bars(funnel),
            "csv_url": reverse("staff:proposal_export_csv", kwargs={"slug": call.slug}) + export_suffix,
            "xlsx_url": reverse("staff:proposal_export_xlsx", kwargs={"slug": call.slug}) + export_suffix,
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
    )


def _decisions(proposal, form=None) -> list[dict]:
    """The decisions the rules allow from the proposal's current state, each with its button.

    After a refused POST, the decision it asked for keeps its comment and its error.
    """
    # The moves the proposal's state table allows from here that the team takes on this page
    # (a decision, the validation, the publication), in the states' order.
    allowed = [to for to in PROPOSAL.targets(proposal.state) if to in DECISION_BUTTONS]
    asked = form.data.get("decision") if form is not None else None
    decisions = []
    for to in allowed:
        mine = to == asked
        decisions.append(
            {
                "value": to,
                "button": DECISION_BUTTONS[to],
                # Validation and publication have their own services, which take no comment.
                "has_comment": to not in (VALIDATE, PUBLISH),
                "comment": form.data.get("comment", "") if mine else "",
                "errors": [*form.errors.get("confirm", []), *form.errors.get("comment", [])] if mine else [],
            }
        )
    return decisions


def _general_errors(form, decisions) -> list[str]:
    """A refused decision's errors that belong to no form of the page (the rules, a stale page)."""
    if form is None:
        return []
    errors = [*form.non_field_errors(), *form.errors.get("decision", [])]
    if form.data.get("decision") not in {d["value"] for d in decisions}:
        errors += [*form.errors.get("confirm", []), *form.errors.get("comment", [])]
    return errors


def _render_detail(request, call, proposal, *, decision_form=None, question_form=None, status=200):
    dossier = proposal.dossier
    questions = questions_of(call)
    # What the administration submitted is what the team decides on; a newer draft is announced.
    read = submitted_answers(dossier, questions)
    by_key = {q.key: read.answers.get(q.pk) for q in questions}
    decisions = _decisions(proposal, decision_form)
    return render(
        request,
        "staff/proposal_detail.html",
        {
            "title": _("Proposition %(number)s") % {"number": dossier.number},
            "project": services.proposal_title(proposal),
            "call": call,
            "proposal": proposal,
            "dossier": dossier,
            "steps": answer_steps(read.questions, read.answers, read.files),  # worded as when submitted
            "newer_draft": read.has_newer_draft,
            "shown_version": read.version,
            "missing": missing_for(dossier, questions, by_key),
            "versions": versions_of(dossier),
            "staff_questions": questions_of_proposal(proposal),
            "activity": [describe(entry) for entry in activity_of_proposal(proposal)],
            "decisions": decisions,
            "decision_errors": _general_errors(decision_form, decisions),
            "question_form": question_form,
            "challenge_admin_url": (
                reverse("admin:challenges_challenge_change", args=[proposal.challenge_id])
                if proposal.challenge_id
                else ""
            ),
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
            "parent2_url": reverse("staff:proposal_list", kwargs={"slug": call.slug}),
            "parent2_label": _list_title(call),
        },
        status=status,
    )


@staff_only
@require_safe
def proposal_detail(request, slug, number):
    call = _call(slug)
    return _render_detail(request, call, _proposal(call, number))


def _take(proposal, decision, *, by, comment):
    if decision == VALIDATE:
        return services.validate_proposal(proposal, by=by)
    if decision == PUBLISH:
        return services.publish_proposal(proposal, by=by)
    return services.decide(proposal, decision, by=by, comment=comment)


@staff_only
@require_POST
def proposal_decide(request, slug, number):
    call = _call(slug)
    proposal = _proposal(call, number)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, call, proposal, decision_form=form, status=400)
    decision = form.cleaned_data["decision"]
    try:
        _take(proposal, decision, by=request.user, comment=form.cleaned_data["comment"])
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_detail(request, call, proposal, decision_form=form, status=409)
    messages.success(
        request,
        _("Décision enregistrée : la proposition est « %(state)s ».") % {"state": State(decision).label},
    )
    return redirect("staff:proposal_detail", slug=call.slug, number=number)


@staff_only
@require_POST
def proposal_ask(request, slug, number):
    call = _call(slug)
    proposal = _proposal(call, number)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, call, proposal, question_form=form, status=400)
    try:
        services.ask_question(proposal, form.cleaned_data["text"], by=request.user)
    except DomainError as error:
        form.add_error("text", str(error))
        return _render_detail(request, call, proposal, question_form=form, status=409)
    messages.success(request, _("Question envoyée aux agents de l'administration."))
    return redirect("staff:proposal_detail", slug=call.slug, number=number)


@staff_only
@require_safe
def proposal_pdf(request, slug, number):
    call = _call(slug)
    proposal = _proposal(call, number)
    return exports.download(render_proposal_pdf(proposal), "application/pdf", f"{proposal.dossier.number}.pdf")


@staff_only
@require_safe
def proposal_export(request, slug, kind):
    """The proposals the filters select as a spreadsheet (`kind`: "csv" or "xlsx")."""
    call = _call(slug)
    form, proposals = _filtered(request, call)
    return exports.spreadsheet(request, call, kind, "propositions", form, proposals, table=exports.proposal_table)
