from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "eig.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the emails' part of a
        # person's data, the message to a group's notification for the email texts staff edit.
        from . import email_texts, personal_data  # noqa: F401
