from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "eig.juries"
    label = "juries"
    verbose_name = _("Jurys et auditions")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the ICS attachment
        # renderer and the jurors' download rule (hooks), the juries' part of a person's data,
        # their notifications for the email texts staff edit (email_texts, eig.notifications.texts), the
        # groups the programme team writes to (audiences), the juries' settings copied with a call (copies).
        from . import audiences, copies, email_texts, hooks, personal_data  # noqa: F401
