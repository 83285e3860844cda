"""Calls set up by the programme team (issue 18, point 1): create a call, duplicate last year's, set its dates.

One service per state change, each logged on the call:

- `create_call`: a call for challenges or for applications of a promotion, with the platform's default
  form for its kind (`register_default_form`: the candidate dossier here, the challenge proposal from
  eig.proposals), so that a call made from the staff pages is ready to be read and edited.
- `duplicate_call`: last year's call copied into a promotion, its dates shifted by an offset: steps and
  questions in both languages, the rules page, the notice, the contract terms; never a dossier. What
  the apps above the dossier engine hang on a call (the evaluation grids, the jury's settings) is
  copied by the copiers they register (`register_copier`: this app names no app above it).
- `set_call_dates`: open, extend, close or re-date a call. The promotion's calendar follows in the same
  transaction (`sync_phase`: the phase « Appel à défis » or « Appel à candidatures » is the call's
  span, the one the public pages read), so there is no second place to edit the dates. Moving the
  deadline of an open call is announced to every holder of a draft, once per new deadline.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.links import absolute
from eig.notifications.services import queue_notification
from eig.notifications.texts import register_notification, sample_moment, sample_url
from eig.promotions.models import Phase, Promotion

from .defaults import install_application_form
from .models import Call, Dossier, Question, Step
from .structure import bump_form_version

# The calls the public answers, each with its step of the promotion's calendar.
PHASE_OF_KIND = {
    Call.Kind.CHALLENGES: Phase.Kind.CHALLENGE_CALL,
    Call.Kind.APPLICATIONS: Phase.Kind.APPLICATION_CALL,
}
PUBLIC_KINDS = tuple(PHASE_OF_KIND)

# How a call of each kind is named: its URL slug and its dossier numbers (« EIG10-000042 »,
# « DEFI-EIG10-000007 »), as the calls of the previous years were.
SLUG_STEM = {Call.Kind.APPLICATIONS: "appel-candidatures", Call.Kind.CHALLENGES: "appel-defis"}
PREFIX_STEM = {Call.Kind.APPLICATIONS: "", Call.Kind.CHALLENGES: "DEFI-"}


# --- What the apps above add to a call ------------------------------------------------

# {call kind: install(call)}: the form a new call of that kind gets. The candidate dossier is this
# app's; the challenge proposal is eig.proposals' (registered from its AppConfig.ready()).
DEFAULT_FORMS: dict[str, Callable[[Call], None]] = {Call.Kind.APPLICATIONS: install_application_form}


def register_default_form(kind: str, install: Callable[[Call], None]) -> None:
    DEFAULT_FORMS[kind] = install


@dataclass(frozen=True)
class Copier:
    """What an app above copies of a call into its duplicate: copy(source, target, *, offset, by).
    `order` runs the copiers in the tiers' order (the jury's settings point at the copied grids)."""

    key: str
    copy: Callable
    order: int = 0


_copiers: dict[str, Copier] = {}


def register_copier(key: str, copy: Callable, *, order: int = 0) -> Copier:
    copier = _copiers[key] = Copier(key, copy, order)
    return copier


def registered_copiers() -> list[Copier]:
    return sorted(_copiers.values(), key=lambda c: (c.order, c.key))


# --- Reads ------------------------------------------------------------------------------


def draft_dossiers(call: Call):
    """The call's drafts with their holder: who is told when its deadline moves."""
    return Dossier.objects.filter(call=call, status=Dossier.Status.DRAFT).select_related("owner").order_by("pk")


def announces_deadline(call: Call, closes_at, now=None) -> bool:
    """Whether moving the deadline to `closes_at` is announced to the draft holders: the deadline
    moves while the call is open, before or after the change (extended, brought forward, closed now,
    or a closed call reopened)."""
    now = now or timezone.now()
    if closes_at == call.closes_at:
        return False
    return call.is_open(now) or call.opens_at <= now < closes_at


def default_title(promotion: Promotion, kind: str, language: str = "fr") -> str:
    """« Appel à candidatures EIG 10 », « Call for applications EIG 10 »."""
    with translation.override(language):
        return f"{Call.Kind(kind).label} {promotion.label}"


