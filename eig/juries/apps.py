from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "eig.juries"
    label = "juries"
    verbose_name = _("Jurys et auditions")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the ICS attachment
        # renderer and the jurors' download rule (hooks), the juries' part of a person's data.
        from . import hooks, personal_data  # noqa: F401
