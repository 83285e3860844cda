from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "eig.applications"
    label = "applications"
    verbose_name = _("Candidatures")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the wishes section with
        # the dossier engine, the wishes' part of a person's data, the incomplete drafts as a group
        # the programme team writes to (audiences).
        from . import audiences, personal_data, sections  # noqa: F401
