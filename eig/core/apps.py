from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "eig.core"
    verbose_name = "Noyau"

    def ready(self):
        # In ready(): these modules import models, which cannot load while the app registry fills.
        from . import checks  # noqa: F401  (registers the system checks)
        from .pagecache import connect_signals

        connect_signals()
        # Each app declares its activity verbs (verbs.py: register_verbs) and its state tables
        # (states.py); importing them here, as the admin discovers admin.py, keeps core naming no app.
        autodiscover_modules("verbs", "states")
