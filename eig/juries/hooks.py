"""What the juries add to the outbox (ICS attachments) and to file downloads; a removed seat's public photo."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from eig.calls.reading import dossiers_holding
from eig.files.permissions import register_download_checker
from eig.notifications.attachments import register_attachment_renderer

from .ics import audition_calendar, juror_calendar
from .models import Audition, Juror
from .permissions import visible_auditions


def _audition_ics(audition: int) -> bytes:
    return audition_calendar(Audition.objects.select_related("panel__room", "jury").get(pk=audition))


def _juror_ics(juror: int) -> bytes:
    return juror_calendar(Juror.objects.select_related("jury").get(pk=juror))


register_attachment_renderer("audition_ics", _audition_ics)
register_attachment_renderer("juror_ics", _juror_ics)


@register_download_checker
def is_juror_of_the_panel_hearing_the_file(user, stored_file) -> bool:
    """A juror who signed the charter reads the files of the dossiers their panel hears."""
    # Through the answer's link to the file or the submitted version's (owner-checked), never by
    # matching answer text.
    dossiers = dossiers_holding(stored_file)
    return visible_auditions(user).filter(dossier__in=dossiers).exists()


@receiver(post_delete, sender=Juror, dispatch_uid="juries-public-photo")
def delete_public_photo(sender, instance, **kwargs):
    """A seat removed (or its jury, or its call) takes its public photo with it, once committed."""
    if instance.public_photo:
        name, storage = instance.public_photo.name, instance.public_photo.storage
        transaction.on_commit(lambda: storage.delete(name))
