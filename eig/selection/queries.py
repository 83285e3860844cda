"""Shared reads of the selection: the data the engines need, runs, offers, the waiting list, comparisons."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.accounts.queries import holders_of
from eig.calls.models import Call, Dossier
from eig.challenges.models import Challenge, Position
from eig.core.errors import DomainError
from eig.engines import teams
from eig.juries.models import Jury
from eig.juries.queries import merged_ranking, scopes_of
from eig.reviews.queries import names_of

from .models import Approval, Offer, Outcome, SelectionRun
from .states import SELECTION_RUN


def display_name(dossier: Dossier, names: dict[int, str]) -> str:
    """The name a candidate goes by: their answers' first and last name (`names`, from
    reviews.queries.names_of), else their account's, else the dossier's number."""
    return names.get(dossier.pk) or dossier.owner.get_full_name() or dossier.number


def candidate_jury(call: Call) -> Jury | None:
    return Jury.objects.filter(call=call, kind=Jury.Kind.CANDIDATES).first()


def auditioned_dossiers(jury: Jury):
    """The dossiers the candidate jury heard, with their owner, by number."""
    return Dossier.objects.filter(auditions__jury=jury).select_related("owner").order_by("number").distinct()


def promotion_challenges(call: Call) -> list[Challenge]:
    """The challenges of the call's promotion that recruit (a proposed challenge was not selected),
    with their positions and profiles, in two queries."""
    return list(
        Challenge.objects.filter(promotion_id=call.promotion_id)
        .exclude(status=Challenge.Status.PROPOSED)
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("profile")))
        .order_by("title", "pk")
    )


def jury_lists(jury: Jury) -> dict[tuple[int, int], dict[int, int]]:
    """(challenge pk, profile pk) -> {dossier pk: rank}: the jury's list per challenge and profile
    (Règlement 2020 art. 6.5, « une liste par défi et par profil »).

    Each list is the merged ranking of the panels (juries.queries.merged_ranking: panel rank, ties
    broken by the collective grid) keeping the favourable verdicts only. A verdict proposing
    another challenge (« le jury peut proposer à un candidat auditionné un défi pour lequel il
    n'aurait pas déposé sa candidature ») puts the candidate on that challenge's list for the same
    profile, ranked after the list's own candidates, the proposals in the order of their ranks
    where they were made. Verdicts without a scope (a general ranking) do not rank for a position.
    """
    lists: dict[tuple[int, int], dict[int, int]] = {}
    proposals = []
    for scope in scopes_of(jury):
        try:
            challenge_pk, profile_pk = (int(part) for part in scope.split(":"))
        except ValueError:
            continue
        ranked = lists.setdefault((challenge_pk, profile_pk), {})
        for row in merged_ranking(jury, scope=scope):
            dossier = row.audition.dossier
            if row.favourable:
                ranked[dossier.pk] = row.position
            for verdict in row.verdicts:
                target = verdict.proposed_challenge_id
                if target and target != challenge_pk:
                    proposals.append(((target, profile_pk), row.position, dossier.number, dossier.pk))
    sizes = {group: max(ranked.values(), default=0) for group, ranked in lists.items()}
    for group, _rank, _number, dossier_pk in sorted(proposals):
        ranked = lists.setdefault(group, {})
        if dossier_pk not in ranked:
            sizes[group] = sizes.get(group, 0) + 1
            ranked[dossier_pk] = sizes[group]
    return {group: ranked for group, ranked in lists.items() if ranked}


def approvers():
    """Active people holding the approver role."""
    return holders_of(Role.APPROVER)


def runs_of(call: Call):
    return call.selection_runs.select_related("created_by", "frozen_by").order_by("-created_at", "-id")


def approvals_of(run: SelectionRun):
    return Approval.objects.filter(run=run).select_related("approver").order_by("at", "id")


def offers_of(run: SelectionRun):
    """The run's offers with their candidate, position and replacement, in one query."""
    return (
        Offer.objects.filter(run=run)
        .select_related("dossier__owner", "position__challenge", "position__profile", "replaced_by__dossier")
        .order_by("position__challenge__title", "position__order", "created_at", "id")
    )


def waiting_list(run: SelectionRun):
    """The run's waiting list: candidates told « liste d'attente » who hold no offer of this run."""
    has_offer = Offer.objects.filter(run=run, dossier_id=OuterRef("dossier_id"))
    return (
        Outcome.objects.filter(run=run, decision=Outcome.Decision.WAITING_LIST)
        .exclude(Exists(has_offer))
        .select_related("dossier__owner")
        .order_by("dossier__number")
    )


@dataclass
class DiffRow:
    dossier: Dossier
    name: str
    before: Position | None
    after: Position | None
    explanation_before: str
    explanation_after: str


def compare(run_a: SelectionRun, run_b: SelectionRun) -> list[DiffRow]:
    """Every candidate whose position differs between two runs of the same call (the team
    engine's `diff`), by dossier number, in three queries."""
    if run_a.call_id != run_b.call_id:
        raise DomainError(_("Seules deux propositions du même appel se comparent."))
    before = teams.Proposal("", {d: str(p) for d, p in run_a.assignment.items()}, 0, 0, 0, 0, "")
    after = teams.Proposal("", {d: str(p) for d, p in run_b.assignment.items()}, 0, 0, 0, 0, "")
    changes = teams.diff(before, after)
    dossier_ids = [int(d) for d, _old, _new in changes]
    position_ids = {int(p) for _d, old, new in changes for p in (old, new) if p}
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=dossier_ids).select_related("owner")}
    positions = {p.pk: p for p in Position.objects.filter(pk__in=position_ids).select_related("challenge", "profile")}
    names = names_of(dossier_ids)
    rows = [
        DiffRow(
            dossier=dossiers[int(d)],
            name=display_name(dossiers[int(d)], names),
            before=positions.get(int(old)) if old else None,
            after=positions.get(int(new)) if new else None,
            explanation_before=run_a.explanations.get(d, ""),
            explanation_after=run_b.explanations.get(d, ""),
        )
        for d, old, new in changes
        if int(d) in dossiers
    ]
    return sorted(rows, key=lambda row: row.dossier.number)


def runs_awaiting_approval():
    """The frozen runs, oldest first: the approvers' to-do list."""
    return (
        SelectionRun.objects.filter(state__in=SELECTION_RUN.group("awaiting_decision"))
        .select_related("call__promotion", "frozen_by")
        .order_by("frozen_at", "id")
    )


def decided_runs():
    """Runs an approver has decided on (approved or returned), latest first."""
    return (
        SelectionRun.objects.filter(state__in=SELECTION_RUN.group("decided"))
        .select_related("call__promotion")
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("approver")))
        .order_by("-frozen_at", "-id")
    )


def approved_run(call: Call) -> SelectionRun | None:
    return call.selection_runs.filter(state__in=SELECTION_RUN.group("final")).first()


def published_run(promotion) -> SelectionRun | None:
    """The approved and published run of the promotion's call for applications, if any."""
    return (
        SelectionRun.objects.filter(
            call__promotion=promotion, state__in=SELECTION_RUN.group("final"), published_at__isnull=False
        )
        .select_related("call")
        .first()
    )


def offers_for(user):
    """The offers made to a person, newest first, with what their page shows."""
    return (
        Offer.objects.filter(dossier__owner=user)
        .select_related("run__call", "dossier", "position__challenge__administration", "position__profile")
        .order_by("-created_at", "-id")
    )
