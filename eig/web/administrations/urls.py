from django.urls import path

from . import views

app_name = "administrations"

urlpatterns = [
    path("", views.space, name="space"),
    path("rejoindre/", views.join, name="join"),
    path("appels/<slug:call>/proposer/", views.start, name="start"),
    path("propositions/<str:number>/", views.proposal, name="proposal"),
    path("propositions/<str:number>/etapes/<slug:step>/", views.step, name="step"),
    path("propositions/<str:number>/deposer/", views.submit, name="submit"),
    path("propositions/<str:number>/questions/<int:question>/", views.answer, name="answer"),
    path("propositions/<str:number>/recepisse/<int:version>/", views.receipt, name="receipt"),
    path("propositions/<str:number>/recepisse/<int:version>/pdf/", views.receipt_pdf, name="receipt_pdf"),
]
