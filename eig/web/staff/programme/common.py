"""What the programme team's pages of the ten months share: the promotion of the URL and the
breadcrumb back to its overview (« Promotion EIG 7 : les équipes »), then to the part's list."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.promotions.models import Promotion


def promotion_of(slug) -> Promotion:
    return get_object_or_404(Promotion.objects.select_related("programme"), slug=slug)


def overview_label(promotion) -> str:
    return _("Promotion %(promotion)s : les équipes") % {"promotion": promotion}


def crumbs(promotion, part_url_name: str = "", part_label: str = "") -> dict:
    """Back to the promotion's overview and, on a page inside a part (an event, a fellow), to the part's list."""
    found = {
        "parent_url": reverse("staff:programme_overview", kwargs={"promotion": promotion.slug}),
        "parent_label": overview_label(promotion),
    }
    if part_url_name:
        found |= {
            "parent2_url": reverse(part_url_name, kwargs={"promotion": promotion.slug}),
            "parent2_label": part_label,
        }
    return found
