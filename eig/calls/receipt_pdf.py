"""The PDF receipt of a submitted version, attached to the receipt email.

It says what the email says (number, version, time to the second, digest) and
lists what was submitted, read from the frozen version, never from the live
answers: a resubmit or a later edit of the draft cannot change an old receipt.
The call's questions are today's, by key, worded as when the version was submitted
(eig.calls.wording: a wording fixed after the call opened does not rewrite an old receipt). The
receipt is written in the language of its holder (Dossier.language, set at each submit).

Answers read as on every other page and document (eig.calls.display); the document
goes through the one PDF pipeline (eig.core.pdf), which fetches no external resource.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.challenges.models import Profile
from eig.core import pdf

from . import reading
from .display import answer_steps, shown_without_question
from .models import DossierVersion
from .services import questions_of
from .wording import worded

TEMPLATE = "calls/receipt_pdf.html"
STYLESHEET = "calls/receipt_pdf.css"


def submitted_on(version: DossierVersion) -> str:
    local = timezone.localtime(version.submitted_at)  # TIME_ZONE is Europe/Paris
    return _("%(date)s à %(time)s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def _sections(version: DossierVersion) -> list[dict]:
    """The submitted answers, step by step in the order of the form, read as every reader reads them."""
    given = version.content.get("answers") or {}
    # Today's questions of the call, by key: a question added since this version is left out.
    questions = [q for q in questions_of(version.dossier.call) if q.key in given]
    questions = worded(questions, version.submitted_at)
    answers = reading.version_answers(version, questions)
    files = reading.files_of(version.dossier, questions, answers)
    sections = answer_steps(questions, answers, files)
    # A question removed from the form since: its answer is still part of the version.
    known = {q.key for q in questions}
    others = [shown_without_question(key, value) for key, value in given.items() if key not in known]
    if others:
        sections.append({"step": None, "title": _("Autres réponses"), "answers": others})
    return sections


def _wishes(version: DossierVersion) -> list[dict]:
    wishes = version.content.get("wishes") or []
    profiles = dict(Profile.objects.values_list("code", "label"))
    return [
        {
            "rank": wish.get("rank"),
            "challenge": wish.get("challenge", ""),
            "profile": profiles.get(wish.get("profile"), wish.get("profile") or ""),
        }
        for wish in sorted(wishes, key=lambda w: w.get("rank") or 0)
    ]


def receipt_pdf_context(version: DossierVersion) -> dict:
    dossier = version.dossier
    call = dossier.call
    owner = dossier.owner
    return {
        "programme": call.promotion.programme.name,
        "promotion": call.promotion.label,
        "call_title": call.title,
        "reference": dossier.number,
        "version": version.number,
        "submitted_on": submitted_on(version),
        "digest": version.digest,
        "candidate_name": owner.get_full_name(),
        "candidate_email": owner.email,
        "steps": _sections(version),
        "wishes": _wishes(version),
    }


def receipt_html(version: DossierVersion, *, language: str | None = None) -> str:
    """The receipt's HTML in `language`, by default its holder's (Dossier.language)."""
    language = language or version.dossier.language
    return pdf.render_html(TEMPLATE, lambda: receipt_pdf_context(version), language=language)


def render_receipt_pdf(version: DossierVersion, *, language: str | None = None) -> bytes:
    """The receipt's PDF in `language`, by default its holder's (Dossier.language)."""
    language = language or version.dossier.language
    return pdf.render_pdf(TEMPLATE, lambda: receipt_pdf_context(version), stylesheet=STYLESHEET, language=language)


def render_receipt_pdf_by_id(*, version_id: int, language: str | None = None) -> bytes:
    """The notifications app's renderer `calls.receipt_pdf` (registered in apps.py); without
    `language` (a message queued before the receipts followed it), the holder's."""
    version = DossierVersion.objects.select_related("dossier__call__promotion__programme", "dossier__owner").get(
        pk=version_id
    )
    return render_receipt_pdf(version, language=language)
