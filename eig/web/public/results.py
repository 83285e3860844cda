"""A promotion's public results page (/promotions/<slug>/resultats/, issue 16 point 5) and its
annual report (/promotions/<slug>/rapport/ and rapport.pdf, issue 17 point 2).

Shown once the promotion is closed (eig.results.closing) and published; 404 before. In French
and English: the template's text through the catalogue, the models' texts through
modeltranslation (an English title left empty falls back to the French one, marked lang="fr").
One read each (eig.results.promotion_results, eig.reporting.annual_report) in a fixed number of
queries whatever the teams. The annual report is the programme team's (eig.web.common.reporting),
the funnel's breakdowns aside (eig.reporting.annual_report says why): small groups masked, fellows
named only with their consent. It is not kept by the page cache: its funnel is read from
applications and fellows, whose writes do not change the public version.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.core.pagecache import public_page
from eig.promotions.models import Promotion
from eig.reporting.annual_report import annual_report as read_report
from eig.results.promotion_results import promotion_results as read_results
from eig.web.common.reporting.annual_report import pdf_response, report_context


def closed_promotion(slug) -> Promotion:
    """The published, closed promotion of this slug; 404 for any other."""
    return get_object_or_404(
        Promotion.objects.select_related("programme", "closing"), slug=slug, is_published=True, closing__isnull=False
    )


@require_safe
@public_page
def promotion_results(request, slug):
    promotion = closed_promotion(slug)
    return render(
        request,
        "public/promotion_results.html",
        {
            "title": _("Résultats de la promotion %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "results": read_results(promotion),
        },
    )


@require_safe
def promotion_report(request, slug):
    promotion = closed_promotion(slug)
    return render(request, "public/promotion_report.html", report_context(read_report(promotion, public=True)))


@require_safe
def promotion_report_pdf(request, slug):
    return pdf_response(closed_promotion(slug), language=get_language(), public=True)
