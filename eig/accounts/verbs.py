"""The activity verbs of accounts and of the personal-data rights, with their French label."""

from django.utils.translation import gettext_lazy as _

from eig.core.activity import register_verbs

VERBS = register_verbs(
    {
        "account.roles_changed": _("Rôles ou droits du compte modifiés"),
        "account.data_exported": _("Données personnelles téléchargées"),
        "account.closed": _("Compte fermé"),
        "account.deleted": _("Compte supprimé"),
        "account.anonymised": _("Compte anonymisé"),
        "dossier.anonymised": _("Dossier anonymisé"),
        "dossier.purged": _("Brouillon supprimé à l'échéance de conservation"),
    }
)
