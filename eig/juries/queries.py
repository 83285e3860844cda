"""Shared reads of the juries: schedules, a juror's panel, the merged ranking."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.utils import timezone

from eig.calls.models import Dossier
from eig.proposals.models import Proposal
from eig.reviews.models import Decision, Grid

from .models import Audition, CollectiveScore, HalfDay, Jury, Panel, PanelMember, Verdict


def panels_of(jury: Jury):
    """The jury's panels with their members and auditions, in three queries."""
    return (
        jury.panels.select_related("half_day", "room", "timekeeper")
        .prefetch_related(
            Prefetch("members", queryset=PanelMember.objects.select_related("juror").order_by("juror__name")),
            Prefetch("auditions", queryset=Audition.objects.select_related("dossier").order_by("starts_at", "pk")),
        )
        .order_by("index")
    )


def schedule_rows(jury: Jury):
    """Every scheduled audition with its panel and room, by day, room and time."""
    return (
        jury.auditions.filter(starts_at__isnull=False)
        .select_related("panel__room", "panel__half_day", "dossier")
        .order_by("starts_at", "panel__room__name")
    )


def run_sheet(jury: Jury, room, now):
    """The room's auditions of the day: the current one, the next, who is waiting."""
    today = timezone.localtime(now).date()
    auditions = [
        a for a in schedule_rows(jury).filter(panel__room=room) if timezone.localtime(a.starts_at).date() == today
    ]
    current = next((a for a in auditions if a.starts_at <= now < a.ends_at), None)
    upcoming = [a for a in auditions if a.starts_at > now]
    return {"auditions": auditions, "current": current, "next": upcoming[0] if upcoming else None}


@dataclass
class MergedRow:
    audition: Audition
    verdicts: list[Verdict] = field(default_factory=list)
    favourable: bool = False
    rank: int = 0  # the panel's rank
    favourite: bool = False
    total: float | None = None  # the collective grid's total
    position: int = 0  # in the merged ranking (ties share it)
    tied: bool = False


def merged_ranking(jury: Jury, *, scope: str = "") -> list[MergedRow]:
    """The panels' general grids merged: favourable first, then by the panel's rank, ties
    between panels broken by the collective grid's total, then shown as ties
    (Guide du jury EIG 4: « les notes et commentaires … serviront à départager les ex-aequo »)."""
    verdicts = (
        Verdict.objects.filter(panel__jury=jury, scope=scope)
        .select_related("audition__dossier", "panel", "proposed_challenge", "challenge", "profile")
        .order_by("audition_id")
    )
    totals = dict(CollectiveScore.objects.filter(audition__jury=jury).values_list("audition_id", "total"))
    rows = {}
    for verdict in verdicts:
        row = rows.setdefault(verdict.audition_id, MergedRow(audition=verdict.audition))
        row.verdicts.append(verdict)
        row.favourable, row.rank, row.favourite = verdict.favourable, verdict.rank, verdict.favourite
        row.total = totals.get(verdict.audition_id)

    def key(row):
        return (not row.favourable, row.rank, -(row.total if row.total is not None else -1), not row.favourite)

    ordered = sorted(rows.values(), key=lambda r: (key(r), r.audition.dossier.number))
    previous, position = None, 0
    for index, row in enumerate(ordered, start=1):
        if key(row) != previous:
            position = index
        row.position = position
        previous = key(row)
    for index, row in enumerate(ordered):
        neighbours = ordered[max(0, index - 1) : index] + ordered[index + 1 : index + 2]
        row.tied = any(n.position == row.position for n in neighbours)
    return ordered


def scopes_of(jury: Jury) -> list[str]:
    return sorted(set(Verdict.objects.filter(panel__jury=jury).values_list("scope", flat=True)))


def juror_panels(juror):
    return Panel.objects.filter(members__juror=juror).select_related("half_day", "room").order_by("half_day__starts_at")


def jurors_of(jury: Jury):
    """The jury's members with their availabilities, mentored challenges and panels, in four queries."""
    return jury.jurors.prefetch_related(
        Prefetch("available", queryset=HalfDay.objects.order_by("starts_at")),
        "mentor_of",
        Prefetch("memberships", queryset=PanelMember.objects.select_related("panel").order_by("panel__index")),
    ).order_by("name")


def auditions_of(jury: Jury):
    """Every audition of the jury with its dossier, panel and room, in time order (unscheduled last)."""
    return jury.auditions.select_related("dossier", "panel__room", "panel__half_day").order_by(
        F("starts_at").asc(nulls_last=True), "auditionee", "pk"
    )


def auditionable_dossiers(jury: Jury):
    """The call's submitted dossiers this jury is meant to hear.

    Challenges: the proposals pre-selected (or already auditioned). Candidates: the
    dossiers found admissible at the call's pre-screening, or every submitted dossier
    when the call had no pre-screening decision.
    """
    dossiers = Dossier.objects.filter(call_id=jury.call_id, status=Dossier.Status.SUBMITTED)
    if jury.kind == Jury.Kind.CHALLENGES:
        return dossiers.filter(proposal__state__in=[Proposal.State.PRESELECTED, Proposal.State.AUDITIONED])
    admissible = Decision.objects.filter(
        grid__call_id=jury.call_id, grid__phase=Grid.Phase.PRESCREENING, admissible=True
    ).values("dossier_id")
    if admissible.exists():
        return dossiers.filter(pk__in=admissible)
    return dossiers
