from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<uuid:file_id>/", views.download, name="download"),
]