def _unique_slug(promotion: Promotion, kind: str) -> str:
    base = f"{SLUG_STEM[kind]}-{slugify(promotion.label)}"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _prefix(promotion: Promotion, kind: str) -> str:
    return f"{PREFIX_STEM[kind]}{promotion.label.replace(' ', '')}"


def _check_kind_and_promotion(promotion: Promotion, kind: str) -> None:
    if kind not in PUBLIC_KINDS:
        raise DomainError(_("Seuls un appel à défis ou un appel à candidatures se créent ici."))
    existing = Call.objects.filter(promotion=promotion, kind=kind).first()
    if existing is not None:
        # One public call of each kind per promotion: the calendar shows one span, and a double
        # click on « Créer » must not make two calls.
        raise DomainError(
            _("La promotion %(promotion)s a déjà son %(kind)s : « %(call)s ».")
            % {"promotion": promotion.label, "kind": Call.Kind(kind).label.lower(), "call": existing.title}
        )


def _check_dates(opens_at, closes_at) -> None:
    if opens_at is None or closes_at is None:
        raise DomainError(_("Indiquez l'ouverture et la clôture de l'appel."))
    if closes_at <= opens_at:
        raise DomainError(_("La clôture de l'appel doit suivre son ouverture."))


# --- The calendar follows the call ----------------------------------------------------------


def sync_phase(call: Call) -> Phase | None:
    """The promotion's calendar step of this call's kind set to the call's dates (created if missing).

    The public pages (participer, the home page, a challenge's « Candidater ») read that step: kept here,
    in the transaction that changes the call, they never say « clos » for an open call. Were a promotion
    to hold two calls of a kind, the step spans both."""
    kind = PHASE_OF_KIND.get(call.kind)
    if kind is None:
        return None
    span = Call.objects.filter(promotion_id=call.promotion_id, kind=call.kind).aggregate(
        starts_at=Min("opens_at"), ends_at=Max("closes_at")
    )
    # update_or_create saves: the save bumps the public pages' content version (eig.core.pagecache).
    phase, _created = Phase.objects.update_or_create(promotion_id=call.promotion_id, kind=kind, defaults=span)
    return phase


# --- Create ---------------------------------------------------------------------------------


def create_call(
    promotion: Promotion,
    kind: str,
    *,
    title_fr: str = "",
    title_en: str = "",
    opens_at,
    closes_at,
    by,
    wishes_mode: str = Call.WishesMode.WITH_DOSSIER,
    max_wishes: int = 3,
    rules_page=None,
) -> Call:
    """A new call of the promotion with the default form of its kind, its calendar step set to its dates."""
    _check_kind_and_promotion(promotion, kind)
    _check_dates(opens_at, closes_at)
    if wishes_mode not in Call.WishesMode.values:
        raise DomainError(_("Choisissez comment les vœux sont recueillis."))
    if not 1 <= max_wishes <= 3:
        raise DomainError(_("Un appel accepte de 1 à 3 vœux."))
    title_fr = (title_fr or "").strip() or default_title(promotion, kind)
    title_en = (title_en or "").strip()
    with transaction.atomic():
        call = Call.objects.create(
            promotion=promotion,
            kind=kind,
            title_fr=title_fr,
            title_en=title_en,
            slug=_unique_slug(promotion, kind),
            opens_at=opens_at,
            closes_at=closes_at,
            dossier_prefix=_prefix(promotion, kind),
            wishes_mode=wishes_mode if kind == Call.Kind.APPLICATIONS else Call.WishesMode.WITH_DOSSIER,
            max_wishes=max_wishes,
            rules_page=rules_page,
        )
        install = DEFAULT_FORMS.get(kind)
        if install is not None:
            install(call)
        sync_phase(call)
        log_activity(
            "call.created",
            call,
            actor=by,
            promotion=promotion.label,
            kind=kind,
            opens_at=opens_at.isoformat(),
            closes_at=closes_at.isoformat(),
            default_form=install is not None,
        )
    return call


# --- Duplicate ------------------------------------------------------------------------------

# A call's texts that name its promotion (« Appel à candidatures EIG 9 »): renamed in its copy.
RELABELLED = ("title", "privacy_notice")


