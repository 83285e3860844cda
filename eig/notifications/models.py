from django.conf import settings
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


class EmailText(models.Model):
    """The programme team's own text for one notification in one language, replacing the one the
    platform ships (templates/notifications/<template>/<language>/): a subject and a text body in the
    Django template language, checked against the notification's variables (eig.notifications.texts).
    Deleting the row restores the original. A queued message keeps the text it was rendered with."""

    template = models.CharField(_("notification"), max_length=100)
    language = models.CharField(_("langue"), max_length=2, choices=OutboxMessage.Language.choices)
    subject = models.CharField(_("objet"), max_length=255)
    body = models.TextField(_("texte"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("modifié par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("texte de notification")
        verbose_name_plural = _("textes des notifications")
        ordering = ["template", "language"]
        constraints = [models.UniqueConstraint(fields=["template", "language"], name="one_text_per_template_language")]

    def __str__(self):
        return f"{self.template} ({self.language})"


class Broadcast(TimeStampedModel):
    """A message the programme team sends to a group (eig.web.staff messages: drafts still incomplete
    before a deadline, admissible candidates, a panel's jurors…): previewed, then sent once through the
    outbox, one message per person (key « broadcast:<id>:<user> »), whatever the clicks."""

    audience = models.CharField(_("destinataires"), max_length=60)
    # The audience's parameters (a call's slug, a jury's id…), as the audience registry reads them.
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rédigé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("nombre de destinataires"), default=0)

    class Meta:
        verbose_name = _("message groupé")
        verbose_name_plural = _("messages groupés")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject
