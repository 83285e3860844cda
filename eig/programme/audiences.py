"""A promotion's fellows, a group the programme team writes to (eig.notifications.broadcasts;
registered by ProgrammeConfig.ready()): those in a team, arriving or in post."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from eig.notifications.broadcasts import Parameter, Recipient, register_audience
from eig.promotions.models import Promotion

from .models import Fellow
from .states import FELLOW


def _promotions():
    promotions = (
        Promotion.objects.filter(Exists(Fellow.objects.filter(promotion=OuterRef("pk"))))
        .select_related("programme")
        .order_by("-year", "-pk")
    )
    return [(promotion.slug, str(promotion)) for promotion in promotions]


def fellows(parameters: dict) -> list[Recipient]:
    found = Fellow.objects.filter(promotion__slug=parameters["promotion"], status__in=FELLOW.group("in_team"))
    return [Recipient.of_user(fellow.user) for fellow in found.select_related("user").order_by("name", "pk")]


register_audience(
    "promotion_fellows",
    _("Entrepreneur·es d'une promotion"),
    parameters=[Parameter("promotion", _("Promotion"), choices=_promotions)],
    recipients=fellows,
    help_text=_("Les entrepreneur·es en poste ou en préparation d'arrivée (hors départs et programme terminé)."),
)
