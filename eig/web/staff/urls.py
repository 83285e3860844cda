from django.urls import path

from . import evaluation, proposals, views

app_name = "staff"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("appels/<slug:slug>/dossiers/", views.dossier_list, name="dossier_list"),
    path("appels/<slug:slug>/dossiers/<str:number>/", views.dossier_detail, name="dossier_detail"),
    path("appels/<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("appels/<slug:slug>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]

# The proposals of a call for challenges (proposals.py).
urlpatterns += [
    path("appels/<slug:slug>/propositions/", proposals.proposal_list, name="proposal_list"),
    path("appels/<slug:slug>/propositions/export.csv", proposals.proposal_export_csv, name="proposal_export_csv"),
    path("appels/<slug:slug>/propositions/export.xlsx", proposals.proposal_export_xlsx, name="proposal_export_xlsx"),
    path("appels/<slug:slug>/propositions/<str:number>/", proposals.proposal_detail, name="proposal_detail"),
    path("appels/<slug:slug>/propositions/<str:number>/decider/", proposals.proposal_decide, name="proposal_decide"),
    path("appels/<slug:slug>/propositions/<str:number>/question/", proposals.proposal_ask, name="proposal_ask"),
    path("appels/<slug:slug>/propositions/<str:number>/pdf/", proposals.proposal_pdf, name="proposal_pdf"),
]

# The evaluation of a call: grids, reviewers, assignment, ranking, decisions (evaluation.py).
_grid = "appels/<slug:slug>/evaluation/<int:grid>/"
urlpatterns += [
    path("appels/<slug:slug>/evaluation/", evaluation.overview, name="evaluation_overview"),
    path("appels/<slug:slug>/evaluation/installer/", evaluation.install_grid, name="evaluation_install"),
    path(_grid, evaluation.grid_detail, name="evaluation_grid"),
    path(_grid + "inviter/", evaluation.invite, name="evaluation_invite"),
    path(_grid + "evaluateurs/<int:reviewer>/retirer/", evaluation.drop, name="evaluation_drop"),
    path(_grid + "repartition/", evaluation.run_assignment, name="evaluation_assign"),
    path(_grid + "regles/", evaluation.pair_rule, name="evaluation_pair_rule"),
    path(_grid + "conflits/", evaluation.staff_conflict, name="evaluation_conflict"),
    path(_grid + "classement/", evaluation.ranking, name="evaluation_ranking"),
    path(_grid + "decisions/", evaluation.decisions, name="evaluation_decisions"),
    path("appels/<slug:slug>/dossiers/<str:number>/remarque/", evaluation.remark, name="dossier_remark"),
]
