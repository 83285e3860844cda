"""The incomplete drafts of an open call, a group the programme team writes to (a reminder before
the deadline; eig.notifications.broadcasts, registered by ApplicationsConfig.ready()). Incomplete
as the staff's funnel counts it (queries.with_completeness: the required questions and, when the
call asks for them in the dossier, a wish), so the group is the number the call list shows."""

from django.utils.translation import gettext_lazy as _

from eig.calls.audiences import OPEN_CALL, dossier_recipients
from eig.calls.models import Call, Dossier
from eig.notifications.broadcasts import register_audience

from .queries import with_completeness


def incomplete_drafts(parameters: dict) -> list:
    call = Call.objects.get(slug=parameters["call"])
    if not call.is_open():
        return []
    dossiers = with_completeness(Dossier.objects.filter(call=call, status=Dossier.Status.DRAFT))
    return dossier_recipients(dossiers.filter(is_complete=False))


register_audience(
    "call_incomplete_drafts",
    _("Brouillons incomplets d'un appel ouvert"),
    parameters=[OPEN_CALL],
    recipients=incomplete_drafts,
    help_text=_("Les brouillons auxquels il manque une réponse obligatoire (ou un vœu), avant la clôture."),
)
