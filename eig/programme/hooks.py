"""The selection's signals, heard by the ten months (eig.selection names no app above it)."""

from django.dispatch import receiver

from eig.selection.signals import offer_accepted

from . import fellows


@receiver(offer_accepted, dispatch_uid="programme.make_fellow")
def _make_fellow(sender, offer, name, now, **kwargs):
    fellows.make_fellow(offer, name=name, now=now)
