"""The programme team's selection pages of a call for applications: running the team engine
(optimal or stable) with weights, pins, exclusions and removed challenges; a run's teams and
explanations with its what-ifs (each a new run compared with the first); comparing two runs;
submitting a run to the approvers; then, once approved, the offers, the waiting list, the
replacements and the publication of the promotion.

Every page answers 404 to anyone outside the team, and for a call for challenges. Each POST
is one service call of eig.selection.services; a DomainError comes back as the service's
French message with status 400 and changes nothing.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.reviews.queries import names_of
from eig.selection import queries, services
from eig.selection.models import Offer, Outcome, SelectionRun
from eig.selection.states import OFFER, SELECTION_RUN

from . import send_preview
from .permissions import staff_only
from .selection_forms import (
    WEIGHT_FIELDS,
    CompareForm,
    ConfirmReplacementForm,
    DeadlineForm,
    ExcludeForm,
    PinForm,
    RemoveChallengeForm,
    RunForm,
    WeightsForm,
    WithdrawForm,
    default_deadline,
    new_request_key,
)
from .selection_queries import Roster, offer_rows, position_label, roster, teams_of

STATUS_LABELS = {
    "optimal": gettext_lazy("optimum prouvé"),
    "feasible": gettext_lazy("réalisable, optimum non prouvé"),
    "infeasible": gettext_lazy("impossible"),
    "unknown": gettext_lazy("aucune solution trouvée à temps"),
    "stable": gettext_lazy("stable"),
    "unstable": gettext_lazy("instable"),
}


# --- Shared helpers ------------------------------------------------------------------------------


def _call(slug) -> Call:
    return get_object_or_404(Call.objects.select_related("promotion"), slug=slug, kind=Call.Kind.APPLICATIONS)


def _run(call, pk) -> SelectionRun:
    return get_object_or_404(SelectionRun.objects.select_related("created_by", "frozen_by"), pk=pk, call=call)


def _offer(call, pk) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("run", "dossier__owner", "position__challenge", "position__profile"),
        pk=pk,
        run__call=call,
    )


def _url(name, call, **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"slug": call.slug, **kwargs})


def _compare_url(call, a, b) -> str:
    return _url("selection_compare", call) + "?" + urlencode({"a": a.pk, "b": b.pk})


def _title(call) -> str:
    return _("Sélection — %(call)s") % {"call": call.title}


def _page(request, template, call, title, context, *, section, status=200):
    crumbs = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if section != "overview":
        crumbs |= {"parent2_url": _url("selection_overview", call), "parent2_label": _title(call)}
    return render(
        request, template, {"title": title, "call": call, "section": section, **crumbs, **context}, status=status
    )


def _moment(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y à H:i")


def _decorate(run: SelectionRun) -> SelectionRun:
    """What the templates show of a run beyond its fields."""
    run.status_label = STATUS_LABELS.get(run.status, run.status)
    run.placed = len(run.assignment)
    run.gap_percent = None if run.gap is None else run.gap * 100
    return run


def _figures(run: SelectionRun) -> list[tuple[str, object]]:
    """The counts of a run, in French, the same for both methods (services._counts)."""
    summary = run.summary or {}
    rows = [(_("Personnes placées"), summary.get("placed", len(run.assignment)))]
    for key in sorted((k for k in summary if k.startswith("wish_")), key=lambda k: int(k.split("_")[1])):
        rows.append((_("Sur leur vœu n° %(k)s") % {"k": key.split("_")[1]}, summary[key]))
    rows += [
        (_("Sur un défi proposé par le jury"), summary.get("proposed", 0)),
        (_("Épinglées sans classement du jury"), summary.get("pinned_unranked", 0)),
        (
            _("Binômes demandés réunis"),
            _("%(together)s sur %(requested)s")
            % {"together": summary.get("teammates_together", 0), "requested": summary.get("teammates_requested", 0)},
        ),
        (_("Défis sans équipe"), summary.get("unstaffed", 0)),
        (_("Équipes trop petites"), summary.get("undersized", 0)),
    ]
    return rows


def _run_once(request, call, params) -> tuple[SelectionRun, bool]:
    """The run these parameters make, or the one the same submission already made (its form's
    one-time key: a double click, a reload). Raises DomainError."""
    run = services.run_selection(call, by=request.user, **params)
    return run, not run.repeated


def _ran(request, run, created) -> None:
    if not created:
        messages.info(request, _("Ce calcul a déjà été lancé par ce même envoi du formulaire : voici son résultat."))
        return
    messages.success(
        request,
        ngettext(
            "Calcul terminé : %(n)s personne placée (%(status)s, %(seconds)s s).",
            "Calcul terminé : %(n)s personnes placées (%(status)s, %(seconds)s s).",
            len(run.assignment),
        )
        % {
            "n": len(run.assignment),
            "status": STATUS_LABELS.get(run.status, run.status),
            "seconds": formats.number_format(run.wall_seconds, 2),
        },
    )


# --- 1. Overview: the runs and the run form ------------------------------------------------------


def _render_overview(request, call, *, people: Roster | None = None, form=None, status=200):
    people = people or roster(call)
    runs = [_decorate(run) for run in queries.runs_of(call)]
    approved = next((run for run in runs if run.is_approved), None)
    optimal = next((run for run in runs if run.mode == SelectionRun.Mode.OPTIMAL), None)
    stable = next((run for run in runs if run.mode == SelectionRun.Mode.STABLE), None)
    return _page(
        request,
        "staff/selection/overview.html",
        call,
        _title(call),
        {
            "runs": runs,
            "approved": approved,
            "modes_url": _compare_url(call, optimal, stable) if optimal and stable else "",
            "form": form or RunForm(roster=people, auto_id="run-%s"),
            "candidate_count": len(people.dossiers),
            "position_count": len(people.positions),
            "challenge_count": len(people.challenges),
        },
        section="overview",
        status=status,
    )


@staff_only
@require_safe
def overview(request, slug):
    return _render_overview(request, _call(slug))


@staff_only
@require_POST
def run(request, slug):
    call = _call(slug)
    people = roster(call)
    form = RunForm(request.POST, roster=people, auto_id="run-%s")
    if not form.is_valid():
        return _render_overview(request, call, people=people, form=form, status=400)
    try:
        new, created = _run_once(request, call, form.parameters())
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_overview(request, call, people=people, form=form, status=400)
    _ran(request, new, created)
    return redirect(_url("selection_detail", call, run=new.pk))


# --- 2. A run: its teams, explanations, what-ifs, submission ------------------------------------


def _render_detail(request, run, *, people=None, forms=None, error="", status=200):
    call = run.call
    people = people or roster(call)
    forms = forms or {}
    teams, unplaced = teams_of(run, people)
    other = SelectionRun.Mode.STABLE if run.mode == SelectionRun.Mode.OPTIMAL else SelectionRun.Mode.OPTIMAL
    initial_weights = {name: run.weights.get(name) for name in WEIGHT_FIELDS}
    return _page(
        request,
        "staff/selection/detail.html",
        call,
        _("Proposition « %(run)s »") % {"run": run},
        {
            "run": _decorate(run),
            "figures": _figures(run),
            "weight_values": [(label, run.weights.get(name)) for name, (label, _help) in WEIGHT_FIELDS.items()],
            "teams": teams,
            "unplaced": unplaced,
            "approvals": list(queries.approvals_of(run)),
            "removed_titles": [c.title for c in people.challenges if c.pk in {int(x) for x in run.removed}],
            "excluded_names": [people.name(pk) for pk in run.exclusions],
            "pinned": [
                (people.name(d), position_label(people.positions[p])) for d, p in run.pins if p in people.positions
            ],
            "pin_form": forms.get("pin") or PinForm(roster=people, auto_id="pin-%s"),
            "exclude_form": forms.get("exclude") or ExcludeForm(roster=people, auto_id="exclude-%s"),
            "remove_form": forms.get("remove") or RemoveChallengeForm(roster=people, auto_id="remove-%s"),
            "weights_form": forms.get("weights") or WeightsForm(initial=initial_weights, auto_id="weights-%s"),
            "other_mode": other,
            "rerun_key": new_request_key(),
            "other_mode_label": SelectionRun.Mode(other).label,
            "error": error,
        },
        section="run",
        status=status,
    )


@staff_only
@require_safe
def detail(request, slug, run):
    return _render_detail(request, _run(_call(slug), run))


def _what_if(request, run, *, form_key, form, people, change, **overrides):
    """A new run with this run's parameters and one change, then the comparison of the two."""
    params = {
        "mode": run.mode,
        "weights": run.weights,
        "pins": run.pins,
        "exclusions": run.exclusions,
        "removed": run.removed,
        "label": (_("%(base)s ; %(change)s") % {"base": run.label or f"#{run.pk}", "change": change})[:200],
        # The submitting form's one-time key (the other-mode button posts it without a form class).
        "request_key": form.cleaned_data.get("request_key", "")
        if form is not None
        else request.POST.get("request_key", ""),
    } | overrides
    try:
        new, created = _run_once(request, run.call, params)
    except DomainError as error:
        if form is None:
            return _render_detail(request, run, people=people, error=str(error), status=400)
        form.add_error(None, str(error))
        return _render_detail(request, run, people=people, forms={form_key: form}, status=400)
    _ran(request, new, created)
    return redirect(_compare_url(run.call, run, new))


