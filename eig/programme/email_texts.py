"""The ten months' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by ProgrammeConfig.ready()): variables as events.py,
onboarding.py, departures.py and mentoring.py give them."""

import datetime

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_moment, sample_url


def _team() -> str:
    return gettext("Mieux orienter les usagers des services publics")


register_notification(
    "event_reminder",
    label=_("Rappel d'un événement du programme, la veille"),
    variables={
        "name": _("nom de la personne inscrite"),
        "title": _("titre de l'événement"),
        "starts_at": _("date et heure de début"),
        "ends_at": _("date et heure de fin"),
        "place": _("lieu (peut être vide)"),
        "link": _("lien de connexion (peut être vide)"),
        "compulsory": _("vrai si l'événement est obligatoire (à lire avec {% if compulsory %})"),
        "url": _("lien vers l'agenda du programme"),
    },
    sample=lambda: {
        "name": "Camille Martin",
        "title": gettext("Séminaire de rentrée"),
        "starts_at": formats.date_format(sample_moment(day=16, hour=9, minute=30), "DATETIME_FORMAT"),
        "ends_at": formats.date_format(sample_moment(day=16, hour=17, minute=30), "DATETIME_FORMAT"),
        "place": "20 avenue de Ségur, Paris",
        "link": "",
        "compulsory": True,
        "url": sample_url("programme:agenda"),
    },
)

_CHECKLIST = {
    # A date, not words: the text formats it.
    "start_date": _('date de prise de poste (une date : l\'écrire avec un filtre, ex. {{ start_date|date:"j F Y" }})'),
    "remaining": _("nombre d'éléments qui restent à cocher"),
    "total": _("nombre d'éléments de la liste"),
}

register_notification(
    "onboarding_reminder",
    label=_("Rappel de la liste d'arrivée d'un ou d'une EIG"),
    variables={"name": _("nom de l'EIG"), **_CHECKLIST, "url": _("lien vers sa liste d'arrivée")},
    sample=lambda: {
        "name": "Camille Martin",
        "start_date": datetime.date(2026, 9, 1),
        "remaining": 3,
        "total": 7,
        "url": sample_url("programme:onboarding"),
    },
)
register_notification(
    "onboarding_host_reminder",
    label=_("Rappel de la liste d'accueil d'une administration"),
    variables={
        "name": _("nom de l'agent"),
        "challenge": _("titre du défi de l'équipe accueillie"),
        **_CHECKLIST,
        "url": _("lien vers la liste d'accueil"),
    },
    sample=lambda: {
        "name": "Dominique Petit",
        "challenge": _team(),
        "start_date": datetime.date(2026, 9, 1),
        "remaining": 2,
        "total": 6,
        "url": sample_url("programme:host_onboarding", challenge=7),
    },
)
register_notification(
    "programme_departure",
    label=_("Départ anticipé d'un ou d'une EIG"),
    variables={
        "name": _("nom de la personne prévenue (équipe, mentors, administration)"),
        "fellow": _("nom de l'EIG qui part"),
        "challenge": _("titre du défi de l'équipe"),
        "on": _('date du départ (une date : l\'écrire avec un filtre, ex. {{ on|date:"j F Y" }})'),
        "url": _("lien vers la page de l'équipe"),
    },
    sample=lambda: {
        "name": "Dominique Petit",
        "fellow": "Camille Martin",
        "challenge": _team(),
        "on": datetime.date(2027, 1, 15),
        "url": sample_url("programme:team", challenge=7),
    },
)
register_notification(
    "programme_difficulty",
    label=_("Difficulté signalée par une équipe (à l'équipe du programme)"),
    variables={
        "team": _("titre du défi de l'équipe"),
        "who": _("personne qui signale"),
        "text": _("ce que la personne a écrit"),
        "url": _("lien vers la page des signaux de la promotion"),
    },
    sample=lambda: {
        "team": _team(),
        "who": "Dominique Petit",
        "text": gettext("Les accès aux données ne sont toujours pas ouverts après six semaines."),
        "url": sample_url("staff:programme_signals", promotion="eig-10"),
    },
)
