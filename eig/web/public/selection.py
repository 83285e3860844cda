"""The public page that explains how a promotion's teams are formed (« méthode de sélection »).

A public administration that bases an individual decision on an algorithm publishes its main
rules and, on request, tells each person how it treated them (Code des relations entre le
public et l'administration, art. L311-3-1, R311-3-1-2 and L312-1-3). This page is the published
part, for the candidates and the public: who is considered, the hard rules, the objective with
the weights actually used (those of the promotion's approved run, else the engine's defaults,
marked « paramètres prévus »), the exact solver and its proof, the comparison with a stable
matching, the approvers' validation with the approved version's SHA-256 digest, the offers and
the waiting list, and how a candidate obtains the explanation of their own case. Before the teams, the
criteria each stage judges with (pre-screening, auditions), drawn from the grids the promotion's call for
applications actually uses (eig.juries.stages), never from a text of the page's own.

Not cached for anonymous visitors (`public_page`): an approval writes only selection rows, which
do not bump the public content version (eig.core.pagecache.PRIVATE_APPS), and this page must
show the approved run as soon as it exists.
"""

import dataclasses
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eig.calls.models import Call
from eig.engines import teams
from eig.juries.stages import stages_of
from eig.promotions.models import Promotion
from eig.selection.models import SelectionRun
from eig.selection.services import TEAM_SIZE_MAX, TEAM_SIZE_MIN
from eig.selection.states import SELECTION_RUN

# What each weight of eig.engines.teams.Weights multiplies (its module docstring), in plain French.
WEIGHT_LABELS = {
    "wish": gettext_lazy("Vœux des candidats"),
    "jury": gettext_lazy("Classement du jury"),
    "teammate": gettext_lazy("Binômes demandés"),
    "unfilled": gettext_lazy("Défi laissé sans équipe"),
}
WEIGHT_RULES = {
    "wish": gettext_lazy(
        "Une personne placée sur son k-ième vœu rapporte ce poids multiplié par (%(wishes)s + 1 − k) points ; "
        "sur un défi que le jury lui a proposé sans qu'elle l'ait demandé, rien à ce titre."
    ),
    "jury": gettext_lazy(
        "Une personne classée au rang r sur une liste de n personnes rapporte ce poids multiplié par "
        "3 × (n + 1 − r) / n points : trois fois le poids pour la première, trois fois le poids divisé par n "
        "pour la dernière."
    ),
    "teammate": gettext_lazy(
        "Deux personnes qui ont demandé à faire équipe l'une avec l'autre (demande réciproque) rapportent ce "
        "poids en points quand elles rejoignent le même défi."
    ),
    "unfilled": gettext_lazy("Chaque défi laissé sans équipe retire ce poids en points (sauf un défi retiré)."),
}
STATUS_LABELS = {
    "optimal": gettext_lazy("optimale : le solveur a prouvé qu'aucune autre composition ne fait mieux"),
    "feasible": gettext_lazy("réalisable : la meilleure trouvée dans le temps imparti, à l'écart indiqué de l'optimum"),
    "stable": gettext_lazy("stable : aucune paire candidat–poste ne préfère se former au détriment de l'affectation"),
}


@dataclass(frozen=True)
class WeightRow:
    name: str
    label: str
    rule: str
    value: str
    example: str


def _number(value) -> str:
    """12.5 → « 12,5 », 10.0 → « 10 » (at most two decimals, in the page's language)."""
    value = round(float(value), 2)
    return formats.number_format(int(value) if value.is_integer() else value, decimal_pos=None)


def _example(name: str, weight: float, wishes: int) -> str:
    if name == "wish":
        points = [_number(weight * (wishes + 1 - k)) for k in range(1, wishes + 1)]
        return _("vœux n° 1 à %(wishes)s : %(points)s points") % {"wishes": wishes, "points": " / ".join(points)}
    if name == "jury":
        return _("sur une liste de 4 : %(points)s points") % {
            "points": " / ".join(_number(weight * 3 * (4 + 1 - r) / 4) for r in range(1, 5))
        }
    if name == "teammate":
        return _("+%(points)s points par binôme réuni") % {"points": _number(weight)}
    return _("−%(points)s points par défi sans équipe") % {"points": _number(weight)}


def weight_rows(values: dict, wishes: int) -> list[WeightRow]:
    """One row per weight of the engine, in its order: a stored run's value, else the default."""
    defaults = dataclasses.asdict(teams.Weights())
    rows = []
    for name, default in defaults.items():
        weight = float(values.get(name, default))
        rows.append(
            WeightRow(
                name=name,
                label=str(WEIGHT_LABELS.get(name, name)),
                rule=str(WEIGHT_RULES.get(name, "")) % {"wishes": wishes},
                value=_number(weight),
                example=_example(name, weight, wishes),
            )
        )
    return rows


def approved_run(promotion) -> SelectionRun | None:
    """The approved run of the promotion's call for applications (the latest, if it had several calls)."""
    return (
        SelectionRun.objects.filter(
            call__promotion=promotion, call__kind=Call.Kind.APPLICATIONS, state__in=SELECTION_RUN.group("final")
        )
        .select_related("call")
        .order_by("-approved_at", "-pk")
        .first()
    )


@require_safe
def selection_method(request, slug):
    promotion = get_object_or_404(Promotion.objects.select_related("programme"), slug=slug, is_published=True)
    run = approved_run(promotion)
    call = run.call if run else promotion.calls.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at").first()
    wishes = call.max_wishes if call else Call._meta.get_field("max_wishes").default
    return render(
        request,
        "public/selection_method.html",
        {
            "title": _("Méthode de sélection"),
            "parent_url": reverse("public:promotion_list"),
            "parent_label": _("Promotions"),
            "parent2_url": promotion.get_absolute_url(),
            "parent2_label": str(promotion),
            "promotion": promotion,
            "call": call,
            "run": run,
            "planned": run is None,
            "weights": weight_rows(run.weights if run else {}, wishes),
            "wishes": wishes,
            "team_min": TEAM_SIZE_MIN,
            "team_max": TEAM_SIZE_MAX,
            "status_label": STATUS_LABELS.get(run.status, run.status) if run else "",
            "gap_percent": _number(100 * run.gap) if run and run.gap is not None else None,
            "objective": _number(run.objective) if run else None,
            "bound": _number(run.bound) if run and run.bound is not None else None,
            "intact": run.is_intact() if run else None,
            # Four groups of 16 with a line-break opportunity between them: a copy gives the whole digest.
            "digest_parts": [run.digest[i : i + 16] for i in range(0, len(run.digest), 16)] if run else [],
            "counts": {
                "eligible": len(run.eligible),
                "placed": len(run.assignment),
                "pins": len(run.pins),
                "exclusions": len(run.exclusions),
                "removed": len(run.removed),
            }
            if run
            else None,
            # The criteria of the pre-screening and the auditions, from the grids the call actually uses.
            "stages": stages_of(call),
        },
    )
