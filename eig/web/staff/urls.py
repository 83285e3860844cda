from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("appels/<slug:slug>/dossiers/", views.dossier_list, name="dossier_list"),
    path("appels/<slug:slug>/dossiers/<str:number>/", views.dossier_detail, name="dossier_detail"),
    path("appels/<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("appels/<slug:slug>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
