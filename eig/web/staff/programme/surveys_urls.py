"""The programme team's URLs of results and memory: surveys (issue 16; views in surveys.py)."""

from django.urls import path

from . import surveys

_surveys = "programme/<slug:promotion>/questionnaires/"

urlpatterns = [
    path(_surveys, surveys.survey_list, name="results_surveys"),
    path(_surveys + "<int:survey>/", surveys.survey_detail, name="results_survey"),
]
