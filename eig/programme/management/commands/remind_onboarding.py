"""Periodic job (daily): the onboarding reminders of the day before each fellow's start date."""

from django.core.management.base import BaseCommand

from eig.programme.onboarding import remind


class Command(BaseCommand):
    help = (
        "Periodic job (daily): for each reminder day before a fellow's start (Setup.reminder_days), one email to "
        "each fellow, and to the agents of each host team, whose onboarding checklist is not finished; each once."
    )

    def handle(self, *args, **options):
        report = remind()
        if options["verbosity"] >= 1:
            self.stdout.write(f"fellows={report.fellows} hosts={report.hosts}")
