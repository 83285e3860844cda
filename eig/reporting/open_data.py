"""Open data: the public datasets of the programme (issue 17 point 3).

Six datasets — challenges, positions, promotions, teams, achievements and the aggregated funnel
of applications — each a list of rows built in a fixed number of queries, described by a Table
Schema (https://specs.frictionlessdata.io/table-schema/) and rendered as CSV (UTF-8, comma,
header = field names) and JSON (a list of objects); `package_descriptor()` is the data package
manifest (datapackage.json) that lists them under the Licence Ouverte 2.0.

What never leaves: people who did not consent to a public profile (community `Person.is_public`),
e-mail addresses, proposals (a challenge stays private until selected), unpublished promotions,
and any count of 1 to 4 people (eig.core.small_groups: the funnel's counts, the number of fellows
of a promotion).

The files are the same whatever the language of the request: columns keep one name, both
languages sit side by side (`title_fr`, `title_en`), addresses are the French ones and the
descriptors carry their French `title`/`description` with an English `title_en`/`description_en`
— plain strings here rather than the catalogue, so a file never changes with the visitor's
language (the public page picks the one it needs).
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, Subquery
from django.utils import timezone, translation

from eig.calls.models import Call
from eig.challenges.models import Achievement, Challenge, Position
from eig.challenges.queries import public_challenges, public_q
from eig.community.models import Membership, Person
from eig.core.links import absolute
from eig.core.small_groups import is_small
from eig.promotions.models import Phase, Promotion
from eig.results.models import Deliverable

from . import queries
from .funnel import STAGE_KEYS
from .open_data_schemas import COLUMNS, DATASET_TEXTS, Column

LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}
PACKAGE_NAME = "eig-donnees-ouvertes"


# --- Datasets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[], list[dict]] = field(compare=False)
    # False when the rows come from apps whose writes do not bump the public content version
    # (applications, selection: eig.core.pagecache.PRIVATE_APPS): such a file is computed on
    # every request rather than kept by the page cache, which could not know it changed.
    cacheable: bool = True

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def schema(self) -> dict:
        """The Table Schema descriptor (French title/description, English *_en beside them)."""
        return {
            "name": self.name,
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
            "fields": [column.descriptor() for column in self.columns],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }


def _url(path: str) -> str:
    return absolute(path)


def _page_url(obj) -> str:
    # The French address (no language prefix) whatever the request's language: one file for all.
    with translation.override(settings.LANGUAGE_CODE):
        return _url(obj.get_absolute_url())


def _or_none(value):
    return value if value not in ("", None) else None


def _public_challenge_filter(prefix: str = "") -> Q:
    """The public pages' rule (eig.challenges.queries.public_q), from another model."""
    return public_q(prefix)


def _ministry(administration) -> str | None:
    if administration.kind == administration.Kind.MINISTRY:
        return administration.name
    return administration.parent_ministry.name if administration.parent_ministry else None


def challenge_rows() -> list[dict]:
    """Every public challenge of every published promotion. Two queries."""
    challenges = (
        public_challenges()
        .select_related("administration__parent_ministry")
        .order_by("promotion__year", "promotion__number", "pk")
    )
    return [
        {
            "id": challenge.pk,
            "slug": challenge.slug,
            "promotion": challenge.promotion.slug,
            "year": challenge.promotion.year,
            "title_fr": challenge.title_fr,
            "title_en": _or_none(challenge.title_en),
            "summary_fr": _or_none(challenge.summary_fr),
            "summary_en": _or_none(challenge.summary_en),
            "administration": challenge.administration.name,
            "ministry": _ministry(challenge.administration),
            "town": _or_none(challenge.town),
            "status": challenge.status,
            "profiles": _or_none(";".join(profile.code for profile in challenge.profiles.all())),
            "page_url": _page_url(challenge),
            "source_code_url": _or_none(challenge.source_code_url),
            "website_url": _or_none(challenge.website_url),
        }
        for challenge in challenges
    ]


def position_rows() -> list[dict]:
    """The positions of the public challenges. One query."""
    positions = (
        Position.objects.filter(_public_challenge_filter("challenge__"))
        .select_related("challenge__promotion", "profile")
        .order_by("challenge__promotion__year", "challenge__promotion__number", "challenge_id", "order", "pk")
    )
    return [
        {
            "id": position.pk,
            "challenge_id": position.challenge_id,
            "challenge_slug": position.challenge.slug,
            "promotion": position.challenge.promotion.slug,
            "profile": position.profile.code,
            "profile_label_fr": position.profile.label_fr or position.profile.label,
            "profile_label_en": _or_none(position.profile.label_en),
            "mission_fr": _or_none(position.mission_fr),
            "mission_en": _or_none(position.mission_en),
            "skills_fr": _or_none(position.skills_fr),
            "skills_en": _or_none(position.skills_en),
        }
        for position in positions
    ]


