from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "eig.content"
    label = "content"
    verbose_name = _("Contenus éditoriaux")

    def ready(self):
        # In ready(), once the models are loaded: eig.files (a lower tier) names no app above it, so
        # the stories register their download rule there — a story's author reads its private image
        # until publication (eig.content.stories.download_rule).
        from eig.files.permissions import register_download_checker

        from . import stories  # the stories import the programme's models: loaded only now

        register_download_checker(stories.download_rule)
        # The stories' part of a person's data joins eig.accounts.personal_data's registry, their
        # notifications the email texts staff edit (eig.notifications.texts).
        from . import email_texts, personal_data  # noqa: F401
