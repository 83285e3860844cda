from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eig.demo.builder import build_demo


class Command(BaseCommand):
    help = (
        "Charge le monde de démonstration : la promotion 2 (2017–2018), une promotion en cours "
        "de recrutement avec son appel à candidatures et des dossiers, la précédente en sélection, une "
        "promotion dans son cinquième mois de programme, les contenus et un compte par rôle. "
        "Relançable sans créer de doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même sans DEMO ni DEBUG sur une base autre que SQLite.",
        )

    def handle(self, *args, force=False, **options):
        # The demo creates a superuser whose password is public: refuse what looks
        # like a production database (PostgreSQL without DEMO or DEBUG) unless forced.
        if not (settings.DEMO or settings.DEBUG or force or connection.vendor == "sqlite"):
            raise CommandError(
                "Refusé : cette base ressemble à une base de production (ni DEMO ni DEBUG). "
                "Les comptes de démonstration ont un mot de passe public. Relancez avec DEMO=1 ou --force."
            )
        report = build_demo()
        self.stdout.write("\n".join(report.lines()))
