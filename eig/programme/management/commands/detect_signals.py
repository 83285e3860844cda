from django.core.management.base import BaseCommand
from django.utils import timezone

from eig.programme.models import Fellow
from eig.programme.signals import detect
from eig.programme.states import FELLOW
from eig.promotions.models import Promotion


class Command(BaseCommand):
    help = (
        "Periodic job (daily): raise the signals of every promotion in its ten months "
        "(low state of mind, retrospectives missing, objectives off track)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        # A promotion is in its programme while it has fellows in post.
        running = Fellow.objects.filter(status__in=FELLOW.group("writes_retrospectives")).values("promotion_id")
        for promotion in Promotion.objects.filter(pk__in=running).order_by("pk"):
            counts = detect(promotion, now=now)
            if options["verbosity"] >= 1:
                found = " ".join(f"{kind}={count}" for kind, count in counts.items())
                self.stdout.write(f"{promotion.slug}: {found}")
