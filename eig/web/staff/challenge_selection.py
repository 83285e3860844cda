"""The programme team's page of a call for challenges' selected challenges: the list as it stands
(the challenges of the validated and published proposals), the list submitted to the approvers
and where it stands, the history of submissions and decisions; submitting the list, then
publishing the approved challenges.

A challenge selected from a call for challenges is published only once the approvers have
approved the call's list (eig.proposals.approval); any change to the list after its submission
outdates it and asks for a new one. Every page answers 404 to anyone outside the team, and for a
call for applications. Each POST is one service call; a DomainError comes back as the service's
French message with status 400 and changes nothing.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.proposals import approval, queries, services
from eig.proposals.models import Proposal
from eig.proposals.states import CHALLENGE_SELECTION

from .permissions import staff_only


def _call(slug) -> Call:
    return get_object_or_404(Call.objects.select_related("promotion"), slug=slug, kind=Call.Kind.CHALLENGES)


def _page(request, call, *, error="", status=200):
    challenges = list(queries.listed_challenges(call))
    history = list(queries.selections_of(call))
    standing = next((s for s in history if CHALLENGE_SELECTION.is_in(s.state, "live")), None)
    for selection in history:
        approvals = list(selection.approvals.all())  # prefetched, oldest first
        selection.last_approval = approvals[-1] if approvals else None
    # A change the hooks could not see (a bulk update) still shows, and submit_selection outdates it.
    changes = approval.changes_since(standing) if standing is not None else None
    to_publish = [c for c in challenges if c.proposal.state == Proposal.State.VALIDATED]
    approved = standing is not None and CHALLENGE_SELECTION.is_in(standing.state, "final") and not changes
    return render(
        request,
        "staff/challenge_selection.html",
        {
            "title": _("Défis retenus — %(call)s") % {"call": call.title},
            "call": call,
            "challenges": challenges,
            "standing": standing,
            "history": history,
            "changes": changes,
            "can_submit": bool(challenges) and (standing is None or bool(changes)),
            "to_publish": to_publish if approved else [],
            "error": error,
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
            "parent2_url": reverse("staff:proposal_list", kwargs={"slug": call.slug}),
            "parent2_label": _("Propositions — %(call)s") % {"call": call.title},
        },
        status=status,
    )


@staff_only
@require_safe
def challenge_selection(request, slug):
    return _page(request, _call(slug))


@staff_only
@require_POST
def challenge_selection_submit(request, slug):
    call = _call(slug)
    try:
        selection = approval.submit_selection(call, by=request.user)
    except DomainError as error:
        return _page(request, call, error=str(error), status=400)
    messages.success(
        request,
        _(
            "Liste des défis retenus soumise aux valideurs, qui sont prévenus par courriel. "
            "Empreinte SHA-256 : %(digest)s"
        )
        % {"digest": selection.digest},
    )
    return redirect("staff:challenge_selection", slug=call.slug)


@staff_only
@require_POST
def challenge_selection_publish(request, slug):
    call = _call(slug)
    standing = queries.live_selection(call.pk)
    try:
        if standing is None:
            raise DomainError(_("Seule une liste de défis approuvée par les valideurs peut être publiée."))
        published = services.publish_selection(standing, by=request.user)
    except DomainError as error:
        return _page(request, call, error=str(error), status=400)
    messages.success(
        request,
        ngettext(
            "%(count)s défi publié : il est proposé aux candidats.",
            "%(count)s défis publiés : ils sont proposés aux candidats.",
            len(published),
        )
        % {"count": len(published)},
    )
    return redirect("staff:challenge_selection", slug=call.slug)
