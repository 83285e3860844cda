from django.apps import AppConfig


class ApprovalsWebConfig(AppConfig):
    name = "eig.web.approvals"
    label = "web_approvals"
