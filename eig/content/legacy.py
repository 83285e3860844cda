"""Import of the legacy Jekyll site (entrepreneur-interet-general.etalab.gouv.fr).

`import_site(path)` reads a checkout of the old site and creates or updates the
promotions, administrations, challenges (with key figures, achievements, fellows
and mentors), news posts (with their English translations) and FAQ entries.

Choices, in the order a reader meets them:

- **Natural keys, honest counts.** Every row is found by a key that does not
  change between two runs (a promotion by programme and number, a challenge by
  promotion and the slug of its old URL, a post by its old French URL, a FAQ
  entry by audience and anchor, a person by the slug of their name…). A row is
  saved only when one of its values differs, so a second run reports zero
  created and zero updated rows. Rows are never deleted, except the key figures
  and achievements of a challenge beyond the length of its list in `defis.yml`
  (they are positional) — never an achievement a team's deliverable published.
- **One bad file never stops the import.** Each unit (one challenge entry of
  `defis.yml`, one post, one FAQ file with its English version) runs in its own
  `transaction.atomic()`: a failure rolls back that unit only and is reported
  with the file, the item and the reason. Minor defects (an unknown skill code,
  an invalid address) are reported and the value is skipped, the rest of the
  item is imported.
- **Challenge bodies.** `_defis/*.md` are matched to `defis.yml` entries by
  their front-matter `title`, which is the entry's key (that is how the Jekyll
  layout looked the data up); a file whose front matter cannot be read is
  matched by its name instead (`2020-01-01-adex.md` ↔ `link_to:
  /defis/2020/adex.html`).
- **Drafts.** Jekyll ignores post files whose name starts with `_` and posts with
  `published: false`: both are skipped and listed as such, not imported.
- **Old URLs.** A challenge keeps `link_to` as `legacy_path`. A post keeps the
  address Jekyll gave it: the `permalink` of its front matter when it has one
  (the English posts: `/en/blog/:year/:month/:day/:title.html`), otherwise the
  site-wide `/blog/:year/:month/:day/:title.html` (the internal links of the
  site all use that shape). `:title` is the file name after the date, case kept.
  Two-digit years in file names (`18-02-27-…`) are 20xx, as Jekyll reads them.
- **English.** An English post (`en/_posts`) is paired with its French original
  by `lang-ref` (by file name if it has none) and fills the `_en` fields. English
  FAQ entries are paired by anchor; a few anchors were renamed between the two
  files (`ANCHOR_ALIASES`). French values go to the `_fr` fields; modeltranslation
  keeps the untranslated column in step on save.
- **Content is kept as written.** Markdown and the FAQ's HTML are stored as they
  are and sanitised when rendered (`eig.core.markdown`). Images pointing at
  `/img/…` are kept (nothing is downloaded). Liquid is removed: `{% highlight %}`
  blocks become fenced code, other `{% … %}` tags and `{{ … }}` expressions are
  dropped (no legacy page needs their output). `<iframe>` embeds, which the
  sanitiser removes, become a plain link to the embedded address so the video
  is not lost.
- **People.** A name becomes one `Person` (slug of the name), fellow if they were
  a fellow in any challenge, mentor otherwise; their promotions are added, never
  removed. The name and the directory consent (`is_public`) are set on creation
  only: a correction or a withdrawal of consent made on the platform survives a
  new import.
"""

from __future__ import annotations

import datetime
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.challenges.models import Achievement, Administration, Challenge, KeyFigure, Profile
from eig.community.models import Membership, Person
from eig.core.activity import log_activity
from eig.promotions.models import Programme, Promotion

from .models import FAQEntry, NewsPost, Tag

logger = logging.getLogger(__name__)

# Kinds of rows the report counts, in the order it prints them.
KINDS = {
    "promotions": gettext_lazy("Promotions"),
    "administrations": gettext_lazy("Administrations"),
    "challenges": gettext_lazy("Défis"),
    "key_figures": gettext_lazy("Chiffres clés"),
    "achievements": gettext_lazy("Réalisations"),
    "people": gettext_lazy("Personnes"),
    "memberships": gettext_lazy("Participations aux défis"),
    "tags": gettext_lazy("Étiquettes"),
    "posts": gettext_lazy("Actualités"),
    "faq": gettext_lazy("Questions fréquentes"),
}

FAQ_FILES = [
    (FAQEntry.Audience.CANDIDATES, "_data/faq-eig.yml", "_data/faq-eig-en.yml"),
    (FAQEntry.Audience.ADMINISTRATIONS, "_data/faq-administrations.yml", "_data/faq-administrations-en.yml"),
]
# Anchors of the English FAQ renamed in the French one since (English → French).
ANCHOR_ALIASES = {
    "perennisation-des-defis": "perennisation-des-projets",
    "preparation-des-mentors": "preparation-des-porteurs-de-projet",
    "defis-eig1-eig2": "projets-eig1-eig2-eig3-eig4",
    "accueil-hors-de-paris": "accueil-hors-de-region-parisienne",
}

