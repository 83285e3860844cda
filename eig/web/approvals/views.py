"""The approvers' pages (/validation/): the runs awaiting a decision, one run in full, the decision.

Règlement 2020 art. 6.5: the final list « est présentée et validée par le directeur ». Staff
freeze a run (eig.selection.services.freeze: its SHA-256 digest is set); an approver reads it
here — the parameters, the teams with each person's explanation, the waiting list, the
refused, its validator's findings and whether its content still matches the digest — then
approves it or returns it with a comment (one service call each). A draft is staff's
work in progress: it answers 404 here. An approval is final, so « Approuver » first shows a
confirmation step naming what it fixes; every decision carries the digest of the page read,
and the service refuses it if the run was submitted again since (security review F9), or if
the approver is the person who prepared or submitted it (four eyes, F5).

Thin views: authorise (permissions.approver_only: 404 to anyone without the role), call one
service, redirect. A DomainError of a service (a return without a comment, a second click on
a run already decided, a run changed since its submission) comes back as its French message
with status 400, the typed comment kept.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eig.calls.models import Dossier
from eig.challenges.models import Challenge, Position
from eig.core.errors import DomainError
from eig.reviews.queries import names_of
from eig.selection import queries, services
from eig.selection.models import Outcome, SelectionRun
from eig.selection.states import SELECTION_RUN

from .forms import DecisionForm
from .permissions import approver_only

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


def _composition(run: SelectionRun) -> Composition:
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


def _run(pk) -> SelectionRun:
    """A run the approvers may read: submitted to them, or decided. A draft does not exist here."""
    return get_object_or_404(
        SelectionRun.objects.select_related("call__promotion", "frozen_by", "created_by").filter(
            state__in=SELECTION_RUN.group("seen_by_approvers")
        ),
        pk=pk,
    )


def _crumbs() -> dict:
    return {"parent_url": reverse("approvals:list"), "parent_label": _("Validation des promotions")}


def _render_detail(request, run, *, form=None, error="", status=200):
    composition = _composition(run)
    return render(
        request,
        "approvals/detail.html",
        {
            "title": _("Proposition de promotion : %(run)s") % {"run": run},
            "run": run,
            "intact": run.is_intact(),
            "approvals": list(queries.approvals_of(run)),
            "weights": [(label, run.weights[key]) for key, label in WEIGHT_LABELS.items() if key in run.weights],
            "summary_rows": _summary_rows(run),
            "composition": composition,
            "pinned_count": len(run.pins),
            "excluded_count": len(run.exclusions),
            "form": form or DecisionForm(auto_id="decision-%s"),
            "can_decide": SELECTION_RUN.is_in(run.state, "awaiting_decision"),
            "error": error,
            **_crumbs(),
        },
        status=status,
    )


@approver_only
@require_safe
def run_list(request):
    decided = list(queries.decided_runs())
    for run in decided:
        approvals = list(run.approvals.all())  # prefetched, oldest first: the last one decided
        run.last_approval = approvals[-1] if approvals else None
    return render(
        request,
        "approvals/list.html",
        {
            "title": _("Validation des promotions"),
            "awaiting": list(queries.runs_awaiting_approval()),
            "decided": decided,
        },
    )


@approver_only
@require_safe
def run_detail(request, run):
    return _render_detail(request, _run(run))


def _render_confirmation(request, run, form):
    """The step between « Approuver » and the approval: what approving fixes, said before it is done."""
    composition = _composition(run)
    data = form.cleaned_data
    return render(
        request,
        "approvals/confirm.html",
        {
            "title": _("Confirmer l'approbation : %(run)s") % {"run": run},
            "run": run,
            "consequences": [
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
                    "laureates": sum(len(team.members) for team in composition.teams),
                    "teams": len(composition.teams),
                    "waiting": len(composition.waiting),
                    "refused": len(composition.refused),
                },
                _("Votre approbation enregistre l'empreinte de la version que vous avez lue : %(digest)s.")
                % {"digest": data["digest"]},
            ]
            + (
                [_("Votre commentaire, enregistré avec la décision : « %(comment)s »") % {"comment": data["comment"]}]
                if data["comment"].strip()
                else []
            ),
            "hidden": [("decision", DecisionForm.APPROVE), ("digest", data["digest"]), ("comment", data["comment"])],
            "decide_url": reverse("approvals:decide", kwargs={"run": run.pk}),
            "detail_url": reverse("approvals:detail", kwargs={"run": run.pk}),
            "parent2_url": reverse("approvals:detail", kwargs={"run": run.pk}),
            "parent2_label": str(run),
            **_crumbs(),
        },
    )


@approver_only
@require_POST
def decide(request, run):
    run = _run(run)
    form = DecisionForm(request.POST, auto_id="decision-%s")
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _render_detail(request, run, form=form, error=error, status=400)
    comment, seen = form.cleaned_data["comment"], form.cleaned_data["digest"]
    approving = form.cleaned_data["decision"] == DecisionForm.APPROVE
    try:
        if approving and not form.cleaned_data["confirm"]:
            # Nothing is recorded yet; a refusal (a stale page, one's own proposal) is said now
            # rather than after the confirmation.
            services.ensure_decidable(run, approver=request.user, seen_digest=seen)
            return _render_confirmation(request, run, form)
        if approving:
            services.approve(run, approver=request.user, comment=comment, seen_digest=seen)
            message = _(
                "Proposition approuvée : elle devient la liste définitive de la promotion. L'équipe du programme "
                "peut envoyer les propositions de poste."
            )
        else:
            services.return_run(run, approver=request.user, comment=comment, seen_digest=seen)
            message = _("Proposition renvoyée à l'équipe du programme avec votre commentaire.")
    except DomainError as error:
        # Shown as it stands now (a second click finds it decided), with what was typed.
        return _render_detail(request, _run(run.pk), form=form, error=str(error), status=400)
    messages.success(request, message)
    return redirect("approvals:detail", run=run.pk)
