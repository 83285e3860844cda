from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "eig.programme"
    label = "programme"
    verbose_name = _("Les dix mois du programme")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the receivers of the
        # selection's signals (an accepted offer makes a fellow) and the ten months' part of a
        # person's data; the retrospectives' lock of the dossier kit (a gone fellow's weeks); the ten
        # months' notifications for the email texts staff edit (email_texts, eig.notifications.texts).
        # The promotion's fellows, a group the programme team writes to (audiences), registered too.
        from . import audiences, email_texts, hooks, personal_data, retrospectives  # noqa: F401
