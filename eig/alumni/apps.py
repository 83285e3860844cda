from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "eig.alumni"
    label = "alumni"
    verbose_name = _("Anciens du programme")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the receiver of the
        # results' `promotion_closed` (a closing makes alumni of the fellows who finished) and
        # the alumni's part of a person's data (eig.accounts.personal_data's registry), their
        # notifications for the email texts staff edit (email_texts, eig.notifications.texts).
        from . import email_texts, hooks, personal_data  # noqa: F401
