"""The selection's signals, heard by the ten months (eig.selection names no app above it); the
ten months' rules of the file downloads (eig.files.permissions)."""

from django.dispatch import receiver

from eig.files.permissions import register_download_checker
from eig.selection.signals import offer_accepted

from . import fellows
from .access import HOST_PART, STAFF_PART, parts_in
from .models import HostOnboarding, Resource


@receiver(offer_accepted, dispatch_uid="programme.make_fellow")
def _make_fellow(sender, offer, name, now, **kwargs):
    fellows.make_fellow(offer, name=name, now=now)


@register_download_checker
def is_member_of_the_team_holding_the_file(user, stored_file) -> bool:
    """The team's fellows, mentors and host agents read its documents (staff read every file
    through eig.files' own rule, with their second factor)."""
    resources = Resource.objects.filter(stored_file=stored_file).select_related("challenge")
    return any(parts_in(user, resource.challenge) - {STAFF_PART} for resource in resources)


@register_download_checker
def is_agent_of_the_host_checklist_holding_the_file(user, stored_file) -> bool:
    """Every confirmed agent of the administration reads the files of its teams' host checklists
    (eig.programme.onboarding: one shared dossier per team), whoever of them uploaded it."""
    hosts = HostOnboarding.objects.filter(dossier__answers__stored_file=stored_file).select_related("challenge")
    return any(HOST_PART in parts_in(user, host.challenge) for host in hosts)
