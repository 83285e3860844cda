from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "eig.demo"
    label = "demo"
    verbose_name = "Démonstration"
