from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "eig.files"
    verbose_name = _("Fichiers déposés")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the system check, the
        # files' part of a person's data.
        from . import checks, personal_data  # noqa: F401
