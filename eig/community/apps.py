from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "eig.community"
    label = "community"
    verbose_name = _("Communauté")
