"""The ten months' pages (/programme/): the team space of fellows, mentors and hosts.

Each part of the ten months has its own module of URLs and views; the programme team's pages
of the same parts live under /equipe/ (eig/web/staff/programme/).
"""

from . import events_urls, onboarding_urls, retrospectives_urls, team_urls

app_name = "programme"

urlpatterns = (
    team_urls.urlpatterns + onboarding_urls.urlpatterns + retrospectives_urls.urlpatterns + events_urls.urlpatterns
)
