"""The activity verbs of results and memory, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "results.forms_installed": _("Formulaires des résultats installés (plan de pérennisation)"),
        "deliverable.proposed": _("Réalisation déclarée par l'équipe"),
        "deliverable.edited": _("Réalisation modifiée"),
        "deliverable.withdrawn": _("Réalisation retirée par l'équipe"),
        "deliverable.returned": _("Réalisation renvoyée à l'équipe"),
        "deliverable.published": _("Réalisation publiée sur la page du défi"),
        "deliverable.unpublished": _("Réalisation retirée de la page du défi"),
        "deliverable.link_dead": _("Lien d'une réalisation mort"),
        "key_figure.added": _("Chiffre clé sourcé ajouté"),
        "key_figure.removed": _("Chiffre clé sourcé retiré"),
        "handover.submitted": _("Plan de pérennisation déposé par l'équipe"),
        "handover.confirmed": _("Plan de pérennisation confirmé par l'administration"),
        "handover.outcome": _("Devenir du défi enregistré"),
        "survey.created": _("Questionnaire créé"),
        "survey.opened": _("Questionnaire ouvert aux personnes interrogées"),
        "survey.reminded": _("Rappel de questionnaire envoyé"),
        "survey.answered": _("Réponse à un questionnaire"),
        "promotion.closed": _("Promotion close : résultats publiés"),
        "promotion.photo": _("Photo de la promotion changée"),
        "agenda.saved": _("Programme d'un événement modifié"),
    }
)
