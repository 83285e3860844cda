from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "eig.reviews"
    label = "reviews"
    verbose_name = _("Évaluation")

    def ready(self):
        # In ready(): registering on import, once the models are loaded: the reviewers' download
        # rule (hooks), the evaluation's part of a person's data, its notifications for the email
        # texts staff edit (email_texts, eig.notifications.texts), the groups the programme team writes to
        # (audiences), the grids copied with a call (copies), the two-stage wish windows' message
        # (wish_windows).
        from . import audiences, copies, email_texts, hooks, personal_data, wish_windows  # noqa: F401
