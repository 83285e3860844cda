from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel


class Programme(TimeStampedModel):
    """A fellowship programme run by the programme team (EIG, DIG…)."""

    code = models.CharField(_("sigle"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Promotion(TimeStampedModel):
    """One yearly cohort of a programme, from the call for challenges to its end."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="promotions"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    year = models.PositiveSmallIntegerField(_("année"))
    slug = models.SlugField(_("identifiant d'URL"), unique=True)
    title = models.CharField(_("titre"), max_length=200, blank=True)
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)
    # The promotion's photo on its results page (a sniffed, size-capped upload by staff).
    photo = models.ImageField(_("photo de la promotion"), upload_to="promotions/", blank=True)
    photo_alt = models.CharField(_("texte alternatif de la photo"), max_length=300, blank=True)  # translated

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-year", "programme__code", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="unique_promotion_number")]

    def __str__(self):
        return self.title or f"{self.programme.code} {self.number}"

    @property
    def label(self):
        return f"{self.programme.code} {self.number}"

    def get_absolute_url(self):
        return reverse("public:promotion_detail", kwargs={"slug": self.slug})

    def phase(self, kind):
        return next((p for p in self.phases.all() if p.kind == kind), None)


class Phase(models.Model):
    """A dated step of a promotion's yearly cycle (DOMAIN.md, "The life of a promotion")."""

    class Kind(models.TextChoices):
        CHALLENGE_CALL = "challenge_call", _("Appel à défis")
        CHALLENGE_JURY = "challenge_jury", _("Jury de sélection des défis")
        APPLICATION_CALL = "application_call", _("Appel à candidatures")
        AUDITIONS = "auditions", _("Auditions des candidats")
        NOTIFICATION = "notification", _("Annonce des résultats aux candidats")
        ANNOUNCEMENT = "announcement", _("Annonce publique de la promotion")
        PROGRAMME = "programme", _("Dix mois du programme")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("étape"), max_length=32, choices=Kind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("étape du calendrier")
        verbose_name_plural = _("étapes du calendrier")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "kind"], name="unique_phase_per_promotion"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.promotion} — {self.get_kind_display()}"

    def state(self, now=None):
        """'upcoming', 'open' or 'closed', compared on the server clock."""
        now = now or timezone.now()
        if now < self.starts_at:
            return "upcoming"
        if self.ends_at is None or now < self.ends_at:
            return "open"
        return "closed"

    @property
    def is_open(self):
        return self.state() == "open"
