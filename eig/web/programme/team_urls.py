"""URLs of the ten months' team pages (views in team.py): « Mon programme » and the team space."""

from django.urls import path

from . import team

_team = "equipes/<int:challenge>/"

urlpatterns = [
    path("", team.home, name="home"),
    path(_team, team.team_page, name="team"),
    path(_team + "objectifs/ajouter/", team.objective_form, name="team_objective_add"),
    path(_team + "objectifs/<int:objective>/modifier/", team.objective_form, name="team_objective_edit"),
    path(_team + "objectifs/<int:objective>/supprimer/", team.objective_delete, name="team_objective_delete"),
    path(_team + "objectifs/<int:objective>/mesures/", team.measure_add, name="team_measure_add"),
    path(_team + "liens/", team.link_add, name="team_link_add"),
    path(_team + "documents/", team.document_add, name="team_document_add"),
    path(_team + "ressources/<int:resource>/retirer/", team.resource_remove, name="team_resource_remove"),
]
