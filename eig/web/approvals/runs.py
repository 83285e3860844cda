"""A promotion's team proposal before the approvers (a `Kind` of kit.py).

Règlement 2020 art. 6.5: the final list « est présentée et validée par le directeur ». Staff
freeze a run (eig.selection.services.freeze: its SHA-256 digest is set); an approver reads it —
the parameters, the teams with each person's explanation, the waiting list, the refused, its
validator's findings and whether its content still matches the digest — then approves it or
returns it with a comment. A draft is staff's work in progress: it answers 404 here.
"""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.calls.models import Dossier
from eig.challenges.models import Challenge, Position
from eig.reviews.queries import names_of
from eig.selection import queries, services
from eig.selection.models import Outcome, SelectionRun
from eig.selection.states import SELECTION_RUN

from .kit import Kind

# The engine's weights (eig.engines.teams.Weights), as the approvers read them.
WEIGHT_LABELS = {
    "wish": gettext_lazy("Vœux des candidats (points par rang de vœu)"),
    "jury": gettext_lazy("Classement du jury (points par rang)"),
    "teammate": gettext_lazy("Binômes demandés par les deux candidats, réunis"),
    "unfilled": gettext_lazy("Pénalité d'un défi laissé sans équipe"),
}

# The run's counts (SelectionRun.summary) the approvers are shown, in this order.
SUMMARY_LABELS = {
    "placed": gettext_lazy("Candidats placés"),
    "proposed": gettext_lazy("Placés sur un défi proposé par le jury"),
    "pinned_unranked": gettext_lazy("Placés par épinglage sans classement du jury"),
    "teammates_requested": gettext_lazy("Binômes demandés par les deux candidats"),
    "teammates_together": gettext_lazy("Binômes réunis"),
    "unstaffed": gettext_lazy("Défis sans équipe"),
    "undersized": gettext_lazy("Équipes sous la taille minimale"),
}


@dataclass
class Member:
    dossier: Dossier
    name: str
    explanation: str
    position: Position | None = None
    pinned: bool = False
    excluded: bool = False


@dataclass
class Team:
    challenge: Challenge
    members: list[Member] = field(default_factory=list)


@dataclass
class Composition:
    teams: list[Team]
    waiting: list[Member]
    refused: list[Member]
    removed: list[Challenge]


def composition(run: SelectionRun) -> Composition:
    """The run as the candidates will be told it (SelectionRun.decision_for, as send_offers): placed
    (by challenge), waiting list (ranked by a jury but not placed), refused (the others), in
    four queries whatever the size of the promotion."""
    assignment = {int(d): int(p) for d, p in run.assignment.items()}
    eligible = run.eligible_set
    excluded = {int(d) for d in run.exclusions}
    pinned = {(int(d), int(p)) for d, p in run.pins}
    ids = sorted({int(d) for d in run.explanations} | set(assignment) | eligible | excluded)
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=ids).select_related("owner")}
    positions = {
        p.pk: p
        for p in Position.objects.filter(pk__in=set(assignment.values())).select_related(
            "challenge__administration", "profile"
        )
    }
    names = names_of(ids)

    def member(pk, position=None) -> Member:
        dossier = dossiers[pk]
        return Member(
            dossier=dossier,
            name=queries.display_name(dossier, names),
            explanation=run.explanations.get(str(pk), ""),
            position=position,
            pinned=position is not None and (pk, position.pk) in pinned,
            excluded=pk in excluded,
        )

    teams: dict[int, Team] = {}
    waiting, refused = [], []
    for pk in sorted(dossiers, key=lambda pk: dossiers[pk].number):
        decision = run.decision_for(pk)
        if decision == Outcome.Decision.LAUREATE:
            position = positions[assignment[pk]]
            team = teams.setdefault(position.challenge_id, Team(position.challenge))
            team.members.append(member(pk, position))
        elif decision == Outcome.Decision.WAITING_LIST:
            waiting.append(member(pk))
        else:
            refused.append(member(pk))
    for team in teams.values():
        team.members.sort(key=lambda m: (m.position.order, m.position.pk))
    removed = list(Challenge.objects.filter(pk__in=[int(c) for c in run.removed]).order_by("title"))
    return Composition(
        teams=sorted(teams.values(), key=lambda t: (t.challenge.title, t.challenge.pk)),
        waiting=waiting,
        refused=refused,
        removed=removed,
    )


def _summary_rows(run: SelectionRun) -> list[tuple[str, int]]:
    summary = run.summary or {}
    rows = [(SUMMARY_LABELS["placed"], summary["placed"])] if "placed" in summary else []
    wishes = sorted((k for k in summary if k.startswith("wish_")), key=lambda k: int(k.split("_")[1]))
    rows += [(_("Placés sur leur vœu n° %(k)s") % {"k": k.split("_")[1]}, summary[k]) for k in wishes]
    rows += [(label, summary[key]) for key, label in SUMMARY_LABELS.items() if key != "placed" and key in summary]
    return rows


def _get(pk) -> SelectionRun:
    """A run the approvers may read: submitted to them, or decided. A draft does not exist here."""
    return get_object_or_404(
        SelectionRun.objects.select_related("call__promotion", "frozen_by", "created_by").filter(
            state__in=SELECTION_RUN.group("seen_by_approvers")
        ),
        pk=pk,
    )


def _context(run: SelectionRun) -> dict:
    return {
        "run": run,
        "weights": [(label, run.weights[key]) for key, label in WEIGHT_LABELS.items() if key in run.weights],
        "summary_rows": _summary_rows(run),
        "composition": composition(run),
        "pinned_count": len(run.pins),
        "excluded_count": len(run.exclusions),
    }


def _consequences(run: SelectionRun) -> list[str]:
    found = composition(run)
    return [
        _(
            "La proposition « %(run)s » deviendra la liste définitive de la promotion : elle ne pourra plus "
            "être modifiée ni renvoyée à l'équipe du programme."
        )
        % {"run": run},
        _(
            "L'équipe du programme pourra alors envoyer les décisions : %(laureates)s proposition(s) de "
            "poste dans %(teams)s équipe(s), %(waiting)s personne(s) sur liste d'attente, %(refused)s "
            "personne(s) non retenue(s)."
        )
        % {
            "laureates": sum(len(team.members) for team in found.teams),
            "teams": len(found.teams),
            "waiting": len(found.waiting),
            "refused": len(found.refused),
        },
    ]


RUNS = Kind(
    template="approvals/detail.html",
    url_kwarg="run",
    detail_name="approvals:detail",
    decide_name="approvals:decide",
    get=_get,
    title=lambda run: _("Proposition de promotion : %(run)s") % {"run": run},
    context=_context,
    intact=lambda run: run.is_intact(),
    approvals=queries.approvals_of,
    can_decide=lambda run: SELECTION_RUN.is_in(run.state, "awaiting_decision"),
    ensure_decidable=services.ensure_decidable,
    approve=services.approve,
    return_=services.return_run,
    confirm_title=lambda run: _("Confirmer l'approbation : %(run)s") % {"run": run},
    consequences=_consequences,
    back_label=gettext_lazy("Revenir à la proposition"),
    approved_message=gettext_lazy(
        "Proposition approuvée : elle devient la liste définitive de la promotion. L'équipe du programme "
        "peut envoyer les propositions de poste."
    ),
    returned_message=gettext_lazy("Proposition renvoyée à l'équipe du programme avec votre commentaire."),
)
