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
]
