"""The programme team's URLs for the ten months' events (views in events.py)."""

from django.urls import path

from . import events

_events = "programme/<slug:promotion>/evenements/"

urlpatterns = [
    path(_events, events.event_list, name="programme_events"),
    path(_events + "obligatoires/", events.compulsory, name="programme_compulsory"),
    path(_events + "<int:event>/", events.event_detail, name="programme_event"),
    path(_events + "<int:event>/presences/", events.event_attendance, name="programme_event_attendance"),
]
