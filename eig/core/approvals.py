"""The approvers' kit: what every list submitted to them shares, whatever it lists.

Two things go to the approvers (Role.APPROVER) before they bind the programme: a promotion's
team proposal (eig.selection.SelectionRun, Règlement 2020 art. 6.5) and the selected challenges
of a call for challenges (eig.proposals.ChallengeSelection). Both are submitted as a frozen
content named by the SHA-256 of its canonical JSON (`digest_of`); an approver approves the
version they read, named by that digest, or returns it with a comment; one `ApprovalDecision`
row records each decision. The services of each app say when a decision is allowed
(`DecisionFlow.ensure`) and whom to tell (`DecisionFlow.notify`); `DecisionFlow.decide` is the one
way a decision is recorded, whatever is decided.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .activity import log_activity
from .states import StateTable


def canonical_json(content) -> str:
    """The JSON a digest is computed on: keys sorted, no spaces, text kept as it is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(content) -> str:
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approuvée")
    RETURN = "return", _("Renvoyée avec un commentaire")


class ApprovalDecision(models.Model):
    """An approver's decision on something submitted to them: the digest is the version they read."""

    Decision = Decision

    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("valideur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    digest = models.CharField(_("empreinte validée"), max_length=64)
    at = models.DateTimeField(_("le"))

    class Meta:
        abstract = True


@dataclass(frozen=True)
class DecisionFlow:
    """How one kind of submitted thing is decided on.

    approvals: the concrete `ApprovalDecision` model, whose foreign key `subject_field` names the
    subject; `states`: the subject's state table, `approved`/`returned` its two outcomes; `verbs`: the
    activity verbs of an approval and of a return; `ensure(subject, approver=, seen_digest=)` raises a
    DomainError when the approver may not decide; `notify(subject, approval, approved)` tells whoever
    submitted it (in the same transaction: the outbox sends on commit)."""

    approvals: type[ApprovalDecision]
    subject_field: str
    states: StateTable
    approved: str
    returned: str
    verbs: tuple[str, str]
    ensure: Callable
    notify: Callable

    def decide(self, subject, *, approver, decision: str, comment: str, seen_digest: str | None, now=None):
        """Lock the subject, check, record the decision on its digest, move its state, log, notify."""
        now = now or timezone.now()
        with transaction.atomic():
            subject.refresh_from_db(from_queryset=type(subject).objects.select_for_update())
            self.ensure(subject, approver=approver, seen_digest=seen_digest)
            approval = self.approvals.objects.create(
                **{self.subject_field: subject},
                approver=approver,
                decision=decision,
                comment=comment.strip(),
                digest=subject.digest,  # `ensure` refused a seen digest that differs
                at=now,
            )
            approved = decision == Decision.APPROVE
            target = self.approved if approved else self.returned
            self.states.check_move(subject.state, target)  # `ensure` said why when it cannot
            subject.state, subject.approved_at = target, (now if approved else None)
            subject.save(update_fields=["state", "approved_at"])
            log_activity(
                self.verbs[0] if approved else self.verbs[1],
                subject,
                actor=approver,
                digest=subject.digest,
                comment=approval.comment,
            )
            self.notify(subject, approval, approved)
        return subject