def _refuse(request, run, people, form_key, form, field, message):
    form.add_error(field, message)
    return _render_detail(request, run, people=people, forms={form_key: form}, status=400)


@staff_only
@require_POST
def pin(request, slug, run):
    run = _run(_call(slug), run)
    people = roster(run.call)
    form = PinForm(request.POST, roster=people, auto_id="pin-%s")
    if not form.is_valid():
        return _render_detail(request, run, people=people, forms={"pin": form}, status=400)
    dossier, position = form.cleaned_data["dossier"], form.cleaned_data["position"]
    if [dossier, position] in [[int(d), int(p)] for d, p in run.pins]:
        return _refuse(request, run, people, "pin", form, None, _("Cette affectation est déjà verrouillée ici."))
    change = _("%(name)s verrouillé sur %(position)s") % {
        "name": people.name(dossier),
        "position": position_label(people.positions[position]),
    }
    pins = [[int(d), int(p)] for d, p in run.pins if int(d) != dossier] + [[dossier, position]]
    exclusions = [d for d in run.exclusions if int(d) != dossier]
    return _what_if(
        request, run, form_key="pin", form=form, people=people, change=change, pins=pins, exclusions=exclusions
    )


@staff_only
@require_POST
def exclude(request, slug, run):
    run = _run(_call(slug), run)
    people = roster(run.call)
    form = ExcludeForm(request.POST, roster=people, auto_id="exclude-%s")
    if not form.is_valid():
        return _render_detail(request, run, people=people, forms={"exclude": form}, status=400)
    dossier = form.cleaned_data["dossier"]
    if dossier in [int(d) for d in run.exclusions]:
        return _refuse(request, run, people, "exclude", form, "dossier", _("Cette personne est déjà écartée ici."))
    change = _("sans %(name)s") % {"name": people.name(dossier)}
    pins = [[int(d), int(p)] for d, p in run.pins if int(d) != dossier]
    return _what_if(
        request,
        run,
        form_key="exclude",
        form=form,
        people=people,
        change=change,
        exclusions=[*run.exclusions, dossier],
        pins=pins,
    )


