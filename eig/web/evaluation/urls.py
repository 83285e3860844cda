from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("grilles/<int:grid>/suivant/", views.next_dossier, name="next"),
    path("grilles/<int:grid>/dossiers/<str:number>/", views.review, name="review"),
    path("grilles/<int:grid>/dossiers/<str:number>/conflit/", views.declare_conflict, name="conflict"),
]
