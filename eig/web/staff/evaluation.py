"""The programme team's pages of a call's evaluation: its grids, one grid's reviewers,
conflicts and assignment, the calibrated ranking, the admissibility decisions, and the
programme's remarks on a dossier.

Every page answers 404 to anyone outside the team. Each POST is one service call of
eig.reviews.services; a DomainError comes back as a French message and changes nothing.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.notifications.services import render as render_message
from eig.reviews import queries, services
from eig.reviews.defaults import DEFAULTS
from eig.reviews.models import Conflict, Grid, PairRule, Review

from . import send_preview
from . import views as dossier_views
from .forms import (
    REMOVE_RULE,
    DecisionsForm,
    GridInstallForm,
    InviteReviewerForm,
    PairRuleForm,
    RankingFilterForm,
    RemarkForm,
    StaffConflictForm,
    profile_codes,
)
from .permissions import staff_only

RANKING_PAGE_SIZE = 50
ASSIGNMENT_PAGE_SIZE = 50


def _call(slug) -> Call:
    return get_object_or_404(Call, slug=slug)


def _grid(call, grid_id) -> Grid:
    return get_object_or_404(Grid.objects.select_related("call"), pk=grid_id, call=call)


def _overview_title(call) -> str:
    return _("Évaluation — %(call)s") % {"call": call.title}


def _grid_title(grid) -> str:
    return _(grid.title)


def _grid_url(grid, anchor="") -> str:
    url = reverse("staff:evaluation_grid", kwargs={"slug": grid.call.slug, "grid": grid.pk})
    return f"{url}#{anchor}" if anchor else url


def _ranking_url(grid) -> str:
    return reverse("staff:evaluation_ranking", kwargs={"slug": grid.call.slug, "grid": grid.pk})


def _overview_crumbs(call) -> dict:
    return {
        "parent_url": reverse("staff:call_list"),
        "parent_label": _("Appels : suivi des dossiers"),
        "parent2_url": reverse("staff:evaluation_overview", kwargs={"slug": call.slug}),
        "parent2_label": _overview_title(call),
    }


def _dossier_url(call, number) -> str:
    name = "staff:proposal_detail" if call.kind == Call.Kind.CHALLENGES else "staff:dossier_detail"
    return reverse(name, kwargs={"slug": call.slug, "number": number})


def _percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


# --- Overview -----------------------------------------------------------------------


def _install_initial(call, grids, phase) -> dict:
    """Dates that follow the calendar: after the call closes, or after the pre-screening."""
    opens = call.closes_at
    if phase == Grid.Phase.JURY:
        previous = [g for g in grids if g.phase == Grid.Phase.PRESCREENING]
        if previous:
            opens = previous[0].closes_at
    opens = timezone.localtime(opens)
    closes = opens + datetime.timedelta(days=21)
    return {"phase": phase, "opens_at": opens, "closes_at": closes, "reveals_at": closes, "reviews_per_dossier": 3}


def _render_overview(request, call, *, bound=None, status=200):
    grids = list(call.grids.order_by("opens_at", "pk"))
    rows = []
    for grid in grids:
        progress = queries.grid_progress(grid)
        expected = progress["dossiers"] * grid.reviews_per_dossier
        rows.append(
            {
                "grid": grid,
                "title": _grid_title(grid),
                "progress": progress,
                "expected": expected,
                "percent": _percent(progress["submitted"], expected),
            }
        )
    installed = {g.phase for g in grids}
    bound_phase = bound.data.get("phase") if bound is not None else None
    installs = []
    for phase, spec in DEFAULTS.get(call.kind, {}).items():
        if phase in installed:
            continue
        mine = bound is not None and bound_phase == phase
        installs.append(
            {
                "phase": Grid.Phase(phase),
                "title": _(spec["title"]),
                "criteria": len(spec["criteria"]),
                "scale": spec["scale"],
                "verdict": spec["verdict"],
                "mode": Grid.Mode(spec["mode"]).label,
                "form": bound
                if mine
                else GridInstallForm(initial=_install_initial(call, grids, phase), auto_id=f"{phase}-%s"),
            }
        )
    # A refused install whose phase has no form on the page (already installed, unknown).
    general_errors = []
    if bound is not None and bound_phase not in {str(i["phase"]) for i in installs}:
        general_errors = [error for errors in bound.errors.values() for error in errors]
    return render(
        request,
        "staff/evaluation/overview.html",
        {
            "title": _overview_title(call),
            "call": call,
            "rows": rows,
            "installs": installs,
            "general_errors": general_errors,
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
        status=status,
    )


@staff_only
@require_safe
def overview(request, slug):
    return _render_overview(request, _call(slug))


@staff_only
@require_POST
def install_grid(request, slug):
    call = _call(slug)
    phase = request.POST.get("phase", "")
    form = GridInstallForm(request.POST, auto_id=f"{phase}-%s")
    if not form.is_valid():
        return _render_overview(request, call, bound=form, status=400)
    data = form.cleaned_data
    try:
        grid = services.create_grid(
            call,
            data["phase"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            reveals_at=data["reveals_at"],
            k=data["reviews_per_dossier"],
            blind=data["blind"],
            by=request.user,
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_overview(request, call, bound=form, status=409)
    messages.success(request, _("Grille « %(title)s » installée.") % {"title": _grid_title(grid)})
    return redirect(_grid_url(grid))


# --- One grid -----------------------------------------------------------------------


def _render_grid(request, grid, *, invite_form=None, rule_form=None, conflict_form=None, error="", status=200):
    call = grid.call
    assigned = grid.mode == Grid.Mode.ASSIGNED
    labels = grid.level_labels or []
    levels = [
        {"level": level, "label": _(labels[i]) if i < len(labels) else str(level)}
        for i, level in enumerate(grid.levels)
    ]
    codes = profile_codes()
    reviewers = list(queries.staff_reviewers(grid))
    for reviewer in reviewers:
        reviewer.tag_labels = [codes.get(tag, tag) for tag in reviewer.tags]
    run = grid.runs.first() if assigned else None
    dossiers = Paginator(services.reviewable_dossiers(grid), ASSIGNMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    by_dossier = queries.assignments_by_dossier(grid, [d.pk for d in dossiers])
    assignment_rows = [
        {
            "dossier": dossier,
            "url": _dossier_url(call, dossier.number),
            "assignments": by_dossier.get(dossier.pk, []),
            "missing": max(grid.reviews_per_dossier - len(by_dossier.get(dossier.pk, [])), 0),
        }
        for dossier in dossiers
    ]
    active = [r for r in reviewers if r.dropped_at is None]
    return render(
        request,
        "staff/evaluation/grid.html",
        {
            "title": _grid_title(grid),
            "call": call,
            "grid": grid,
            "assigned": assigned,
            "criteria": [{"criterion": c, "label": _(c.label)} for c in grid.criteria.all()],
            "levels": levels,
            "reviewers": reviewers,
            "run": run,
            "unmet": sorted((run.unmet or {}).items()) if run else [],
            "rules": list(queries.grid_pair_rules(grid)) if assigned else [],
            "conflicts": list(queries.grid_conflicts(grid)),
            "page_obj": dossiers,
            "querystring": "",
            "assignment_rows": assignment_rows,
            "error": error,
            "invite_form": invite_form or InviteReviewerForm(auto_id="invite-%s"),
            "rule_form": rule_form or (PairRuleForm(grid=grid, auto_id="rule-%s") if active else None),
            "conflict_form": conflict_form or (StaffConflictForm(grid=grid, auto_id="conflict-%s") if active else None),
            "remove_rule": REMOVE_RULE,
            "ranking_url": _ranking_url(grid),
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
            "parent2_url": reverse("staff:evaluation_overview", kwargs={"slug": call.slug}),
            "parent2_label": _overview_title(call),
        },
        status=status,
    )


@staff_only
@require_safe
def grid_detail(request, slug, grid):
    return _render_grid(request, _grid(_call(slug), grid))


@staff_only
@require_POST
def invite(request, slug, grid):
    grid = _grid(_call(slug), grid)
    form = InviteReviewerForm(request.POST, auto_id="invite-%s")
    if not form.is_valid():
        return _render_grid(request, grid, invite_form=form, status=400)
    data = form.cleaned_data
    try:
        reviewer = services.invite_reviewer(
            grid, data["email"], tags=data["tags"], capacity=data["capacity"], by=request.user
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_grid(request, grid, invite_form=form, status=409)
    messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": reviewer.email})
    return redirect(_grid_url(grid, "reviewers"))


def _unfinished(reviewer):
    return reviewer.assignments.filter(Q(review__isnull=True) | Q(review__submitted_at__isnull=True))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def drop(request, slug, grid, reviewer):
    """GET asks for confirmation; POST takes the reviewer out (their unfinished dossiers go to others)."""
    grid = _grid(_call(slug), grid)
    reviewer = get_object_or_404(grid.reviewers, pk=reviewer)
    if request.method == "POST":
        try:
            given_back = services.drop_reviewer(reviewer, by=request.user)
        except DomainError as error:
            return _render_grid(request, grid, error=str(error), status=409)
        messages.success(
            request,
            ngettext(
                "%(email)s est retiré de la grille : %(n)s dossier non terminé a été confié à d'autres évaluateurs.",
                "%(email)s est retiré de la grille : %(n)s dossiers non terminés ont été confiés à d'autres évaluateurs.",
                given_back,
            )
            % {"email": reviewer.email, "n": given_back},
        )
        return redirect(_grid_url(grid, "reviewers"))
    return render(
        request,
        "staff/evaluation/drop.html",
        {
            "title": _("Retirer %(email)s") % {"email": reviewer.email},
            "call": grid.call,
            "grid": grid,
            "reviewer": reviewer,
            "unfinished": _unfinished(reviewer).count(),
            "finished": reviewer.assignments.filter(review__submitted_at__isnull=False).count(),
            "grid_url": _grid_url(grid, "reviewers"),
            "parent_url": reverse("staff:evaluation_overview", kwargs={"slug": grid.call.slug}),
            "parent_label": _overview_title(grid.call),
            "parent2_url": _grid_url(grid),
            "parent2_label": _grid_title(grid),
        },
    )


@staff_only
@require_POST
def run_assignment(request, slug, grid):
    grid = _grid(_call(slug), grid)
    try:
        run = services.run_assignment(grid, by=request.user)
    except DomainError as error:
        return _render_grid(request, grid, error=str(error), status=409)
    if run.unmet:
        messages.warning(
            request,
            ngettext(
                "Répartition calculée : %(pairs)s affectations ; %(n)s dossier n'a pas tous ses évaluateurs (voir le détail).",
                "Répartition calculée : %(pairs)s affectations ; %(n)s dossiers n'ont pas tous leurs évaluateurs (voir le détail).",
                len(run.unmet),
            )
            % {"pairs": run.pairs, "n": len(run.unmet)},
        )
    else:
        messages.success(
            request,
            _("Répartition calculée : %(pairs)s affectations, chaque dossier a ses %(k)s évaluateurs.")
            % {"pairs": run.pairs, "k": grid.reviews_per_dossier},
        )
    return redirect(_grid_url(grid, "assignment"))


@staff_only
@require_POST
def pair_rule(request, slug, grid):
    grid = _grid(_call(slug), grid)
    form = PairRuleForm(request.POST, grid=grid, auto_id="rule-%s")
    if not form.is_valid():
        return _render_grid(request, grid, rule_form=form, status=400)
    reviewer, dossier, kind = form.cleaned_data["reviewer"], form.cleaned_data["number"], form.cleaned_data["kind"]
    try:
        services.set_pair_rule(reviewer, dossier, None if kind == REMOVE_RULE else kind, by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_grid(request, grid, rule_form=form, status=409)
    if kind == REMOVE_RULE:
        text = _("Règle retirée pour %(email)s et le dossier %(number)s.")
    elif kind == PairRule.Kind.PIN:
        text = _("Le dossier %(number)s sera confié à %(email)s au prochain calcul.")
    else:
        text = _("Le dossier %(number)s ne sera plus confié à %(email)s au prochain calcul.")
    messages.success(request, text % {"email": reviewer.email, "number": dossier.number})
    return redirect(_grid_url(grid, "rules"))


@staff_only
@require_POST
def staff_conflict(request, slug, grid):
    grid = _grid(_call(slug), grid)
    form = StaffConflictForm(request.POST, grid=grid, auto_id="conflict-%s")
    if not form.is_valid():
        return _render_grid(request, grid, conflict_form=form, status=400)
    reviewer, dossier = form.cleaned_data["reviewer"], form.cleaned_data["number"]
    try:
        services.declare_conflict(
            reviewer, dossier, reason=form.cleaned_data["reason"], by=request.user, source=Conflict.Source.STAFF
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_grid(request, grid, conflict_form=form, status=409)
    messages.success(
        request,
        _("Conflit enregistré : %(email)s ne verra pas le dossier %(number)s.")
        % {"email": reviewer.email, "number": dossier.number},
    )
    return redirect(_grid_url(grid, "conflicts"))


# --- Ranking and decisions ------------------------------------------------------------


def _total_range(criteria, grid) -> tuple[float, float]:
    weight = sum(c.weight for c in criteria) or 1
    return weight * grid.scale_min, weight * grid.scale_max


def _shown(value: float | None, decimals: int = 2) -> str:
    """A score as people read it here (« 12,50 »), without the « −0,00 » of a rounding residue."""
    if value is None:
        return "—"
    return formats.number_format(round(value, decimals) + 0.0, decimals)


def _total(value: float) -> str:
    return formats.number_format(value, 0 if float(value).is_integer() else 1)


def _svg_number(value: float) -> str:
    """An SVG attribute's number: a dot for decimals whatever the language (templates would localise a float)."""
    return f"{value:.1f}"


