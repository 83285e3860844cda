"""The approvers' kit: what every list submitted to them shares, whatever it lists.

Two things go to the approvers (Role.APPROVER) before they bind the programme: a promotion's
team proposal (eig.selection.SelectionRun, Règlement 2020 art. 6.5) and the selected challenges
of a call for challenges (eig.proposals.ChallengeSelection). Both are submitted as a frozen
content named by the SHA-256 of its canonical JSON (`digest_of`); an approver approves the
version they read, named by that digest, or returns it with a comment; one `ApprovalDecision`
row records each decision. The services of each app say when a decision is allowed.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
