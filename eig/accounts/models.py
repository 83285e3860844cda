from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DOMAIN.md; a person may hold several."""

    CANDIDATE = "candidate", _("Candidat ou candidate")
    ADMINISTRATION_AGENT = "administration_agent", _("Agent d'une administration")
    REVIEWER = "reviewer", _("Évaluateur ou évaluatrice")
    JURY_MEMBER = "jury_member", _("Membre du jury")
    MENTOR = "mentor", _("Mentor")
    FELLOW = "fellow", _("Entrepreneur ou entrepreneuse d'intérêt général")
    STAFF = "staff", _("Équipe du programme")
    APPROVER = "approver", _("Valideur ou valideuse")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("roles", [Role.STAFF])
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in, identified by their email address."""

    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)
    roles = models.JSONField(_("rôles"), default=list, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur ou utilisatrice")
        verbose_name_plural = _("utilisateurs et utilisatrices")

    def __str__(self):
        return self.get_full_name() or self.email

    def has_role(self, role: str) -> bool:
        return role in (self.roles or [])