def _position(value, low, high) -> str:
    """Where a total sits on the grid's scale, in percent (for the SVG strips)."""
    if value is None or high <= low:
        return "0"
    return _svg_number(100 * min(max((value - low) / (high - low), 0.0), 1.0))


def _severity_rows(result, grid) -> list[dict]:
    if result is None or result.calibration is None:
        return []
    emails = dict(grid.reviewers.values_list("pk", "email"))
    stats = result.calibration.reviewers
    widest = max((abs(s.severity) for s in stats), default=0.0) or 1.0
    rows = []
    for s in sorted(stats, key=lambda s: s.severity):
        width = 50 * abs(s.severity) / widest
        rows.append(
            {
                "email": emails.get(int(s.reviewer), s.reviewer),
                "n": s.n_reviews,
                "mean": _shown(s.mean),
                "severity": _shown(s.severity),
                "x": _svg_number(50 if s.severity >= 0 else 50 - width),
                "width": _svg_number(width),
                "lenient": s.severity >= 0,
            }
        )
    return rows


@staff_only
@require_safe
def ranking(request, slug, grid):
    call = _call(slug)
    grid = _grid(call, grid)
    form = RankingFilterForm(request.GET or None, call=call, auto_id="filter-%s")
    filters = form.filters()
    # Every dossier is ranked; only the page shown is filled with names, totals and decisions.
    result = queries.ranking(grid, details=False, **filters)
    page = Paginator(result.rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    result.detail(page.object_list)
    criteria = list(grid.criteria.all())
    low, high = _total_range(criteria, grid)
    verdicts = dict(Review.Verdict.choices)
    rows = []
    for row in page:
        rows.append(
            {
                "row": row,
                "url": _dossier_url(call, row.dossier.number),
                "mean": _shown(row.mean),
                "z_mean": _shown(row.z_mean),
                "adjusted": _shown(row.adjusted),
                "totals": " · ".join(_total(total) for total in row.totals),
                "disagreements": [_(label) for label in row.disagreements],
                "dots": [_position(total, low, high) for total in row.totals],
                "mean_at": _position(row.mean, low, high),
                "verdicts": [(verdicts.get(v, v), n) for v, n in sorted(row.verdicts.items())],
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    decided = dict(grid.decisions.values_list("admissible").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "staff/evaluation/ranking.html",
        {
            "title": _("Classement — %(grid)s") % {"grid": _grid_title(grid)},
            "call": call,
            "grid": grid,
            "form": form,
            "kind": result.kind,
            "result": result,
            "rows": rows,
            "page_obj": page,
            "querystring": params.urlencode(),
            "scale_low": low,
            "scale_high": high,
            "severities": _severity_rows(result, grid),
            "admissible_count": decided.get(True, 0),
            "not_admissible_count": decided.get(False, 0),
            "decision_form": DecisionsForm(grid=grid, auto_id="decision-%s"),
            "decisions_url": reverse("staff:evaluation_decisions", kwargs={"slug": call.slug, "grid": grid.pk}),
            **_overview_crumbs(call),
        },
    )


def _render_decisions(request, grid, form, *, editing, error="", early_error="", status=200):
    """The preview of the decisions (what each person will receive), or the form to fix them."""
    call = grid.call
    dossiers = form.cleaned_data.get("dossiers") if hasattr(form, "cleaned_data") else None
    if not isinstance(dossiers, list):
        numbers = [n for n in request.POST.getlist("dossiers") if n]
        dossiers = list(services.reviewable_dossiers(grid).filter(number__in=numbers).select_related("owner"))
    names = queries.names_of(d.pk for d in dossiers)
    current = {d.dossier_id: d for d in grid.decisions.filter(dossier__in=dossiers)}
    preview = not editing and form.is_valid()
    data = form.cleaned_data if preview else {}
    items = []
    for dossier in dossiers:
        decision = current.get(dossier.pk)
        item = {"dossier": dossier, "name": names.get(dossier.pk, ""), "url": _dossier_url(call, dossier.number)}
        item["current"] = decision
        if preview:
            unchanged = decision is not None and (decision.admissible, decision.reason, decision.note) == (
                data["admissible"],
                data["reason"],
                data["note"],
            )
            item["unchanged"] = unchanged
            context = services.decision_message_context(
                grid, dossier, admissible=data["admissible"], reason=data["reason"], note=data["note"]
            )
            item["subject"], item["body"], _html = render_message("admissibility_decision", "fr", context)
        items.append(item)
    outgoing = None
    if preview:
        outgoing = send_preview.decisions_preview(
            grid,
            [item["dossier"] for item in items if not item["unchanged"]],
            names,
            admissible=data["admissible"],
            reason=data["reason"],
            note=data["note"],
        )
    # Results never leave early (field test, item 2): before the deadline, the confirmation asks
    # for the typed phrase of eig.reviews.services.decide.
    early = timezone.now() < call.closes_at
    return render(
        request,
        "staff/evaluation/decisions.html",
        {
            "title": _("Décisions d'admissibilité — aperçu") if preview else _("Décisions d'admissibilité"),
            "call": call,
            "grid": grid,
            "form": form,
            "items": items,
            "editing": not preview,
            "error": error,
            "admissible": data.get("admissible"),
            "reason_label": dict(form.fields["reason"].choices).get(data.get("reason"), ""),
            "note": data.get("note", ""),
            "preview": outgoing,
            "early": early,
            "early_phrase": services.EARLY_SEND_PHRASE,
            "early_error": early_error,
            "closes_at": formats.date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT"),
            "ranking_url": _ranking_url(grid),
            "decisions_url": reverse("staff:evaluation_decisions", kwargs={"slug": call.slug, "grid": grid.pk}),
            "parent_url": reverse("staff:evaluation_overview", kwargs={"slug": call.slug}),
            "parent_label": _overview_title(call),
            "parent2_url": _ranking_url(grid),
            "parent2_label": _("Classement — %(grid)s") % {"grid": _grid_title(grid)},
        },
        status=status,
    )


@staff_only
@require_POST
def decisions(request, slug, grid):
    """First POST: the preview; the preview's « Confirmer » (confirm=1): the decisions, notified."""
    grid = _grid(_call(slug), grid)
    if not [n for n in request.POST.getlist("dossiers") if n]:
        messages.error(request, _("Cochez au moins un dossier du classement."))
        return redirect(_ranking_url(grid))
    form = DecisionsForm(request.POST, grid=grid, auto_id="decision-%s")
    if not form.is_valid():
        return _render_decisions(request, grid, form, editing=True, status=400)
    if "edit" in request.POST:
        return _render_decisions(request, grid, form, editing=True)
    if "confirm" not in request.POST:
        return _render_decisions(request, grid, form, editing=False)
    data = form.cleaned_data
    now = timezone.now()
    try:
        decided = services.decide(
            grid,
            data["dossiers"],
            admissible=data["admissible"],
            reason=data["reason"],
            note=data["note"],
            early_confirmation=request.POST.get("early_confirmation", "")[:100],
            by=request.user,
            now=now,
        )
    except services.CallStillOpen as error:
        # Back to the same preview, the phrase field marked: nothing was decided.
        return _render_decisions(request, grid, form, editing=False, early_error=str(error), status=409)
    except DomainError as error:
        return _render_decisions(request, grid, form, editing=True, error=str(error), status=409)
    changed = sum(1 for d in decided if d.decided_at == now)
    text = ngettext(
        "%(n)s décision enregistrée, la personne est prévenue.",
        "%(n)s décisions enregistrées, les candidats sont prévenus.",
        changed,
    ) % {"n": changed}
    if changed < len(decided):
        text += " " + ngettext(
            "%(n)s décision était déjà enregistrée à l'identique : aucun nouveau message.",
            "%(n)s décisions étaient déjà enregistrées à l'identique : aucun nouveau message.",
            len(decided) - changed,
        ) % {"n": len(decided) - changed}
    messages.success(request, text)
    return redirect(_ranking_url(grid))


# --- Programme remarks ----------------------------------------------------------------


@staff_only
@require_POST
def remark(request, slug, number):
    call = _call(slug)
    dossier = dossier_views.dossier_of(call, number)
    form = RemarkForm(request.POST, auto_id="remark-%s")
    if not form.is_valid():
        return dossier_views.render_dossier_detail(request, call, dossier, remark_form=form, status=400)
    try:
        services.add_remark(dossier, form.cleaned_data["text"], by=request.user)
    except DomainError as error:
        form.add_error("text", str(error))
        return dossier_views.render_dossier_detail(request, call, dossier, remark_form=form, status=409)
    messages.success(request, _("Remarque ajoutée au dossier ; le jury la verra."))
    return redirect(reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number}) + "#remarks")
