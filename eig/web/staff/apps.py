from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "eig.web.staff"
    label = "web_staff"
