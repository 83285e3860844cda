"""The alumni's pages (/anciens/): the directory, one's own profile, the invitations (issue 16)."""

from django.urls import path

from . import views

app_name = "alumni"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mon-profil/", views.profile, name="profile"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:invitation>/repondre/", views.invitation_answer, name="invitation_answer"),
]
