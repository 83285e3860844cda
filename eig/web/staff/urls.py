from django.urls import path

from . import proposals, views

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
