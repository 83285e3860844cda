from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.markdown import render_markdown, sanitize_html
from eig.core.models import TimeStampedModel


class Page(TimeStampedModel):
    """An editorial page staff write in Markdown: presentation, rules, legal pages."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Présentation du programme")
        CANDIDATES = "candidates", _("Participer : candidats")
        ADMINISTRATIONS = "administrations", _("Participer : administrations")
        RULES = "rules", _("Règlement d'un appel")
        LEGAL = "legal", _("Page légale")
        OTHER = "other", _("Autre")

    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("chapeau"), max_length=300, blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:page", kwargs={"slug": self.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)


class FAQEntry(TimeStampedModel):
    class Audience(models.TextChoices):
        CANDIDATES = "candidates", _("Candidats")
        ADMINISTRATIONS = "administrations", _("Administrations")

    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, db_index=True)
    question = models.CharField(_("question"), max_length=400)
    # The legacy FAQ is HTML; staff may write HTML or Markdown, both sanitised.
    answer = models.TextField(_("réponse"))
    section = models.SlugField(_("rubrique"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")
        ordering = ["audience", "order", "id"]

    def __str__(self):
        return self.question

    @property
    def answer_html(self):
        if self.answer.lstrip().startswith("<"):
            return sanitize_html(self.answer)
        return render_markdown(self.answer)


class Tag(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_draft=False)


class NewsPost(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    published_on = models.DateField(_("date de publication"), db_index=True)
    author = models.CharField(_("auteur"), max_length=200, blank=True)
    description = models.TextField(_("chapeau"), blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("étiquettes"), blank=True, related_name="posts")
    is_draft = models.BooleanField(_("brouillon"), default=False)
    legacy_path = models.CharField(_("ancienne adresse"), max_length=300, blank=True, db_index=True)
    legacy_path_en = models.CharField(_("ancienne adresse (anglais)"), max_length=300, blank=True, db_index=True)
    image = models.ImageField(_("image"), upload_to="news/", blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=300, blank=True)  # translated

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:news_detail", kwargs={"slug": self.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)


class Story(TimeStampedModel):
    """A news post a fellow or an alumnus proposes (issue 16, point 7).

    Written in Markdown, in French and/or English (title_fr/title_en… by modeltranslation), with an
    optional image (a sniffed, size-capped upload kept private until publication). Staff edit it
    and publish it: the story becomes a `NewsPost` of the news and its feeds (`stories.publish`)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        PUBLISHED = "published", _("Publié")
        DECLINED = "declined", _("Non retenu")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    author_name = models.CharField(_("signature"), max_length=200)
    title = models.CharField(_("titre"), max_length=300)  # translated
    description = models.TextField(_("chapeau"), max_length=600, blank=True)  # translated
    body = models.TextField(_("contenu (Markdown)"))  # translated
    image = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=300, blank=True)  # translated
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    staff_note = models.TextField(_("remarque de l'équipe du programme"), blank=True)
    news_post = models.OneToOneField(
        NewsPost,
        verbose_name=_("actualité publiée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("récit proposé")
        verbose_name_plural = _("récits proposés")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title
