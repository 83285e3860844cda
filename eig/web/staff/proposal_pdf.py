"""The dossier of a challenge proposal as a PDF, for the jury's kit.

It prints what the jury judges: the last submitted version when there is one
(a draft edited since does not change it), else the live draft, said so on the
first page; then the questions the programme asked and the answers.

Like the receipt (eig/calls/receipt_pdf.py), the document uses no external
resource: every fetch is refused, so rendering never touches the network or the disk.
"""

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eig.calls.reading import submitted_answers
from eig.calls.services import questions_of
from eig.proposals.models import Proposal
from eig.proposals.queries import questions_of_proposal
from eig.proposals.services import proposal_title
from eig.web.dossiers.answers import steps_of

TEMPLATE = "staff/proposal_pdf.html"
STYLESHEET = "staff/proposal_pdf.css"


def _paris(moment) -> str:
    local = timezone.localtime(moment)  # TIME_ZONE is Europe/Paris
    return _("%(date)s à %(time)s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def proposal_pdf_context(proposal: Proposal) -> dict:
    dossier = proposal.dossier
    call = dossier.call
    questions = questions_of(call)
    read = submitted_answers(dossier, questions)  # the latest submitted version, as every reader sees it
    version = read.version
    return {
        "programme": call.promotion.programme.name,
        "call_title": call.title,
        "reference": dossier.number,
        "title": proposal_title(proposal),
        "administration": proposal.administration.name,
        "state": proposal.get_state_display(),
        "version": version,
        "submitted_on": _paris(version.submitted_at) if version else "",
        "printed_on": _paris(timezone.now()),
        "steps": steps_of(questions, read.answers, read.files),
        "staff_questions": questions_of_proposal(proposal),
    }


def proposal_html(proposal: Proposal, *, language: str = "fr") -> str:
    with translation.override(language):
        return render_to_string(TEMPLATE, proposal_pdf_context(proposal))


def render_proposal_pdf(proposal: Proposal, *, language: str = "fr") -> bytes:
    # Imported here: weasyprint loads Pango and its fonts, which most requests never need.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"external resources are not fetched in a proposal's PDF: {url}")

    fetcher = RefuseAll()
    html = proposal_html(proposal, language=language)
    css = CSS(string=render_to_string(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher, base_url="about:blank").write_pdf(stylesheets=[css], pdf_tags=True)
