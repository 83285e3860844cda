"""The programme team's pages of the ten months (/equipe/programme/…), one module per part."""

from . import events_urls, onboarding_urls, retrospectives_urls, team_urls

urlpatterns = (
    team_urls.urlpatterns + onboarding_urls.urlpatterns + retrospectives_urls.urlpatterns + events_urls.urlpatterns
)
