"""Evaluation of a call's dossiers: grids, reviewers, conflicts, assignments, reviews, decisions.

A call has one grid per phase (pre-screening, jury). The grid's dates decide
who may score (between `opens_at` and `closes_at`) and who sees whose scores
(reviewers see each other's only from `reveals_at`; staff always). Sources:
Règlement AAC EIG 4 art. 6.2 (5 criteria /4 summed /20), the 2021 review
dashboard (3 criteria 1–5 + verdict), Guide jury EIG 4 (5 criteria 1–4).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Call, Dossier
from eig.core.models import TimeStampedModel


class Grid(TimeStampedModel):
    class Phase(models.TextChoices):
        PRESCREENING = "prescreening", _("Présélection")
        JURY = "jury", _("Jury")

    class Mode(models.TextChoices):
        ASSIGNED = "assigned", _("Répartition calculée (k évaluateurs par dossier)")
        NEXT = "next", _("Dossier suivant à la demande")

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="grids")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("titre"), max_length=200)
    scale_min = models.PositiveSmallIntegerField(_("note minimale"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("note maximale"), default=4)
    # One label per level, from scale_min to scale_max ("1 — insuffisant"…).
    level_labels = models.JSONField(_("libellés des niveaux"), default=list, blank=True)
    has_verdict = models.BooleanField(_("avis général (coup de cœur, neutre, défavorable)"), default=False)
    reviews_per_dossier = models.PositiveSmallIntegerField(_("évaluations par dossier"), default=3)
    mode = models.CharField(_("mode de répartition"), max_length=20, choices=Mode.choices, default=Mode.ASSIGNED)
    blind = models.BooleanField(
        _("évaluation à l'aveugle (nom, civilité et coordonnées masqués jusqu'à la fin de la phase)"), default=False
    )
    opens_at = models.DateTimeField(_("ouverture de l'évaluation"))
    closes_at = models.DateTimeField(_("clôture de l'évaluation"))
    reveals_at = models.DateTimeField(_("les évaluateurs voient les notes des autres à partir du"))

    class Meta:
        verbose_name = _("grille d'évaluation")
        verbose_name_plural = _("grilles d'évaluation")
        ordering = ["call", "opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "phase"], name="one_grid_per_call_phase"),
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="grid_closes_after"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="grid_scale_order"),
        ]

    def __str__(self):
        return f"{self.call} — {self.get_phase_display()}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_revealed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.reveals_at

    def is_blind(self, now=None) -> bool:
        """Blind mode hides identities until the phase ends."""
        return self.blind and (now or timezone.now()) < self.closes_at

    @property
    def levels(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Criterion(models.Model):
    grid = models.ForeignKey(Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("ordre"))
    label = models.CharField(_("libellé"), max_length=300)
    help_text = models.TextField(_("aide"), blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["grid", "order"]
        constraints = [models.UniqueConstraint(fields=["grid", "order"], name="unique_criterion_order")]

    def __str__(self):
        return self.label


def _token() -> str:
    return secrets.token_urlsafe(24)


class Reviewer(TimeStampedModel):
    """A person invited to score the dossiers of one grid."""

    grid = models.ForeignKey(Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="reviewers")
    email = models.EmailField(_("adresse électronique invitée"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # a deleted account leaves its reviews, anonymous
        related_name="reviewer_seats",
    )
    token = models.CharField(_("jeton d'invitation"), max_length=64, unique=True, default=_token)
    # Expertise tags: the slugs of the profiles the person can judge (datascience, dev, design…).
    tags = models.JSONField(_("expertises"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("nombre maximal de dossiers"), default=20)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("invitation acceptée le"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluateur ou évaluatrice")
        verbose_name_plural = _("évaluateurs et évaluatrices")
        ordering = ["grid", "email"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "email"], name="one_invitation_per_grid_email"),
            models.UniqueConstraint(
                fields=["grid", "user"], condition=models.Q(user__isnull=False), name="one_seat_per_grid_user"
            ),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else self.email

    @property
    def is_active(self) -> bool:
        return self.user_id is not None and self.accepted_at is not None and self.dropped_at is None


class Conflict(models.Model):
    class Source(models.TextChoices):
        DECLARED = "declared", _("Déclaré par l'évaluateur")
        STAFF = "staff", _("Signalé par l'équipe")
        AUTOMATIC = "automatic", _("Détecté automatiquement")

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="review_conflicts")
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    reason = models.CharField(_("motif"), max_length=300)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [models.UniqueConstraint(fields=["reviewer", "dossier"], name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.reviewer} × {self.dossier}"


class PairRule(models.Model):
    """Staff's own constraint on one reviewer × dossier pair, kept across re-runs."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Imposer")
        FORBID = "forbid", _("Interdire")

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="pair_rules")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("règle"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("règle de répartition")
        verbose_name_plural = _("règles de répartition")
        constraints = [models.UniqueConstraint(fields=["reviewer", "dossier"], name="one_rule_per_pair")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reviewer} × {self.dossier}"


class Assignment(models.Model):
    """A dossier given to a reviewer; `reason` says why, in French."""

    class Source(models.TextChoices):
        ENGINE = "engine", _("Répartition calculée")
        PIN = "pin", _("Imposé par l'équipe")
        NEXT = "next", _("Dossier suivant")

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="review_assignments")
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["reviewer", "dossier"], name="one_assignment_per_pair")]

    def __str__(self):
        return f"{self.reviewer} → {self.dossier}"


