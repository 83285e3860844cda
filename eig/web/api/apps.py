from django.apps import AppConfig


class ApiWebConfig(AppConfig):
    name = "eig.web.api"
    label = "web_api"
