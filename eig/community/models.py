from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Challenge, Profile
from eig.core.models import TimeStampedModel
from eig.core.validators import validate_url_list
from eig.promotions.models import Promotion


class Person(TimeStampedModel):
    """A public profile in the community directory (fellows, mentors, programme team)."""

    class Role(models.TextChoices):
        FELLOW = "fellow", _("Entrepreneur·e d'intérêt général")
        MENTOR = "mentor", _("Mentor")
        STAFF = "staff", _("Équipe du programme")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.FELLOW, db_index=True)
    profile = models.ForeignKey(
        Profile, verbose_name=_("profil"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    bio = models.TextField(_("présentation"), blank=True)
    links = models.JSONField(_("liens (liste d'adresses)"), default=list, blank=True, validators=[validate_url_list])
    promotions = models.ManyToManyField(Promotion, verbose_name=_("promotions"), blank=True, related_name="people")
    is_public = models.BooleanField(
        _("profil public"),
        default=True,
        help_text=_("Le profil n'apparaît dans l'annuaire qu'avec le consentement de la personne."),
    )

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:person_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person's part in a challenge: fellow of its team or one of its mentors."""

    class Role(models.TextChoices):
        FELLOW = "fellow", _("Entrepreneur·e d'intérêt général")
        MENTOR = "mentor", _("Mentor")
        OPERATIONAL_MENTOR = "operational_mentor", _("Mentor opérationnel")
        HIGH_LEVEL_MENTOR = "high_level_mentor", _("Mentor de haut niveau")

    MENTOR_ROLES = [Role.MENTOR, Role.OPERATIONAL_MENTOR, Role.HIGH_LEVEL_MENTOR]

    person = models.ForeignKey(Person, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="memberships")
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("participation à un défi")
        verbose_name_plural = _("participations aux défis")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "challenge", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.person} — {self.challenge} ({self.get_role_display()})"

    @property
    def is_mentor(self):
        return self.role in self.MENTOR_ROLES
