from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("<int:run>/", views.run_detail, name="detail"),
    path("<int:run>/decision/", views.decide, name="decide"),
]
