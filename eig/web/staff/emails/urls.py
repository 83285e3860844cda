"""URLs of eig/web/staff/emails (see __init__.py): the notifications, one text per language."""

from django.urls import path

from . import views

_text = "courriels/<slug:template>/<slug:language>/"
urlpatterns = [
    path("courriels/", views.email_list, name="email_texts"),
    path(_text, views.email_edit, name="email_text_edit"),
    path(_text + "texte-d-origine/", views.email_restore, name="email_text_restore"),
]
