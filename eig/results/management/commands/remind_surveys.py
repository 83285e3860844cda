"""Periodic job (daily): the survey reminders of the day."""

from django.core.management.base import BaseCommand

from eig.results.surveys import remind


class Command(BaseCommand):
    help = (
        "Periodic job (daily): for each reminder day before an open survey closes (Survey.reminder_days), one email "
        "to each person asked who has not answered yet; each once."
    )

    def handle(self, *args, **options):
        sent = remind()
        if options["verbosity"] >= 1:
            self.stdout.write(f"reminders={sent}")
