from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "eig.files"
    verbose_name = _("Fichiers déposés")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
