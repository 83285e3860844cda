from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "eig.web.public"
    label = "public"
