"""The activity verbs of the juries and auditions, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "jury.created": _("Jury créé"),
        "jury.half_day_added": _("Demi-journée d'auditions ajoutée"),
        "jury.room_added": _("Salle d'auditions ajoutée"),
        "jury.settings_updated": _("Réglages du jury modifiés"),
        "jury.auditions_added": _("Candidats convoqués aux auditions ajoutés"),
        "jury.panels_formed": _("Sous-jurys formés"),
        "jury.scheduled": _("Planning des auditions calculé"),
        "jury.running_late": _("Retard signalé : auditions décalées"),
        "jury.convocations_sent": _("Convocations envoyées"),
        "jury.results_published": _("Résultats du jury publiés"),
        "juror.invited": _("Juré ou jurée invitée"),
        "juror.updated": _("Invitation au jury mise à jour"),
        "juror.charter_signed": _("Charte du jury signée"),
        "juror.availability_set": _("Disponibilités d'un juré enregistrées"),
        "juror.conflict_declared": _("Conflit d'intérêts déclaré par un juré"),
        "juror.pinned": _("Juré ou jurée affectée à un sous-jury"),
        "juror.public_consent_given": _("Accord pour figurer sur la page publique du jury donné ou mis à jour"),
        "juror.public_consent_revoked": _("Accord pour figurer sur la page publique du jury retiré"),
        "audition.moved": _("Audition déplacée"),
        "audition.attendance": _("Présence à l'audition notée"),
        "audition.collective_saved": _("Notation collective enregistrée"),
        "panel.verdicts_saved": _("Avis du sous-jury enregistrés"),
        "panel.timekeeper_set": _("Maître du temps désigné"),
    }
)
