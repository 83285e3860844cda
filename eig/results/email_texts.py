"""The results' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by ResultsConfig.ready()): variables as surveys.py gives them."""

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_moment, sample_url

register_notification(
    "survey_reminder",
    label=_("Rappel d'un questionnaire sans réponse"),
    variables={
        "name": _("nom de la personne interrogée"),
        "title": _("titre du questionnaire"),
        "closes_on": _("date de clôture du questionnaire"),
        "anonymous": _("vrai si le questionnaire est anonyme (à lire avec {% if anonymous %})"),
        "url": _("lien vers les questionnaires de la personne"),
    },
    sample=lambda: {
        "name": "Camille Martin",
        "title": gettext("Questionnaire de fin de programme — EIG 10"),
        "closes_on": formats.date_format(sample_moment(day=31), "j F Y"),
        "anonymous": True,
        "url": sample_url("programme:surveys"),
    },
)
