"""The PDF receipt of a submitted version, attached to the receipt email.

It says what the email says (number, version, time to the second, digest) and
lists what was submitted, read from the frozen version, never from the live
answers: a resubmit or a later edit of the draft cannot change an old receipt.
Question labels are today's labels of the call, by key.

The document uses no external resource: every fetch (image, stylesheet, font
by URL) is refused, so rendering never touches the network or the disk.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eig.challenges.models import Profile
from eig.files.models import StoredFile

from .models import DossierVersion, Question, Step

RENDERER = "calls.receipt_pdf"  # its name in eig.notifications.attachments
TEMPLATE = "calls/receipt_pdf.html"
STYLESHEET = "calls/receipt_pdf.css"


def submitted_on(version: DossierVersion) -> str:
    local = timezone.localtime(version.submitted_at)  # TIME_ZONE is Europe/Paris
    return _("%(date)s à %(time)s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def _display(question: Question, value, files: dict) -> str | None:
    """An answer as a person reads it; None when it was left empty."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        labels = {str(v): label for v, label in question.choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if kind == Question.Kind.YES_NO:
        return _("Oui") if value is True else _("Non")
    if kind == Question.Kind.DECLARATION:
        return _("Déclaré sur l'honneur") if value is True else _("Non déclaré")
    if kind == Question.Kind.DATE:
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if kind == Question.Kind.FILE:
        stored = files.get(str(value))
        return stored.original_name if stored else _("Fichier joint")
    if kind == Question.Kind.TABLE and isinstance(value, list):
        # One line per row: "Nom : Camille Martin ; Fonction : Cheffe de projet".
        labels = {str(k): label for k, label in question.choices}
        return "\n".join(
            " ; ".join(f"{labels.get(k, k)} : {v}" for k, v in row.items() if v)
            for row in value
            if isinstance(row, dict)
        )
    return str(value)


def _sections(version: DossierVersion) -> list[dict]:
    """The submitted answers, step by step in the order of the form."""
    answers = version.content.get("answers") or {}
    steps = Step.objects.filter(call_id=version.dossier.call_id).prefetch_related("questions").order_by("order")
    file_ids = [
        str(answers[q.key])
        for s in steps
        for q in s.questions.all()
        if q.kind == Question.Kind.FILE and answers.get(q.key)
    ]
    files = {str(f.public_id): f for f in StoredFile.objects.filter(public_id__in=file_ids)} if file_ids else {}
    sections, seen = [], set()
    for step in steps:
        items = []
        for question in step.questions.all():
            if question.key not in answers:
                continue  # added to the form after this version was submitted
            seen.add(question.key)
            items.append(
                {
                    "label": question.label,
                    "value": _display(question, answers[question.key], files),
                    "long": question.kind in (Question.Kind.LONG_TEXT, Question.Kind.TABLE),
                }
            )
        if items:
            sections.append({"title": step.title, "items": items})
    # A question removed from the form since: its answer is still part of the version.
    others = [
        {"label": key, "value": None if value in (None, "", []) else str(value), "long": False}
        for key, value in answers.items()
        if key not in seen
    ]
    if others:
        sections.append({"title": _("Autres réponses"), "items": others})
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
        "sections": _sections(version),
        "wishes": _wishes(version),
    }


def receipt_html(version: DossierVersion, *, language: str = "fr") -> str:
    with translation.override(language):
        return render_to_string(TEMPLATE, receipt_pdf_context(version))


def render_receipt_pdf(version: DossierVersion, *, language: str = "fr") -> bytes:
    # Imported here: weasyprint loads Pango and its fonts, which most
    # processes (web requests, commands) never need.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"external resources are not fetched in a receipt: {url}")

    fetcher = RefuseAll()
    html = receipt_html(version, language=language)
    css = CSS(string=render_to_string(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher, base_url="about:blank").write_pdf(stylesheets=[css], pdf_tags=True)


def render_receipt_pdf_by_id(*, version_id: int, language: str = "fr") -> bytes:
    """The notifications app's renderer `calls.receipt_pdf` (registered in apps.py)."""
    version = DossierVersion.objects.select_related("dossier__call__promotion__programme", "dossier__owner").get(
        pk=version_id
    )
    return render_receipt_pdf(version, language=language)
