from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "eig.proposals"
    label = "proposals"
    verbose_name = _("Propositions de défis")

    def ready(self):
        from . import (
            hooks,  # noqa: F401  (registers the dossier lock and the download rule)
            proconnect,
        )

        proconnect.connect()  # a ProConnect sign-in for an administration's SIRET confirms its agent
