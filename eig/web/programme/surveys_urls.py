"""URLs of the team pages of results and memory: surveys (issue 16; views in surveys.py).

« Mes questionnaires », the start of one's answers (POST), and the kit's dossier pages of the
survey space (URL names « survey_dossier », « survey_step »…), whose submit is the survey's own
(surveys.submit: an anonymous survey has no receipt to show)."""

from django.urls import path

from eig.web.dossiers import pages

from . import surveys

_SUBMIT = f"{surveys.SPACE.name_prefix}submit"

urlpatterns = [
    path("questionnaires/", surveys.my_surveys, name="surveys"),
    path("questionnaires/<int:survey>/repondre/", surveys.start, name="survey_start"),
    *[route for route in pages.urlpatterns(surveys.SPACE) if route.name != _SUBMIT],
    path(surveys.SPACE.prefix + "deposer/", surveys.submit, name=_SUBMIT),
]
