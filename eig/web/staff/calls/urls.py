"""URLs of eig/web/staff/calls (see __init__.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("appels/nouvel-appel/", views.create, name="call_create"),
    path("appels/<slug:slug>/dupliquer/", views.duplicate, name="call_duplicate"),
    path("appels/<slug:slug>/calendrier/", views.calendar, name="call_calendar"),
    path("appels/<slug:slug>/ouvrir-les-voeux/", views.wishes, name="call_wishes"),
]
