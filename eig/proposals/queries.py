"""Shared reads of challenge proposals for the programme team's pages, and of the lists of
selected challenges the approvers decide on.

A page of 50 proposals, its filters and the funnel of a call each cost a fixed
number of queries: the project's name is read by a subquery, the funnel is one
grouped query.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast

from eig.calls.models import Answer, Call
from eig.calls.queries import JSONText
from eig.challenges.models import Administration, Challenge, Position
from eig.core.models import ActivityLog

from .models import Agent, AllowedEmailDomain, ChallengeApproval, ChallengeSelection, Proposal
from .states import CHALLENGE_SELECTION

State = Proposal.State

# The dossier's answer that names the project (eig.proposals.defaults).
TITLE_KEY = "nom_projet"

# Each stage of the funnel counts the proposals that reached it, wherever they stand now.
PROPOSED_STATES = [
    State.SUBMITTED,
    State.PRESELECTED,
    State.NOT_PRESELECTED,
    State.AUDITIONED,
    State.SELECTED,
    State.NOT_SELECTED,
    State.VALIDATED,
    State.PUBLISHED,
]
PRESELECTED_STATES = [
    State.PRESELECTED,
    State.AUDITIONED,
    State.SELECTED,
    State.NOT_SELECTED,  # not selected by the jury: pre-selected first (services.DECISIONS)
    State.VALIDATED,
    State.PUBLISHED,
]
AUDITIONED_STATES = [State.AUDITIONED, State.SELECTED, State.VALIDATED, State.PUBLISHED]
SELECTED_STATES = [State.SELECTED, State.VALIDATED, State.PUBLISHED]
VALIDATED_STATES = [State.VALIDATED, State.PUBLISHED]
FUNNEL_STAGES = ["proposed", "preselected", "auditioned", "selected", "validated", "published"]


def _title_answer():
    return Answer.objects.filter(dossier=OuterRef("dossier_id"), question__key=TITLE_KEY).annotate(
        text=JSONText("value")
    )


def _was_auditioned():
    """The proposal went through « auditionnée » (a « non retenue » may come from either side)."""
    return Exists(
        ActivityLog.objects.filter(
            target_type=Proposal._meta.label_lower,
            target_id=Cast(OuterRef("pk"), output_field=CharField()),
            verb=f"proposal.{State.AUDITIONED}",
        )
    )


def staff_proposals(call: Call):
    """A call's proposals with their dossier, administration, challenge and project name (`title_answer`)."""
    return (
        Proposal.objects.filter(dossier__call=call)
        .select_related("dossier__call", "administration", "challenge")
        .annotate(title_answer=Subquery(_title_answer().values("text")[:1]))
        .order_by("dossier__number")
    )


def filter_staff_proposals(queryset, *, state="", administration=None, text=""):
    """Narrow `staff_proposals`: every word of `text` must be found in the number, the name or the administration."""
    if state:
        queryset = queryset.filter(state=state)
    if administration is not None:
        queryset = queryset.filter(administration=administration)
    for word in text.split():
        in_title = Exists(_title_answer().filter(text__icontains=word))
        queryset = queryset.filter(
            Q(dossier__number__icontains=word) | Q(administration__name__icontains=word) | in_title
        )
    return queryset


def proposing_administrations(call: Call):
    """The administrations with at least one proposal in the call (for the filter)."""
    return Administration.objects.filter(proposals__dossier__call=call).distinct().order_by("name")


