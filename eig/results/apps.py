from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "eig.results"
    label = "results"
    verbose_name = _("Résultats et mémoire du programme")

    def ready(self):
        # In ready(), once the models are loaded: the handover plan's form joins the programme's
        # forms (eig.programme.defaults.register_form) and its lock joins the kit's (eig.calls.extensions);
        # results' part of a person's data joins eig.accounts.personal_data's registry; the survey
        # reminder joins the email texts staff edit (email_texts, eig.notifications.texts).
        from . import email_texts, handover, personal_data  # noqa: F401