FRENCH_POST_PERMALINK = "/blog/:year/:month/:day/:title.html"
ENGLISH_POST_PERMALINK = "/en/blog/:year/:month/:day/:title.html"
POST_FILENAME = re.compile(r"^(?P<year>\d{2,4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<title>.+)\.(?:md|markdown)$")
DEFI_FILENAME = re.compile(r"^(?P<year>\d{4})-\d{1,2}-\d{1,2}-(?P<slug>.+)\.md$")

VIDEO_URLS = {
    "dailymotion": "https://www.dailymotion.com/video/{id}",
    "vimeo": "https://vimeo.com/{id}",
    "youtube": "https://www.youtube.com/watch?v={id}",
    "loom": "https://www.loom.com/share/{id}",
}
# The source shown beside a key figure typed on the former site (eig.results.figures: the figures
# computed from the deliverables need none; a figure staff add names its own).
LEGACY_FIGURE_SOURCE = "Ancien site du programme (eig.etalab.gouv.fr)"
EMBED_LABELS = {"fr": "Contenu intégré", "en": "Embedded content"}

_validate_url = URLValidator(schemes=["http", "https"])
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same result, ten times faster


# --- Report -------------------------------------------------------------------


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: KindCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted


@dataclass(frozen=True)
class Problem:
    """Something of the legacy site that could not be imported as it is."""

    path: str  # relative to the site's root, e.g. "_data/defis.yml"
    reason: str
    item: str = ""  # the entry inside the file, when the file holds several

    def __str__(self):
        where = f"{self.path} [{self.item}]" if self.item else self.path
        return f"{where} : {self.reason}"


@dataclass
class ImportReport:
    source: str = ""
    counts: dict[str, KindCounts] = field(default_factory=lambda: {kind: KindCounts() for kind in KINDS})
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # drafts, ignored on purpose

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.counts.values())

    @property
    def deleted(self) -> int:
        return sum(c.deleted for c in self.counts.values())

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deleted

    def as_data(self) -> dict[str, Any]:
        """JSON-ready summary, stored in the activity log."""
        return {
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "problems": len(self.problems),
            "skipped": len(self.skipped),
            "kinds": {kind: vars(counts).copy() for kind, counts in self.counts.items()},
        }

    def lines(self) -> list[str]:
        """The report as a person reads it, in French."""

        def counts_line(label, c: KindCounts):
            line = _("%(label)s — créés : %(created)d, mis à jour : %(updated)d, inchangés : %(unchanged)d") % {
                "label": label,
                "created": c.created,
                "updated": c.updated,
                "unchanged": c.unchanged,
            }
            if c.deleted:
                line += _(", supprimés : %(deleted)d") % {"deleted": c.deleted}
            return line

        lines = [_("Import du site historique : %(source)s") % {"source": self.source}]
        lines += [counts_line(label, self.counts[kind]) for kind, label in KINDS.items()]
        total = KindCounts(self.created, self.updated, self.unchanged, self.deleted)
        lines.append(counts_line(_("Total"), total))
        lines.append(_("Ignorés volontairement (brouillons) : %(count)d") % {"count": len(self.skipped)})
        lines += [f"  – {skipped}" for skipped in self.skipped]
        lines.append(_("Problèmes : %(count)d") % {"count": len(self.problems)})
        lines += [f"  – {problem}" for problem in self.problems]
        return lines


class LegacyError(Exception):
    """A file or an entry of the legacy site cannot be imported; the message says why, in French."""


class _Tally:
    """Counts of one unit of work, merged into the report only if the unit commits."""

    def __init__(self):
        self.counts = {kind: KindCounts() for kind in KINDS}
        self.committed = False

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        setattr(self.counts[kind], outcome, getattr(self.counts[kind], outcome) + n)


