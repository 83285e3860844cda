from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.markdown import render_markdown
from eig.core.models import TimeStampedModel
from eig.core.validators import validate_url_list
from eig.promotions.models import Promotion


class Administration(TimeStampedModel):
    """A public body that proposes and hosts challenges."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        CENTRAL = "central", _("Administration centrale")
        OPERATOR = "operator", _("Opérateur")
        DECONCENTRATED = "deconcentrated", _("Service déconcentré")
        INDEPENDENT = "independent", _("Autorité indépendante")
        LOCAL = "local", _("Collectivité territoriale")
        HOSPITAL = "hospital", _("Établissement de santé")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=300, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent_ministry = models.ForeignKey(
        "self",
        verbose_name=_("ministère de tutelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        limit_choices_to={"kind": Kind.MINISTRY},
    )
    website = models.URLField(_("site web"), blank=True)
    town = models.CharField(_("ville"), max_length=200, blank=True)
    # The organisation ProConnect names at sign-in (its « siret » claim): an agent signed in
    # through ProConnect for this SIRET acts for the administration without waiting for staff.
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^\d{14}\Z", _("Le SIRET compte exactement 14 chiffres."))],
        help_text=_("14 chiffres, sans espace. Facultatif."),
    )

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    """A professional profile sought by challenges (data science, development…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class Challenge(TimeStampedModel):
    """A défi: a digital-transformation problem an administration hosts a team for."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        SELECTED = "selected", _("Sélectionné")
        RECRUITING = "recruiting", _("En recrutement")
        IN_PROGRESS = "in_progress", _("En cours")
        FINISHED = "finished", _("Terminé")

    # Statuses a visitor may see; a proposal stays private until selected.
    PUBLIC_STATUSES = [Status.SELECTED, Status.RECRUITING, Status.IN_PROGRESS, Status.FINISHED]

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120)
    summary = models.CharField(_("résumé en une ligne"), max_length=300, blank=True)
    body = models.TextField(_("présentation (Markdown)"), blank=True)
    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.PROTECT, related_name="challenges"
    )
    administration = models.ForeignKey(
        Administration, verbose_name=_("administration"), on_delete=models.PROTECT, related_name="challenges"
    )
    town = models.CharField(_("ville"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée en mois"), default=10)
    profiles = models.ManyToManyField(
        Profile, verbose_name=_("compétences recherchées"), blank=True, related_name="challenges"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    source_code_url = models.URLField(_("code source"), blank=True, max_length=500)
    website_url = models.URLField(_("site web"), blank=True, max_length=500)
    videos = models.JSONField(_("vidéos (liste d'adresses)"), default=list, blank=True, validators=[validate_url_list])
    image = models.ImageField(_("image"), upload_to="challenges/", blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=300, blank=True)
    is_featured = models.BooleanField(_("mis en avant"), default=False)
    legacy_path = models.CharField(_("ancienne adresse"), max_length=300, blank=True, db_index=True)

    class Meta:
        verbose_name = _("défi")
        verbose_name_plural = _("défis")
        ordering = ["-promotion__year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "slug"], name="unique_challenge_slug_per_promotion")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:challenge_detail", kwargs={"promotion": self.promotion.slug, "slug": self.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)


class KeyFigure(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="key_figures")
    amount = models.CharField(_("chiffre"), max_length=40)
    description = models.CharField(_("description"), max_length=300)
    # Where the figure comes from: the figures computed from deliverables and indicators need no
    # source (eig.results.figures); a figure staff add names one (legacy figures: the former site).
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("adresse de la source"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.amount} {self.description}"


class Achievement(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("lien"), blank=True, max_length=500)
    call_to_action = models.CharField(_("texte du lien"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("réalisation")
        verbose_name_plural = _("réalisations")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Position(models.Model):
    """A seat sought on a challenge: one fellow of a given profile."""

    challenge = models.ForeignKey(Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="positions")
    profile = models.ForeignKey(Profile, verbose_name=_("profil"), on_delete=models.PROTECT, related_name="positions")
    mission = models.TextField(_("mission"), blank=True)
    skills = models.TextField(_("compétences attendues"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("poste")
        verbose_name_plural = _("postes")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.challenge} — {self.profile}"