def funnel_of_proposals(call: Call) -> dict[str, int]:
    """{stage: proposals that reached it} for FUNNEL_STAGES, plus `drafts`; one query."""
    counts = (
        Proposal.objects.filter(dossier__call=call)
        .annotate(was_auditioned=_was_auditioned())
        .aggregate(
            drafts=Count("pk", filter=Q(state=State.DRAFT)),
            proposed=Count("pk", filter=Q(state__in=PROPOSED_STATES)),
            preselected=Count("pk", filter=Q(state__in=PRESELECTED_STATES)),
            auditioned=Count(
                "pk", filter=Q(state__in=AUDITIONED_STATES) | Q(state=State.NOT_SELECTED, was_auditioned=True)
            ),
            selected=Count("pk", filter=Q(state__in=SELECTED_STATES)),
            validated=Count("pk", filter=Q(state__in=VALIDATED_STATES)),
            published=Count("pk", filter=Q(state=State.PUBLISHED)),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def questions_of_proposal(proposal: Proposal):
    return list(proposal.questions.select_related("asked_by", "answered_by").order_by("asked_at", "pk"))


def activity_of_proposal(proposal: Proposal):
    """The proposal's decisions and its dossier's activity, oldest first, with who acted."""
    targets = Q(target_type=Proposal._meta.label_lower, target_id=str(proposal.pk)) | Q(
        target_type=proposal.dossier._meta.label_lower, target_id=str(proposal.dossier_id)
    )
    return ActivityLog.objects.filter(targets).select_related("actor").order_by("at", "id")


# --- Agents awaiting the programme's confirmation (security review F2) ---------------


def pending_agents():
    """Agencies neither confirmed nor refused, oldest request first, with the person and the administration."""
    return (
        Agent.objects.filter(confirmed=False, refused=False)
        .select_related("user", "administration")
        .order_by("created_at", "pk")
    )


def decided_agents():
    """Confirmed or refused agencies, latest decision first (confirmations from before the rule last)."""
    return (
        Agent.objects.filter(Q(confirmed=True) | Q(refused=True))
        .select_related("user", "administration", "decided_by")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
    )


def allowed_domains_of(administration):
    return (
        AllowedEmailDomain.objects.filter(administration=administration).select_related("added_by").order_by("domain")
    )


def agents_of(administration):
    return (
        Agent.objects.filter(administration=administration)
        .select_related("user", "decided_by")
        .order_by("-confirmed", "refused", "user__email")
    )


# --- The list of a call's selected challenges, before the approvers (approval.py) ------------------


def listed_challenges(call: Call):
    """The call's selected challenges (those of its validated or published proposals), with their
    administration, proposal and positions, in two queries."""
    return (
        Challenge.objects.filter(proposal__dossier__call=call, proposal__state__in=VALIDATED_STATES)
        .select_related("administration", "proposal__dossier")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("profile").order_by("pk")))
        .order_by("title", "pk")
    )


def selections_of(call: Call):
    """Every list of the call submitted to the approvers, latest first."""
    return (
        ChallengeSelection.objects.filter(call=call)
        .select_related("call", "submitted_by")
        .prefetch_related(Prefetch("approvals", queryset=ChallengeApproval.objects.select_related("approver")))
        .order_by("-submitted_at", "-id")
    )


def live_selection(call_id: int) -> ChallengeSelection | None:
    """The list standing for the call (awaiting the approvers, or approved), if any."""
    return (
        ChallengeSelection.objects.filter(call_id=call_id, state__in=CHALLENGE_SELECTION.group("live"))
        .select_related("call", "submitted_by")
        .first()
    )


def selections_awaiting_approval():
    """The submitted lists, oldest first: the approvers' to-do list."""
    return (
        ChallengeSelection.objects.filter(state__in=CHALLENGE_SELECTION.group("awaiting_decision"))
        .select_related("call__promotion", "submitted_by")
        .order_by("submitted_at", "id")
    )


def decided_selections():
    """The lists an approver decided on (approved, returned, or approved then outdated), latest first."""
    return (
        ChallengeSelection.objects.filter(Exists(ChallengeApproval.objects.filter(selection=OuterRef("pk"))))
        .select_related("call__promotion")
        .prefetch_related(Prefetch("approvals", queryset=ChallengeApproval.objects.select_related("approver")))
        .order_by("-submitted_at", "-id")
    )


def challenge_approvals_of(selection: ChallengeSelection):
    return ChallengeApproval.objects.filter(selection=selection).select_related("approver").order_by("at", "id")