# --- Pure helpers (no database) -------------------------------------------------


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LegacyError(_("fichier introuvable")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LegacyError(_("fichier illisible : %(error)s") % {"error": exc}) from exc
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader, the C one when available
    except yaml.YAMLError as exc:
        raise LegacyError(_("YAML invalide : %(error)s") % {"error": _yaml_error(exc)}) from exc


def load_front_matter(path: Path) -> frontmatter.Post:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LegacyError(_("fichier illisible : %(error)s") % {"error": exc}) from exc
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise LegacyError(_("en-tête YAML invalide : %(error)s") % {"error": _yaml_error(exc)}) from exc
    except Exception as exc:  # python-frontmatter raises plain errors on a malformed header
        raise LegacyError(_("en-tête invalide : %(error)s") % {"error": exc}) from exc
    if not isinstance(post.metadata, dict):
        raise LegacyError(_("en-tête invalide : un dictionnaire YAML est attendu"))
    return post


def _yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return _("%(problem)s (ligne %(line)d, colonne %(column)d)") % {
            "problem": problem,
            "line": mark.line + 1,
            "column": mark.column + 1,
        }
    return problem


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _url(value) -> str:
    """A valid web address, or "" ; raises LegacyError for an invalid one."""
    url = _text(value)
    if not url:
        return ""
    try:
        _validate_url(url)
    except ValidationError as exc:
        raise LegacyError(_("adresse invalide « %(url)s »") % {"url": url}) from exc
    return url


def person_slug(name: str) -> str:
    # Typographic dashes and apostrophes separate words: "Pierre–Alain" is "pierre-alain".
    name = re.sub(r"[\u2010-\u2015\u2212'’]", "-", name)
    return slugify(name)[:120].strip("-")


def clean_liquid(text: str, language: str = "fr") -> str:
    """Markdown of a Jekyll page without its Liquid, and iframes made plain links."""
    text = re.sub(r"{%-?\s*highlight\s+(\w+)[^%]*-?%}", r"```\1", text)
    text = re.sub(r"{%-?\s*endhighlight\s*-?%}", "```", text)
    text = re.sub(r"{%-?.*?-?%}", "", text, flags=re.DOTALL)
    text = re.sub(r"{{-?.*?-?}}", "", text, flags=re.DOTALL)

    def iframe_link(match):
        src = match.group("src")
        if src.startswith("//"):
            src = "https:" + src
        return f"[{EMBED_LABELS[language]}]({src})"

    return re.sub(
        r"<iframe\b[^>]*?\bsrc=[\"'](?P<src>[^\"']+)[\"'][^>]*>.*?</iframe>",
        iframe_link,
        text,
        flags=re.DOTALL | re.IGNORECASE,
    )


def expand_permalink(pattern: str, date: datetime.date, title: str) -> str:
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "title": title,
        "slug": title,
        "categories": "",
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"/{2,}", "/", path)


def parse_post_filename(name: str) -> tuple[datetime.date, str]:
    match = POST_FILENAME.match(name)
    if not match:
        raise LegacyError(_("nom de fichier sans date (AAAA-MM-JJ-titre.md attendu)"))
    year = int(match["year"])
    if year < 100:
        year += 2000
    try:
        date = datetime.date(year, int(match["month"]), int(match["day"]))
    except ValueError as exc:
        raise LegacyError(_("date invalide dans le nom du fichier")) from exc
    return date, match["title"]


# --- Parsed legacy data -----------------------------------------------------------


@dataclass
class LegacyChallenge:
    key: str
    title: str
    summary: str
    programme: str
    number: int
    year: int
    slug: str
    legacy_path: str
    duration_months: int
    town: str
    administration: str
    administration_website: str
    skills: list[str]
    fellows: list[str]
    mentors: list[str]
    key_figures: list[tuple[str, str]]
    achievements: list[dict[str, str]]
    source_code_url: str
    website_url: str
    videos: list[str]
    body: str | None = None  # None: no readable page, the body in the database is left as it is


@dataclass
class LegacyPost:
    path: str
    date: datetime.date
    file_title: str
    lang_ref: str
    metadata: dict
    body: str
    legacy_path: str
    translation: LegacyPost | None = None


# --- The importer -------------------------------------------------------------------


