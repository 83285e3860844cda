from django.urls import path

from eig.web.dossiers import pages

from . import complements, offers, views
from .privacy import urlpatterns as privacy_urlpatterns
from .space import SPACE

app_name = "candidates"

urlpatterns = [
    path("", views.space, name="space"),
    path("appels/<slug:call>/candidater/", views.apply, name="apply"),
    # The dossier's shared pages (eig.web.dossiers): overview « dossier », step, submit, receipt, receipt_pdf.
    *pages.urlpatterns(SPACE),
    path("dossiers/<str:number>/reprendre/", views.resume, name="resume"),
    path("dossiers/<str:number>/voeux/", views.wishes, name="wishes"),
    path("dossiers/<str:number>/retirer/", views.withdraw, name="withdraw"),
    path("dossiers/<str:number>/complements/<int:complement>/", complements.answer, name="complement"),
    path("offres/<int:offer>/", offers.offer, name="offer"),
    path("offres/<int:offer>/reponse/", offers.respond, name="offer_respond"),
    path("offres/<int:offer>/decliner/", offers.decline, name="offer_decline"),
    path("offres/<int:offer>/consentement/", offers.consent, name="offer_consent"),
] + privacy_urlpatterns
