"""The ten months' pages (/programme/): the team space of fellows, mentors and hosts.

Each part of the ten months has its own module of URLs and views; the programme team's pages
of the same parts live under /equipe/ (eig/web/staff/programme/).
"""

from . import (
    deliverables_urls,
    events_urls,
    handover_urls,
    onboarding_urls,
    retrospectives_urls,
    stories_urls,
    surveys_urls,
    team_urls,
)

app_name = "programme"

urlpatterns = (
    team_urls.urlpatterns
    + onboarding_urls.urlpatterns
    + retrospectives_urls.urlpatterns
    + events_urls.urlpatterns
    # Results and memory (issue 16): deliverables, the handover plan, surveys, stories.
    + deliverables_urls.urlpatterns
    + handover_urls.urlpatterns
    + surveys_urls.urlpatterns
    + stories_urls.urlpatterns
)
