from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "eig.calls"
    label = "calls"
    verbose_name = _("Appels et dossiers")

    def ready(self):
        # In ready(): these modules import models, which cannot load while the app registry fills.
        from eig.notifications.attachments import register_attachment_renderer

        # In ready() too; personal_data registers the dossiers' part of a person's data on import.
        from . import personal_data  # noqa: F401
        from .receipt_pdf import render_receipt_pdf_by_id
        from .receipts import RENDERER

        # The receipt email attaches the PDF, rendered when it is sent (receipts.py).
        register_attachment_renderer(RENDERER, render_receipt_pdf_by_id)