class AssignmentRun(models.Model):
    """One run of the assignment engine, as staff see it."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="runs")
    REFUSED = "refused"  # staff's pins cannot hold together: nothing was moved (`unmet` says why)

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20)
    pairs = models.PositiveIntegerField(default=0)
    objective = models.IntegerField(default=0)
    bound = models.IntegerField(default=0)
    wall_seconds = models.FloatField(default=0)
    unmet = models.JSONField(default=dict, blank=True)  # dossier number -> French reason

    class Meta:
        verbose_name = _("calcul de répartition")
        verbose_name_plural = _("calculs de répartition")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.grid} {self.at:%Y-%m-%d %H:%M} {self.status}"


class Review(TimeStampedModel):
    class Verdict(models.TextChoices):
        FAVOURITE = "favourite", _("Coup de cœur")
        NEUTRAL = "neutral", _("Avis neutre")
        UNFAVOURABLE = "unfavourable", _("Avis défavorable")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    # criterion pk (as text) -> level; criterion pk -> comment
    scores = models.JSONField(_("notes"), default=dict, blank=True)
    comments = models.JSONField(_("commentaires par critère"), default=dict, blank=True)
    verdict = models.CharField(_("avis"), max_length=20, choices=Verdict.choices, blank=True)
    comment = models.TextField(_("impression générale"), blank=True)
    total = models.FloatField(_("total pondéré"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("validée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")

    def __str__(self):
        return str(self.assignment)


class Remark(models.Model):
    """The programme team's remark on a dossier, shown to the jury (Règlement AAC EIG 4 art. 6.1)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="programme_remarks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("remarque"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("remarque du programme")
        verbose_name_plural = _("remarques du programme")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.dossier}: {self.text[:40]}"


class Decision(models.Model):
    """Admissible or not, for one dossier at the end of one grid's phase."""

    class Reason(models.TextChoices):
        SELECTED = "selected", _("Retenu pour la suite")
        INELIGIBLE = "ineligible", _("Conditions d'éligibilité non remplies")
        INCOMPLETE = "incomplete", _("Dossier incomplet")
        PROFILE = "profile", _("Profil ne correspondant pas aux défis")
        RANKING = "ranking", _("Classement insuffisant au regard du nombre de places")
        OTHER = "other", _("Autre motif")

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="decisions")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="review_decisions")
    admissible = models.BooleanField(_("admissible"))
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("précision"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("décidé le"))

    class Meta:
        verbose_name = _("décision d'admissibilité")
        verbose_name_plural = _("décisions d'admissibilité")
        constraints = [models.UniqueConstraint(fields=["grid", "dossier"], name="one_decision_per_grid_dossier")]

    def __str__(self):
        return f"{self.dossier}: {'admissible' if self.admissible else 'non admissible'}"
