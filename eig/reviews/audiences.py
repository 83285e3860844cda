"""The groups of the evaluation the programme team writes to (eig.notifications.broadcasts;
registered by ReviewsConfig.ready()): the candidates found admissible at a call's pre-screening,
the reviewers of a grid."""

from django.utils.translation import gettext_lazy as _

from eig.calls.audiences import dossier_recipients
from eig.calls.models import Dossier
from eig.notifications.broadcasts import Parameter, Recipient, register_audience

from .models import Grid


def _prescreened_calls():
    grids = Grid.objects.filter(phase=Grid.Phase.PRESCREENING).select_related("call").order_by("-call__opens_at", "pk")
    return [(grid.call.slug, grid.call.title) for grid in grids]


def _grids():
    grids = Grid.objects.select_related("call").order_by("-call__opens_at", "opens_at", "pk")
    return [(str(grid.pk), f"{grid.call.title} — {grid.get_phase_display()}") for grid in grids]


def admissible(parameters: dict) -> list[Recipient]:
    """The holders of the dossiers the pre-screening decided admissible (Decision), withdrawn ones aside."""
    dossiers = Dossier.objects.filter(
        call__slug=parameters["call"],
        review_decisions__grid__phase=Grid.Phase.PRESCREENING,
        review_decisions__admissible=True,
    ).exclude(status=Dossier.Status.WITHDRAWN)
    return dossier_recipients(dossiers)


def reviewers(parameters: dict) -> list[Recipient]:
    """The reviewers seated on the grid (invitation accepted, not withdrawn)."""
    grid = Grid.objects.get(pk=int(parameters["grid"]))
    seats = grid.reviewers.filter(user__isnull=False, accepted_at__isnull=False, dropped_at__isnull=True)
    return [Recipient.of_user(seat.user) for seat in seats.select_related("user").order_by("email", "pk")]


register_audience(
    "admissible",
    _("Candidats et candidates admissibles d'un appel"),
    parameters=[Parameter("call", _("Appel (avec une présélection)"), choices=_prescreened_calls)],
    recipients=admissible,
    help_text=_("Les dossiers déclarés admissibles à la présélection (décisions d'admissibilité)."),
)
register_audience(
    "grid_reviewers",
    _("Évaluateurs et évaluatrices d'une grille"),
    parameters=[Parameter("grid", _("Grille d'évaluation"), choices=_grids)],
    recipients=reviewers,
    help_text=_("Les personnes qui ont accepté d'évaluer avec cette grille (hors évaluateurs retirés)."),
)
