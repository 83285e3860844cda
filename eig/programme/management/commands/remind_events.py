from django.core.management.base import BaseCommand

from eig.programme.events import remind_events


class Command(BaseCommand):
    help = "Periodic job (daily, or every hour): each registration to an event starting by tomorrow gets its reminder, once."

    def handle(self, *args, **options):
        sent = remind_events()
        if options["verbosity"] >= 1:
            self.stdout.write(f"reminded={sent}")
