"""`manage.py import_legacy_site PATH`: import the legacy Jekyll site (see eig.content.legacy)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eig.content.legacy import LegacyError, import_site


class Command(BaseCommand):
    help = "Importe le site historique (Jekyll) : défis, personnes, actualités et questions fréquentes."

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("dossier du site Jekyll (celui qui contient _data/ et _posts/)"))

    def handle(self, *args, path, **options):
        try:
            report = import_site(path)
        except LegacyError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.problems:
            self.stdout.write(
                self.style.WARNING(
                    _("Import terminé avec %(count)d problème(s) : les éléments concernés sont listés ci-dessus.")
                    % {"count": len(report.problems)}
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Import terminé sans problème.")))
