"""The programme team's URLs of the handover plans (views in handover.py): the promotion's plans, one
team's plan with its outcome."""

from django.urls import path

from . import handover

_plans = "programme/<slug:promotion>/perennisation/"

urlpatterns = [
    path(_plans, handover.handover_list, name="results_handovers"),
    path(_plans + "<int:challenge>/", handover.handover_detail, name="results_handover"),
]
