"""The approvers' validation of a call's selected challenges: one service per state change, logged.

The team proposals go to the approvers before they bind the programme (eig.selection: frozen,
approved on its digest, never by who prepared it); the challenges a call for challenges selected
go the same way before they are published and offered to the candidates. The rule:

    A challenge selected from a call for challenges (built from its proposal by
    services.validate_proposal) is public, and its positions offered, only while the list of
    the call's selected challenges that holds it is approved by an approver and has not changed
    since. Challenges entered otherwise (the former site's import, the admin, the demo's past
    promotions) are not concerned; the challenges published before this rule were recorded as
    approved by migration proposals 0004.

Staff submit the list (`submit_selection`): its content — each challenge's id, French title,
administration and positions — is frozen on a new `ChallengeSelection` with the SHA-256 of its
canonical JSON, and each approver is told. An approver approves the version they read
(`approve_selection`, on the digest of their page) or returns it with a comment
(`return_selection`); whoever submitted it does not decide on it (four eyes). A change to the list
after its submission — a proposal validated, a challenge retitled, removed or moved to another
administration, a position added, removed or given another profile — outdates the list
(`refresh_selections`, called by the services that change it and by hooks.py on every save of a
challenge, a position, an administration or a proposal): its challenges go back off the public
pages until a new submission is approved. Once approved, staff publish the challenges
(services.publish_selection, or one by one: services.publish_proposal refuses without approval).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.accounts.queries import holders_of
from eig.calls.models import Call
from eig.core.activity import log_activity
from eig.core.approvals import DecisionFlow, digest_of
from eig.core.errors import DomainError
from eig.core.links import absolute_url
from eig.notifications.services import queue_notification

from . import queries
from .models import ChallengeApproval, ChallengeSelection
from .states import CHALLENGE_SELECTION

SelectionState = ChallengeSelection.State


def content_of(challenges) -> list[dict]:
    """What the approvers approve of each challenge (what the digest names), by challenge id.

    The French title is the reference text: the English versions staff and agents write later
    change nothing here (docs/setting-up-a-year.md, « Challenge validation »)."""
    return sorted(
        (
            {
                "id": challenge.pk,
                "title": challenge.title_fr or "",
                "administration": {"id": challenge.administration_id, "name": challenge.administration.name},
                "positions": [{"id": p.pk, "profile": p.profile.code} for p in challenge.positions.all()],
            }
            for challenge in challenges
        ),
        key=lambda item: item["id"],
    )


def listed_content(call: Call) -> list[dict]:
    """The call's list of selected challenges as it stands now (three queries)."""
    return content_of(queries.listed_challenges(call))


def is_current(selection: ChallengeSelection) -> bool:
    """The call's list still reads as the version submitted (the live challenges, not the stored copy)."""
    return selection.is_intact() and digest_of(listed_content(selection.call)) == selection.digest


@dataclass(frozen=True)
class Changes:
    """How the call's list differs from a submitted version: titles added, removed, changed."""

    added: list[str]
    removed: list[str]
    changed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def changes_since(selection: ChallengeSelection) -> Changes:
    """What changed in the call's list since `selection` was submitted (three queries)."""
    before = {item["id"]: item for item in selection.content}
    after = {item["id"]: item for item in listed_content(selection.call)}
    return Changes(
        added=[after[pk]["title"] for pk in sorted(after.keys() - before.keys())],
        removed=[before[pk]["title"] for pk in sorted(before.keys() - after.keys())],
        changed=[after[pk]["title"] for pk in sorted(after.keys() & before.keys()) if after[pk] != before[pk]],
    )


def refresh_selections(call_ids=None, *, concerns=None, now=None) -> list[ChallengeSelection]:
    """Outdate every list standing for a call (awaiting the approvers, or approved) whose
    challenges changed since its submission; returns them. `concerns(selection)`, when given,
    says which standing lists the change may touch (hooks.py: the challenge is on it…): the others
    are not read again. One query when none stands."""
    live = ChallengeSelection.objects.filter(state__in=CHALLENGE_SELECTION.group("live")).select_related("call")
    if call_ids is not None:
        live = live.filter(call_id__in=list(call_ids))
    outdated = []
    for selection in live:
        if (concerns is not None and not concerns(selection)) or is_current(selection):
            continue
        now = now or timezone.now()
        with transaction.atomic():
            changed = ChallengeSelection.objects.filter(
                pk=selection.pk, state__in=CHALLENGE_SELECTION.sources(SelectionState.OUTDATED)
            ).update(state=SelectionState.OUTDATED, outdated_at=now)
            if changed:
                log_activity("challenge_selection.outdated", selection, digest=selection.digest, was=selection.state)
                selection.state, selection.outdated_at = SelectionState.OUTDATED, now
                outdated.append(selection)
    return outdated


