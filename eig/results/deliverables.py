"""Deliverables: what a team declares it produced, read by staff, published as an achievement.

One service per change, each logged (eig/results/verbs.py) and refusing with a French
`DomainError`; the moves are the state table's (eig/results/states.py, DELIVERABLE). Who calls
which is the pages' check: the team's fellows propose, edit and withdraw; staff edit the texts,
publish, return with a note and unpublish.

- A link typed by a team is well-formed and secure (https, a host name, no credentials, no space):
  `check_url`, the core's `secure_url` with the deliverable's own word for an empty address. A source
  repository names its licence; a product in service may give its number of users (the figure
  « utilisateurs » adds them up, eig/results/figures.py); no other kind has users.
- Publishing makes the challenge's `Achievement` (title, description, address and a call to action
  by kind, in French and English) and links it to the deliverable; every later publication or staff
  edit keeps it in step; unpublishing deletes it. Achievements made this way are numbered from
  `ACHIEVEMENT_ORDER_BASE` on, after the former site's (the legacy importer keys its own on their
  order, from 0, and never trims one that belongs to a deliverable: eig/content/legacy.py).
- A team that edits a published deliverable takes it off the public page: it goes back « à relire »
  and its achievement is deleted until staff publish it again (what the public page says was read by
  the programme team). A team that corrects a returned deliverable sends it back « à relire » too.
- The team withdraws (deletes) a deliverable until it is published; a published one is unpublished
  by staff first.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.challenges.models import Achievement, Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.validators import secure_url

from .models import Deliverable
from .states import DELIVERABLE

Kind, Status = Deliverable.Kind, Deliverable.Status

# The achievements of deliverables come after the former site's (legacy orders 0, 1, 2…).
ACHIEVEMENT_ORDER_BASE = 1000

# The link of the achievement, by kind, in both languages of the public page. Written here in both
# languages (not through the catalogue): they are stored in the achievement's two columns, as a
# person would type them, whatever the language of the person who publishes.
CALLS_TO_ACTION = {
    Kind.REPOSITORY: ("Voir le code source", "View the source code"),
    Kind.DATASET: ("Voir le jeu de données", "View the dataset"),
    Kind.PRODUCT: ("Ouvrir le service", "Open the service"),
    Kind.PUBLICATION: ("Lire la publication", "Read the publication"),
    Kind.DEMO: ("Voir la vidéo ou le support", "Watch the video or see the slides"),
}

# The lengths of the model's columns (SQLite does not enforce them).
TITLE_MAX, DESCRIPTION_MAX, URL_MAX, LICENCE_MAX = 200, 600, 500, 100


def check_url(url: str) -> str:
    """The address, stripped, if it is a well-formed secure web address (eig.core.validators
    `secure_url`, at most the column's length); a French refusal otherwise."""
    if not (url or "").strip():
        raise DomainError(_("Indiquez l'adresse de la réalisation, commençant par « https:// »."))
    return secure_url(url, max_length=URL_MAX)


def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def _clean(challenge, *, kind, title_fr, title_en, description_fr, description_en, url, licence, users, exclude=None):
    """The deliverable's fields, checked: a French refusal names the first problem."""
    if kind not in Kind.values:
        raise DomainError(_("Choisissez le type de réalisation."))
    title_fr = _text(title_fr, TITLE_MAX)
    if not title_fr:
        raise DomainError(_("Donnez un titre en français à la réalisation."))
    for text in (description_fr, description_en):
        if len((text or "").strip()) > DESCRIPTION_MAX:
            raise DomainError(
                _("La description est trop longue (%(max)s caractères au plus).") % {"max": DESCRIPTION_MAX}
            )
    url = check_url(url)
    licence = _text(licence, LICENCE_MAX)
    if kind == Kind.REPOSITORY and not licence:
        raise DomainError(_("Indiquez la licence du dépôt de code source (par exemple MIT, AGPL-3.0, EUPL-1.2)."))
    if kind != Kind.PRODUCT:
        users = None  # only a product in service counts its users
    elif users is not None and users < 0:
        raise DomainError(_("Le nombre d'utilisateurs ne peut pas être négatif."))
    same = Deliverable.objects.filter(challenge=challenge, url=url)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    twin = same.first()
    if twin is not None:
        raise DomainError(
            _("Cette adresse est déjà déclarée pour l'équipe : « %(title)s ».") % {"title": twin.title_fr}
        )
    return {
        "kind": kind,
        "title_fr": title_fr,
        "title_en": _text(title_en, TITLE_MAX),
        "description_fr": _text(description_fr, DESCRIPTION_MAX),
        "description_en": _text(description_en, DESCRIPTION_MAX),
        "url": url,
        "licence": licence,
        "users": users,
    }


def _set(deliverable: Deliverable, fields: dict) -> list[str]:
    """Copy the fields; the names of those that changed."""
    changed = []
    for name, value in fields.items():
        if getattr(deliverable, name) != value:
            setattr(deliverable, name, value)
            changed.append(name)
    return changed


def _locked(deliverable: Deliverable) -> Deliverable:
    """The deliverable's row, locked until the transaction ends (two reviewers, or a reviewer and the team)."""
    try:
        return Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    except Deliverable.DoesNotExist:
        raise DomainError(_("Cette réalisation a été retirée entre-temps.")) from None


# --- The team -----------------------------------------------------------------------------------


def propose(
    challenge: Challenge,
    *,
    kind: str,
    title_fr: str,
    title_en: str = "",
    description_fr: str = "",
    description_en: str = "",
    url: str,
    licence: str = "",
    users: int | None = None,
    by,
) -> Deliverable:
    """The team declares a deliverable: it waits « à relire » for the programme team."""
    with transaction.atomic():
        fields = _clean(
            challenge,
            kind=kind,
            title_fr=title_fr,
            title_en=title_en,
            description_fr=description_fr,
            description_en=description_en,
            url=url,
            licence=licence,
            users=users,
        )
        deliverable = Deliverable(challenge=challenge, status=Status.PROPOSED, proposed_by=by)
        _set(deliverable, fields)
        deliverable.save()
        log_activity(
            "deliverable.proposed", deliverable, actor=by, challenge=challenge.title, kind=kind, url=fields["url"]
        )
    return deliverable


def edit(
    deliverable: Deliverable,
    *,
    kind: str | None = None,
    title_fr: str,
    title_en: str = "",
    description_fr: str = "",
    description_en: str = "",
    url: str | None = None,
    licence: str | None = None,
    users: int | None = None,
    by,
    as_staff: bool = False,
) -> Deliverable:
    """Change a deliverable. `kind`, `url`, `licence` and `users` left None keep their value (staff's
    page edits the texts only).

    By the team (`as_staff=False`): the deliverable goes (back) « à relire »; a published one leaves
    the public page (its achievement is deleted) until staff publish it again.
    By staff: its status stays; a published one's achievement follows the new texts at once."""
    with transaction.atomic():
        current = _locked(deliverable)
        fields = _clean(
            current.challenge,
            kind=current.kind if kind is None else kind,
            title_fr=title_fr,
            title_en=title_en,
            description_fr=description_fr,
            description_en=description_en,
            url=current.url if url is None else url,
            licence=current.licence if licence is None else licence,
            users=current.users if (users is None and kind is None) else users,
            exclude=current,
        )
        changed = _set(current, fields)
        unpublished = False
        # A published deliverable saved unchanged by the team stays on the public page; a returned
        # one saved unchanged goes back « à relire » (the team answers the note without a change).
        if not as_staff and (changed or current.status != Status.PUBLISHED):
            DELIVERABLE.check_move(current.status, Status.PROPOSED)
            unpublished = current.status == Status.PUBLISHED
            if current.status != Status.PROPOSED:
                current.status = Status.PROPOSED
                changed.append("status")
            if unpublished:
                _drop_achievement(current)
                current.published_at = None
                changed += ["achievement", "published_at"]
        if not changed:
            _refresh(deliverable, current)
            return deliverable
        current.save()
        if as_staff and current.status == Status.PUBLISHED:
            _sync_achievement(current)
        log_activity(
            "deliverable.edited",
            current,
            actor=by,
            challenge=current.challenge.title,
            fields=sorted(set(changed)),
            by_staff=as_staff,
            unpublished=unpublished,
        )
    _refresh(deliverable, current)
    return deliverable


def withdraw(deliverable: Deliverable, *, by) -> None:
    """The team withdraws a deliverable it declared (deleted), until it is published."""
    with transaction.atomic():
        current = _locked(deliverable)
        if not DELIVERABLE.is_in(current.status, "withdrawable"):
            raise DomainError(
                _(
                    "Cette réalisation est publiée sur la page du défi : demandez à l'équipe du programme "
                    "de la retirer de la publication avant de la supprimer."
                )
            )
        log_activity(
            "deliverable.withdrawn",
            current,
            actor=by,
            challenge=current.challenge.title,
            title=current.title_fr,
            url=current.url,
        )
        current.delete()


# --- The programme team ---------------------------------------------------------------------------


def return_to_team(deliverable: Deliverable, note: str, *, by) -> Deliverable:
    """Staff return a deliverable « à relire » to the team, saying what to change."""
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Dites à l'équipe ce qu'elle doit changer avant de renvoyer la réalisation."))
    with transaction.atomic():
        current = _locked(deliverable)
        DELIVERABLE.check_move(
            current.status,
            Status.RETURNED,
            _(
                "Seule une réalisation à relire peut être renvoyée à l'équipe : retirez d'abord celle-ci de la publication."
            )
            if current.status == Status.PUBLISHED
            else _("Cette réalisation a déjà été renvoyée à l'équipe."),
        )
        current.status = Status.RETURNED
        current.review_note = note[:3000]
        current.save(update_fields=["status", "review_note", "updated_at"])
        log_activity("deliverable.returned", current, actor=by, challenge=current.challenge.title, note=note[:3000])
    _refresh(deliverable, current)
    return deliverable


def publish(deliverable: Deliverable, *, by, now: datetime.datetime | None = None) -> Deliverable:
    """Staff publish a deliverable: it becomes (or updates) an achievement of the challenge's public page."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(deliverable)
        DELIVERABLE.check_move(
            current.status, Status.PUBLISHED, _("Cette réalisation est déjà publiée sur la page du défi.")
        )
        current.status = Status.PUBLISHED
        current.published_by = by
        current.published_at = now
        current.review_note = ""
        current.save(update_fields=["status", "published_by", "published_at", "review_note", "updated_at"])
        achievement = _sync_achievement(current)
        log_activity(
            "deliverable.published",
            current,
            actor=by,
            challenge=current.challenge.title,
            achievement=achievement.pk,
            url=current.url,
        )
    _refresh(deliverable, current)
    return deliverable


def unpublish(deliverable: Deliverable, *, by) -> Deliverable:
    """Staff take a deliverable off the public page: its achievement is deleted, it is « à relire » again."""
    with transaction.atomic():
        current = _locked(deliverable)
        if current.status != Status.PUBLISHED:
            raise DomainError(_("Cette réalisation n'est pas publiée."))
        DELIVERABLE.check_move(current.status, Status.PROPOSED)
        achievement_id = current.achievement_id
        _drop_achievement(current)
        current.status = Status.PROPOSED
        current.published_at = None
        current.save(update_fields=["status", "achievement", "published_at", "updated_at"])
        log_activity(
            "deliverable.unpublished",
            current,
            actor=by,
            challenge=current.challenge.title,
            achievement=achievement_id,
        )
    _refresh(deliverable, current)
    return deliverable


# --- The achievement -------------------------------------------------------------------------------


def _sync_achievement(deliverable: Deliverable) -> Achievement:
    """Make or update the published deliverable's achievement, and link it."""
    achievement = deliverable.achievement
    if achievement is None:
        last = Achievement.objects.filter(challenge_id=deliverable.challenge_id).aggregate(top=Max("order"))["top"]
        achievement = Achievement(
            challenge_id=deliverable.challenge_id, order=max(ACHIEVEMENT_ORDER_BASE, (last or 0) + 1)
        )
    cta_fr, cta_en = CALLS_TO_ACTION[deliverable.kind]
    achievement.title_fr = deliverable.title_fr
    achievement.title_en = deliverable.title_en
    achievement.description_fr = deliverable.description_fr
    achievement.description_en = deliverable.description_en
    achievement.url = deliverable.url
    achievement.call_to_action_fr = cta_fr
    achievement.call_to_action_en = cta_en
    # modeltranslation copies the French value into the untranslated column on a full save.
    achievement.save()
    if deliverable.achievement_id != achievement.pk:
        deliverable.achievement = achievement
        deliverable.save(update_fields=["achievement", "updated_at"])
    return achievement


def _drop_achievement(deliverable: Deliverable) -> None:
    achievement = deliverable.achievement
    if achievement is not None:
        deliverable.achievement = None
        deliverable.save(update_fields=["achievement", "updated_at"])
        achievement.delete()


def _refresh(target: Deliverable, source: Deliverable) -> None:
    """Give the caller's object the saved values (the service worked on a locked copy)."""
    for field in Deliverable._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    for cached in ("achievement", "published_by"):
        target._state.fields_cache.pop(cached, None)
