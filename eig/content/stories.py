"""Stories: the news posts fellows and alumni propose, that staff edit and publish (issue 16, point 7).

Who proposes: a fellow of any promotion who has not left the programme (onboarding, active or
finished), or an alumnus (`may_propose`). A story is written in Markdown, in French and/or English:
at least one language complete (a title and a text), no language half-written. Its image is
optional, sniffed and size-capped like every upload (PNG or JPEG, `IMAGE_MAX_BYTES`), kept in the
private storage until publication and then described by its alternative text, required in every
language the story is written in.

The states: proposed → published (staff, `publish`) or declined (staff, with a note, `decline`); a
declined story may still be published if staff change their mind. Its author edits it while it is
proposed, staff until it is published (`edit`). Publishing makes it a `NewsPost` of the news and
their RSS and Atom feeds: the texts of both languages, the signature as author, today's date, a
unique address, and a public copy of the image (decoded and re-encoded: what a camera records
beside the picture, such as the place it was taken, never reaches the public site).

The news site falls back to French (MODELTRANSLATION_FALLBACK_LANGUAGES), so a story is published
with its French version: staff add it to a story proposed in English only. Every Markdown text is
rendered by eig.core.markdown, which sanitises it (no script, no event handler, no javascript: link).
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.files.services import store_upload, upload_limit
from eig.files.storage import private_storage
from eig.files.validation import IMAGES, sanitize_name, validate_upload
from eig.notifications.services import queue_notification
from eig.programme.models import Fellow

from .models import NewsPost, Story

# A news image needs no more: a photo of a few megapixels weighs 1 to 3 Mo in JPEG.
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = IMAGES
LANGUAGES = ("fr", "en")
LANGUAGE_NAMES = {"fr": "français", "en": "anglais"}
TEXTS = ("title", "description", "body", "image_alt")
SLUG_MAX = 200  # NewsPost.slug


class StoryRefused(DomainError):
    """A rule refuses a story; `field` names the form field the message belongs to (None: the form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- Who ---------------------------------------------------------------------------------------


def may_propose(user) -> bool:
    """A fellow of any promotion who has not left the programme, or an alumnus (one query)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return Fellow.objects.filter(user=user).filter(~Q(status=Fellow.Status.LEFT) | Q(alumnus__isnull=False)).exists()


def may_edit(story: Story, user) -> bool:
    """Its author while it is proposed; staff until it is published."""
    if not (user and user.is_authenticated and user.is_active) or story.status == Story.Status.PUBLISHED:
        return False
    if user.is_staff:
        return True
    return story.author_id == user.pk and story.status == Story.Status.PROPOSED


def default_signature(user) -> str:
    """The name a story is signed with unless its author types another: the fellowship's name."""
    fellow = Fellow.objects.filter(user=user).order_by("-promotion__year", "-pk").first()
    return (fellow.name if fellow else "") or user.get_full_name() or ""


def heading(story: Story) -> str:
    """The story's title in French, else in English (the pages of the programme are in French)."""
    return story.title_fr or story.title_en


def languages_of(story: Story) -> list[str]:
    """The languages the story is complete in (a title and a text)."""
    return [lang for lang in LANGUAGES if getattr(story, f"title_{lang}") and getattr(story, f"body_{lang}")]


def download_rule(user, stored_file) -> bool:
    """eig.files' download rule of the stories: a story's author reads its image until it is published
    (staff may have replaced it: the file is then theirs; staff read every file through eig.files' own
    rule). Once published, the public copy is the news post's."""
    return Story.objects.filter(image=stored_file, author=user).exclude(status=Story.Status.PUBLISHED).exists()


# --- The rules of a story's texts and image ------------------------------------------------------


# The texts of a story, as the model and the forms name them.
TEXT_FIELDS = tuple(f"{name}_{lang}" for name in TEXTS for lang in LANGUAGES)


def _texts(values: dict) -> dict:
    """The translated texts as typed, stripped, each given or not: {"title_fr": …, "body_en": …}. A
    name that is no text of a story is refused as an unexpected keyword argument would be."""
    unexpected = sorted(set(values) - set(TEXT_FIELDS))
    if unexpected:
        raise TypeError(f"Not a text of a story: {', '.join(unexpected)}")
    return {field: (values.get(field) or "").strip() for field in TEXT_FIELDS}


def _check_texts(texts: dict, *, author_name: str, has_image: bool) -> None:
    if not author_name:
        raise StoryRefused(_("Indiquez la signature du récit (votre nom, par exemple)."), "author_name")
    complete = []
    for lang in LANGUAGES:
        language = LANGUAGE_NAMES[lang]
        title, body, description = (texts[f"{name}_{lang}"] for name in ("title", "body", "description"))
        if title and body:
            complete.append(lang)
        elif title or description:
            raise StoryRefused(
                _("La version en %(language)s n'a pas de texte : écrivez-le, ou videz cette version.")
                % {"language": language},
                f"body_{lang}",
            )
        elif body:
            raise StoryRefused(
                _("La version en %(language)s n'a pas de titre : ajoutez-le, ou videz cette version.")
                % {"language": language},
                f"title_{lang}",
            )
    if not complete:
        raise StoryRefused(
            _("Écrivez le récit en français ou en anglais (ou les deux) : un titre et un texte au moins.")
        )
    if has_image:
        for lang in complete:
            if not texts[f"image_alt_{lang}"]:
                raise StoryRefused(
                    _(
                        "Décrivez l'image en %(language)s (texte alternatif) : les personnes qui ne la voient "
                        "pas la lisent ainsi."
                    )
                    % {"language": LANGUAGE_NAMES[lang]},
                    f"image_alt_{lang}",
                )


def _check_image(uploaded_file) -> None:
    """Sniffed and size-capped (eig.files), then decoded: a file that only starts like an image is refused."""
    validate_upload(uploaded_file, allowed_types=IMAGE_TYPES, max_bytes=upload_limit(IMAGE_MAX_BYTES))
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise StoryRefused(
            _("L'image « %(name)s » ne peut pas être lue : enregistrez-la de nouveau en PNG ou en JPEG.")
            % {"name": sanitize_name(uploaded_file.name)},
            "image",
        ) from None
    finally:
        uploaded_file.seek(0)


def _store_image(uploaded_file, by):
    _check_image(uploaded_file)
    return store_upload(uploaded_file, owner=by, allowed_types=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)


# --- Propose, edit --------------------------------------------------------------------------------


def propose(user, *, image_upload=None, author_name="", **texts) -> Story:
    """A fellow or an alumnus proposes a story for the news. `texts`: its `TEXT_FIELDS` (title_fr,
    title_en, description_fr, description_en, body_fr, body_en, image_alt_fr, image_alt_en), each
    optional."""
    if not may_propose(user):
        raise StoryRefused(
            _(
                "Seuls les entrepreneurs et entrepreneuses d'intérêt général, en programme ou anciens, "
                "peuvent proposer un récit."
            )
        )
    texts = _texts(texts)
    author_name = (author_name or "").strip()
    _check_texts(texts, author_name=author_name, has_image=image_upload is not None)
    with transaction.atomic():
        image = _store_image(image_upload, user) if image_upload is not None else None
        story = Story.objects.create(
            author=user, author_name=author_name, image=image, status=Story.Status.PROPOSED, **texts
        )
        log_activity("story.proposed", story, actor=user, title=heading(story), languages=languages_of(story))
    return story


def edit(story: Story, *, by, author_name="", image_upload=None, remove_image=False, staff_note=None, **texts) -> Story:
    """Change a story: its author while it is proposed, staff until it is published. `texts`: as
    `propose`'s, a text not given is emptied. A new image replaces the old one; `remove_image` drops
    it; `staff_note` (staff only) is the note its author reads."""
    texts = _texts(texts)
    author_name = (author_name or "").strip()
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if not may_edit(story, by):
            if story.status == Story.Status.PUBLISHED:
                raise StoryRefused(_("Ce récit est déjà publié : il se modifie désormais comme une actualité."))
            raise StoryRefused(_("Ce récit n'est plus modifiable : l'équipe du programme l'a déjà traité."))
        keeps_image = image_upload is not None or (story.image_id is not None and not remove_image)
        _check_texts(texts, author_name=author_name, has_image=keeps_image)
        if image_upload is not None:
            story.image = _store_image(image_upload, by)
        elif remove_image:
            story.image = None
        for name, value in texts.items():
            setattr(story, name, value)
        story.author_name = author_name
        if staff_note is not None and by.is_staff:
            story.staff_note = staff_note.strip()
        story.save()
        log_activity(
            "story.edited",
            story,
            actor=by,
            title=heading(story),
            languages=languages_of(story),
            image=story.image_id,
        )
    return story


# --- Publish, decline ---------------------------------------------------------------------------


def _refuse_unless_staff(by) -> None:
    if not (by and by.is_authenticated and by.is_staff):
        raise StoryRefused(_("Seule l'équipe du programme publie les récits ou décide de ne pas les retenir."))


def slug_for(story: Story, slug: str | None = None) -> str:
    """The news post's address: the one staff chose (free, well-formed), else one made from the
    French title, numbered when another news post already has it (« mon-recit-2 »)."""
    if slug:
        slug = slug.strip()
        try:
            validate_slug(slug)
        except ValidationError:
            raise StoryRefused(
                _("L'adresse ne peut contenir que des lettres sans accent, des chiffres et des tirets."), "slug"
            ) from None
        if len(slug) > SLUG_MAX:
            raise StoryRefused(_("L'adresse compte au plus %(max)s caractères.") % {"max": SLUG_MAX}, "slug")
        if NewsPost.objects.filter(slug=slug).exists():
            raise StoryRefused(
                _("L'adresse « %(slug)s » est déjà celle d'une autre actualité : choisissez-en une autre.")
                % {"slug": slug},
                "slug",
            )
        return slug
    base = slugify(heading(story))[: SLUG_MAX - 10].strip("-") or "recit"
    taken = set(NewsPost.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _public_image(stored_file) -> tuple[bytes, str]:
    """The image decoded and encoded again, in its format, turned upright: no metadata survives."""
    is_png = stored_file.mimetype == "image/png"
    with private_storage().open(stored_file.path, "rb") as source, Image.open(source) as image:
        upright = ImageOps.exif_transpose(image)
        if not is_png and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, format="PNG" if is_png else "JPEG", **({} if is_png else {"quality": 90}))
    return out.getvalue(), ".png" if is_png else ".jpg"


def _tell_the_author(story: Story, template: str, context: dict) -> None:
    """Email the author what became of their story, in the language they wrote it in (French
    when they wrote both), once per story and outcome."""
    if story.author is None:
        return
    language = "en" if languages_of(story) == ["en"] else "fr"
    queue_notification(
        template,
        to=story.author.email,
        language=language,
        key=f"{template}:{story.pk}",
        context={"name": story.author_name, "title": heading(story)} | context,
    )


def _site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def publish(story: Story, *, by, now, slug=None, tags=()) -> NewsPost:
    """Staff publish a story: it becomes a news post of the news and their feeds, dated today."""
    _refuse_unless_staff(by)
    saved_image = None
    try:
        with transaction.atomic():
            story = Story.objects.select_for_update().get(pk=story.pk)
            if story.status == Story.Status.PUBLISHED:
                raise StoryRefused(_("Ce récit est déjà publié."))
            if not (story.title_fr and story.body_fr):
                raise StoryRefused(
                    _(
                        "Ajoutez le titre et le texte en français avant de publier : les actualités du site "
                        "sont d'abord en français (la version anglaise les reprend quand elle manque)."
                    )
                )
            if story.image is not None and not story.image.is_servable:
                raise StoryRefused(
                    _("L'image ne peut pas encore être publiée : %(reason)s")
                    % {"reason": story.image.unavailable_message()}
                )
            slug = slug_for(story, slug)
            post = NewsPost(
                slug=slug,
                published_on=timezone.localdate(now),
                author=story.author_name,
                **{f"{name}_{lang}": getattr(story, f"{name}_{lang}") for name in TEXTS for lang in LANGUAGES},
            )
            if story.image is not None:
                content, extension = _public_image(story.image)
                post.image.save(f"{slug}{extension}", ContentFile(content), save=False)
                saved_image = post.image.name
            post.save()
            post.tags.set(tags)
            story.news_post = post
            story.status = Story.Status.PUBLISHED
            story.published_by = by
            story.published_at = now
            story.save(update_fields=["news_post", "status", "published_by", "published_at", "updated_at"])
            log_activity("story.published", story, actor=by, news_post=post.pk, slug=slug, title=heading(story))
            _tell_the_author(story, "story_published", {"url": _site_url("public:news_detail", slug=slug)})
    except BaseException:
        if saved_image:  # the public copy of a publication that did not happen
            NewsPost._meta.get_field("image").storage.delete(saved_image)
        raise
    return post


def decline(story: Story, note: str, by) -> Story:
    """Staff do not retain a proposed story, and tell its author why."""
    _refuse_unless_staff(by)
    note = (note or "").strip()
    if not note:
        raise StoryRefused(_("Dites à l'auteur ou l'autrice pourquoi le récit n'est pas retenu."), "note")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Story.Status.PROPOSED:
            raise StoryRefused(_("Seul un récit proposé peut ne pas être retenu."))
        story.status = Story.Status.DECLINED
        story.staff_note = note
        story.save(update_fields=["status", "staff_note", "updated_at"])
        log_activity("story.declined", story, actor=by, title=heading(story))
        _tell_the_author(story, "story_declined", {"note": note, "url": _site_url("programme:stories")})
    return story
