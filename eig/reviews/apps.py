from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "eig.reviews"
    label = "reviews"
    verbose_name = _("Évaluation")

    def ready(self):
        from . import hooks  # noqa: F401  (registers the reviewers' download rule)
