"""The juries' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by JuriesConfig.ready()): variables as services.py gives them
(invite_juror, _notify_moved, _auditionee_context, _juror_context)."""

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import SAMPLE_KEY, register_notification, sample_moment, sample_url


def _when(**kwargs) -> str:
    return formats.date_format(sample_moment(**kwargs), "DATETIME_FORMAT")


def _jury() -> str:
    return gettext("Jury des candidatures EIG 10")


register_notification(
    "juror_invitation",
    label=_("Invitation à siéger dans un jury"),
    variables={
        "name": _("nom du membre du jury"),
        "jury": _("titre du jury"),
        "url": _("lien personnel vers la charte à signer"),
    },
    sample=lambda: {"name": "Alex Moreau", "jury": _jury(), "url": sample_url("juries:charter", token=SAMPLE_KEY)},
)

_AUDITION = {
    "jury": _("titre du jury"),
    "auditionee": _("personne ou équipe auditionnée"),
    "starts_at": _("date et heure de l'audition"),
}

register_notification(
    "audition_convocation",
    label=_("Convocation à une audition"),
    variables={
        **_AUDITION,
        "room": _("salle de l'audition"),
        "location": _("adresse ou lien de la salle (peut être vide)"),
        "waiting_room": _("consignes de la salle d'attente (peuvent être vides)"),
    },
    sample=lambda: {
        "jury": _jury(),
        "auditionee": "Camille Martin",
        "starts_at": _when(day=24, hour=10, minute=20),
        "room": "Salle 1",
        "location": "20 avenue de Ségur, Paris",
        "waiting_room": gettext("Présentez-vous à l'accueil dix minutes avant l'heure avec une pièce d'identité."),
    },
)
register_notification(
    "audition_moved",
    label=_("Audition décalée par un retard du jury"),
    variables={**_AUDITION, "minutes": _("minutes de retard")},
    sample=lambda: {
        "jury": _jury(),
        "auditionee": "Camille Martin",
        "minutes": 15,
        "starts_at": _when(day=24, hour=10, minute=35),
    },
)
register_notification(
    "juror_convocation",
    label=_("Convocation d'un membre du jury"),
    variables={
        "name": _("nom du membre du jury"),
        "jury": _("titre du jury"),
        "starts_at": _("date et heure de sa première demi-journée (peut être vide)"),
        "room": _("salle de son premier groupe (peut être vide)"),
        "location": _("adresse ou lien de la salle (peut être vide)"),
        "url": _("lien vers son programme et les dossiers de son groupe"),
        "feed": _("lien du calendrier à ajouter à son agenda"),
    },
    sample=lambda: {
        "name": "Alex Moreau",
        "jury": _jury(),
        "starts_at": _when(day=24, hour=9, minute=0),
        "room": "Salle 1",
        "location": "20 avenue de Ségur, Paris",
        "url": sample_url("juries:schedule"),
        "feed": sample_url("juries:feed", token=SAMPLE_KEY),
    },
)
