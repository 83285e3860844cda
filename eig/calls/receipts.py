"""The receipt of a submitted version: its number, time to the second and digest, in the language its
holder submitted in (Dossier.language): the email, its words and dates, and the PDF it attaches."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from eig.notifications.attachments import pdf_attachment
from eig.notifications.services import queue_notification

from .models import DossierVersion

RENDERER = "calls.receipt_pdf"  # the PDF receipt's renderer (receipt_pdf.py), registered in apps.py


def receipt_context(version: DossierVersion) -> dict:
    """The email's variables, in its holder's language (the call's title, the date)."""
    dossier = version.dossier
    with translation.override(dossier.language):
        return _context(version, dossier)


def _context(version: DossierVersion, dossier) -> dict:
    local = timezone.localtime(version.submitted_at)
    return {
        "first_name": dossier.owner.first_name,
        "call_title": dossier.call.title,
        "reference": dossier.number,
        "version": version.number,
        "submitted_on": f"{formats.date_format(local, 'j F Y')} {local:%H:%M:%S}",
        "digest": version.digest,
        "kind": dossier.call.kind,
        # An administration's proposal is followed from its space, a candidacy from « Mon espace ».
        "url": settings.SITE_URL.rstrip("/")
        + reverse("administrations:space" if dossier.call.kind == "challenges" else "candidates:space"),
    }


def queue_receipt(version: DossierVersion):
    """Queued in the submit's own transaction: the version and its email exist together or not at all.

    The key makes it exactly once per version, whatever the retries. The PDF
    receipt is rendered from the frozen version when the email is sent
    (receipt_pdf.py), so nothing is written to the storage here.
    """
    dossier = version.dossier
    return queue_notification(
        "dossier_receipt",
        to=dossier.owner.email,
        language=dossier.language,
        context=receipt_context(version),
        key=f"receipt:{dossier.pk}:{version.number}",
        attachments=[receipt_attachment(version)],
    )


def receipt_attachment(version: DossierVersion) -> dict:
    dossier = version.dossier
    return pdf_attachment(
        f"recepisse-{dossier.number}-v{version.number}.pdf", RENDERER, version_id=version.pk, language=dossier.language
    )
