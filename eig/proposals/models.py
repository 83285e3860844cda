"""Challenge proposals: an administration's answer to a call for challenges.

The dossier itself is a `calls.Dossier` (shared: every agent of the
administration works on it); a `Proposal` adds who proposes it and where it
stands in the selection, the questions staff ask, and the challenge it became.
The challenges a call selected go to the approvers as one list (`ChallengeSelection`,
`ChallengeApproval`) before they are published.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Call, Dossier
from eig.challenges.models import Administration, Challenge
from eig.core.approvals import ApprovalDecision, digest_of
from eig.core.models import TimeStampedModel


class Agent(TimeStampedModel):
    """A person acting for an administration: they share its proposals."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="agencies"
    )
    administration = models.ForeignKey(
        Administration, verbose_name=_("administration"), on_delete=models.CASCADE, related_name="agents"
    )

    class Via(models.TextChoices):
        STAFF = "staff", _("par l'équipe du programme")
        DOMAIN = "domain", _("par un domaine d'adresse autorisé")
        PROCONNECT = "proconnect", _("par ProConnect (SIRET de l'administration)")

    function = models.CharField(_("fonction"), max_length=200, blank=True)
    # Access to the administration's proposals needs a confirmed agency (see services.join_administration):
    # joining never confirms by itself; staff decide, unless an allow-listed domain or ProConnect vouches.
    confirmed = models.BooleanField(_("confirmé"), default=False)
    refused = models.BooleanField(_("refusé"), default=False)
    confirmed_via = models.CharField(_("confirmé par"), max_length=20, choices=Via.choices, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent d'une administration")
        verbose_name_plural = _("agents des administrations")
        constraints = [
            models.UniqueConstraint(fields=["user", "administration"], name="one_agency_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(confirmed=True, refused=True), name="agent_confirmed_or_refused"
            ),
        ]

    @property
    def is_pending(self) -> bool:
        return not self.confirmed and not self.refused

    def __str__(self):
        return f"{self.user} — {self.administration}"


class AllowedEmailDomain(models.Model):
    """An institutional email domain whose holders act for the administration without waiting for staff.

    Staff keep the list; a webmail domain can never be on it (eig.core.mail_domains).
    The address must be of this exact domain: a subdomain is listed on its own.
    """

    administration = models.ForeignKey(
        Administration, verbose_name=_("administration"), on_delete=models.CASCADE, related_name="allowed_domains"
    )
    domain = models.CharField(_("domaine"), max_length=253)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("ajouté le"))

    class Meta:
        verbose_name = _("domaine d'adresse autorisé")
        verbose_name_plural = _("domaines d'adresse autorisés")
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["administration", "domain"], name="one_allowed_domain_per_pair")]

    def __str__(self):
        return f"{self.domain} — {self.administration}"


class Proposal(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposée")
        PRESELECTED = "preselected", _("Présélectionnée")
        NOT_PRESELECTED = "not_preselected", _("Non présélectionnée")
        AUDITIONED = "auditioned", _("Auditionnée")
        SELECTED = "selected", _("Retenue par le jury")
        NOT_SELECTED = "not_selected", _("Non retenue")
        VALIDATED = "validated", _("Validée")
        PUBLISHED = "published", _("Publiée")
        WITHDRAWN = "withdrawn", _("Retirée")

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="proposal"
    )
    administration = models.ForeignKey(
        Administration, verbose_name=_("administration"), on_delete=models.PROTECT, related_name="proposals"
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    challenge = models.OneToOneField(
        Challenge, verbose_name=_("défi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        verbose_name = _("proposition de défi")
        verbose_name_plural = _("propositions de défis")
        ordering = ["-created_at"]

    def __str__(self):
        return self.dossier.number


class StaffQuestion(models.Model):
    """A question the programme asks an administration about its proposal, and its answer.

    The 2020 process sent the pre-selection's questions before the jury; both stay
    attached to the dossier.
    """

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posée par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("posée le"))
    answer = models.TextField(_("réponse"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("question à l'administration")
        verbose_name_plural = _("questions aux administrations")
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ChallengeSelection(models.Model):
    """The selected challenges of a call for challenges, as staff submit them to the approvers.

    The list is the call's challenges built from its validated or published proposals
    (services.validate_proposal). Staff submit it (approval.submit_selection): its content is
    frozen here — each challenge's id, French title, administration and positions — and named by
    the SHA-256 of its canonical JSON. One approver, never the person who submitted it, approves
    the version they read, or returns it with a comment. Until a list is approved, its challenges
    stay off the public pages and off the call for applications (hooks.awaiting_approval); once
    approved, staff publish them. Any change to the list after its submission (a challenge
    validated, removed, retitled, moved to another administration, a position added, removed or
    given another profile) outdates it: a new submission is needed (approval.refresh_selections).
    Each submission is a row of its own, so the approvers' history keeps every version.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Soumise aux valideurs")
        APPROVED = "approved", _("Approuvée")
        RETURNED = "returned", _("Renvoyée")
        OUTDATED = "outdated", _("Modifiée depuis sa soumission")

    call = models.ForeignKey(
        Call, verbose_name=_("appel à défis"), on_delete=models.CASCADE, related_name="challenge_selections"
    )
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.SUBMITTED, db_index=True)
    # What the approvers read and the digest names: [{"id", "title", "administration": {"id", "name"},
    # "positions": [{"id", "profile"}]}], by challenge id (approval.listed_content).
    content = models.JSONField(_("défis soumis"), default=list, blank=True)
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("défis"), blank=True, related_name="challenge_selections"
    )
    digest = models.CharField(_("empreinte SHA-256"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("soumise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("soumise le"))
    approved_at = models.DateTimeField(_("approuvée le"), null=True, blank=True)
    outdated_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("liste des défis retenus")
        verbose_name_plural = _("listes des défis retenus")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One list stands for a call at a time: awaiting the approvers, or approved.
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(state__in=["submitted", "approved"]),
                name="one_live_challenge_selection_per_call",
            ),
        ]

    def __str__(self):
        return _("Défis retenus — %(call)s") % {"call": self.call.title}

    def compute_digest(self) -> str:
        return digest_of(self.content)

    def is_intact(self) -> bool:
        """The stored content still matches the digest set at its submission."""
        return bool(self.digest) and self.digest == self.compute_digest()


class ChallengeApproval(ApprovalDecision):
    """An approver's decision on a submitted list of selected challenges (eig.core.approvals)."""

    selection = models.ForeignKey(ChallengeSelection, on_delete=models.PROTECT, related_name="approvals")

    class Meta:
        verbose_name = _("décision sur les défis retenus")
        verbose_name_plural = _("décisions sur les défis retenus")
        ordering = ["selection", "at", "id"]

    def __str__(self):
        return f"{self.selection} — {self.get_decision_display()}"
