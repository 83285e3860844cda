from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "eig.calls"
    label = "calls"
    verbose_name = _("Appels et dossiers")

    def ready(self):
        # In ready(): these modules import models, which cannot load while the app registry fills.
        from eig.notifications.attachments import register_attachment_renderer

        # In ready() too; personal_data registers the dossiers' part of a person's data on import,
        # email_texts the calls' notifications for the email texts staff edit (eig.notifications.texts).
        from . import email_texts, personal_data  # noqa: F401
        from .receipt_pdf import render_receipt_pdf_by_id
        from .receipts import RENDERER

        # The receipt email attaches the PDF, rendered when it is sent (receipts.py).
        register_attachment_renderer(RENDERER, render_receipt_pdf_by_id)

        # In ready() too, registering on import: the groups the programme team writes to (audiences), the
        # deadline message's text for the team to edit (setup).
        from . import audiences, setup  # noqa: F401

        # A call's form, kept per process while its form_version holds (structure.py).
        from .structure import connect_signals

        connect_signals()
