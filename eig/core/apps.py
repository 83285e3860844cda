from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eig.core"
    verbose_name = "Noyau"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .pagecache import connect_signals

        connect_signals()
