"""A promotion's annual report for the programme team (/equipe/rapports/rapport-annuel/<slug>/): any
promotion, a draft while it is not closed (the page says so), and its PDF in the page's language.

Read-only (GET/HEAD); 404 to anyone outside the team, and for an unknown promotion. The report
(eig.reporting.annual_report) is the public one (eig/web/public/results.py) with the funnel's
breakdowns by civility and by profile besides: small groups masked, fellows named only with their
consent; the pages and the PDFs share one body (eig.web.common.reporting.annual_report). A fixed number of queries whatever the promotion's size.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from eig.promotions.models import Promotion
from eig.reporting.annual_report import annual_report as read_report
from eig.web.common.reporting.annual_report import pdf_response, report_context

from ..permissions import staff_only
from ..programme.common import crumbs


def _promotion(slug) -> Promotion:
    return get_object_or_404(Promotion.objects.select_related("programme"), slug=slug)


@staff_only
@require_safe
def annual_report(request, slug):
    promotion = _promotion(slug)
    report = read_report(promotion)
    public = promotion.is_published and report.is_closed
    context = report_context(report) | {
        **crumbs(promotion),
        "pdf_url": reverse("staff:reporting_annual_report_pdf", kwargs={"slug": promotion.slug}),
        "public_url": reverse("public:promotion_report", kwargs={"slug": promotion.slug}) if public else "",
    }
    return render(request, "staff/reporting/annual_report.html", context)


@staff_only
@require_safe
def annual_report_pdf(request, slug):
    response = pdf_response(_promotion(slug), language=get_language(), public=False)
    response["Cache-Control"] = "no-store"
    return response