@staff_only
@require_POST
def remove(request, slug, run):
    run = _run(_call(slug), run)
    people = roster(run.call)
    form = RemoveChallengeForm(request.POST, roster=people, auto_id="remove-%s")
    if not form.is_valid():
        return _render_detail(request, run, people=people, forms={"remove": form}, status=400)
    challenge = form.cleaned_data["challenge"]
    if challenge in [int(c) for c in run.removed]:
        return _refuse(request, run, people, "remove", form, "challenge", _("Ce défi est déjà retiré ici."))
    title = next(c.title for c in people.challenges if c.pk == challenge)
    positions = {p.pk for c in people.challenges if c.pk == challenge for p in c.positions.all()}
    return _what_if(
        request,
        run,
        form_key="remove",
        form=form,
        people=people,
        change=_("sans le défi %(title)s") % {"title": title},
        removed=[*run.removed, challenge],
        pins=[[int(d), int(p)] for d, p in run.pins if int(p) not in positions],
    )


@staff_only
@require_POST
def weights(request, slug, run):
    run = _run(_call(slug), run)
    people = roster(run.call)
    form = WeightsForm(request.POST, auto_id="weights-%s")
    if not form.is_valid():
        return _render_detail(request, run, people=people, forms={"weights": form}, status=400)
    new = form.weights()
    if new == {name: float(run.weights.get(name, 0)) for name in WEIGHT_FIELDS}:
        return _refuse(request, run, people, "weights", form, None, _("Ces poids sont ceux de cette proposition."))
    changed = ", ".join(
        f"{WEIGHT_FIELDS[name][0]} {formats.number_format(value)}"
        for name, value in new.items()
        if value != float(run.weights.get(name, 0))
    )
    return _what_if(request, run, form_key="weights", form=form, people=people, change=changed, weights=new)


