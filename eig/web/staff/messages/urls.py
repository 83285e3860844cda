"""URLs of eig/web/staff/messages (see __init__.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.message_list, name="message_list"),
    path("messages/nouveau/", views.message_new, name="message_new"),
    path("messages/<int:broadcast>/", views.message_detail, name="message_detail"),
    path("messages/<int:broadcast>/modifier/", views.message_edit, name="message_edit"),
    path("messages/<int:broadcast>/envoyer/", views.message_send, name="message_send"),
    path(
        "appels/<slug:slug>/dossiers/<str:number>/complement/",
        views.complement_request,
        name="dossier_complement",
    ),
]
