"""The public page of a promotion's juries (/promotions/<slug>/jury/, issue 18, point 9): the members of
its challenge jury and of its candidate juries who consented from their juror space, with the function
and organisation they gave and their photo if they added one (eig.juries.publicity). Nobody else is
named, and nothing else about them is shown.

Cached for anonymous visitors (`public_page`): a juror's save bumps the public content version
(eig.core.pagecache.PUBLIC_MODELS), so a revoked consent leaves the page on the very next request.
An unpublished or unknown promotion answers 404 to everyone.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.core.pagecache import public_page
from eig.juries.publicity import public_juries
from eig.promotions.models import Promotion


@require_safe
@public_page
def promotion_jury(request, slug):
    promotion = get_object_or_404(Promotion.objects.select_related("programme"), slug=slug, is_published=True)
    return render(
        request,
        "public/promotion_jury.html",
        {
            "title": _("Les membres du jury"),
            "parent_url": reverse("public:promotion_list"),
            "parent_label": _("Promotions"),
            "parent2_url": promotion.get_absolute_url(),
            "parent2_label": str(promotion),
            "promotion": promotion,
            "juries": public_juries(promotion),
        },
    )
