"""Juries: jurors, half-days and rooms, panels, auditions and their timetable, deliberation.

A jury hears the dossiers of one call: administrations present their challenge
(the challenge jury) or pre-selected candidates are auditioned (the candidate
jury). Sources: Guide du jury EIG 4 (2020: 48 jurors, 21 challenges, groups of 5
to 8, 10 min reading + 5 min presentation + 15 min questions + 10 min
deliberation, a 10-minute break every 40 minutes, no juror more than a
half-day, a collective grid per challenge then a general grid per group),
Règlement AAC EIG 4 art. 6 (candidate juries rank per challenge and profile and
may propose another challenge to a candidate).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Call, Dossier
from eig.challenges.models import Challenge, Profile
from eig.core.models import TimeStampedModel
from eig.reviews.models import Grid


def _token() -> str:
    return secrets.token_urlsafe(24)


def _public_photo_path(juror, filename: str) -> str:
    """A random name: the address says nothing of the person, and a removed photo's is never reused."""
    extension = filename.rpartition(".")[2].lower() if "." in filename else "jpg"
    return f"jurors/{secrets.token_urlsafe(16)}.{extension}"


# The 2020 challenge-jury format (Guide du jury EIG 4, as the issue states it).
CHALLENGE_FORMAT = [
    {"label": "Lecture du dossier", "minutes": 10, "with_auditionee": False},
    {"label": "Présentation", "minutes": 5, "with_auditionee": True},
    {"label": "Questions", "minutes": 15, "with_auditionee": True},
    {"label": "Délibération", "minutes": 10, "with_auditionee": False},
]
# A candidate audition; the programme sets its own (no duration is recorded in the sources).
CANDIDATE_FORMAT = [
    {"label": "Lecture du dossier", "minutes": 5, "with_auditionee": False},
    {"label": "Entretien", "minutes": 25, "with_auditionee": True},
    {"label": "Délibération", "minutes": 10, "with_auditionee": False},
]


class Jury(TimeStampedModel):
    class Kind(models.TextChoices):
        CHALLENGES = "challenges", _("Jury de sélection des défis")
        CANDIDATES = "candidates", _("Jury d'audition des candidats")

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="juries")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    # The collective grid each panel fills per audition (criteria and scale).
    grid = models.ForeignKey(Grid, verbose_name=_("grille"), null=True, blank=True, on_delete=models.SET_NULL)
    audition_format = models.JSONField(_("déroulé d'une audition"), default=list)
    break_every = models.PositiveSmallIntegerField(_("pause au plus tard toutes les (minutes)"), default=40)
    break_minutes = models.PositiveSmallIntegerField(_("durée de la pause (minutes)"), default=10)
    buffer_minutes = models.PositiveSmallIntegerField(_("battement entre deux auditions (minutes)"), default=0)
    general_grid_minutes = models.PositiveSmallIntegerField(_("temps de la grille générale (minutes)"), default=30)
    max_half_days_per_juror = models.PositiveSmallIntegerField(_("demi-journées au plus par juré"), default=1)
    panel_size_min = models.PositiveSmallIntegerField(_("taille minimale d'un jury"), default=5)
    panel_size_max = models.PositiveSmallIntegerField(_("taille maximale d'un jury"), default=8)
    items_min = models.PositiveSmallIntegerField(_("auditions au moins par jury"), default=2)
    items_max = models.PositiveSmallIntegerField(_("auditions au plus par jury"), default=3)
    panels_wanted = models.PositiveSmallIntegerField(_("nombre de jurys"), default=8)
    charter = models.TextField(_("charte de déontologie et de confidentialité"))
    waiting_room = models.TextField(_("consignes de la salle d'attente"), blank=True)
    results_published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("jurys")
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="one_jury_per_call_kind")]

    def __str__(self):
        return self.title

    @property
    def format_minutes(self) -> int:
        return sum(int(s["minutes"]) for s in self.audition_format)

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None and self.results_published_at <= timezone.now()


class HalfDay(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="half_days")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))

    class Meta:
        verbose_name = _("demi-journée")
        verbose_name_plural = _("demi-journées")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="half_day_ends_after")
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{start:%d/%m} {'matin' if start.hour < 12 else 'après-midi'}"