def field_values(obj, *, exclude=()) -> dict:
    """The values of a row's own columns, to create its copy: every concrete field but its key, its
    timestamps and `exclude` (its parent, usually). A translated field is copied by its languages
    (`label_fr`, `label_en`), never through its base name, which reads and writes the active one."""
    fields = obj._meta.concrete_fields
    translated = {f.translated_field.name for f in fields if hasattr(f, "translated_field")}
    return {
        f.attname: getattr(obj, f.attname)
        for f in fields
        if not f.primary_key
        and f.name not in translated
        and f.name not in exclude
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    }


def _relabel(text: str, old: str, new: str) -> str:
    return text.replace(old, new) if text and old else text


def one_year_after(moment: datetime.datetime) -> datetime.timedelta:
    """The offset that moves `moment` to the same day next year (365 or 366 days; 28 February for a 29th)."""
    local = timezone.localtime(moment)
    try:
        target = local.replace(year=local.year + 1)
    except ValueError:  # 29 February
        target = local.replace(year=local.year + 1, day=28)
    return datetime.timedelta(days=(target.date() - local.date()).days)


def check_duplicate(source: Call, *, promotion: Promotion, offset: datetime.timedelta, now=None) -> None:
    """Why `source` may not be copied into `promotion` with this offset (a DomainError), checked
    again by duplicate_call; the staff page's preview asks it first."""
    now = now or timezone.now()
    _check_kind_and_promotion(promotion, source.kind)
    opens_at = source.opens_at + offset
    if opens_at <= now:
        raise DomainError(
            _(
                "Avec ce décalage, l'appel copié ouvrirait le %(date)s, date déjà passée : il serait ouvert avant "
                "que son formulaire ait été relu. Choisissez un décalage plus grand."
            )
            % {"date": formats.date_format(timezone.localtime(opens_at), "j F Y")}
        )


def duplicate_call(source: Call, *, promotion: Promotion, offset: datetime.timedelta, by, now=None) -> Call:
    """`source` copied into `promotion`, every date shifted by `offset`, with no dossier.

    Refused when the copy would already be open: its form must be read, and fixed, before anyone
    answers it (once a call is open only wording fixes are allowed)."""
    now = now or timezone.now()
    check_duplicate(source, promotion=promotion, offset=offset, now=now)
    opens_at, closes_at = source.opens_at + offset, source.closes_at + offset
    old_label, new_label = source.promotion.label, promotion.label
    with transaction.atomic():
        # Everything the call says and offers (the rules page, the notice, the wishes, the contract
        # terms, the retention), its texts renamed for the promotion; its own slug, numbering and dates.
        values = field_values(source, exclude={"promotion", "slug", "opens_at", "closes_at", "dossier_prefix"})
        for name, value in values.items():
            if name.startswith(RELABELLED) and isinstance(value, str):
                values[name] = _relabel(value, old_label, new_label)
        call = Call.objects.create(
            **values,
            promotion=promotion,
            slug=_unique_slug(promotion, source.kind),
            opens_at=opens_at,
            closes_at=closes_at,
            dossier_prefix=_prefix(promotion, source.kind),
        )
        steps = list(source.steps.order_by("order", "pk").prefetch_related("questions"))
        for step in steps:
            copy = Step.objects.create(call=call, **field_values(step, exclude={"call"}))
            Question.objects.bulk_create(
                Question(step=copy, **field_values(question, exclude={"step"}))
                for question in sorted(step.questions.all(), key=lambda q: (q.order, q.pk))
            )
        bump_form_version(call.pk)  # bulk_create sends no signal (eig.calls.structure)
        copied = []
        for copier in registered_copiers():
            copier.copy(source, call, offset=offset, by=by)
            copied.append(copier.key)
        sync_phase(call)
        log_activity(
            "call.duplicated",
            call,
            actor=by,
            source=source.pk,
            source_title=source.title,
            offset_days=offset.days,
            steps=len(steps),
            copied=copied,
        )
    return call


# --- Dates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatesChange:
    call: Call
    old_opens_at: datetime.datetime
    old_closes_at: datetime.datetime
    changed: bool
    announced: int  # draft holders told of the new deadline


