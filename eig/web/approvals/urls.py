from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.approval_list, name="list"),
    # A promotion's team proposal.
    path("<int:run>/", views.run_detail, name="detail"),
    path("<int:run>/decision/", views.decide, name="decide"),
    # The selected challenges of a call for challenges.
    path("defis/<int:selection>/", views.challenges_detail, name="challenges_detail"),
    path("defis/<int:selection>/decision/", views.challenges_decide, name="challenges_decide"),
]
