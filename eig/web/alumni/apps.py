from django.apps import AppConfig


class AlumniWebConfig(AppConfig):
    name = "eig.web.alumni"
    label = "web_alumni"
