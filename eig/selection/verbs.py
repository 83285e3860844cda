"""The activity verbs of the selection (runs, approvals, offers, publication), with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "selection.run": _("Proposition de promotion calculée"),
        "selection.run_deleted": _("Brouillon de proposition supprimé"),
        "selection.frozen": _("Proposition soumise aux valideurs"),
        "selection.approved": _("Proposition approuvée"),
        "selection.returned": _("Proposition renvoyée avec un commentaire"),
        "selection.offers_sent": _("Propositions de poste et réponses envoyées"),
        "selection.published": _("Promotion publiée"),
        "offer.accepted": _("Proposition de poste acceptée"),
        "offer.declined": _("Proposition de poste déclinée"),
        "offer.expired": _("Proposition de poste expirée sans réponse"),
        "offer.withdrawn": _("Proposition de poste retirée"),
        "offer.public_profile": _("Consentement au profil public modifié"),
        "offer.replacement_proposed": _("Remplacement proposé depuis la liste d'attente"),
        "offer.replacement_confirmed": _("Remplacement confirmé : nouvelle proposition de poste"),
    }
)
