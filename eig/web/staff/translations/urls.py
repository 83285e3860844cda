"""URLs of eig/web/staff/translations (see __init__.py): the list of the public texts and their English
status, the page that writes one text's English version."""

from django.urls import path

from . import views

urlpatterns = [
    path("versions-anglaises/", views.translation_list, name="translations"),
    path("versions-anglaises/<slug:kind>/<int:pk>/", views.translation_edit, name="translation_edit"),
]