@staff_only
@require_POST
def rerun(request, slug, run):
    """The same parameters with the other method."""
    run = _run(_call(slug), run)
    people = roster(run.call)
    other = SelectionRun.Mode.STABLE if run.mode == SelectionRun.Mode.OPTIMAL else SelectionRun.Mode.OPTIMAL
    return _what_if(
        request,
        run,
        form_key="rerun",
        form=None,
        people=people,
        change=str(SelectionRun.Mode(other).label),
        mode=other,
    )


def _confirmation(request, run, template, title, *, error="", status=200, **context):
    return _page(
        request,
        template,
        run.call,
        title,
        {"run": _decorate(run), "figures": _figures(run), "error": error, **context},
        section="run",
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def freeze(request, slug, run):
    """GET asks for confirmation; POST submits the run to the approvers."""
    run = _run(_call(slug), run)
    error = ""
    if request.method == "POST":
        try:
            services.freeze(run, by=request.user)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Proposition soumise aux valideurs, qui sont prévenus par courriel. Empreinte SHA-256 : %(digest)s")
                % {"digest": run.digest},
            )
            return redirect(_url("selection_detail", run.call, run=run.pk))
    return _confirmation(
        request,
        run,
        "staff/selection/freeze.html",
        _("Soumettre la proposition « %(run)s » aux valideurs") % {"run": run},
        error=error,
        status=400 if error else 200,
        approvers=len(queries.approvers()),
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, slug, run):
    """GET asks for confirmation; POST deletes a draft."""
    run = _run(_call(slug), run)
    error = ""
    if request.method == "POST":
        label = str(run)
        try:
            services.delete_run(run, by=request.user)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Brouillon « %(run)s » supprimé.") % {"run": label})
            return redirect(_url("selection_overview", run.call))
    return _confirmation(
        request,
        run,
        "staff/selection/delete.html",
        _("Supprimer la proposition « %(run)s »") % {"run": run},
        error=error,
        status=400 if error else 200,
    )


# --- 3. Comparison of two runs -------------------------------------------------------------------


