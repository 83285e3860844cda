from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "eig.web.candidates"
    label = "candidates"
