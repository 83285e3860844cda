"""The activity verbs of the editorial content, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "content.legacy_imported": _("Ancien site importé"),
        "story.proposed": _("Récit proposé pour les actualités"),
        "story.edited": _("Récit modifié"),
        "story.published": _("Récit publié dans les actualités"),
        "story.declined": _("Récit non retenu"),
        # eig.content.english.set_english: an English version written (staff, or an agent for its challenge).
        "translation.english_set": _("Version anglaise enregistrée"),
    }
)
