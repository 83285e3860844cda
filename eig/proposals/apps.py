from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "eig.proposals"
    label = "proposals"
    verbose_name = _("Propositions de défis")

    def ready(self):
        from . import (
            email_texts,  # noqa: F401  (registers the proposals' notifications for the email texts staff edit)
            hooks,  # noqa: F401  (registers the dossier lock and the download rule)
            proconnect,
        )

        proconnect.connect()  # a ProConnect sign-in for an administration's SIRET confirms its agent

        # In ready() too: a call for challenges created by staff gets the proposal form (call_form).
        from . import call_form  # noqa: F401
