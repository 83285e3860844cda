from django.apps import AppConfig


class AdministrationsWebConfig(AppConfig):
    name = "eig.web.administrations"
    label = "web_administrations"
