"""The dossier engine: a call, its questions grouped in steps, and the dossiers
people fill in answer to it (draft → submitted → withdrawn), each submission
kept as an immutable version."""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eig.core.models import TimeStampedModel
from eig.promotions.models import Promotion


class Call(TimeStampedModel):
    class Kind(models.TextChoices):
        APPLICATIONS = "applications", _("Appel à candidatures")
        CHALLENGES = "challenges", _("Appel à défis")
        # The forms of the ten months (eig.programme): filled by the promotion's people, not by the public.
        FELLOW_ONBOARDING = "fellow_onboarding", _("Liste d'arrivée des entrepreneur·es")
        HOST_ONBOARDING = "host_onboarding", _("Liste d'accueil des administrations")
        RETROSPECTIVE = "retrospective", _("Bilan hebdomadaire")
        # Results and memory (eig.results): a team's plan for after the programme, a questionnaire.
        HANDOVER = "handover", _("Plan de pérennisation")
        SURVEY = "survey", _("Questionnaire")

    # Kinds whose submit sends a receipt by email (a retrospective or a checklist does not).
    RECEIPT_KINDS = frozenset({Kind.APPLICATIONS, Kind.CHALLENGES})

    class WishesMode(models.TextChoices):
        WITH_DOSSIER = "with_dossier", _("Vœux dans le dossier")
        AFTER_PRESELECTION = "after_preselection", _("Vœux après la présélection (2021)")

    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.PROTECT, related_name="calls"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    rules_page = models.ForeignKey(
        "content.Page", verbose_name=_("règlement"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_notice = models.TextField(_("notice d'information sur les données personnelles"), blank=True)
    max_wishes = models.PositiveSmallIntegerField(_("nombre maximal de vœux"), default=3)
    wishes_mode = models.CharField(
        _("recueil des vœux"), max_length=20, choices=WishesMode.choices, default=WishesMode.WITH_DOSSIER
    )
    # Règlement 2017 art. 9: dossiers are kept two years after the call.
    retention_days = models.PositiveIntegerField(_("durée de conservation des dossiers (jours)"), default=730)
    dossier_prefix = models.CharField(_("préfixe des numéros de dossier"), max_length=20)
    # The contract the call offers (stated on the call's page, the offer and the team's page).
    contract_months = models.PositiveSmallIntegerField(_("durée du contrat (mois)"), null=True, blank=True)
    salary_terms = models.CharField(_("rémunération (fourchette ou grille)"), max_length=300, blank=True)
    workplace_terms = models.CharField(
        _("lieu de travail"),
        max_length=300,
        blank=True,
        help_text=_("Par défaut, les locaux de l'administration d'accueil du défi."),
    )
    # Counts the changes of the call's steps and questions (eig.calls.structure): each process keeps the
    # form it read until this number moves, so a step page reads no step or question.
    form_version = models.PositiveIntegerField(_("version du formulaire"), default=0, editable=False)

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(max_wishes__gte=1, max_wishes__lte=3), name="call_max_wishes_1_to_3"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # An instance read before a change of the form must not write its older `form_version` back: a
        # process still holding that older form would take it for current (eig.calls.structure).
        if (
            self.pk is not None
            and not self._state.adding
            and not args
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "form_version"
            ]
        super().save(*args, **kwargs)

    @property
    def sends_receipt(self) -> bool:
        return self.kind in self.RECEIPT_KINDS

    @property
    def has_contract_terms(self) -> bool:
        return bool(self.contract_months or self.salary_terms or self.workplace_terms)

    def is_open(self, now=None):
        """The server's clock decides: open from opens_at included to closes_at excluded."""
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def state(self, now=None) -> str:
        """'upcoming', 'open' or 'closed' on the server's clock, as promotions.Phase.state says it."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class Step(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordre"))
    slug = models.SlugField(_("identifiant"), max_length=60)
    title = models.CharField(_("titre"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["call", "order"]
        constraints = [models.UniqueConstraint(fields=["call", "slug"], name="unique_step_slug_per_call")]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Texte court")
        LONG_TEXT = "long_text", _("Texte long")
        SINGLE_CHOICE = "single_choice", _("Choix unique")
        MULTIPLE_CHOICE = "multiple_choice", _("Choix multiple")
        YES_NO = "yes_no", _("Oui / non")
        URL = "url", _("Adresse web")
        EMAIL = "email", _("Adresse électronique")
        NUMBER = "number", _("Nombre")
        DATE = "date", _("Date")
        DECLARATION = "declaration", _("Déclaration sur l'honneur")
        FILE = "file", _("Fichier")
        TABLE = "table", _("Tableau (colonnes dans « choix », lignes au plus dans « maximum »)")

    step = models.ForeignKey(Step, verbose_name=_("étape"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("ordre"))
    key = models.SlugField(_("clé"), max_length=60)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("libellé"), max_length=500)
    help_text = models.TextField(_("aide"), blank=True)
    required = models.BooleanField(_("obligatoire"), default=True)
    max_length = models.PositiveIntegerField(_("nombre maximal de caractères"), null=True, blank=True)
    choices = models.JSONField(_("choix (liste de [valeur, libellé])"), default=list, blank=True)
    # The choices' English labels by value ({"oui": "Yes"}): the values are the same in both languages;
    # a value without an English label reads in French (`labelled_choices`).
    choices_en = models.JSONField(_("libellés anglais des choix"), default=dict, blank=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    file_types = models.JSONField(_("types de fichier acceptés"), default=list, blank=True)
    max_bytes = models.PositiveIntegerField(_("taille maximale (octets)"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["step__order", "order"]
        constraints = [models.UniqueConstraint(fields=["step", "key"], name="unique_question_key_per_step")]

    def __str__(self):
        return self.label

    def labelled_choices(self, language: str | None = None) -> list[tuple[str, str]]:
        """[(value, label)] in `language` (the active one by default), French where no English label."""
        language = language or translation.get_language() or "fr"
        english = language.startswith("en") and self.choices_en or {}
        return [(value, english.get(str(value)) or label) for value, label in self.choices or []]


class QuestionWording(models.Model):
    """A question's wording as it read until `replaced_at`: once the call is open only the wording may
    change (eig.calls.builder), and each change keeps the one it replaces, so that a version submitted
    before reads the words it was answered with (`wording_at`)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="past_wordings"
    )
    label_fr = models.CharField(_("libellé (français)"), max_length=500)
    label_en = models.CharField(_("libellé (anglais)"), max_length=500, blank=True)
    help_text_fr = models.TextField(_("aide (français)"), blank=True)
    help_text_en = models.TextField(_("aide (anglais)"), blank=True)
    choices = models.JSONField(_("choix"), default=list, blank=True)
    choices_en = models.JSONField(_("libellés anglais des choix"), default=dict, blank=True)
    replaced_at = models.DateTimeField(_("remplacé le"), db_index=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ancien libellé de question")
        verbose_name_plural = _("anciens libellés de questions")
        ordering = ["question", "replaced_at", "id"]

    def __str__(self):
        return f"{self.question.key} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Dossier(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposé")
        WITHDRAWN = "withdrawn", _("Retiré")

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.PROTECT, related_name="dossiers")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("titulaire"), on_delete=models.PROTECT, related_name="dossiers"
    )
    number = models.CharField(_("numéro"), max_length=40, unique=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    last_step = models.SlugField(_("dernière étape ouverte"), max_length=60, blank=True)
    # A candidate has one dossier per call; an administration's agents may propose
    # several challenges to one call, each its own shared dossier.
    shared = models.BooleanField(_("partagé par une administration"), default=False)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version déposée"), default=0)
    # A form filled once per period (a weekly retrospective: its week, « 2027-W07 »); "" for the others.
    period = models.CharField(_("période"), max_length=20, blank=True, default="")
    # The language its holder last submitted it in (the receipt and the emails about it follow it).
    language = models.CharField(
        _("langue"), max_length=2, choices=[("fr", _("français")), ("en", _("anglais"))], default="fr"
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        # A call's dossiers newest first, a page at a time (the staff list): the database walks this index
        # and stops at the page's end, instead of computing every dossier's completeness before sorting.
        indexes = [models.Index(fields=["call", "created_at", "id"], name="dossier_call_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "owner", "period"],
                condition=models.Q(shared=False),
                name="one_dossier_per_person_per_call",
            )
        ]

    def __str__(self):
        return self.number


class Answer(models.Model):
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("réponse"), null=True, blank=True)
    # The file a file question's answer holds, set by attach_file only. Downloads are granted
    # through this link, never by matching `value`: a text answer may hold any file's UUID.
    # SET_NULL: erasing a file (account deletion, anonymisation) leaves the answer to its dossier's fate.
    stored_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("fichier déposé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [models.UniqueConstraint(fields=["dossier", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.dossier} — {self.question.key}"


class DossierVersion(models.Model):
    """What was submitted, frozen: every submit and resubmit adds one."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("déposée le"))
    content = models.JSONField(_("contenu"))
    digest = models.CharField(_("empreinte SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.dossier} v{self.number}"


class ComplementRequest(TimeStampedModel):
    """The programme team asks one dossier's holder for a document or an answer before a date
    (eig.calls.complements): the holder sees it in their space and answers once; the reviewers
    read the answer with the dossier. Both the request and the answer are logged on the dossier."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Un document")
        ANSWER = "answer", _("Une réponse écrite")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="complement_requests"
    )
    kind = models.CharField(_("demande"), max_length=10, choices=Kind.choices)
    message = models.TextField(_("message"))
    due_at = models.DateTimeField(_("à fournir avant le"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answer_text = models.TextField(_("réponse"), blank=True)
    # SET_NULL: erasing a file (account deletion) leaves the request to its dossier's fate.
    answer_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("document fourni"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complement_requests",
    )

    class Meta:
        verbose_name = _("demande de complément")
        verbose_name_plural = _("demandes de complément")
        ordering = ["dossier", "-created_at", "-id"]

    def __str__(self):
        return f"{self.dossier} — {self.get_kind_display()}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
