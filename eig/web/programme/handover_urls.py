"""URLs of the handover plan's team pages (views in handover.py): the plan's page, its start, the
host's confirmation, and the kit's pages of the plan's shared dossier (URL names « handover_dossier »,
« handover_step »…), under /programme/equipes/<challenge>/perennisation/ and
/programme/perennisation/dossiers/<number>/."""

from django.urls import path

from eig.web.dossiers import pages

from . import handover

_plan = "equipes/<int:challenge>/perennisation/"

urlpatterns = [
    path(_plan, handover.plan_page, name="handover"),
    path(_plan + "commencer/", handover.start, name="handover_start"),
    path(_plan + "confirmer/", handover.confirm_page, name="handover_confirm"),
    *pages.urlpatterns(handover.SPACE),
]
