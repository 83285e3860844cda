"""What the alumni network hears from the apps below it: a promotion's closing (eig.results
sends `promotion_closed` inside the transaction that closes it, naming no app above it)."""

from django.dispatch import receiver

from eig.results.signals import promotion_closed

from . import services


@receiver(promotion_closed, dispatch_uid="alumni.make_alumni")
def _make_alumni(sender, closing, by=None, **kwargs):
    """The fellows who finished the programme become alumni (not those who left early: see
    services.make_alumni); a second closing signal changes nothing (idempotent)."""
    services.make_alumni(closing.promotion, by=by)
