from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "eig.applications"
    label = "applications"
    verbose_name = _("Candidatures")

    def ready(self):
        from . import sections  # noqa: F401  (registers the wishes section with the dossier engine)
