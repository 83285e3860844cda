from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel


class OutboxMessage(TimeStampedModel):
    """One email, rendered when queued and sent by a task (docs/architecture.md, "Outbox").

    The row is the truth: the task queue only carries its id. A message moves
    queued → sending → sent, or back to queued after a failure, and to failed
    after NOTIFICATIONS_MAX_ATTEMPTS attempts.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")

    class Language(models.TextChoices):
        FR = "fr", _("français")
        EN = "en", _("anglais")

    key = models.CharField(
        _("clé d'unicité"),
        max_length=200,
        unique=True,
        help_text=_("La même notification n'est jamais mise en file deux fois (ex. receipt:42:3)."),
    )
    recipient = models.EmailField(_("destinataire"))
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FR)
    template = models.CharField(_("modèle"), max_length=100)
    # Dates and decimals are stored as strings; the templates were rendered from the originals.
    context = models.JSONField(_("contexte"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Files to attach, read from the default storage when sending:
    # [{"filename": "recu.pdf", "mimetype": "application/pdf", "path": "receipts/42-3.pdf"}].
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    # When the periodic job (manage.py send_outbox) should enqueue it (again).
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    # Set by the claim; also the claim's token (a late worker cannot overwrite a newer claim).
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.template} → {self.recipient} ({self.get_status_display()})"
