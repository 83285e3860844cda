from django.apps import AppConfig


class JuriesWebConfig(AppConfig):
    name = "eig.web.juries"
    label = "web_juries"
