"""The dossier of a challenge proposal as a PDF, for the jury's kit.

It prints what the jury judges: the last submitted version when there is one
(a draft edited since does not change it), else the live draft, said so on the
first page; then the questions the programme asked and the answers.

Answers read as everywhere else (eig.calls.display); like the receipt, the document goes
through the one PDF pipeline (eig.core.pdf), which fetches no external resource.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.calls.display import answer_steps
from eig.calls.reading import submitted_answers
from eig.calls.services import questions_of
from eig.core import pdf
from eig.proposals.models import Proposal
from eig.proposals.queries import questions_of_proposal
from eig.proposals.services import proposal_title

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
        "steps": answer_steps(read.questions, read.answers, read.files),  # worded as when submitted
        "staff_questions": questions_of_proposal(proposal),
    }


def proposal_html(proposal: Proposal, *, language: str = "fr") -> str:
    return pdf.render_html(TEMPLATE, lambda: proposal_pdf_context(proposal), language=language)


def render_proposal_pdf(proposal: Proposal, *, language: str = "fr") -> bytes:
    return pdf.render_pdf(TEMPLATE, lambda: proposal_pdf_context(proposal), stylesheet=STYLESHEET, language=language)
