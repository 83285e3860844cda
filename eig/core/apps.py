from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eig.core"
    verbose_name = "Noyau"

    def ready(self):
        from .pagecache import connect_signals

        connect_signals()