def _day(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def promotion_rows() -> list[dict]:
    """The published promotions with the dates of their phases and their sizes. Two queries."""
    public = _public_challenge_filter("challenges__")
    fellows = public & Q(challenges__memberships__role=Membership.Role.FELLOW)
    promotions = (
        Promotion.objects.filter(is_published=True)
        .select_related("programme")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at")))
        .annotate(
            challenge_count=Count("challenges", filter=public, distinct=True),
            fellow_count=Count("challenges__memberships__person", filter=fellows, distinct=True),
        )
        .order_by("year", "programme__code", "number")
    )
    rows = []
    for promotion in promotions:
        row = {
            "slug": promotion.slug,
            "programme": promotion.programme.code,
            "number": promotion.number,
            "year": promotion.year,
            "title_fr": _or_none(promotion.title_fr),
            "title_en": _or_none(promotion.title_en),
        }
        for kind in Phase.Kind.values:
            phase = promotion.phase(kind)
            row[f"{kind}_start"] = _day(phase.starts_at) if phase else None
            row[f"{kind}_end"] = _day(phase.ends_at) if phase else None
        row["challenge_count"] = promotion.challenge_count
        row["fellow_count"] = masked_count(promotion.fellow_count)[0]
        row["page_url"] = _page_url(promotion)
        rows.append(row)
    return rows


def team_rows() -> list[dict]:
    """The fellows and mentors of the public challenges who consented to a public profile — and
    only them: nobody else is named, not even as a count per team. No e-mail. One query."""
    memberships = (
        Membership.objects.filter(_public_challenge_filter("challenge__"), person__is_public=True)
        .select_related("challenge__promotion", "person__profile")
        .order_by("challenge__promotion__year", "challenge__promotion__number", "challenge_id", "order", "pk")
    )
    return [
        {
            "challenge_id": membership.challenge_id,
            "challenge_slug": membership.challenge.slug,
            "promotion": membership.challenge.promotion.slug,
            "role": membership.role,
            "person": membership.person.slug,
            "name": membership.person.name,
            "profile": membership.person.profile.code if membership.person.profile else None,
            "person_url": _page_url(membership.person),
        }
        for membership in memberships
    ]


def achievement_rows() -> list[dict]:
    """The achievements of the public challenges, with the deliverable's kind when one was
    published from a team's declaration (eig.results.deliverables). One query."""
    achievements = (
        Achievement.objects.filter(_public_challenge_filter("challenge__"))
        .select_related("challenge__promotion", "deliverable")
        .order_by("challenge__promotion__year", "challenge__promotion__number", "challenge_id", "order", "pk")
    )
    rows = []
    for achievement in achievements:
        deliverable = getattr(achievement, "deliverable", None)  # the reverse one-to-one, joined
        rows.append(
            {
                "id": achievement.pk,
                "challenge_id": achievement.challenge_id,
                "challenge_slug": achievement.challenge.slug,
                "promotion": achievement.challenge.promotion.slug,
                "title_fr": achievement.title_fr or achievement.title,
                "title_en": _or_none(achievement.title_en),
                "description_fr": _or_none(achievement.description_fr),
                "description_en": _or_none(achievement.description_en),
                "url": _or_none(achievement.url),
                "kind": deliverable.kind if deliverable else None,
            }
        )
    return rows


def masked_count(count: int) -> tuple[int | None, bool]:
    """(count shown, masked): a group of 1 to 4 people is masked, its count left empty
    (eig.core.small_groups: the one rule of every published aggregate; zero is no one)."""
    return (None, True) if is_small(count) else (count, False)


def funnel_rows(now: datetime.datetime | None = None) -> list[dict]:
    """The candidate funnel of each published promotion: the applications that reached each stage
    (started, submitted, admissible, auditioned, selected, in post, finished), read from the staff
    dashboards' one funnel (eig.reporting.queries) — the whole of a promotion's dashboard, masked
    as it is there (a count of 1 to 4). Only the calls for applications already closed count (the
    figures of a call still open change by the minute and would show who applies as they do).
    Seven queries whatever the number of promotions.

    Not by civility, although the programme watched the balance at every stage: beside the public
    whole, the breakdown's masking can still give a small group back (a group masked alone at a
    stage is the whole minus the others, and bounds its stage before: docs/reporting.md); the
    staff dashboards show it, the open data does not."""
    now = now or timezone.now()
    closed = Call.objects.filter(kind=Call.Kind.APPLICATIONS, closes_at__lte=now, promotion__is_published=True)
    funnels = queries.funnels_by_promotion(calls=closed, breakdowns=())
    promotions = (
        Promotion.objects.filter(is_published=True, slug__in=list(funnels))
        .order_by("year", "programme__code", "number")
        .values_list("slug", "year")
    )
    return [
        {"promotion": slug, "year": year, "stage": stage, "count": cell.count, "masked": cell.masked}
        for slug, year in promotions
        for stage, cell in zip(STAGE_KEYS, funnels[slug].overall.cells, strict=True)
    ]


_ROWS = {
    "challenges": (challenge_rows, ("id",), True),
    "positions": (position_rows, ("id",), True),
    "promotions": (promotion_rows, ("slug",), True),
    "teams": (team_rows, ("challenge_id", "person", "role"), True),
    "achievements": (achievement_rows, ("id",), True),
    "funnel_statistics": (funnel_rows, ("promotion", "stage"), False),
}

DATASETS: dict[str, Dataset] = {
    name: Dataset(
        name=name,
        **DATASET_TEXTS[name],
        columns=COLUMNS[name],
        primary_key=key,
        rows=rows,
        cacheable=cacheable,
    )
    for name, (rows, key, cacheable) in _ROWS.items()
}


def dataset(name: str) -> Dataset | None:
    return DATASETS.get(name)


# --- Renderings ------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def to_csv(data: Dataset, rows: list[dict]) -> bytes:
    """RFC 4180 CSV in UTF-8: a header of the field names, an empty cell for a missing value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(data.field_names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in data.field_names])
    return out.getvalue().encode()


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def to_json(data: Dataset, rows: list[dict]) -> bytes:
    """A JSON list of objects, their keys in the schema's order, null for a missing value."""
    objects = [{name: _json_value(row[name]) for name in data.field_names} for row in rows]
    return _dumps(objects)


def _dumps(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode()


def schema_json(data: Dataset) -> bytes:
    return _dumps(data.schema())


def _latest(model):
    return Subquery(model.objects.order_by("-updated_at").values("updated_at")[:1])


def last_modified() -> datetime.datetime | None:
    """The date of the data: the last change of a promotion, a challenge, a person or a
    deliverable (the models the datasets read that keep one). One query (none of it without a
    promotion: then no dataset has a row)."""
    dates = Promotion.objects.order_by().aggregate(
        promotion=Max("updated_at"),
        challenge=Max(_latest(Challenge)),
        person=Max(_latest(Person)),
        deliverable=Max(_latest(Deliverable)),
    )
    found = [value for value in dates.values() if value is not None]
    return max(found) if found else None


def package_descriptor(updated: datetime.datetime | None = None) -> dict:
    """The data package manifest: every dataset as its CSV file beside this one, with its schema.

    Paths are relative to the manifest's own address (/donnees-ouvertes/datapackage.json), so
    the package reads the same from the site or from a downloaded folder. The JSON renderings
    hold the same rows and are not resources of it: each resource of a tabular data package points
    at a CSV file (https://specs.frictionlessdata.io/tabular-data-package/); the public page lists
    them."""
    source = {"title": "Plateforme du programme Entrepreneurs d'intérêt général", "path": _url("/")}
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Entrepreneurs d'intérêt général : données ouvertes du programme",
        "title_en": "Entrepreneurs d'intérêt général: the programme's open data",
        "description": (
            "Les défis, les postes, les promotions, les équipes (les personnes qui l'ont accepté), les "
            "réalisations et le parcours agrégé des candidatures du programme Entrepreneurs d'intérêt "
            "général de la direction interministérielle du numérique."
        ),
        "description_en": (
            "The challenges, positions, promotions, teams (people who agreed to it), achievements and the "
            "aggregated application funnel of the Entrepreneurs d'intérêt général programme of the French "
            "interministerial digital directorate (DINUM)."
        ),
        "homepage": _url("/donnees-ouvertes/"),
        "licenses": [LICENCE],
        "sources": [source],
        "resources": [
            {
                "name": data.name,
                "path": f"{data.name}.csv",
                "profile": "tabular-data-resource",
                "title": data.title,
                "title_en": data.title_en,
                "description": data.description,
                "description_en": data.description_en,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"{data.name}.schema.json",
                "sources": [source],
            }
            for data in DATASETS.values()
        ],
    }
    if updated is not None:
        descriptor["created"] = updated.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return descriptor


def package_json(updated: datetime.datetime | None = None) -> bytes:
    return _dumps(package_descriptor(updated))
