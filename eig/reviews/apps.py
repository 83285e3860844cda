from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "eig.reviews"
    label = "reviews"
    verbose_name = _("Évaluation")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the reviewers' download
        # rule (hooks), the evaluation's part of a person's data.
        from . import hooks, personal_data  # noqa: F401