def _default_pair(runs) -> tuple[SelectionRun | None, SelectionRun | None]:
    """The latest optimal run and the latest stable one, or else the two latest runs."""
    optimal = next((r for r in runs if r.mode == SelectionRun.Mode.OPTIMAL), None)
    stable = next((r for r in runs if r.mode == SelectionRun.Mode.STABLE), None)
    if optimal and stable:
        return optimal, stable
    if len(runs) >= 2:
        return runs[1], runs[0]
    return None, None


def _side_by_side(a, b) -> list[tuple[str, object, object]]:
    def row(run):
        summary = run.summary or {}
        values = [
            run.status_label,
            run.get_state_display(),
            formats.number_format(run.objective, 2),
            "—" if run.gap_percent is None else f"{formats.number_format(run.gap_percent, 2)} %",
            run.placed,
        ]
        values += [summary.get(f"wish_{k}", 0) for k in (1, 2, 3)]
        values += [
            summary.get("proposed", 0),
            summary.get("teammates_together", 0),
            summary.get("unstaffed", 0),
            len(run.warnings) + len(run.problems),
        ]
        return values

    labels = [
        _("Statut du calcul"),
        _("État"),
        _("Valeur (points)"),
        _("Écart à l'optimum"),
        _("Personnes placées"),
        _("Sur leur vœu n° 1"),
        _("Sur leur vœu n° 2"),
        _("Sur leur vœu n° 3"),
        _("Sur un défi proposé par le jury"),
        _("Binômes demandés réunis"),
        _("Défis sans équipe"),
        _("Règles enfreintes"),
    ]
    return list(zip(labels, row(a), row(b), strict=True))


@staff_only
@require_safe
def compare(request, slug):
    call = _call(slug)
    runs = [_decorate(run) for run in queries.runs_of(call)]
    by_pk = {run.pk: run for run in runs}
    status = 200
    if "a" in request.GET or "b" in request.GET:
        form = CompareForm(request.GET, runs=runs, auto_id="compare-%s")
        if form.is_valid():
            a, b = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
        else:
            a = b = None
            status = 400
    else:
        a, b = _default_pair(runs)
        form = CompareForm(initial={"a": a.pk, "b": b.pk} if a else {}, runs=runs, auto_id="compare-%s")
    rows = queries.compare(a, b) if a and b else []
    return _page(
        request,
        "staff/selection/compare.html",
        call,
        _("Comparer deux propositions — %(call)s") % {"call": call.title},
        {
            "form": form,
            "a": a,
            "b": b,
            "figures": _side_by_side(a, b) if a and b else [],
            "rows": rows,
            "enough": len(runs) >= 2,
        },
        section="compare",
        status=status,
    )


# --- 4. Offers, waiting list, replacements, publication ----------------------------------------


def _render_offers(request, call, *, deadline_form=None, error="", withdraw_errors=None, status=200):
    run = queries.approved_run(call)
    context = {"run": run, "error": error}
    withdraw_errors = withdraw_errors or {}
    if run is not None:
        rows, waiting = offer_rows(run)
        for row in rows:
            row.withdraw_error = withdraw_errors.get(row.offer.pk, "")
            row.live = OFFER.is_in(row.offer.status, "live")
            row.vacant = OFFER.is_in(row.offer.status, "vacated") and row.offer.replaced_by_id is None
        outcomes = dict.fromkeys(Outcome.Decision.values, 0)
        for decision in Outcome.objects.filter(run=run).values_list("decision", flat=True):
            outcomes[decision] += 1
        context |= {
            "rows": rows,
            "waiting": waiting,
            "sent": any(outcomes.values()),
            "outcomes": outcomes,
            "accepted": sum(1 for row in rows if row.offer.status == Offer.Status.ACCEPTED),
            "deadline_form": deadline_form
            or DeadlineForm(initial={"deadline": default_deadline()}, auto_id="offers-%s"),
            "promotion_url": call.promotion.get_absolute_url() if run.published_at else "",
        }
    return _page(
        request,
        "staff/selection/offers.html",
        call,
        _("Propositions de poste — %(call)s") % {"call": call.title},
        context,
        section="offers",
        status=status,
    )


