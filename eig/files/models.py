import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A file a person uploaded (a CV, a portfolio), kept in the private storage.

    Known by a random UUID in URLs, never by its integer key; served only once
    the virus scan has cleared it, and only to whom `can_download` allows.
    """

    class ScanStatus(models.TextChoices):
        PENDING = "pending", _("en cours d'analyse")
        CLEAN = "clean", _("sain")
        INFECTED = "infected", _("infecté")
        ERROR = "error", _("analyse en échec")

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.CASCADE,
        related_name="stored_files",
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    path = models.CharField(_("chemin de stockage"), max_length=255, unique=True, editable=False)
    mimetype = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    scan_status = models.CharField(
        _("analyse antivirus"), max_length=10, choices=ScanStatus, default=ScanStatus.PENDING, db_index=True
    )
    scan_detail = models.CharField(_("résultat de l'analyse"), max_length=255, blank=True)
    scanned_at = models.DateTimeField(_("analysé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier déposé")
        verbose_name_plural = _("fichiers déposés")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("files:download", kwargs={"file_id": self.public_id})

    @property
    def is_servable(self) -> bool:
        """Only a file the scan cleared leaves the server."""
        return self.scan_status == self.ScanStatus.CLEAN

    def unavailable_message(self) -> str:
        """Why this file cannot be downloaded, for its owner; "" when it can."""
        return {
            self.ScanStatus.PENDING: gettext(
                "Ce fichier est en cours d'analyse antivirus : il pourra être téléchargé dans quelques instants."
            ),
            self.ScanStatus.INFECTED: gettext(
                "Ce fichier contient un virus : il a été bloqué et ne peut pas être téléchargé. "
                "Déposez une version saine du document."
            ),
            self.ScanStatus.ERROR: gettext(
                "L'analyse antivirus de ce fichier a échoué : il ne peut pas être téléchargé pour l'instant. "
                "Réessayez plus tard ou déposez-le à nouveau."
            ),
        }.get(self.scan_status, "")
