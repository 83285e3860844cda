"""A promotion's annual report as a page and as a PDF (eig.reporting.annual_report), shared by the
programme team's page (any promotion: a draft while the year runs) and the public one (a published,
closed promotion; the funnel's whole without its breakdowns). One body template for the pages and
the PDF, templates/includes/reporting/annual_report.html; the PDF goes through the one pipeline
(eig.core.pdf: WeasyPrint, no external resource) with its own stylesheet over the base one. The
charts are the dashboards' (charts.py, tables.py), inline SVG, each with its table.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eig.core import pdf
from eig.core.small_groups import MIN_GROUP
from eig.promotions.models import Promotion
from eig.reporting.annual_report import AnnualReport, annual_report

from . import tables
from .charts import number

TEMPLATE = "pdf/annual_report.html"
STYLESHEET = "pdf/annual_report.css"


@dataclass(frozen=True)
class Fact:
    value: str  # « 12 », or « moins de 5 » for a masked count of people
    label: str


def _value(count: int | None) -> str:
    return tables.small_text() if count is None else number(count)


def _n(count: int | None) -> int:
    """The number a label agrees with: a masked count is 1 to 4, read « moins de 5 … » (plural)."""
    return MIN_GROUP if count is None else count


def facts(report: AnnualReport) -> list[Fact]:
    shown = report.facts
    return [
        Fact(_value(shown.challenges), ngettext("défi retenu", "défis retenus", _n(shown.challenges))),
        Fact(_value(shown.teams), ngettext("équipe formée", "équipes formées", _n(shown.teams))),
        Fact(
            _value(shown.fellows),
            ngettext(
                "entrepreneur ou entrepreneuse d'intérêt général",
                "entrepreneurs et entrepreneuses d'intérêt général",
                _n(shown.fellows),
            ),
        ),
        Fact(_value(shown.in_post), ngettext("a pris son poste", "ont pris leur poste", _n(shown.in_post))),
        Fact(
            _value(shown.finished),
            ngettext("a terminé le programme", "ont terminé le programme", _n(shown.finished)),
        ),
    ]


def title(promotion: Promotion) -> str:
    return _("Rapport annuel de la promotion %(promotion)s") % {"promotion": promotion}


def report_context(report: AnnualReport, *, for_print: bool = False) -> dict:
    """What the body template reads. `for_print`: the PDF, whose links to the site's own pages
    would lead nowhere (only the achievements' addresses, absolute, stay links)."""
    overall, overall_chart = tables.overall_view(report.funnel)
    ministries, challenges_overall, challenges_chart = tables.challenge_view(report.challenges)
    return {
        "title": title(report.promotion),
        "promotion": report.promotion,
        "report": report,
        "facts": facts(report),
        "min_group": MIN_GROUP,
        "stages": report.funnel.stages,
        "overall": overall,
        "overall_chart": overall_chart,
        "breakdowns": tables.breakdown_views(report.funnel),
        "challenge_stages": [label for _key, label in report.challenges.stages],
        "ministries": ministries,
        "challenges_overall": challenges_overall,
        "challenges_chart": challenges_chart,
        # Links to the public pages of the teams and people: on a page of a published promotion.
        "site_links": not for_print and report.promotion.is_published,
        "computed_on": formats.date_format(timezone.localdate(), "j F Y"),
    }


def report_pdf(promotion: Promotion, *, language: str, public: bool) -> bytes:
    """The report (`public`: its public version) as PDF in `language`, computed in it (the funnel's
    labels are translated as it is computed).

    The same HTML prints the same PDF: WeasyPrint's half-second to a second of CPU is kept in the
    cache under the HTML's digest, so a PDF asked again (a public address anyone may call) costs
    only the report's queries, and a changed figure changes the HTML, hence the key: never stale.
    """
    html = pdf.render_html(
        TEMPLATE, lambda: report_context(annual_report(promotion, public=public), for_print=True), language=language
    )
    key = f"annual-report-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = pdf.write_pdf(html, stylesheet=STYLESHEET)
        cache.set(key, content, settings.PAGE_CACHE_SECONDS)
    return content


def pdf_response(promotion: Promotion, *, language: str, public: bool) -> HttpResponse:
    response = HttpResponse(report_pdf(promotion, language=language, public=public), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-annuel-{promotion.slug}.pdf"'
    return response
