"""The programme team's URLs of results and memory: deliverables and key figures (issue 16; views
in deliverables.py)."""

from django.urls import path

from . import deliverables

_results = "programme/<slug:promotion>/"

urlpatterns = [
    path(_results + "realisations/", deliverables.deliverable_list, name="results_deliverables"),
    path(_results + "realisations/<int:deliverable>/", deliverables.deliverable_detail, name="results_deliverable"),
    path(_results + "chiffres-cles/", deliverables.figure_list, name="results_figures"),
    path(_results + "chiffres-cles/<int:figure>/retirer/", deliverables.figure_remove, name="results_figure_remove"),
]
