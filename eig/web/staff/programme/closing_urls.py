"""The programme team's URLs of results and memory: closing (issue 16; views in closing.py)."""

from django.urls import path

from . import closing

_promotion = "programme/<slug:promotion>/"

urlpatterns = [
    path(_promotion + "cloture/", closing.close, name="results_close"),
    path(_promotion + "photo/", closing.photo, name="results_photo"),
    path(_promotion + "evenements/<int:event>/programme/", closing.event_agenda, name="programme_event_agenda"),
]
