"""The stories' notifications, registered for the email texts the programme team edits
(eig.notifications.texts; imported by ContentConfig.ready()): variables as stories.py gives them
(_tell_the_author)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.notifications.texts import register_notification, sample_url

_STORY = {"name": _("nom de l'auteur ou de l'autrice du récit"), "title": _("titre du récit")}


def _story_sample() -> dict:
    return {"name": "Camille Martin", "title": gettext("Dix mois pour ouvrir les données de l'eau")}


register_notification(
    "story_published",
    label=_("Récit publié dans les actualités"),
    variables={**_STORY, "url": _("lien vers le récit publié")},
    sample=lambda: _story_sample() | {"url": sample_url("public:news_detail", slug="dix-mois-pour-ouvrir-les-donnees")},
)
register_notification(
    "story_declined",
    label=_("Récit non retenu pour les actualités"),
    variables={
        **_STORY,
        "note": _("pourquoi l'équipe ne le publie pas"),
        "url": _("lien vers les récits de la personne"),
    },
    sample=lambda: (
        _story_sample()
        | {
            "note": gettext("Un récit très proche vient de paraître ; revenez vers nous à la fin du programme."),
            "url": sample_url("programme:stories"),
        }
    ),
)
