"""URLs of the ten months' onboarding pages (views in onboarding.py): the fellow's checklist under
/programme/arrivee/, a host team's under /programme/accueil/ (the kit's pages of two spaces, kept
apart by their URL names' prefix), and where each is started."""

from django.urls import path

from eig.web.dossiers import pages

from . import onboarding

urlpatterns = [
    path("arrivee/", onboarding.fellow_start, name="onboarding"),
    path("equipes/<int:challenge>/accueil/", onboarding.host_start, name="host_onboarding"),
    *pages.urlpatterns(onboarding.FELLOW_SPACE),
    *pages.urlpatterns(onboarding.HOST_SPACE),
]
