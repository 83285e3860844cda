"""The English versions of the public texts (issue 18 point 3): challenges and their positions,
profiles, pages (the calls' rules among them), questions of the FAQ, promotions.

Each text is a modeltranslation field (`title_fr`, `title_en`…, eig/*/translation.py): a page read
in English shows the English text where there is one and falls back to the French one, marked
lang="fr" (eig.web.public.templatetags.eig_tags.fallback_lang). The programme team writes the
English versions from its pages (eig/web/staff/translations/), an agent of an administration those
of its challenges (eig/web/administrations/): both through `set_english`, which validates the
lengths, saves only the English columns and logs who wrote what (« translation.english_set »).

The log keeps a digest of the French texts the English version was written against: when the
French changes afterwards, the English version is « to review » (`status`). Saving the English
again, changed or not, records the French it now matches.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import translator

from eig.challenges.models import Challenge, Position, Profile
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.promotions.models import Promotion

from .models import FAQEntry, Page

VERB = "translation.english_set"
SOURCE, TARGET = "fr", "en"
# A Markdown text without a length of its own (a challenge's presentation, a page's body): a long
# page of the former site is under 20,000 characters.
TEXT_MAX = 30_000
# The texts the public pages render from Markdown (`body_html`, `answer_html`…).
MARKDOWN = {Challenge: ("body",), Page: ("body",), FAQEntry: ("answer",)}


class EnglishRefused(DomainError):
    """A rule refuses an English text; `field` names the field it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class Status(models.TextChoices):
    """Where an object's English version stands, worst first (the order of `STATUS_ORDER`)."""

    MISSING = "missing", gettext_lazy("À traduire")
    PARTIAL = "partial", gettext_lazy("Incomplète")
    OUTDATED = "outdated", gettext_lazy("Français modifié depuis")
    TRANSLATED = "translated", gettext_lazy("Traduite")


STATUS_ORDER = [Status.MISSING, Status.PARTIAL, Status.OUTDATED, Status.TRANSLATED]
# DSFR badge colours of each status (templates: fr-badge--<colour>).
BADGES = {
    Status.MISSING: "error",
    Status.PARTIAL: "warning",
    Status.OUTDATED: "new",
    Status.TRANSLATED: "success",
}


# --- The texts of a model ----------------------------------------------------------------------------


def text_fields(model) -> tuple[str, ...]:
    """The translated fields of a model, in the order the model declares them (title, summary, body…)."""
    names = set(translator.get_options_for_model(model).fields)
    return tuple(f.name for f in model._meta.concrete_fields if f.name in names)


def max_length(model, name: str) -> int:
    """The longest English text a field takes: its column's length, else TEXT_MAX."""
    return model._meta.get_field(name).max_length or TEXT_MAX


def is_multiline(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), models.TextField)


def is_markdown(model, name: str) -> bool:
    """A text the public page renders from Markdown (the others are shown as typed)."""
    return name in MARKDOWN.get(model, ())


def french(obj, name: str) -> str:
    return getattr(obj, f"{name}_{SOURCE}") or ""


def english(obj, name: str) -> str:
    return getattr(obj, f"{name}_{TARGET}") or ""


def falls_back_to_french(obj, name: str, language: str) -> bool:
    """Whether `obj`'s text `name`, read in `language`, is the French one: another language than the
    site's own, no text of its own there, a French text to fall back to (to mark lang="fr", RGAA 8.7)."""
    if obj is None or language == settings.LANGUAGE_CODE:
        return False
    return not getattr(obj, f"{name}_{language}", None) and bool(getattr(obj, f"{name}_{settings.LANGUAGE_CODE}", None))


def french_digest(obj) -> str:
    """A short digest of the object's French texts: it changes when any of them does."""
    texts = "\x1f".join(french(obj, name) for name in text_fields(type(obj)))
    return hashlib.sha256(texts.encode()).hexdigest()[:16]


