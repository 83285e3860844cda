"""The groups of a call the programme team writes to (eig.notifications.broadcasts; registered
by CallsConfig.ready()): the drafts of an open call, everyone with a dossier, the submitted
dossiers. Each recipient carries their dossier: the message is logged on it and follows its
language. The incomplete drafts need the wishes, hence eig.applications.audiences."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.notifications.broadcasts import Parameter, Recipient, register_audience

from .models import Call, Dossier

# The calls people answer from the public site (the ten months' forms have their own pages).
PUBLIC_KINDS = sorted(Call.RECEIPT_KINDS)


def _calls(*, open_only: bool):
    calls = Call.objects.filter(kind__in=PUBLIC_KINDS).order_by("-opens_at", "pk")
    if open_only:
        now = timezone.now()
        calls = calls.filter(opens_at__lte=now, closes_at__gt=now)
    return [(call.slug, call.title) for call in calls]


def _all_call_labels():
    return dict(_calls(open_only=False))


# A call still open: a reminder to drafts means nothing once the deadline has passed.
OPEN_CALL = Parameter("call", _("Appel (ouvert)"), choices=lambda: _calls(open_only=True), labels=_all_call_labels)
ANY_CALL = Parameter("call", _("Appel"), choices=lambda: _calls(open_only=False))


def dossier_recipients(dossiers) -> list[Recipient]:
    """One recipient per dossier: its holder, in the dossier's language."""
    return [Recipient.of_user(d.owner, dossier=d) for d in dossiers.select_related("owner").order_by("number", "pk")]


def drafts(parameters: dict) -> list[Recipient]:
    now = timezone.now()
    call = Call.objects.get(slug=parameters["call"])
    if not call.is_open(now):
        return []
    return dossier_recipients(Dossier.objects.filter(call=call, status=Dossier.Status.DRAFT))


def holders(parameters: dict) -> list[Recipient]:
    return dossier_recipients(
        Dossier.objects.filter(call__slug=parameters["call"]).exclude(status=Dossier.Status.WITHDRAWN)
    )


def submitted(parameters: dict) -> list[Recipient]:
    return dossier_recipients(Dossier.objects.filter(call__slug=parameters["call"], status=Dossier.Status.SUBMITTED))


register_audience(
    "call_drafts",
    _("Brouillons non déposés d'un appel ouvert"),
    parameters=[OPEN_CALL],
    recipients=drafts,
    help_text=_("Les personnes dont le dossier est encore un brouillon, avant la clôture (une relance)."),
)
register_audience(
    "call_submitted",
    _("Dossiers déposés d'un appel"),
    parameters=[ANY_CALL],
    recipients=submitted,
    help_text=_("Les personnes qui ont déposé leur dossier (hors dossiers retirés)."),
)
register_audience(
    "call_holders",
    _("Toutes les personnes ayant un dossier sur un appel"),
    parameters=[ANY_CALL],
    recipients=holders,
    help_text=_("Brouillons et dossiers déposés, hors dossiers retirés."),
)
