"""What proposals add to the dossier engine, to the file downloads and to the public challenges."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from eig.calls.extensions import register_lock
from eig.calls.models import Answer, Dossier
from eig.challenges.models import Administration, Challenge, Position
from eig.challenges.publication import register_hold
from eig.files.permissions import register_download_checker

from . import approval
from .models import Agent, ChallengeSelection, Proposal
from .states import CHALLENGE_SELECTION, frozen_reason


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


@register_hold
def awaiting_approval() -> Q:
    """A challenge selected from a call for challenges (it has a proposal) stays off the public
    pages and the call for applications until a list of its call holding it is approved (and
    still unchanged: a change outdates the list, approval.refresh_selections)."""
    approved = ChallengeSelection.challenges.through.objects.filter(
        challengeselection__state__in=CHALLENGE_SELECTION.group("final")
    ).values("challenge_id")
    return Q(proposal__isnull=False) & ~Q(pk__in=approved)


# A change to what a submitted or approved list names outdates it. Saves of any kind reach here
# (the staff pages, the admin, the services); a raw save (loaddata) does not count. One query when
# no list stands for any call; a standing list is read again only when the change may touch it.


def _listed_ids(selection) -> set[int]:
    return {item["id"] for item in selection.content}


@receiver([post_save, post_delete], sender=Challenge, dispatch_uid="proposals.challenge_changed")
def challenge_changed(sender, instance, raw=False, **kwargs):
    """A challenge on a list (retitled, moved, deleted), or one of the call's promotion (it may join it)."""
    if not raw:
        approval.refresh_selections(
            concerns=lambda s: instance.pk in _listed_ids(s) or instance.promotion_id == s.call.promotion_id
        )


@receiver([post_save, post_delete], sender=Position, dispatch_uid="proposals.position_changed")
def position_changed(sender, instance, raw=False, **kwargs):
    """A position of a listed challenge (added, removed, given another profile)."""
    if not raw:
        approval.refresh_selections(concerns=lambda s: instance.challenge_id in _listed_ids(s))


@receiver([post_save, post_delete], sender=Administration, dispatch_uid="proposals.administration_changed")
def administration_changed(sender, instance, raw=False, **kwargs):
    """The administration of a listed challenge (renamed)."""
    if not raw:
        approval.refresh_selections(
            concerns=lambda s: any(item["administration"]["id"] == instance.pk for item in s.content)
        )


@receiver([post_save, post_delete], sender=Proposal, dispatch_uid="proposals.proposal_changed")
def proposal_changed(sender, instance, raw=False, **kwargs):
    """A proposal of the call (validated: its challenge joins the list), or of a listed challenge
    (its dossier may be going: the proposal is deleted with it)."""
    if raw:
        return

    def concerns(selection) -> bool:
        if instance.challenge_id in _listed_ids(selection):
            return True
        call_id = Dossier.objects.filter(pk=instance.dossier_id).values_list("call_id", flat=True).first()
        return call_id == selection.call_id

    approval.refresh_selections(concerns=concerns)