def _clean(model, name: str, value) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not is_multiline(model, name):
        text = " ".join(text.split())  # a title or a label holds on one line
    limit = max_length(model, name)
    if len(text) > limit:
        raise EnglishRefused(
            _("Ce texte compte %(count)s caractères : %(limit)s au plus.") % {"count": len(text), "limit": limit},
            field=name,
        )
    return text


def _cleaned(obj, fields: Mapping[str, str]) -> dict[str, str]:
    model = type(obj)
    unknown = set(fields) - set(text_fields(model))
    if unknown:
        raise ValueError(f"{model.__name__} has no translated field {sorted(unknown)}")
    return {name: _clean(model, name, value) for name, value in fields.items()}


# --- Writing -----------------------------------------------------------------------------------------


def _target(obj) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def _entries(objects: Iterable):
    """The log's English versions written of these objects (any models): one query."""
    by_type: dict[str, list[str]] = {}
    for kind, pk in (_target(obj) for obj in objects):
        by_type.setdefault(kind, []).append(pk)
    if not by_type:
        return ActivityLog.objects.none()
    condition = Q()
    for kind, pks in by_type.items():
        condition |= Q(target_type=kind, target_id__in=pks)
    return ActivityLog.objects.filter(condition, verb=VERB).select_related("actor")


def last_writes(objects: Iterable) -> dict[tuple[str, str], ActivityLog]:
    """The last English version written of each object, with its author: one query whatever their number."""
    return {(entry.target_type, entry.target_id): entry for entry in _entries(objects).order_by("at", "id")}


def history(objects: Iterable, limit: int = 30) -> list[ActivityLog]:
    """Who wrote the English versions of these objects (a challenge and its positions), the latest first."""
    return list(_entries(objects).order_by("-at", "-id")[:limit])


def set_english(obj, fields: Mapping[str, str], *, by) -> list[str]:
    """Write the English texts of `obj` ({field: text}, by the field's name: "title", "body"…).

    Refuses a text longer than its field takes (EnglishRefused, naming the field). Saves only the
    English columns that changed; logs who wrote them, with the French they were written against,
    when anything changed or the French did since the last time. Returns the fields changed."""
    model = type(obj)
    allowed = text_fields(model)
    cleaned = _cleaned(obj, fields)
    changed = [name for name in allowed if name in cleaned and cleaned[name] != english(obj, name)]
    digest = french_digest(obj)
    with transaction.atomic():
        previous = last_writes([obj]).get(_target(obj))
        if not changed and previous is not None and previous.data.get("french") == digest:
            return []
        if not changed and previous is None and not any(cleaned.values()):
            return []  # nothing written, nothing to record
        for name in changed:
            setattr(obj, f"{name}_{TARGET}", cleaned[name])
        if changed:
            update = [f"{name}_{TARGET}" for name in changed]
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                update.append("updated_at")
            obj.save(update_fields=update)  # post_save: the public pages' cache goes stale
        log_activity(VERB, obj, actor=by, fields=changed, french=digest)
    return changed


def set_challenge_english(
    challenge: Challenge, fields: Mapping[str, str], *, positions: Mapping[int, Mapping[str, str]] | None = None, by
) -> list[str]:
    """A challenge's English texts and those of its positions (mission, skills), all or nothing.

    `positions`: {position id: {field: text}}, each position one of the challenge's. Returns the
    fields changed, a position's as "poste-<id>.<field>"."""
    positions = positions or {}
    own = {p.pk: p for p in challenge.positions.all()}
    if set(positions) - set(own):
        raise ValueError("A position of another challenge")
    # Every text checked before any is written: a refusal leaves the challenge as it was.
    _cleaned(challenge, fields)
    for pk, texts in positions.items():
        try:
            _cleaned(own[pk], texts)
        except EnglishRefused as error:
            error.field = f"poste-{pk}.{error.field}"
            raise
    with transaction.atomic():
        changed = set_english(challenge, fields, by=by)
        for pk, texts in positions.items():
            changed += [f"poste-{pk}.{name}" for name in set_english(own[pk], texts, by=by)]
    return changed


