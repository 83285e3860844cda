"""URLs of the ten months' retrospectives pages (views in retrospectives.py) and of the team's
mentoring (mentoring.py). The retrospective's dossier pages are the kit's, mounted from its space
(URL names « retrospective_dossier », « retrospective_step »…)."""

from django.urls import path

from eig.web.dossiers import pages

from . import mentoring, retrospectives

_team = "equipes/<int:challenge>/"

urlpatterns = [
    path("bilans/", retrospectives.my_retrospectives, name="retrospectives"),
    path("bilans/semaines/<str:period>/remplir/", retrospectives.start_retrospective, name="retrospective_start"),
    *pages.urlpatterns(retrospectives.SPACE),
    path(_team + "bilans/", retrospectives.team_retrospectives, name="team_retrospectives"),
    path(_team + "mentorat/", mentoring.team_notes, name="team_notes"),
    path(_team + "mentorat/notes/", mentoring.note_add, name="team_note_add"),
    path(_team + "mentorat/difficulte/", mentoring.difficulty_flag, name="team_difficulty"),
]