@staff_only
@require_safe
def offers(request, slug):
    return _render_offers(request, _call(slug))


def _approved(call) -> SelectionRun:
    return get_object_or_404(SelectionRun, call=call, state__in=SELECTION_RUN.group("final"))


@staff_only
@require_POST
def send_offers(request, slug):
    call = _call(slug)
    run = _approved(call)
    form = DeadlineForm(request.POST, auto_id="offers-%s")
    if not form.is_valid():
        return _render_offers(request, call, deadline_form=form, status=400)
    if not request.POST.get("confirm"):
        # First the preview of what will leave (field test, item 2); only its confirmation sends.
        try:
            notices = services.pending_notices(run, deadline=form.cleaned_data["deadline"])
        except DomainError as error:
            form.add_error(None, str(error))
            return _render_offers(request, call, deadline_form=form, status=400)
        context = {
            "run": run,
            "preview": send_preview.offers_preview(notices),
            "deadline": _moment(form.cleaned_data["deadline"]),
            "deadline_value": request.POST["deadline"],
        }
        title = _("Envoyer les décisions — aperçu")
        return _page(request, "staff/selection/send_offers.html", call, title, context, section="offers")
    try:
        counts = services.send_offers(run, deadline=form.cleaned_data["deadline"], by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_offers(request, call, deadline_form=form, status=400)
    if not any(counts.values()):
        messages.info(request, _("Chaque personne a déjà reçu sa décision : rien de nouveau n'a été envoyé."))
    else:
        messages.success(
            request,
            _(
                "Décisions envoyées : %(laureates)s proposition(s) de poste, %(waiting)s personne(s) sur liste "
                "d'attente, %(refused)s personne(s) non retenue(s). Réponse attendue avant le %(deadline)s."
            )
            % {
                "laureates": counts.get(Outcome.Decision.LAUREATE, 0),
                "waiting": counts.get(Outcome.Decision.WAITING_LIST, 0),
                "refused": counts.get(Outcome.Decision.REFUSED, 0),
                "deadline": _moment(form.cleaned_data["deadline"]),
            },
        )
    return redirect(_url("selection_offers", call))


def _render_withdraw(request, call, offer, reason):
    """The step before a withdrawal, naming what it undoes: nothing is withdrawn yet."""
    name = queries.display_name(offer.dossier, names_of([offer.dossier_id]))
    position = position_label(offer.position)
    consequences = []
    if offer.status == Offer.Status.ACCEPTED:
        consequences.append(
            _(
                "%(name)s a accepté cette proposition : la retirer lui fait perdre sa place dans l'équipe de %(position)s."
            )
            % {"name": name, "position": position}
        )
    consequences += [
        _(
            "Le retrait est définitif : la proposition ne pourra pas être rétablie. Le poste pourra être proposé "
            "à une personne de la liste d'attente."
        ),
        _("La plateforme n'écrit pas à %(name)s : prévenez la personne vous-même.") % {"name": name},
        _("Motif enregistré : %(reason)s") % {"reason": reason},
    ]
    context = {
        "offer": offer,
        "confirm_title": _("Retirer la proposition de %(name)s ?") % {"name": name},
        "consequences": consequences,
        "confirm_action": _url("selection_withdraw", call, offer=offer.pk),
        "hidden": [("reason", reason)],
        "confirm_label": _("Confirmer le retrait"),
        "cancel_url": _url("selection_offers", call) + f"#offer-{offer.pk}",
        "cancel_label": _("Revenir aux propositions de poste"),
    }
    title = _("Retirer la proposition de %(position)s") % {"position": position}
    return _page(request, "staff/selection/withdraw.html", call, title, context, section="offers")


@staff_only
@require_POST
def withdraw(request, slug, offer):
    call = _call(slug)
    offer = _offer(call, offer)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        errors = {offer.pk: " ".join(form.errors.get("reason", []))}
        return _render_offers(request, call, withdraw_errors=errors, status=400)
    try:
        if not request.POST.get("confirm"):
            services.ensure_withdrawable(offer)
            return _render_withdraw(request, call, offer, form.cleaned_data["reason"])
        services.withdraw_offer(offer, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _render_offers(request, call, error=str(error), status=400)
    messages.success(
        request,
        _("Proposition de %(position)s retirée : proposez un remplaçant depuis la liste d'attente.")
        % {"position": position_label(offer.position)},
    )
    return redirect(_url("selection_offers", call))


def _render_replacement(request, call, offer, *, replacement=None, form=None, status=200):
    run = offer.run
    _rows, waiting = offer_rows(run)
    if form is None:
        initial = {"deadline": default_deadline()}
        if replacement and replacement.dossier:
            initial["dossier"] = replacement.dossier.pk
        form = ConfirmReplacementForm(initial=initial, waiting=waiting, auto_id="replacement-%s")
    return _page(
        request,
        "staff/selection/replacement.html",
        call,
        _("Remplacer la proposition de %(position)s") % {"position": position_label(offer.position)},
        {"offer": offer, "replacement": replacement, "form": form, "waiting": waiting},
        section="offers",
        status=status,
    )


@staff_only
@require_POST
def replacement(request, slug, offer):
    """The engine's proposal for a vacated offer (the service logs it: hence a POST), with the
    form to confirm it."""
    call = _call(slug)
    offer = _offer(call, offer)
    try:
        proposal = services.propose_replacement(offer, by=request.user)
    except DomainError as error:
        return _render_offers(request, call, error=str(error), status=400)
    return _render_replacement(request, call, offer, replacement=proposal)


@staff_only
@require_POST
def confirm_replacement(request, slug, offer):
    call = _call(slug)
    offer = _offer(call, offer)
    _rows, waiting = offer_rows(offer.run)
    form = ConfirmReplacementForm(request.POST, waiting=waiting, auto_id="replacement-%s")
    if not form.is_valid():
        return _render_replacement(request, call, offer, form=form, status=400)
    chosen = next(o for o in waiting if o.dossier_id == form.cleaned_data["dossier"])
    try:
        new = services.confirm_replacement(
            offer, chosen.dossier, deadline=form.cleaned_data["deadline"], by=request.user
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _render_replacement(request, call, offer, form=form, status=400)
    messages.success(
        request,
        _(
            "Remplacement confirmé : %(name)s reçoit la proposition de %(position)s, réponse attendue avant le "
            "%(deadline)s."
        )
        % {"name": chosen.name, "position": position_label(offer.position), "deadline": _moment(new.deadline)},
    )
    return redirect(_url("selection_offers", call))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request, slug):
    """GET asks for confirmation; POST publishes the approved run's teams."""
    call = _call(slug)
    run = queries.approved_run(call)
    error = ""
    if request.method == "POST":
        try:
            if run is None:
                raise DomainError(_("Seule une proposition approuvée peut être publiée."))
            services.publish_promotion(run, by=request.user)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Promotion publiée : les équipes figurent sur sa page publique, nommées avec leur accord."),
            )
            return redirect(_url("selection_offers", call))
    counts = dict.fromkeys(Offer.Status.values, 0)
    if run is not None:
        for status in Offer.objects.filter(run=run).values_list("status", flat=True):
            counts[status] += 1
    return _page(
        request,
        "staff/selection/publish.html",
        call,
        _("Publier la promotion — %(call)s") % {"call": call.title},
        {
            "run": run,
            "error": error,
            "counts": counts,
            "promotion_url": call.promotion.get_absolute_url() if run and run.published_at else "",
        },
        section="offers",
        status=400 if error else 200,
    )