def _moment_text(moment, language: str) -> str:
    local = timezone.localtime(moment)  # TIME_ZONE is Europe/Paris
    with translation.override(language):
        return _("%(date)s à %(time)s (heure de Paris)") % {
            "date": formats.date_format(local, "j F Y"),
            "time": local.strftime("%H:%M"),
        }


def deadline_message_context(call: Call, dossier: Dossier, *, old_closes_at, now) -> dict:
    """What the `call_deadline_changed` message says, in the dossier's language."""
    language = dossier.language or "fr"
    space = "administrations:space" if call.kind == Call.Kind.CHALLENGES else "candidates:space"
    with translation.override(language):
        title = call.title
        url = absolute(reverse(space))
    return {
        "first_name": dossier.owner.first_name,
        "call_title": title,
        "number": dossier.number,
        "old_deadline": _moment_text(old_closes_at, language),
        "new_deadline": _moment_text(call.closes_at, language),
        "closed": call.closes_at <= now,
        "later": call.closes_at > old_closes_at,
        "url": url,
    }


def set_call_dates(call: Call, *, opens_at, closes_at, by, now=None) -> DatesChange:
    """Open (opens_at now), extend (a later closes_at), close (closes_at now) or re-date the call.

    The calendar step follows in the same transaction. When the deadline moves while the call is
    open (`announces_deadline`), the change is announced to every holder of a draft; the key is the
    call, the new deadline and the dossier, so a double click sends each message once. Setting the
    dates the call already has changes nothing and logs nothing."""
    now = now or timezone.now()
    _check_dates(opens_at, closes_at)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        old_opens_at, old_closes_at = call.opens_at, call.closes_at
        if (opens_at, closes_at) == (old_opens_at, old_closes_at):
            return DatesChange(call, old_opens_at, old_closes_at, changed=False, announced=0)
        announce = announces_deadline(call, closes_at, now)
        call.opens_at, call.closes_at = opens_at, closes_at
        call.save(update_fields=["opens_at", "closes_at", "updated_at"])
        sync_phase(call)
        announced = 0
        if announce:
            for dossier in draft_dossiers(call):
                queue_notification(
                    "call_deadline_changed",
                    to=dossier.owner.email,
                    language=dossier.language,
                    context=deadline_message_context(call, dossier, old_closes_at=old_closes_at, now=now),
                    key=f"call-deadline:{call.pk}:{closes_at.timestamp():.0f}:{dossier.pk}",
                )
                announced += 1
        log_activity(
            "call.dates_changed",
            call,
            actor=by,
            old_opens_at=old_opens_at.isoformat(),
            old_closes_at=old_closes_at.isoformat(),
            opens_at=opens_at.isoformat(),
            closes_at=closes_at.isoformat(),
            was_open=old_opens_at <= now < old_closes_at,
            announced=announced,
        )
    return DatesChange(call, old_opens_at, old_closes_at, changed=True, announced=announced)


# --- The message this module sends, for the email texts the team edits (eig.notifications.texts) ------


def _deadline_sample() -> dict:
    return {
        "first_name": "Camille",
        "call_title": _("Appel à candidatures EIG 10"),
        "number": "EIG10-000042",
        "old_deadline": _moment_text(sample_moment(12, 23, 59), translation.get_language() or "fr"),
        "new_deadline": _moment_text(sample_moment(19, 23, 59), translation.get_language() or "fr"),
        "closed": False,
        "later": True,
        "url": sample_url("candidates:space"),
    }


register_notification(
    "call_deadline_changed",
    label=gettext_lazy("Date de clôture d'un appel modifiée (aux titulaires d'un brouillon)"),
    variables={
        "first_name": gettext_lazy("prénom de la personne qui tient le brouillon"),
        "call_title": gettext_lazy("titre de l'appel"),
        "number": gettext_lazy("numéro du dossier"),
        "old_deadline": gettext_lazy("ancienne date de clôture (heure de Paris)"),
        "new_deadline": gettext_lazy("nouvelle date de clôture (heure de Paris)"),
        "closed": gettext_lazy("vrai quand l'appel vient d'être clos"),
        "later": gettext_lazy("vrai quand la clôture est repoussée, faux quand elle est avancée"),
        "url": gettext_lazy("lien vers l'espace de la personne"),
    },
    sample=_deadline_sample,
)
