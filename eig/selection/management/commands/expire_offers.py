from django.core.management.base import BaseCommand

from eig.selection.services import expire_offers


class Command(BaseCommand):
    help = "Periodic job (every few minutes): pending offers past their deadline expire."

    def handle(self, *args, **options):
        expired = expire_offers()
        if options["verbosity"] >= 1:
            self.stdout.write(f"expired={expired}")
