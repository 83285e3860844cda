"""The activity verbs of the ten months, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "programme.forms_installed": _("Formulaires des dix mois installés (listes d'arrivée et d'accueil, bilan)"),
        "fellow.created": _("Lauréat ou lauréate devenu entrepreneur·e de la promotion"),
        "fellow.start_confirmed": _("Prise de poste confirmée"),
        "fellow.start_delayed": _("Retard de prise de poste noté"),
        "fellow.left": _("Départ anticipé enregistré"),
        "fellow.finished": _("Programme terminé"),
        "fellow.replacement_proposed": _("Remplaçant ou remplaçante proposé après un départ"),
        "mentor.added": _("Mentor ajouté à une équipe"),
        "mentor.removed": _("Mentor retiré d'une équipe"),
        "onboarding.reminded": _("Rappel de la liste d'arrivée envoyé"),
        "objective.saved": _("Objectif enregistré"),
        "objective.deleted": _("Objectif supprimé"),
        "objective.measured": _("Mesure d'un indicateur ajoutée"),
        "resource.added": _("Document ou lien ajouté à l'équipe"),
        "resource.removed": _("Document ou lien retiré de l'équipe"),
        "retrospective.submitted": _("Bilan hebdomadaire déposé"),
        "mentor_note.written": _("Note de mentorat enregistrée"),
        "signal.raised": _("Signal levé"),
        "signal.acknowledged": _("Signal pris en compte"),
        "signal.followed_up": _("Signal suivi"),
        "signal.closed": _("Signal clos avec une note"),
        "event.saved": _("Événement enregistré"),
        "event.registered": _("Inscription à un événement"),
        "event.unregistered": _("Désinscription d'un événement"),
        "event.attendance": _("Présence relevée"),
        "event.reminded": _("Rappel d'événement envoyé"),
        "calendar.renewed": _("Adresse d'agenda personnel renouvelée"),
        "programme.purged": _("Bilans et notes de mentorat purgés à la fin de leur conservation"),
    }
)
