"""What proposals add to the dossier engine and to the file downloads."""

from eig.calls.extensions import register_lock
from eig.calls.models import Answer
from eig.files.permissions import register_download_checker

from .models import Agent, Proposal
from .states import frozen_reason


@register_lock
def selection_has_started(dossier):
    """Once the programme has decided on a proposal, its dossier is what the jury reads: frozen
    (the « editable » group of eig.proposals.states)."""
    if not dossier.shared:
        return None
    state = Proposal.objects.filter(dossier=dossier).values_list("state", flat=True).first()
    return None if state is None else frozen_reason(state)


@register_download_checker
def is_agent_of_the_proposal_holding_the_file(user, stored_file) -> bool:
    """Every confirmed agent of the administration reads the files of its proposals."""
    # Through the answer's link to the file (set by attach_file), never by matching answer text.
    dossiers = Answer.objects.filter(stored_file=stored_file, dossier__shared=True).values("dossier")
    administrations = Proposal.objects.filter(dossier__in=dossiers).values("administration")
    return Agent.objects.filter(user=user, confirmed=True, administration__in=administrations).exists()
