"""A promotion's public results page (/promotions/<slug>/resultats/, issue 16 point 5).

Shown once the promotion is closed (eig.results.closing) and published; 404 before. In French
and English: the template's text through the catalogue, the models' texts through
modeltranslation (an English title left empty falls back to the French one, marked lang="fr").
One read (eig.results.promotion_results) in a fixed number of queries whatever the teams.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.core.pagecache import public_page
from eig.promotions.models import Promotion
from eig.results.promotion_results import promotion_results as read_results


@require_safe
@public_page
def promotion_results(request, slug):
    promotion = get_object_or_404(
        Promotion.objects.select_related("programme", "closing"), slug=slug, is_published=True, closing__isnull=False
    )
    return render(
        request,
        "public/promotion_results.html",
        {
            "title": _("Résultats de la promotion %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "results": read_results(promotion),
        },
    )
