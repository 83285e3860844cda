from django.apps import AppConfig


class ProConnectConfig(AppConfig):
    name = "eig.accounts.proconnect"
    label = "proconnect"
    verbose_name = "ProConnect"
