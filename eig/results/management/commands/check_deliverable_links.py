from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eig.results.links import TIMEOUT, check_links


class Command(BaseCommand):
    help = (
        "Periodic job (weekly): check the links of the published and proposed deliverables "
        "(HEAD, else GET, bounded time), record their state and report the dead ones in French."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=TIMEOUT, help=f"seconds to wait for each answer (default {TIMEOUT})"
        )

    def handle(self, *args, **options):
        with translation.override("fr"):
            report = check_links(now=timezone.now(), timeout=options["timeout"])
            checked = ngettext("%(n)s lien vérifié", "%(n)s liens vérifiés", report.checked) % {"n": report.checked}
            dead = ngettext("%(n)s ne répond plus", "%(n)s ne répondent plus", len(report.dead)) % {
                "n": len(report.dead)
            }
            self.stdout.write(_("%(checked)s : %(dead)s.") % {"checked": checked, "dead": dead})
            if not report.dead:
                return
            self.stdout.write(_("Liens morts :"))
            for deliverable in report.dead:
                since = timezone.localtime(deliverable.dead_since).strftime("%d/%m/%Y")
                new = _(" (nouveau)") if deliverable in report.newly_dead else ""
                self.stdout.write(
                    _("- %(promotion)s, %(team)s : « %(title)s » — %(url)s — %(error)s, depuis le %(since)s%(new)s")
                    % {
                        "promotion": deliverable.challenge.promotion,
                        "team": deliverable.challenge.title,
                        "title": deliverable.title_fr,
                        "url": deliverable.url,
                        "error": deliverable.link_error,
                        "since": since,
                        "new": new,
                    }
                )