def submit_selection(call: Call, *, by, now=None) -> ChallengeSelection:
    """Staff submit the call's selected challenges to the approvers: the list is frozen with its
    digest and each approver is told."""
    if call.kind != Call.Kind.CHALLENGES:
        raise DomainError(_("Cet appel n'est pas un appel à défis."))
    now = now or timezone.now()
    with transaction.atomic():
        Call.objects.select_for_update().filter(pk=call.pk).first()  # one submission of a call at a time
        refresh_selections([call.pk], now=now)
        standing = queries.live_selection(call.pk)
        if standing is not None and standing.state == SelectionState.SUBMITTED:
            raise DomainError(_("La liste des défis retenus de cet appel attend déjà la décision des valideurs."))
        if standing is not None:
            raise DomainError(_("La liste des défis retenus de cet appel est approuvée et n'a pas changé depuis."))
        challenges = list(queries.listed_challenges(call))
        if not challenges:
            raise DomainError(
                _("Aucun défi retenu : validez d'abord les propositions retenues par le jury, puis soumettez la liste.")
            )
        empty = [c.title for c in challenges if not c.positions.all()]
        if empty:
            raise DomainError(
                _("Ces défis n'ont aucun poste : ajoutez-en avant de soumettre la liste : %(titles)s.")
                % {"titles": ", ".join(f"« {title} »" for title in empty)}
            )
        approvers = holders_of(Role.APPROVER)
        if not approvers:
            raise DomainError(_("Personne n'a le rôle de valideur : attribuez ce rôle avant de soumettre la liste."))
        content = content_of(challenges)
        selection = ChallengeSelection.objects.create(
            call=call, content=content, digest=digest_of(content), submitted_by=by, submitted_at=now
        )
        selection.challenges.set(challenges)
        log_activity("challenge_selection.submitted", selection, actor=by, digest=selection.digest, count=len(content))
        url = absolute_url("approvals:challenges_detail", selection=selection.pk)
        for approver in approvers:
            queue_notification(
                "challenge_selection_review",
                to=approver.email,
                context={
                    "name": approver.get_full_name() or approver.email,
                    "call": call.title,
                    "count": len(content),
                    "titles": "\n".join(f"- {item['title']} ({item['administration']['name']})" for item in content),
                    "submitted_by": (by.get_full_name() or by.email) if by else "",
                    "digest": selection.digest,
                    "url": url,
                },
                key=f"challenge-selection-review:{selection.pk}:{approver.pk}",
            )
    return selection


def ensure_decidable(selection: ChallengeSelection, *, approver, seen_digest: str | None = None) -> None:
    """Whether `approver` may decide on `selection` as read (the digest of the page), refused with
    the reason in French. The approvers' pages run it before their confirmation step too."""
    if approver is None or not approver.has_role(Role.APPROVER):
        raise DomainError(_("Seule une personne ayant le rôle de valideur approuve ou renvoie une liste de défis."))
    if selection.state == SelectionState.APPROVED:
        raise DomainError(_("Cette liste de défis est déjà approuvée."))
    if selection.state == SelectionState.OUTDATED:
        raise DomainError(_("Cette liste de défis a changé depuis sa soumission : elle doit être soumise à nouveau."))
    if not CHALLENGE_SELECTION.is_in(selection.state, "awaiting_decision"):
        raise DomainError(_("Cette liste de défis n'est pas soumise aux valideurs."))
    # Four eyes, as for the team proposals: whoever submitted the list does not decide on it.
    if approver.pk == selection.submitted_by_id:
        raise DomainError(
            _(
                "Vous avez soumis cette liste : une autre personne ayant le rôle de valideur doit la valider "
                "(principe des quatre yeux)."
            )
        )
    if not is_current(selection):
        raise DomainError(_("Cette liste de défis a changé depuis sa soumission : elle doit être soumise à nouveau."))
    if seen_digest is not None and seen_digest != selection.digest:
        raise DomainError(
            _("Cette liste a changé depuis que vous l'avez ouverte : relisez la version actuelle avant de décider.")
        )


def _notify_decision(selection: ChallengeSelection, approval: ChallengeApproval, approved: bool) -> None:
    if selection.submitted_by and selection.submitted_by.email:
        queue_notification(
            "challenge_selection_decision",
            to=selection.submitted_by.email,
            context={
                "call": selection.call.title,
                "approved": approved,
                "approver": approval.approver.get_full_name() or approval.approver.email,
                "comment": approval.comment,
                "url": absolute_url("staff:challenge_selection", slug=selection.call.slug),
            },
            key=f"challenge-selection-decision:{approval.pk}",
        )


DECISIONS = DecisionFlow(
    approvals=ChallengeApproval,
    subject_field="selection",
    states=CHALLENGE_SELECTION,
    approved=SelectionState.APPROVED,
    returned=SelectionState.RETURNED,
    verbs=("challenge_selection.approved", "challenge_selection.returned"),
    ensure=ensure_decidable,
    notify=_notify_decision,
)


def _decide(selection, *, approver, decision: str, comment: str, seen_digest: str | None, now) -> ChallengeSelection:
    return DECISIONS.decide(
        selection, approver=approver, decision=decision, comment=comment, seen_digest=seen_digest, now=now
    )


def approve_selection(
    selection: ChallengeSelection, *, approver, comment: str = "", seen_digest: str | None = None, now=None
) -> ChallengeSelection:
    """An approver approves the submitted list: its challenges may be published and offered."""
    return _decide(
        selection,
        approver=approver,
        decision=ChallengeApproval.Decision.APPROVE,
        comment=comment,
        seen_digest=seen_digest,
        now=now,
    )


def return_selection(
    selection: ChallengeSelection, *, approver, comment: str, seen_digest: str | None = None, now=None
) -> ChallengeSelection:
    """An approver sends the list back to staff, saying what should change."""
    if not (comment or "").strip():
        raise DomainError(_("Dites ce qui doit changer : un renvoi s'accompagne d'un commentaire."))
    return _decide(
        selection,
        approver=approver,
        decision=ChallengeApproval.Decision.RETURN,
        comment=comment,
        seen_digest=seen_digest,
        now=now,
    )


def is_approved_challenge(challenge_id: int) -> bool:
    """The challenge is on its call's approved list (what publication asks)."""
    return ChallengeSelection.objects.filter(
        state__in=CHALLENGE_SELECTION.group("final"), challenges__pk=challenge_id
    ).exists()
