from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "eig.juries"
    label = "juries"
    verbose_name = _("Jurys et auditions")

    def ready(self):
        from . import hooks  # noqa: F401  (the ICS attachment renderer, the jurors' download rule)
