"""Selection: from the juries' lists to a promotion — proposals, validation, offers, waiting list.

After the auditions (eig.juries), staff run the team formation engine (eig.engines.teams, exact,
CP-SAT) or the stable matching (eig.engines.matching, deferred acceptance) as many times as they
like, changing weights, pinning pairs, excluding candidates or removing challenges (what-if).
Each run is a `SelectionRun`, kept with its parameters, its result and one explanation per
candidate in plain French: a public administration that uses an algorithm for an individual
decision explains, on request, how it treated each person (Code des relations entre le public et
l'administration, art. L311-3-1 and R311-3-1-2).

Validation. Staff freeze one run (draft → frozen): its SHA-256 digest is set over the canonical
JSON of its parameters, assignment, eligible candidates and explanations — and, for the runs
computed since the engines break their ties by a written rule (issue 19), the engine's version
and the digest of its result, which covers every decision parameter (weights, wishes counted,
pins, exclusions, removed challenges) —, and the approvers (Role.APPROVER) are notified:
Règlement 2020 art. 6.5, « la liste finale des candidats sélectionnés est présentée et validée
par le directeur de la direction interministérielle du numérique ». One approver, never the
person who computed or submitted it (four eyes), approves the version they read, named by its
digest (frozen → approved) or returns it with a comment (frozen → returned; staff may freeze it
again or run again). An approved run is immutable: its row refuses any save except its
publication date, and every service that would change it raises a DomainError. One approved run
per call.

Offers (Règlement 2020 art. 6.5: « les résultats définitifs seront notifiés aux candidats »;
art. 8: the candidates commit to start on the promotion's first day, hence an offer to accept).
From the approved run, each placed candidate gets an `Offer` of their position, to accept or
decline before a deadline; a pending offer past its deadline expires (periodic job). Every
auditioned candidate gets one `Outcome`, the decision they were told: laureate; waiting list
(ranked by a jury for at least one position, or proposed one, but not placed); refused (ranked
nowhere, or excluded by staff). The outcome is stored rather than derived, because it records what
was notified and the waiting list changes as replacements are confirmed (a waiting-list candidate
who gets an offer becomes a laureate). A declined, expired or withdrawn offer is replaced by a new
offer to a waiting-list candidate that staff confirm; `Offer.replaced_by` links the two.

Publication. Staff publish the approved run: each accepted offer becomes a fellow's community
profile (eig.community.Person, public only with the laureate's consent, `Offer.public_profile`)
and a membership of its challenge's team; an offer accepted after the publication joins the team
at once. The promotion's public page lists its challenges with their teams and mentors, naming
only the people who consented.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Call, Dossier
from eig.challenges.models import Position
from eig.core.approvals import ApprovalDecision
from eig.core.errors import DomainError


class SelectionRun(models.Model):
    class Mode(models.TextChoices):
        OPTIMAL = "optimal", _("Composition optimale des équipes")
        STABLE = "stable", _("Affectation stable (acceptation différée)")

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        FROZEN = "frozen", _("Soumise aux valideurs")
        APPROVED = "approved", _("Approuvée")
        RETURNED = "returned", _("Renvoyée")

    # Fields an approved run may still change: its publication comes after the approval.
    MUTABLE_WHEN_APPROVED = frozenset({"published_at"})

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="selection_runs")
    mode = models.CharField(_("méthode"), max_length=10, choices=Mode.choices)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    # Parameters (the what-if): engine weights, pins [[dossier pk, position pk]], dossier pks kept
    # out, challenge pks removed.
    weights = models.JSONField(_("poids"), default=dict)
    pins = models.JSONField(_("épinglages"), default=list, blank=True)
    exclusions = models.JSONField(_("candidats écartés"), default=list, blank=True)
    removed = models.JSONField(_("défis retirés"), default=list, blank=True)
    # Result.
    status = models.CharField(_("statut du calcul"), max_length=20)
    objective = models.FloatField(_("valeur (points)"), default=0)
    bound = models.FloatField(_("borne prouvée (points)"), null=True, blank=True)
    gap = models.FloatField(_("écart à l'optimum"), null=True, blank=True)
    wall_seconds = models.FloatField(_("durée du calcul (s)"), default=0)
    explanation = models.TextField(_("résumé"), blank=True)
    assignment = models.JSONField(_("affectations"), default=dict, blank=True)  # "dossier pk" -> position pk
    explanations = models.JSONField(_("explications"), default=dict, blank=True)  # "dossier pk" -> French text
    eligible = models.JSONField(_("candidats classés"), default=list, blank=True)  # dossier pks a jury ranked
    summary = models.JSONField(_("décompte"), default=dict, blank=True)
    problems = models.JSONField(_("règles enfreintes"), default=list, blank=True)  # its own validator's
    warnings = models.JSONField(_("règles de composition non respectées"), default=list, blank=True)
    # The engine that computed it (« teams 2026.12-1 ») and its result's digest over the decision
    # parameters (eig.engines.canonical.result_digest). Blank on the runs computed before: their
    # digest was set without these fields, and `canonical()` leaves blank ones out so it holds.
    engine_version = models.CharField(_("version du moteur"), max_length=40, blank=True, editable=False)
    engine_digest = models.CharField(_("empreinte du résultat du moteur"), max_length=64, blank=True, editable=False)
    # Validation.
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lancée par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lancée le"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("soumise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approuvée le"), null=True, blank=True)
    digest = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("promotion publiée le"), null=True, blank=True)
    # The form's one-time key: the same submission sent twice (a double click, a reload) finds
    # this run again instead of computing a copy.
    request_key = models.CharField(_("clé de la demande"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("proposition de promotion")
        verbose_name_plural = _("propositions de promotion")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=models.Q(state="approved"), name="one_approved_selection_per_call"
            ),
            models.UniqueConstraint(
                fields=["call", "request_key"], condition=~models.Q(request_key=""), name="one_run_per_request_key"
            ),
        ]

    def __str__(self):
        return self.label or f"{self.call} — {self.get_mode_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            fields = kwargs.get("update_fields")
            if stored == self.State.APPROVED and (fields is None or not set(fields) <= self.MUTABLE_WHEN_APPROVED):
                raise DomainError(_("Cette proposition a été approuvée : elle ne peut plus être modifiée."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state in (self.State.FROZEN, self.State.APPROVED):
            raise DomainError(_("Une proposition soumise ou approuvée ne peut pas être supprimée."))
        return super().delete(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED

    def canonical(self) -> str:
        """The JSON the digest is computed on: keys sorted, lists sorted, no spaces."""
        content = {
            "call": self.call_id,
            "mode": self.mode,
            "weights": self.weights,
            "pins": sorted([int(d), int(p)] for d, p in self.pins),
            "exclusions": sorted(int(d) for d in self.exclusions),
            "removed": sorted(int(c) for c in self.removed),
            "assignment": {str(d): int(p) for d, p in self.assignment.items()},
            "eligible": sorted(int(d) for d in self.eligible),
            "explanations": {str(d): text for d, text in self.explanations.items()},
        }
        # Only when set: a run frozen before these fields existed keeps the digest it was given.
        if self.engine_version:
            content["engine_version"] = self.engine_version
        if self.engine_digest:
            content["engine_digest"] = self.engine_digest
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @cached_property
    def eligible_set(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.eligible)

    def decision_for(self, dossier_pk) -> str:
        """What an auditioned candidate is told from this run: laureate (placed), waiting list
        (ranked by a jury, or proposed, but not placed) or refused (the others)."""
        if str(dossier_pk) in self.assignment:
            return Outcome.Decision.LAUREATE
        if int(dossier_pk) in self.eligible_set:
            return Outcome.Decision.WAITING_LIST
        return Outcome.Decision.REFUSED

    def compute_digest(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def is_intact(self) -> bool:
        """The stored content still matches the digest set when it was frozen."""
        return bool(self.digest) and self.digest == self.compute_digest()


class Approval(ApprovalDecision):
    """An approver's decision on a frozen run (the approvers' kit: eig.core.approvals)."""

    run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="approvals")

    class Meta:
        verbose_name = _("décision de validation")
        verbose_name_plural = _("décisions de validation")
        ordering = ["run", "at", "id"]

    def __str__(self):
        return f"{self.run} — {self.get_decision_display()}"


class Outcome(models.Model):
    """The decision a candidate was told after the approved run."""

    class Decision(models.TextChoices):
        LAUREATE = "laureate", _("Lauréat ou lauréate")
        WAITING_LIST = "waiting_list", _("Liste d'attente")
        REFUSED = "refused", _("Non retenu ou non retenue")

    run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="outcomes")
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices)
    notified_at = models.DateTimeField(_("notifiée le"))

    class Meta:
        verbose_name = _("décision de sélection")
        verbose_name_plural = _("décisions de sélection")
        ordering = ["run", "dossier"]
        constraints = [models.UniqueConstraint(fields=["run", "dossier"], name="one_outcome_per_dossier_per_run")]

    def __str__(self):
        return f"{self.dossier} — {self.get_decision_display()}"


class Offer(models.Model):
    """A position offered to a laureate, to accept or decline before the deadline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")
        EXPIRED = "expired", _("Expirée")
        WITHDRAWN = "withdrawn", _("Retirée")

    # Which statuses hold a position, and which leave it vacant: eig/selection/states.py (OFFER).

    run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="offers")
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(Position, verbose_name=_("poste"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    deadline = models.DateTimeField(_("réponse attendue avant le"))
    responded_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("remplacée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    # Why this person (a replacement: the waiting list, the jury's rank), addressed to them.
    explanation = models.TextField(_("explication"), blank=True)
    # The laureate's consent to appear by name on the promotion's public page (given when
    # accepting, withdrawn at any time); without it the team shows « une personne ».
    public_profile = models.BooleanField(_("profil public sur la page de la promotion"), default=False)
    # The community profile the publication created for an accepted offer (its team membership).
    person = models.ForeignKey(
        "community.Person",
        verbose_name=_("profil de la communauté"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposition de poste")
        verbose_name_plural = _("propositions de poste")
        ordering = ["run", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "dossier"], name="one_offer_per_dossier_per_run"),
            models.UniqueConstraint(
                fields=["run", "position"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_live_offer_per_position",
            ),
        ]

    def __str__(self):
        return f"{self.dossier} — {self.position} ({self.get_status_display()})"