class Room(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("salle"), max_length=100)
    location = models.CharField(_("adresse ou lien de visioconférence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["jury", "name"]
        constraints = [models.UniqueConstraint(fields=["jury", "name"], name="unique_room_name")]

    def __str__(self):
        return self.name


class Juror(TimeStampedModel):
    class Type(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration publique")
        ASSOCIATION = "association", _("Association")
        RESEARCH = "research", _("Recherche")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneuriat")
        PROGRAMME = "programme", _("Équipe du programme")
        ALUMNI = "alumni", _("Ancien ou ancienne EIG")

    class Gender(models.TextChoices):
        FEMALE = "f", _("Femme")
        MALE = "m", _("Homme")
        OTHER = "x", _("Autre ou non précisé")

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="jurors")
    email = models.EmailField(_("adresse électronique"))
    name = models.CharField(_("nom"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="juror_seats"
    )
    token = models.CharField(_("jeton d'invitation"), max_length=64, unique=True, default=_token)
    calendar_token = models.CharField(_("jeton du calendrier"), max_length=64, unique=True, default=_token)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices, default=Gender.OTHER)
    expertise = models.JSONField(_("expertises"), default=list, blank=True)
    available = models.ManyToManyField(HalfDay, verbose_name=_("disponibilités"), blank=True, related_name="jurors")
    # Operational mentor of these challenges: must sit on the panels that audition their candidates.
    mentor_of = models.ManyToManyField(
        Challenge, verbose_name=_("mentor opérationnel de"), blank=True, related_name="+"
    )
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"), null=True, blank=True)
    # The promotion's public jury page (eig.juries.publicity): named only with the person's consent, given
    # and revoked from their juror space; a revoked consent keeps its dates, the photo goes.
    public_consent_at = models.DateTimeField(_("accord pour la page publique du jury donné le"), null=True, blank=True)
    public_revoked_at = models.DateTimeField(_("accord pour la page publique du jury retiré le"), null=True, blank=True)
    public_role = models.CharField(_("fonction affichée"), max_length=200, blank=True)
    public_organisation = models.CharField(_("organisation affichée"), max_length=200, blank=True)
    public_photo = models.ImageField(_("photo affichée"), upload_to=_public_photo_path, blank=True)

    class Meta:
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        ordering = ["jury", "name"]
        constraints = [models.UniqueConstraint(fields=["jury", "email"], name="one_juror_per_jury_email")]

    def __str__(self):
        return self.name

    @property
    def has_signed(self) -> bool:
        return self.user_id is not None and self.charter_accepted_at is not None

    @property
    def is_public(self) -> bool:
        """Named on the promotion's public jury page: consent given and not revoked since."""
        return self.public_consent_at is not None and self.public_revoked_at is None


class JurorConflict(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=300)

    class Meta:
        verbose_name = _("conflit d'intérêts d'un juré")
        verbose_name_plural = _("conflits d'intérêts des jurés")
        constraints = [models.UniqueConstraint(fields=["juror", "dossier"], name="one_juror_conflict_per_pair")]

    def __str__(self):
        return f"{self.juror} × {self.dossier}"


class Panel(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="panels")
    index = models.PositiveSmallIntegerField(_("numéro"))
    half_day = models.ForeignKey(HalfDay, on_delete=models.PROTECT, related_name="panels")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="panels")
    jurors = models.ManyToManyField(Juror, through="PanelMember", related_name="panels")
    timekeeper = models.ForeignKey(
        Juror, verbose_name=_("maître du temps"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explanation = models.TextField(_("équilibre atteint"), blank=True)

    class Meta:
        verbose_name = _("groupe de jury")
        verbose_name_plural = _("groupes de jury")
        ordering = ["jury", "index"]
        constraints = [models.UniqueConstraint(fields=["jury", "index"], name="unique_panel_index")]

    def __str__(self):
        return f"Jury {self.index}"


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="memberships")
    pinned = models.BooleanField(_("épinglé par l'équipe"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "juror"], name="one_membership_per_panel")]

    def __str__(self):
        return f"{self.juror} — {self.panel}"


class Audition(models.Model):
    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Attendu")
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")
        RESCHEDULED = "rescheduled", _("Reporté")

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="auditions")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="auditions")
    panel = models.ForeignKey(Panel, null=True, blank=True, on_delete=models.SET_NULL, related_name="auditions")
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    attendance = models.CharField(_("présence"), max_length=20, choices=Attendance.choices, default=Attendance.EXPECTED)
    # Who comes: the candidate, or the challenge's mentors; the emails the convocation goes to.
    auditionee = models.CharField(_("personne auditionnée"), max_length=200)
    auditionee_emails = models.JSONField(_("adresses des personnes convoquées"), default=list)

    class Meta:
        verbose_name = _("audition")
        verbose_name_plural = _("auditions")
        ordering = ["jury", "starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["jury", "dossier"], name="one_audition_per_dossier")]

    def __str__(self):
        return f"{self.auditionee} ({self.dossier})"


class JurorNote(models.Model):
    """A juror's own notes on an audition: theirs alone."""

    audition = models.ForeignKey(Audition, on_delete=models.CASCADE, related_name="notes")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audition", "juror"], name="one_note_per_juror")]

    def __str__(self):
        return f"{self.juror} — {self.audition}"


class CollectiveScore(models.Model):
    """The panel's collective grid of one audition, filled by its time-keeper."""

    audition = models.OneToOneField(Audition, on_delete=models.CASCADE, related_name="collective")
    scores = models.JSONField(_("notes"), default=dict)
    comment = models.TextField(_("commentaire"), blank=True)
    total = models.FloatField(_("total"), null=True, blank=True)
    filled_by = models.ForeignKey(Juror, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.audition}: {self.total}"


class Verdict(models.Model):
    """The general grid: after its last audition a panel says, per dossier, favourable or
    not, its rank, whether it is a favourite (coup de cœur), why; for candidates, the
    rank within a challenge and profile, and possibly another challenge to propose."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="verdicts")
    audition = models.ForeignKey(Audition, on_delete=models.CASCADE, related_name="verdicts")
    favourable = models.BooleanField(_("avis favorable"))
    rank = models.PositiveSmallIntegerField(_("rang"))
    favourite = models.BooleanField(_("coup de cœur"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    profile = models.ForeignKey(Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("autre défi proposé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # "" for a challenge; "<challenge pk>:<profile pk>" for a candidate's ranking in one list.
    scope = models.CharField(max_length=40, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "audition", "scope"], name="one_verdict_per_audition_scope")
        ]

    def __str__(self):
        return f"{self.panel} — {self.audition}: {self.rank}"
