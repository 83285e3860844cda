"""The activity verbs of the reviews (grids, reviewers, assignment, admissibility), with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "grid.created": _("Grille d'évaluation créée"),
        "reviewer.invited": _("Évaluateur ou évaluatrice invitée"),
        "reviewer.updated": _("Invitation d'évaluation mise à jour"),
        "reviewer.accepted": _("Invitation d'évaluation acceptée"),
        "reviewer.conflict_declared": _("Conflit d'intérêts déclaré par un évaluateur"),
        "reviewer.dropped": _("Évaluateur ou évaluatrice retirée, dossiers rendus"),
        "review.saved": _("Évaluation enregistrée"),
        "review.submitted": _("Évaluation validée"),
        "review.corrected": _("Évaluation validée corrigée"),
        "review.voided_by_conflict": _("Évaluation annulée : conflit d'intérêts"),
        "reviews.assigned": _("Dossiers répartis entre les évaluateurs"),
        "reviews.pair_rule_set": _("Règle d'affectation posée"),
        "reviews.pair_rule_removed": _("Règle d'affectation levée"),
        "reviews.next_served": _("Dossier suivant attribué à un évaluateur"),
        "dossier.remark_added": _("Remarque ajoutée au dossier"),
        "dossier.admissibility_decided": _("Recevabilité décidée"),
        "call.decisions_sent_before_closing": _("Décisions envoyées avant la clôture de l'appel"),
        "call.wish_windows_opened": _("Recueil des vœux ouvert aux candidats admissibles"),
    }
)
