"""The sourced key figures staff add to a challenge (`challenges.KeyFigure`), each logged.

The computed figures need no hand (eig/results/figures.py); a figure staff add says where it comes
from: a source is required (a report, a press release, the administration's dashboard…), its address
is optional and, when given, a well-formed secure one (`deliverables.check_url`).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from eig.challenges.models import Challenge, KeyFigure
from eig.core.activity import log_activity
from eig.core.errors import DomainError

from .deliverables import check_url

AMOUNT_MAX, DESCRIPTION_MAX, SOURCE_MAX = 40, 300, 300


def add_figure(
    challenge: Challenge,
    *,
    amount: str,
    description_fr: str,
    description_en: str = "",
    source: str,
    source_url: str = "",
    by,
) -> KeyFigure:
    """A figure of the challenge with its source, shown after the computed ones on its public page."""
    amount = (amount or "").strip()
    description_fr = (description_fr or "").strip()
    source = (source or "").strip()
    if not amount:
        raise DomainError(_("Indiquez le chiffre, par exemple « 12 000 » ou « 30 % »."))
    if len(amount) > AMOUNT_MAX:
        raise DomainError(_("Le chiffre est trop long (%(max)s caractères au plus).") % {"max": AMOUNT_MAX})
    if not description_fr:
        raise DomainError(_("Dites en français ce que le chiffre compte."))
    if not source:
        raise DomainError(_("Indiquez la source du chiffre : d'où vient-il ?"))
    source_url = check_url(source_url) if (source_url or "").strip() else ""
    with transaction.atomic():
        last = KeyFigure.objects.filter(challenge=challenge).aggregate(top=Max("order"))["top"]
        figure = KeyFigure(
            challenge=challenge,
            amount=amount,
            description_fr=description_fr[:DESCRIPTION_MAX],
            description_en=(description_en or "").strip()[:DESCRIPTION_MAX],
            source=source[:SOURCE_MAX],
            source_url=source_url,
            order=min((last if last is not None else -1) + 1, 32767),
        )
        # A full save: modeltranslation copies the French description into the untranslated column.
        figure.save()
        log_activity(
            "key_figure.added",
            figure,
            actor=by,
            challenge=challenge.title,
            amount=amount,
            description=figure.description_fr,
            source=figure.source,
        )
    return figure


def remove_figure(figure: KeyFigure, *, by) -> None:
    """Remove a sourced figure (after the page's confirmation)."""
    with transaction.atomic():
        log_activity(
            "key_figure.removed",
            figure,
            actor=by,
            challenge=figure.challenge.title,
            amount=figure.amount,
            description=figure.description_fr,
            source=figure.source,
        )
        figure.delete()