# --- Reading: statuses -------------------------------------------------------------------------------


@dataclass
class Reading:
    """Where an object's English version stands, its children (a challenge's positions) counted in."""

    obj: object
    status: str
    to_write: int  # texts with a French version and no English one
    texts: int  # texts with a French version
    last: ActivityLog | None = None  # the last English version written, its author with it
    children: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return Status(self.status).label

    @property
    def badge(self) -> str:
        return BADGES[Status(self.status)]


def _counts(obj) -> tuple[int, int]:
    names = [name for name in text_fields(type(obj)) if french(obj, name)]
    return sum(1 for name in names if not english(obj, name)), len(names)


def _outdated(obj, writes) -> bool:
    entry = writes.get(_target(obj))
    return entry is not None and entry.data.get("french") not in (None, french_digest(obj))


def reading(obj, writes, children: Iterable = ()) -> Reading:
    """The status of one object, given `last_writes` of it and its children."""
    parts = [obj, *children]
    to_write = texts = 0
    for part in parts:
        missing, count = _counts(part)
        to_write, texts = to_write + missing, texts + count
    if texts and to_write == texts:
        status = Status.MISSING
    elif to_write:
        status = Status.PARTIAL
    elif any(_outdated(part, writes) for part in parts):
        status = Status.OUTDATED
    else:
        status = Status.TRANSLATED
    entries = [writes[_target(part)] for part in parts if _target(part) in writes]
    last = max(entries, key=lambda entry: (entry.at, entry.pk), default=None)
    return Reading(obj, status, to_write, texts, last, list(children))


def readings(objects: Iterable, children=None) -> list[Reading]:
    """The status of each object; `children(obj)` its parts written with it (a challenge's positions),
    already fetched. One query for the activity log whatever the number of objects."""
    objects = list(objects)
    parts = {id(obj): list(children(obj)) if children else [] for obj in objects}
    writes = last_writes([*objects, *(child for found in parts.values() for child in found)])
    return [reading(obj, writes, parts[id(obj)]) for obj in objects]


def challenge_readings(challenges: Iterable[Challenge]) -> list[Reading]:
    """Challenges (their positions prefetched) with their English status, positions counted in."""
    return readings(challenges, children=lambda challenge: challenge.positions.all())


# --- What staff translate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of public text the staff page lists: its model, how to list it, what it is called."""

    slug: str
    label: object
    model: type
    queryset: object  # a callable: the objects to list, with what their rows read
    heading: object  # a callable: the name of one object, in French
    with_positions: bool = False


def _challenges():
    positions = Position.objects.select_related("profile")  # a position is named by its profile
    return Challenge.objects.select_related("promotion__programme", "administration").prefetch_related(
        Prefetch("positions", queryset=positions)
    )


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "defis",
            gettext_lazy("Défis"),
            Challenge,
            lambda: _challenges().order_by("title_fr", "pk"),
            lambda obj: obj.title_fr,
            with_positions=True,
        ),
        Kind(
            "profils",
            gettext_lazy("Profils"),
            Profile,
            lambda: Profile.objects.order_by("order", "code"),
            lambda obj: obj.label_fr,
        ),
        Kind(
            "pages",
            gettext_lazy("Pages (règlements, participer, présentation…)"),
            Page,
            lambda: Page.objects.order_by("kind", "title_fr", "pk"),
            lambda obj: obj.title_fr,
        ),
        Kind(
            "faq",
            gettext_lazy("Questions fréquentes"),
            FAQEntry,
            lambda: FAQEntry.objects.order_by("audience", "order", "pk"),
            lambda obj: obj.question_fr,
        ),
        Kind(
            "promotions",
            gettext_lazy("Promotions"),
            Promotion,
            lambda: Promotion.objects.select_related("programme").order_by("-year", "-number"),
            lambda obj: obj.title_fr or obj.label,
        ),
    ]
}


def kind_of(obj) -> Kind:
    return next(kind for kind in KINDS.values() if isinstance(obj, kind.model))
