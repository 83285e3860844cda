from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "eig.selection"
    label = "selection"
    verbose_name = _("Sélection et propositions")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the selection's part of
        # a person's data, its notifications for the email texts staff edit (email_texts,
        # eig.notifications.texts).
        from . import email_texts, personal_data  # noqa: F401
