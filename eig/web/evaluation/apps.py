from django.apps import AppConfig


class EvaluationWebConfig(AppConfig):
    name = "eig.web.evaluation"
    label = "web_evaluation"
