"""Periodic job (daily): anonymise the dossiers of calls past their retention period.

A dry run by default: it says what it would do. `--apply` does it.
"""

from django.core.management.base import BaseCommand
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.accounts.personal_data import purge_expired


class Command(BaseCommand):
    help = "Anonymise the dossiers of calls past their retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Apply the changes (default: dry run).")

    def handle(self, *args, **options):
        report = purge_expired(apply=options["apply"])
        if not report.applied:
            self.stdout.write(_("Simulation : aucune donnée n'est modifiée. Relancez avec --apply pour appliquer."))
        if not report.calls and not report.others and not report.accounts_anonymised:
            self.stdout.write(_("Aucun dossier ni compte n'a dépassé sa durée de conservation."))
            return
        for item in report.calls:
            values = {
                "call": item.call.title,
                "date": formats.date_format(timezone.localtime(item.retention_end), "j F Y"),
                "dossiers": item.dossiers_anonymised,
                "drafts": item.drafts_deleted,
                "files": item.files_deleted,
            }
            if report.applied:
                line = _(
                    "Appel « %(call)s » (conservation échue le %(date)s) : %(dossiers)d dossier(s) anonymisé(s), "
                    "%(drafts)d brouillon(s) supprimé(s), %(files)d fichier(s) supprimé(s)."
                )
            else:
                line = _(
                    "Appel « %(call)s » (conservation échue le %(date)s) : %(dossiers)d dossier(s) à anonymiser, "
                    "%(drafts)d brouillon(s) à supprimer, %(files)d fichier(s) à supprimer."
                )
            self.stdout.write(line % values)
        for item in report.others:
            self.stdout.write(str(item))
        if report.applied:
            line = _("Comptes clos anonymisés : %(count)d.")
        else:
            line = _("Comptes clos à anonymiser : %(count)d.")
        self.stdout.write(line % {"count": report.accounts_anonymised})
