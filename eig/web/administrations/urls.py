from django.urls import path

from eig.web.dossiers import pages

from . import views
from .space import SPACE

app_name = "administrations"

urlpatterns = [
    path("", views.space, name="space"),
    path("rejoindre/", views.join, name="join"),
    path("appels/<slug:call>/proposer/", views.start, name="start"),
    # The proposal's shared dossier pages (eig.web.dossiers): overview « proposal », step, submit, receipt, receipt_pdf.
    *pages.urlpatterns(SPACE),
    path("propositions/<str:number>/questions/<int:question>/", views.answer, name="answer"),
    # The English version of a challenge of the agent's administration (issue 18 point 3).
    path("defis/<int:challenge>/version-anglaise/", views.challenge_english, name="challenge_english"),
]
