"""URLs of eig/web/staff/builder (see __init__.py): a call's form, its steps and questions, the preview."""

from django.urls import path

from . import views

_form = "appels/<slug:slug>/formulaire/"
urlpatterns = [
    path(_form, views.builder_page, name="builder"),
    path(_form + "apercu/", views.preview, name="builder_preview"),
    path(_form + "etapes/ajouter/", views.step_add, name="builder_step_add"),
    path(_form + "etapes/<int:step>/", views.step_edit, name="builder_step_edit"),
    path(_form + "etapes/<int:step>/supprimer/", views.step_delete, name="builder_step_delete"),
    path(_form + "etapes/<int:step>/deplacer/", views.step_move, name="builder_step_move"),
    path(_form + "etapes/<int:step>/questions/ajouter/", views.question_add, name="builder_question_add"),
    path(_form + "questions/<int:question>/", views.question_edit, name="builder_question_edit"),
    path(_form + "questions/<int:question>/supprimer/", views.question_delete, name="builder_question_delete"),
    path(_form + "questions/<int:question>/deplacer/", views.question_move, name="builder_question_move"),
]
