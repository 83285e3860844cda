"""The approvers' pages (/validation/): what awaits their decision and what they decided, then one
thing in full and the decision, for each kind they decide on.

Two kinds (kit.Kind): a promotion's team proposal (runs.py, Règlement 2020 art. 6.5: the final
list « est présentée et validée par le directeur ») and the selected challenges of a call for
challenges (challenges.py: published only once approved). One list page shows both; one detail
page, one confirmation step and one decision serve both (kit.py).

Thin views: authorise (permissions.approver_only: 404 to anyone without the role, the second
factor required), call one service through the kit, redirect.
"""

import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.proposals import queries as proposal_queries
from eig.selection import queries as selection_queries

from . import kit
from .challenges import CHALLENGE_LISTS
from .permissions import approver_only
from .runs import RUNS

_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Row:
    """One thing submitted to the approvers, as their list shows it."""

    subject: object  # a run or a list of challenges: its state badge
    url: str
    label: str
    call: str
    nature: str
    submitted_by: object
    submitted_at: datetime.datetime | None
    last_approval: object = None


def _last(subject):
    approvals = list(subject.approvals.all())  # prefetched, oldest first: the last one decided
    return approvals[-1] if approvals else None


def _run_row(run, *, decided=False) -> Row:
    return Row(
        subject=run,
        url=reverse("approvals:detail", kwargs={"run": run.pk}),
        label=str(run),
        call=run.call.title,
        nature=_("Proposition de promotion — %(mode)s") % {"mode": run.get_mode_display()},
        submitted_by=run.frozen_by if not decided else None,
        submitted_at=run.frozen_at,
        last_approval=_last(run) if decided else None,
    )


def _selection_row(selection, *, decided=False) -> Row:
    return Row(
        subject=selection,
        url=reverse("approvals:challenges_detail", kwargs={"selection": selection.pk}),
        label=str(selection),
        call=selection.call.title,
        nature=_("Défis retenus (%(count)s)") % {"count": len(selection.content)},
        submitted_by=selection.submitted_by if not decided else None,
        submitted_at=selection.submitted_at,
        last_approval=_last(selection) if decided else None,
    )


def _when(row: Row):
    return row.submitted_at or _EARLIEST


@approver_only
@require_safe
def approval_list(request):
    awaiting = [_run_row(run) for run in selection_queries.runs_awaiting_approval()]
    awaiting += [_selection_row(s) for s in proposal_queries.selections_awaiting_approval()]
    decided = [_run_row(run, decided=True) for run in selection_queries.decided_runs()]
    decided += [_selection_row(s, decided=True) for s in proposal_queries.decided_selections()]
    return render(
        request,
        "approvals/list.html",
        {
            "title": _("Validation des promotions et des défis"),
            "awaiting": sorted(awaiting, key=_when),
            "decided": sorted(decided, key=_when, reverse=True),
        },
    )


# A promotion's team proposal (runs.py).


@approver_only
@require_safe
def run_detail(request, run):
    return kit.detail(request, RUNS, run)


@approver_only
@require_POST
def decide(request, run):
    return kit.decide(request, RUNS, run)


# The selected challenges of a call for challenges (challenges.py).


@approver_only
@require_safe
def challenges_detail(request, selection):
    return kit.detail(request, CHALLENGE_LISTS, selection)


@approver_only
@require_POST
def challenges_decide(request, selection):
    return kit.decide(request, CHALLENGE_LISTS, selection)
