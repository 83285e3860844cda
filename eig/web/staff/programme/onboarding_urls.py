"""The programme team's URLs for the ten months' onboarding (views in onboarding.py): the
promotion's arrivals, and each fellow's page with their departure and replacement."""

from django.urls import path

from . import onboarding

_arrivals = "programme/<slug:promotion>/arrivees/"
_fellow = "programme/<slug:promotion>/entrepreneurs/<int:fellow>/"

urlpatterns = [
    path(_arrivals, onboarding.onboarding_overview, name="programme_onboarding"),
    path(_arrivals + "<int:fellow>/prise-de-poste/", onboarding.confirm_start, name="programme_confirm_start"),
    path(_arrivals + "<int:fellow>/retard/", onboarding.note_delay, name="programme_note_delay"),
    path(_fellow, onboarding.fellow_detail, name="programme_fellow"),
    path(_fellow + "depart/", onboarding.departure, name="programme_departure"),
    path(_fellow + "remplacement/", onboarding.replacement, name="programme_replacement"),
]