class _Importer:
    def __init__(self, root: Path, today: datetime.date):
        self.root = root
        self.today = today
        self.report = ImportReport(source=str(root))
        self.profiles = {p.code: p for p in Profile.objects.all()}
        self.programmes = {p.code: p for p in Programme.objects.all()}
        # Existing rows by natural key, loaded once per model: a run without changes reads
        # each table once instead of once per row. Emptied when a unit rolls back.
        self.rows: dict[tuple, dict[tuple, Any]] = {}

    # Reporting and units of work

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def problem(self, path: str, reason: str, item: str = "") -> None:
        self.report.problems.append(Problem(path, str(reason), item))

    @contextmanager
    def unit(self, path: str, item: str = ""):
        tally = _Tally()
        try:
            with transaction.atomic():
                yield tally
        except LegacyError as exc:
            self.rows.clear()  # rows of the rolled-back unit are in memory, not in the database
            self.problem(path, str(exc), item)
        except Exception as exc:
            # Whatever breaks one file must not stop the others; the trace goes to the logs.
            logger.exception("Legacy import failed on %s %s", path, item)
            self.rows.clear()
            reason = _("erreur inattendue (%(kind)s) : %(error)s") % {"kind": type(exc).__name__, "error": exc}
            self.problem(path, reason, item)
        else:
            tally.committed = True
            for kind, counts in tally.counts.items():
                self.report.counts[kind].add(counts)

    def sync(
        self, tally: _Tally, kind: str, model, lookup: dict, values: dict, *, on_create=None, m2m=None, m2m_add=None
    ):
        """Find by natural key, create or save only what differs; count the outcome.

        `m2m` relations are made equal to the given objects; `m2m_add` ones only gain the missing ones.
        """
        obj = self.find(model, lookup, m2m_names=[*(m2m or {}), *(m2m_add or {})])
        if obj is None:
            obj = model(**lookup, **(on_create or {}), **values)
            self._save(obj)
            for name, related in {**(m2m or {}), **(m2m_add or {})}.items():
                getattr(obj, name).set(related)
            self.rows[self._table(model, lookup)][self._key_of_lookup(model, lookup)] = obj
            tally.add(kind, "created")
            return obj
        changed = False
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                name, value = model_field.attname, (value.pk if value is not None else None)
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            self._save(obj)
        for name, related in (m2m or {}).items():
            manager = getattr(obj, name)
            if {o.pk for o in manager.all()} != {r.pk for r in related}:  # prefetched by find()
                manager.set(related)
                changed = True
        for name, related in (m2m_add or {}).items():
            manager = getattr(obj, name)
            missing = {r.pk for r in related} - {o.pk for o in manager.all()}
            if missing:
                manager.add(*missing)
                changed = True
        tally.add(kind, "updated" if changed else "unchanged")
        return obj

    @staticmethod
    def _table(model, lookup: dict) -> tuple:
        return (model, tuple(sorted(lookup)))

    @staticmethod
    def _key_of_lookup(model, lookup: dict) -> tuple:
        return tuple(value.pk if isinstance(value, models.Model) else value for _name, value in sorted(lookup.items()))

    def find(self, model, lookup: dict, m2m_names=()):
        """The row of `model` with these natural-key values, if it exists."""
        table = self._table(model, lookup)
        if table not in self.rows:
            attnames = [model._meta.get_field(name).attname for name in table[1]]
            self.rows[table] = {
                tuple(getattr(obj, attname) for attname in attnames): obj
                for obj in model.objects.prefetch_related(*m2m_names)
            }
        return self.rows[table].get(self._key_of_lookup(model, lookup))

    def trim(self, tally: _Tally, kind: str, model, challenge, count: int) -> None:
        """Delete the positional rows of `challenge` beyond the `count` the legacy site has."""
        table = self._table(model, {"challenge": None, "order": None})
        self.find(model, {"challenge": challenge, "order": 0})
        extra = [key for key in self.rows[table] if key[0] == challenge.pk and key[1] >= count]
        if extra and model is Achievement:
            # An achievement published from a team's deliverable (eig.results) is not the former site's.
            owned = set(
                Achievement.objects.filter(
                    pk__in=[self.rows[table][key].pk for key in extra], deliverable__isnull=False
                ).values_list("pk", flat=True)
            )
            extra = [key for key in extra if self.rows[table][key].pk not in owned]
        if extra:
            model.objects.filter(pk__in=[self.rows[table].pop(key).pk for key in extra]).delete()
            tally.add(kind, "deleted", len(extra))

    @staticmethod
    def _save(obj) -> None:
        # Same checks on SQLite and PostgreSQL (SQLite does not enforce lengths).
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        try:
            obj.clean_fields(exclude=relations)
        except ValidationError as exc:
            details = "; ".join(f"{name} : {' '.join(messages)}" for name, messages in exc.message_dict.items())
            raise LegacyError(_("valeur refusée (%(details)s)") % {"details": details}) from exc
        # A full save: modeltranslation copies the French value into the untranslated column.
        obj.save()

    # The run

    def run(self) -> ImportReport:
        with translation.override("fr"):
            challenges = self.read_challenges()
            promotions = self.import_promotions(challenges)
            self.import_challenges(challenges, promotions)
            self.import_posts()
            self.import_faq()
        return self.report

    # Promotions

    def read_promos(self) -> dict[tuple[str, int], dict]:
        path = "_data/promos.yml"
        try:
            data = load_yaml_file(self.root / path) or {}
            if not isinstance(data, dict):
                raise LegacyError(_("un dictionnaire de promotions est attendu"))
        except LegacyError as exc:
            self.problem(path, str(exc))
            return {}
        promos = {}
        for key, entry in data.items():
            if not isinstance(entry, dict):
                self.problem(path, _("entrée invalide"), str(key))
                continue
            try:
                programme, number = self.promotion_key(entry.get("promotion"))
            except LegacyError as exc:
                self.problem(path, str(exc), str(key))
                continue
            year = re.match(r"\s*(\d{4})\b", _text(entry.get("class")))
            promos[(programme, number)] = {"title": _text(key), "year": int(year[1]) if year else None}
        return promos

    @staticmethod
    def promotion_key(value) -> tuple[str, int]:
        if isinstance(value, str) and value.strip().lower() == "dig":
            # The designers' cohort of 2019 is the first (and only) DIG promotion.
            return "DIG", 1
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise LegacyError(_("promotion inconnue « %(value)s »") % {"value": value}) from exc
        if number < 1:
            raise LegacyError(_("promotion inconnue « %(value)s »") % {"value": value})
        return "EIG", number

    def import_promotions(self, challenges: list[LegacyChallenge]) -> dict[tuple[str, int], Promotion]:
        promos = self.read_promos()
        years: dict[tuple[str, int], int] = {}
        for challenge in challenges:
            key = (challenge.programme, challenge.number)
            years[key] = min(years.get(key, challenge.year), challenge.year)
        promotions = {}
        for key in sorted(set(promos) | set(years)):
            programme_code, number = key
            info = promos.get(key, {})
            year = info.get("year") or years.get(key)
            if year is None:
                self.problem("_data/promos.yml", _("année introuvable"), info.get("title", ""))
                continue
            title = info.get("title") or f"{programme_code} {number}"
            with self.unit("_data/promos.yml", title) as tally:
                programme = self.programmes.get(programme_code)
                if programme is None:
                    raise LegacyError(_("programme %(code)s absent de la base") % {"code": programme_code})
                promotions[key] = self.sync(
                    tally,
                    "promotions",
                    Promotion,
                    {"programme": programme, "number": number},
                    {"year": year, "title_fr": title},
                    on_create={"slug": self.free_slug(Promotion, f"{programme_code.lower()}-{number}")},
                )
        return promotions

    @staticmethod
    def free_slug(model, base: str, max_length: int = 120, **scope) -> str:
        base = base[:max_length].strip("-") or "sans-titre"
        slug, n = base, 1
        while model.objects.filter(slug=slug, **scope).exists():
            n += 1
            slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
        return slug

    # Challenges

    def read_challenges(self) -> list[LegacyChallenge]:
        path = "_data/defis.yml"
        try:
            data = load_yaml_file(self.root / path) or {}
            if not isinstance(data, dict):
                raise LegacyError(_("un dictionnaire de défis est attendu"))
        except LegacyError as exc:
            self.problem(path, str(exc))
            return []
        challenges = []
        for key, entry in data.items():
            try:
                challenges.append(self.parse_challenge(str(key), entry))
            except LegacyError as exc:
                self.problem(path, str(exc), str(key))
        self.attach_bodies(challenges)
        return challenges

    def parse_challenge(self, key: str, entry) -> LegacyChallenge:
        path = "_data/defis.yml"
        if not isinstance(entry, dict):
            raise LegacyError(_("entrée invalide : un dictionnaire est attendu"))
        programme, number = self.promotion_key(entry.get("promotion"))
        try:
            year = int(entry.get("year"))
        except (TypeError, ValueError) as exc:
            raise LegacyError(_("année invalide « %(value)s »") % {"value": entry.get("year")}) from exc
        administration = _text(entry.get("administration"))
        if not administration:
            raise LegacyError(_("administration manquante"))
        legacy_path = _text(entry.get("link_to"))
        slug = slugify(Path(legacy_path).stem if legacy_path else key)[:120]
        if not slug:
            raise LegacyError(_("impossible de déduire l'identifiant d'URL"))
        try:
            duration = int(entry.get("duration_months") or 10)
        except (TypeError, ValueError) as exc:
            raise LegacyError(_("durée invalide « %(value)s »") % {"value": entry.get("duration_months")}) from exc

        def optional_url(name, value):
            try:
                return _url(value)
            except LegacyError as exc:
                self.problem(path, _("%(field)s ignoré : %(reason)s") % {"field": name, "reason": exc}, key)
                return ""

        skills = []
        for code in entry.get("skills") or []:
            if code in self.profiles:
                skills.append(code)
            else:
                # The profiles are reference data (a migration creates them): never invent one.
                self.problem(
                    path, _("compétence inconnue « %(code)s » ignorée (absente des profils)") % {"code": code}, key
                )
        key_figures = []
        for figure in entry.get("key_figures") or []:
            if not isinstance(figure, dict) or figure.get("amount") is None:
                self.problem(path, _("chiffre clé invalide ignoré"), key)
                continue
            amount = f"{_text(figure.get('before'))}{_text(figure.get('amount'))}{_text(figure.get('after'))}"
            key_figures.append((amount, _text(figure.get("description"))))
        achievements = []
        for project in entry.get("projects") or []:
            if not isinstance(project, dict) or not _text(project.get("title")):
                self.problem(path, _("réalisation sans titre ignorée"), key)
                continue
            achievements.append(
                {
                    "title": _text(project.get("title")),
                    "description": _text(project.get("description")),
                    "url": optional_url("projects.url", project.get("url")),
                    "call_to_action": _text(project.get("call_to_action")),
                }
            )
        videos = []
        for video in [*(entry.get("intro_videos") or []), *(entry.get("end_of_project_videos") or [])]:
            if not isinstance(video, dict) or video.get("show") is False:
                continue  # hidden on the legacy site too
            pattern = VIDEO_URLS.get(_text(video.get("platform")).lower())
            if pattern is None or not _text(video.get("id")):
                self.problem(
                    path,
                    _("vidéo ignorée : plateforme inconnue « %(platform)s »") % {"platform": video.get("platform")},
                    key,
                )
                continue
            url = pattern.format(id=_text(video["id"]))
            if url not in videos:
                videos.append(url)
        return LegacyChallenge(
            key=key,
            title=_text(entry.get("title")) or key,
            summary=_text(entry.get("description")),
            programme=programme,
            number=number,
            year=year,
            slug=slug,
            legacy_path=legacy_path,
            duration_months=duration,
            town=_text(entry.get("ville")),
            administration=administration,
            administration_website=optional_url("administration_website", entry.get("administration_website")),
            skills=skills,
            fellows=[_text(n) for n in entry.get("eigs") or [] if _text(n)],
            mentors=[_text(n) for n in entry.get("mentors") or [] if _text(n)],
            key_figures=key_figures,
            achievements=achievements,
            source_code_url=optional_url("source_code", entry.get("source_code")),
            website_url=optional_url("website", entry.get("website")),
            videos=videos,
        )

    def attach_bodies(self, challenges: list[LegacyChallenge]) -> None:
        """Give each challenge the Markdown of its `_defis/*.md` page."""
        by_key = {c.key: c for c in challenges}
        by_path = {c.legacy_path: c for c in challenges if c.legacy_path}
        matched: set[str] = set()
        directory = self.root / "_defis"
        files = sorted(directory.glob("*.md")) if directory.is_dir() else []
        for file in files:
            rel = self.rel(file)
            name = DEFI_FILENAME.match(file.name)
            by_name = by_path.get(f"/defis/{name['year']}/{name['slug']}.html") if name else None
            try:
                page = load_front_matter(file)
            except LegacyError as exc:
                self.problem(rel, str(exc))
                page = None
            challenge = by_key.get(_text(page.metadata.get("title"))) if page else None
            challenge = challenge or by_name
            if page is None:
                if by_name is not None:
                    matched.add(by_name.key)  # reported above; its body is left as it was
                continue
            if challenge is None:
                self.problem(rel, _("aucun défi de _data/defis.yml ne correspond à cette page"))
                continue
            if challenge.key in matched:
                self.problem(rel, _("le défi a déjà une page"), challenge.key)
                continue
            matched.add(challenge.key)
            challenge.body = clean_liquid(page.content).strip()
        for challenge in challenges:
            if challenge.key not in matched:
                self.problem("_defis", _("aucune page de description : défi importé sans présentation"), challenge.key)

    def import_challenges(self, challenges: list[LegacyChallenge], promotions) -> None:
        # Aggregated first, so that each row gets one value per run, whatever the order of entries.
        administrations: dict[str, dict[str, str]] = {}
        for c in challenges:
            info = administrations.setdefault(c.administration, {"website": "", "town": ""})
            info["website"] = info["website"] or c.administration_website
            info["town"] = info["town"] or c.town
        people: dict[str, dict] = {}
        for c in challenges:
            for role, names in ((Person.Role.FELLOW, c.fellows), (Person.Role.MENTOR, c.mentors)):
                for name in names:
                    slug = person_slug(name)
                    if not slug:
                        continue
                    person = people.setdefault(slug, {"name": name, "role": role, "promotions": set()})
                    if role == Person.Role.FELLOW:
                        person["role"] = role
                    person["promotions"].add((c.programme, c.number))
        synced_admins: dict[str, Administration] = {}
        synced_people: dict[str, Person] = {}

        for c in challenges:
            promotion = promotions.get((c.programme, c.number))
            if promotion is None:
                self.problem(
                    "_data/defis.yml",
                    _("promotion %(programme)s %(number)d non importée : défi ignoré")
                    % {"programme": c.programme, "number": c.number},
                    c.key,
                )
                continue
            new_admins: dict[str, Administration] = {}
            new_people: dict[str, Person] = {}
            with self.unit("_data/defis.yml", c.key) as tally:
                administration = synced_admins.get(c.administration)
                if administration is None:
                    info = administrations[c.administration]
                    # Empty legacy values never blank what staff filled in.
                    administration = self.sync(
                        tally,
                        "administrations",
                        Administration,
                        {"name": c.administration},
                        {k: v for k, v in info.items() if v},
                        on_create={"slug": self.free_slug(Administration, slugify(c.administration))},
                    )
                    new_admins[c.administration] = administration
                challenge = self.sync(
                    tally,
                    "challenges",
                    Challenge,
                    {"promotion": promotion, "slug": c.slug},
                    {
                        "title_fr": c.title,
                        "summary_fr": c.summary,
                        **({"body_fr": c.body} if c.body is not None else {}),
                        "administration": administration,
                        "town": c.town,
                        "duration_months": c.duration_months,
                        "status": self.status(promotion),
                        "source_code_url": c.source_code_url,
                        "website_url": c.website_url,
                        "videos": c.videos,
                        "legacy_path": c.legacy_path,
                    },
                    m2m={"profiles": [self.profiles[code] for code in c.skills]},
                )
                for order, (amount, description) in enumerate(c.key_figures):
                    self.sync(
                        tally,
                        "key_figures",
                        KeyFigure,
                        {"challenge": challenge, "order": order},
                        {"amount": amount, "description_fr": description, "source": LEGACY_FIGURE_SOURCE},
                    )
                self.trim(tally, "key_figures", KeyFigure, challenge, len(c.key_figures))
                for order, achievement in enumerate(c.achievements):
                    self.sync(
                        tally,
                        "achievements",
                        Achievement,
                        {"challenge": challenge, "order": order},
                        {
                            "title_fr": achievement["title"],
                            "description_fr": achievement["description"],
                            "url": achievement["url"],
                            "call_to_action_fr": achievement["call_to_action"],
                        },
                    )
                self.trim(tally, "achievements", Achievement, challenge, len(c.achievements))
                for role, names in ((Membership.Role.FELLOW, c.fellows), (Membership.Role.MENTOR, c.mentors)):
                    for order, name in enumerate(names):
                        slug = person_slug(name)
                        if not slug:
                            self.problem(
                                "_data/defis.yml", _("nom de personne illisible « %(name)s »") % {"name": name}, c.key
                            )
                            continue
                        person = synced_people.get(slug) or new_people.get(slug)
                        if person is None:
                            person = self.sync_person(tally, slug, people[slug], promotions)
                            new_people[slug] = person
                        self.sync(
                            tally,
                            "memberships",
                            Membership,
                            {"person": person, "challenge": challenge, "role": role},
                            {"order": order},
                        )
            if tally.committed:  # rows of a rolled-back entry do not exist: sync them again next time
                synced_admins.update(new_admins)
                synced_people.update(new_people)

    def sync_person(self, tally: _Tally, slug: str, info: dict, promotions) -> Person:
        current = self.find(Person, {"slug": slug}, m2m_names=["promotions"])
        # The programme team keeps its role; otherwise fellow in any challenge wins over mentor.
        role = Person.Role.STAFF if current and current.role == Person.Role.STAFF else info["role"]
        wanted = [promotions[key] for key in sorted(info["promotions"]) if key in promotions]
        return self.sync(
            tally,
            "people",
            Person,
            {"slug": slug},
            {"role": role},
            on_create={"name": info["name"]},
            m2m_add={"promotions": wanted},
        )

    def status(self, promotion: Promotion) -> str:
        # The legacy site only lists selected challenges; those of a past year are over.
        if promotion.year < self.today.year:
            return Challenge.Status.FINISHED
        return Challenge.Status.IN_PROGRESS

    # Posts

    def read_posts(self, directory: Path, default_permalink: str) -> list[LegacyPost]:
        posts = []
        if not directory.is_dir():
            self.problem(self.rel(directory), _("dossier introuvable"))
            return posts
        for file in sorted(directory.iterdir()):
            if not file.is_file() or file.suffix not in (".md", ".markdown"):
                continue
            rel = self.rel(file)
            if file.name.startswith(("_", ".")):
                self.report.skipped.append(Problem(rel, _("brouillon : nom de fichier commençant par « _ »")))
                continue
            try:
                date, file_title = parse_post_filename(file.name)
                page = load_front_matter(file)
                if page.metadata.get("published") is False:
                    self.report.skipped.append(Problem(rel, _("brouillon : « published: false »")))
                    continue
                if not _text(page.metadata.get("title")):
                    raise LegacyError(_("titre manquant dans l'en-tête"))
            except LegacyError as exc:
                self.problem(rel, str(exc))
                continue
            permalink = _text(page.metadata.get("permalink")) or default_permalink
            posts.append(
                LegacyPost(
                    path=rel,
                    date=date,
                    file_title=file_title,
                    lang_ref=_text(page.metadata.get("lang-ref")),
                    metadata=page.metadata,
                    body=page.content,
                    legacy_path=expand_permalink(permalink, date, file_title),
                )
            )
        return posts

    def import_posts(self) -> None:
        french = self.read_posts(self.root / "_posts", FRENCH_POST_PERMALINK)
        english_dir = self.root / "en" / "_posts"
        english = self.read_posts(english_dir, ENGLISH_POST_PERMALINK) if english_dir.is_dir() else []
        by_ref = {p.lang_ref: p for p in french if p.lang_ref}
        by_name = {(p.date, p.file_title): p for p in french}
        for post in english:
            original = by_ref.get(post.lang_ref) if post.lang_ref else None
            original = original or by_name.get((post.date, post.file_title))
            if original is None:
                self.problem(
                    post.path,
                    _("traduction sans article français correspondant (lang-ref « %(ref)s »)") % {"ref": post.lang_ref},
                )
            elif original.translation is not None:
                self.problem(
                    post.path,
                    _("l'article français a déjà une traduction : %(other)s") % {"other": original.translation.path},
                )
            else:
                original.translation = post

        slugs: dict[str, int] = {}
        for post in french:
            base = slugify(post.file_title)
            slugs[base] = slugs.get(base, 0) + 1
        tags: dict[str, Tag] = {}
        for post in french:
            base = slugify(post.file_title)[:200] or "actualite"
            if slugs.get(slugify(post.file_title), 0) > 1:
                base = f"{base[:190]}-{post.date:%Y-%m-%d}"  # "offre-stage" exists in 2018 and 2019
            new_tags: dict[str, Tag] = {}
            with self.unit(post.path) as tally:
                meta = post.metadata
                post_tags = []
                raw_tags = meta.get("tags") or []
                if isinstance(raw_tags, str):
                    raw_tags = raw_tags.split()
                for name in raw_tags:
                    tag_slug = slugify(_text(name))[:120]
                    if not tag_slug:
                        continue
                    tag = tags.get(tag_slug) or new_tags.get(tag_slug)
                    if tag is None:
                        tag = self.sync(tally, "tags", Tag, {"slug": tag_slug}, {}, on_create={"name": _text(name)})
                        new_tags[tag_slug] = tag
                    if tag not in post_tags:
                        post_tags.append(tag)
                en = post.translation
                values = {
                    "title_fr": _text(meta.get("title")),
                    "description_fr": _text(meta.get("description")),
                    "body_fr": clean_liquid(post.body).strip(),
                    "title_en": _text(en.metadata.get("title")) if en else "",
                    "description_en": _text(en.metadata.get("description")) if en else "",
                    "body_en": clean_liquid(en.body, "en").strip() if en else "",
                    "legacy_path_en": en.legacy_path if en else "",
                    "author": _text(meta.get("author")),
                    "published_on": post.date,
                    "is_draft": False,
                }
                exists = self.find(NewsPost, {"legacy_path": post.legacy_path}, m2m_names=["tags"]) is not None
                on_create = {} if exists else {"slug": self.free_slug(NewsPost, base, max_length=200)}
                self.sync(
                    tally,
                    "posts",
                    NewsPost,
                    {"legacy_path": post.legacy_path},
                    values,
                    on_create=on_create,
                    m2m={"tags": post_tags},
                )
            if tally.committed:
                tags.update(new_tags)

    # FAQ

    def import_faq(self) -> None:
        for audience, french_path, english_path in FAQ_FILES:
            try:
                french = self.read_faq(french_path)
            except LegacyError as exc:
                self.problem(french_path, str(exc))
                continue
            english: dict[str, dict] | None
            try:
                english = {}
                for entry in self.read_faq(english_path):
                    anchor = ANCHOR_ALIASES.get(entry["anchor"], entry["anchor"])
                    english.setdefault(anchor, entry)
            except LegacyError as exc:
                # The French entries are imported all the same; their English text stays as it was.
                self.problem(english_path, str(exc))
                english = None
            with self.unit(french_path) as tally:
                sections: set[str] = set()
                for order, entry in enumerate(french):
                    anchor = entry["anchor"] or slugify(entry["question"])[:110]
                    section, n = anchor, 1
                    while section in sections:  # "quels-profils" is used twice
                        n += 1
                        section = f"{anchor}-{n}"
                    sections.add(section)
                    values = {"question_fr": entry["question"], "answer_fr": entry["answer"], "order": order}
                    if english is not None:
                        translated = english.pop(entry["anchor"], None) if entry["anchor"] else None
                        values["question_en"] = translated["question"] if translated else ""
                        values["answer_en"] = translated["answer"] if translated else ""
                    self.sync(tally, "faq", FAQEntry, {"audience": audience, "section": section}, values)
                for anchor in english or {}:
                    self.problem(
                        english_path, _("question sans équivalent français (ancre « %(anchor)s »)") % {"anchor": anchor}
                    )

    @staticmethod
    def anchor(value) -> str:
        # Kept as written when it is a valid slug ("demission-CDI"): old links carry it after "#".
        anchor = _text(value)
        if not re.fullmatch(r"[-a-zA-Z0-9_]+", anchor):
            anchor = slugify(anchor)
        return anchor[:110]

    def read_faq(self, path: str) -> list[dict[str, str]]:
        data = load_yaml_file(self.root / path)
        if not isinstance(data, list):
            raise LegacyError(_("une liste de questions est attendue"))
        entries = []
        for position, entry in enumerate(data, start=1):
            if not isinstance(entry, dict) or not _text(entry.get("question")) or not _text(entry.get("reponse")):
                self.problem(path, _("entrée n° %(n)d ignorée : question ou réponse manquante") % {"n": position})
                continue
            entries.append(
                {
                    "question": _text(entry["question"]),
                    "answer": _text(entry["reponse"]),
                    "anchor": self.anchor(entry.get("ancre")),
                }
            )
        return entries


def import_site(path: str | Path, *, today: datetime.date | None = None) -> ImportReport:
    """Import the legacy Jekyll site found at `path`; never stops on one bad file."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise LegacyError(_("dossier introuvable : %(path)s") % {"path": path})
    report = _Importer(root, today or timezone.localdate()).run()
    log_activity("content.legacy_imported", actor=None, **report.as_data())
    return report
