"""The jurors the programme team writes to (eig.notifications.broadcasts; registered by
JuriesConfig.ready()): a jury's members, or one panel's. A juror invited without an account yet
is reached at the address of their invitation."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.notifications.broadcasts import Parameter, Recipient, register_audience

from .models import Juror, Jury, Panel


def _juries():
    juries = Jury.objects.select_related("call").order_by("-call__opens_at", "kind", "pk")
    return [(str(jury.pk), f"{jury.title} — {jury.call.title}") for jury in juries]


def _panels():
    panels = Panel.objects.select_related("jury__call", "half_day", "room").order_by(
        "-jury__call__opens_at", "jury_id", "index"
    )
    choices = []
    for panel in panels:
        start = timezone.localtime(panel.half_day.starts_at)
        label = _("%(jury)s — groupe %(index)s (%(day)s, %(room)s)") % {
            "jury": panel.jury.title,
            "index": panel.index,
            "day": start.strftime("%d/%m %H:%M"),
            "room": panel.room.name,
        }
        choices.append((str(panel.pk), label))
    return choices


def _recipients(jurors) -> list[Recipient]:
    return [Recipient(juror.email, juror.name, juror.user_id) for juror in jurors.order_by("name", "pk")]


def jury_members(parameters: dict) -> list[Recipient]:
    return _recipients(Juror.objects.filter(jury_id=int(parameters["jury"])))


def panel_members(parameters: dict) -> list[Recipient]:
    return _recipients(Juror.objects.filter(memberships__panel_id=int(parameters["panel"])))


register_audience(
    "jury_members",
    _("Membres d'un jury"),
    parameters=[Parameter("jury", _("Jury"), choices=_juries)],
    recipients=jury_members,
    help_text=_("Toutes les personnes invitées dans ce jury, qu'elles aient ou non accepté la charte."),
)
register_audience(
    "panel_members",
    _("Membres d'un groupe de jury"),
    parameters=[Parameter("panel", _("Groupe de jury"), choices=_panels)],
    recipients=panel_members,
    help_text=_("Les membres du jury assis dans ce groupe (une demi-journée, une salle)."),
)
