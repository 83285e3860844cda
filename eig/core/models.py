from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ActivityLog(models.Model):
    """Who did what to which object, and when: one row per state change."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    target_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'activité")
        verbose_name_plural = _("journal d'activité")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_type}#{self.target_id}"


class ContentVersion(models.Model):
    """A single counter bumped on every change of public content.

    The page cache keys its entries on it: an edit in the admin makes every
    cached page stale at once, in every worker, without a shared cache.
    """

    key = models.CharField(max_length=32, unique=True, default="public")
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("version du contenu public")

    def __str__(self):
        return f"{self.key}: {self.version}"
