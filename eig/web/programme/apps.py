from django.apps import AppConfig


class ProgrammeWebConfig(AppConfig):
    name = "eig.web.programme"
    label = "web_programme"
