"""The programme team's pages of the ten months (/equipe/programme/…), one module per part."""

from . import (
    alumni_urls,
    closing_urls,
    deliverables_urls,
    events_urls,
    handover_urls,
    onboarding_urls,
    retrospectives_urls,
    stories_urls,
    surveys_urls,
    team_urls,
)

urlpatterns = (
    team_urls.urlpatterns
    + onboarding_urls.urlpatterns
    + retrospectives_urls.urlpatterns
    + events_urls.urlpatterns
    # Results and memory (issue 16): deliverables and key figures, handover plans, surveys, the
    # promotion's closing (results page, photo, demo day's programme), alumni, stories.
    + deliverables_urls.urlpatterns
    + handover_urls.urlpatterns
    + surveys_urls.urlpatterns
    + closing_urls.urlpatterns
    + alumni_urls.urlpatterns
    + stories_urls.urlpatterns
)
