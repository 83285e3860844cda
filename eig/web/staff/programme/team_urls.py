"""The programme team's URLs for the ten months' team (views in team.py)."""

from django.urls import path

from . import team

_team = "programme/equipes/<int:challenge>/"

urlpatterns = [
    path("programme/<slug:promotion>/", team.overview, name="programme_overview"),
    path("programme/<slug:promotion>/formulaires/", team.install_forms, name="programme_install_forms"),
    path(_team + "mentors/ajouter/", team.mentor_add, name="programme_mentor_add"),
    path(_team + "mentors/<int:mentor>/retirer/", team.mentor_remove, name="programme_mentor_remove"),
]
