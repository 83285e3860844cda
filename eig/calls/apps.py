from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "eig.calls"
    label = "calls"
    verbose_name = _("Appels et dossiers")

    def ready(self):
        from eig.notifications.attachments import register_attachment_renderer

        from .receipt_pdf import RENDERER, render_receipt_pdf_by_id

        # The receipt email attaches the PDF, rendered when it is sent (receipts.py).
        register_attachment_renderer(RENDERER, render_receipt_pdf_by_id)
