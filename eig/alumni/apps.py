from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "eig.alumni"
    label = "alumni"
    verbose_name = _("Anciens du programme")
