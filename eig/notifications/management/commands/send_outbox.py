from django.core.management.base import BaseCommand

from eig.notifications.services import enqueue_due, purge_sent, recover_stuck


class Command(BaseCommand):
    help = "Periodic job (every minute): recover messages stuck in sending, enqueue due ones, purge old ones."

    def handle(self, *args, **options):
        recovered = recover_stuck()
        enqueued = enqueue_due()
        purged = purge_sent()
        if options["verbosity"] >= 1:
            self.stdout.write(f"recovered={recovered} enqueued={enqueued} purged={purged}")
