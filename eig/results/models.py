"""Results and memory: what a promotion leaves behind (issue 16).

- `Deliverable`: what a team declares it produced (a source repository, an open dataset, a
  product in service, a publication or talk, its demo day video or slides). Staff review it; a
  published deliverable becomes an achievement of the challenge's public page
  (`challenges.Achievement`, made and kept in step by `deliverables.publish`).
- The key figures of a challenge are computed from its published deliverables and its
  objectives (`figures.py`), with the sourced figures staff add (`challenges.KeyFigure`).
- `Handover`: the team's plan for what continues after the ten months (« pérennisation »), a
  dossier of the kit filled by the fellows and confirmed by the host, then its outcome.
- `Survey`: a questionnaire of the promotion (mid-term, end) for fellows, mentors or hosts, a
  call of the kit. `Participation` says who was asked and who answered; `Response` holds the
  answers — with no link to the person when the survey is anonymous.
- `Closing`: the promotion's end. Closing it finishes the fellows, the challenges and publishes
  the results page; eig.alumni hears it (`signals.promotion_closed`) and makes the alumni.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.calls.models import Call, Dossier
from eig.challenges.models import Achievement, Challenge
from eig.core.models import TimeStampedModel
from eig.promotions.models import Promotion


class Deliverable(TimeStampedModel):
    class Kind(models.TextChoices):
        REPOSITORY = "repository", _("Dépôt de code source")
        DATASET = "dataset", _("Jeu de données ouvert")
        PRODUCT = "product", _("Service en production")
        PUBLICATION = "publication", _("Publication ou intervention")
        DEMO = "demo", _("Vidéo ou support du demo day")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("À relire par l'équipe du programme")
        RETURNED = "returned", _("Renvoyé à l'équipe")
        PUBLISHED = "published", _("Publié")

    class LinkState(models.TextChoices):
        UNCHECKED = "", _("Pas encore vérifié")
        ALIVE = "alive", _("Répond")
        DEAD = "dead", _("Ne répond plus")

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)  # translated: title_fr, title_en
    description = models.TextField(_("description courte"), max_length=600, blank=True)  # translated
    url = models.URLField(_("adresse"), max_length=500)
    licence = models.CharField(_("licence"), max_length=100, blank=True)  # a repository's, a dataset's
    users = models.PositiveIntegerField(_("utilisateurs"), null=True, blank=True)  # a product's
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    review_note = models.TextField(_("remarque de l'équipe du programme"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    # The public page's achievement this deliverable is, while published.
    achievement = models.OneToOneField(
        Achievement, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliverable"
    )
    # The link checker's last visit (manage.py check_deliverable_links).
    link_state = models.CharField(
        _("état du lien"), max_length=10, choices=LinkState.choices, default=LinkState.UNCHECKED, blank=True
    )
    link_checked_at = models.DateTimeField(_("lien vérifié le"), null=True, blank=True)
    link_error = models.CharField(_("erreur du lien"), max_length=300, blank=True)
    dead_since = models.DateTimeField(_("lien mort depuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("réalisation déclarée")
        verbose_name_plural = _("réalisations déclarées")
        ordering = ["challenge", "kind", "id"]

    def __str__(self):
        return self.title


class Handover(TimeStampedModel):
    """A team's plan for what continues after the ten months, and what became of it."""

    class Outcome(models.TextChoices):
        CONTINUED = "continued", _("Poursuivi par l'administration")
        TAKEN_OVER = "taken_over", _("Repris par une autre structure")
        STOPPED = "stopped", _("Arrêté")

    challenge = models.OneToOneField(
        Challenge, verbose_name=_("défi"), on_delete=models.CASCADE, related_name="handover"
    )
    # The plan: one shared dossier of the promotion's call of kind « handover », filled by the fellows.
    dossier = models.OneToOneField(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="handover")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmé par l'administration le"), null=True, blank=True)
    confirmed_version = models.PositiveIntegerField(_("version confirmée"), null=True, blank=True)
    outcome = models.CharField(_("devenir"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("raison ou précisions"), blank=True)  # translated: shown publicly
    taken_over_by = models.CharField(_("repris par"), max_length=200, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(_("devenir enregistré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan de pérennisation")
        verbose_name_plural = _("plans de pérennisation")

    def __str__(self):
        return str(self.challenge)


class Survey(TimeStampedModel):
    """A questionnaire of the promotion: its questions are those of its call (the dossier kit)."""

    class Moment(models.TextChoices):
        MID_TERM = "mid_term", _("À mi-parcours")
        END = "end", _("En fin de promotion")

    class Audience(models.TextChoices):
        FELLOWS = "fellows", _("Entrepreneur·es")
        MENTORS = "mentors", _("Mentors")
        HOSTS = "hosts", _("Administrations d'accueil")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="surveys"
    )
    call = models.OneToOneField(Call, verbose_name=_("formulaire"), on_delete=models.CASCADE, related_name="survey")
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    audiences = models.JSONField(_("public"), default=list)
    # Anonymous: the answers are kept with no link to the person (Response.dossier stays empty and
    # the draft is deleted at submit); only Participation says that the person answered.
    anonymous = models.BooleanField(_("anonyme"), default=True)
    # Reminders go this many days before the survey closes (each once per person).
    reminder_days = models.JSONField(_("rappels avant la clôture (jours)"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["promotion", "call__opens_at", "id"]

    def __str__(self):
        return self.call.title


class Participation(models.Model):
    """A person asked to answer a survey; `answered_on` once they did (a day, never an instant)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations")
    audience = models.CharField(_("public"), max_length=20, choices=Survey.Audience.choices)
    answered_on = models.DateField(_("a répondu le"), null=True, blank=True)
    reminders_sent = models.JSONField(_("rappels envoyés (jours)"), default=list, blank=True)

    class Meta:
        verbose_name = _("personne interrogée")
        verbose_name_plural = _("personnes interrogées")
        ordering = ["survey", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_participation_per_survey")]

    def __str__(self):
        return f"{self.survey} — {self.user}"


class Response(models.Model):
    """The answers to a survey, by question key. A random key and a day: nothing that orders
    or times them against the participations of an anonymous survey."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    audience = models.CharField(_("public"), max_length=20, choices=Survey.Audience.choices)
    answers = models.JSONField(_("réponses"), default=dict)
    submitted_on = models.DateField(_("déposée le"))
    # Named surveys only: the dossier (and so the person) the answers come from.
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_response"
    )

    class Meta:
        verbose_name = _("réponse à un questionnaire")
        verbose_name_plural = _("réponses aux questionnaires")
        ordering = ["survey", "id"]

    def __str__(self):
        return f"{self.survey} — {self.submitted_on}"


class Closing(models.Model):
    """A promotion's end: its fellows finished, its challenges done, its results page public."""

    promotion = models.OneToOneField(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="closing"
    )
    closed_at = models.DateTimeField(_("close le"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("clôture d'une promotion")
        verbose_name_plural = _("clôtures des promotions")

    def __str__(self):
        return str(self.promotion)
