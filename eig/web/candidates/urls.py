from django.urls import path

from . import offers, views
from .privacy import urlpatterns as privacy_urlpatterns

app_name = "candidates"

urlpatterns = [
    path("", views.space, name="space"),
    path("appels/<slug:call>/candidater/", views.apply, name="apply"),
    path("dossiers/<str:number>/", views.dossier_overview, name="dossier"),
    path("dossiers/<str:number>/reprendre/", views.resume, name="resume"),
    path("dossiers/<str:number>/etapes/<slug:step>/", views.step, name="step"),
    path("dossiers/<str:number>/voeux/", views.wishes, name="wishes"),
    path("dossiers/<str:number>/deposer/", views.submit, name="submit"),
    path("dossiers/<str:number>/retirer/", views.withdraw, name="withdraw"),
    path("dossiers/<str:number>/recepisse/<int:version>/", views.receipt, name="receipt"),
    path("dossiers/<str:number>/recepisse/<int:version>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("offres/<int:offer>/", offers.offer, name="offer"),
    path("offres/<int:offer>/reponse/", offers.respond, name="offer_respond"),
    path("offres/<int:offer>/decliner/", offers.decline, name="offer_decline"),
    path("offres/<int:offer>/consentement/", offers.consent, name="offer_consent"),
] + privacy_urlpatterns
