"""A promotion's end (issue 16, point 5): what is left before closing it, closing it, its photo.

`closing_checklist` says what is left, each with a count: fellows who never started (closing leaves
them as they are: record their departure first) and fellows in post (closing ends their programme),
teams whose handover has no outcome, deliverables waiting for review, a programme whose last day
has not come, a results page without its photo. They are warnings, not blockers: staff may close
a promotion whose last team has not reported; only a promotion already closed cannot be closed.

`close_promotion`, in one transaction: each fellow in post finishes (the programme's own service,
`eig.programme.fellows.finish`, on the programme's last day, or today if it has not come), the
promotion's challenges in progress are « terminé », a `Closing` row says when and by whom, the
activity log records `promotion.closed`, and `signals.promotion_closed` tells eig.alumni (which
makes the alumni). The results page (/promotions/<slug>/resultats/) is public from then on.

`set_photo`: the promotion's photo on its results page, a sniffed and size-capped image, with its
alternative text in French and English.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.files.validation import IMAGES, extension_of, sanitize_name, validate_upload
from eig.programme import fellows as programme_fellows
from eig.programme.models import Fellow, Setup
from eig.promotions.models import Phase, Promotion

from .models import Closing, Deliverable, Handover
from .signals import promotion_closed

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def closing_of(promotion: Promotion) -> Closing | None:
    return Closing.objects.filter(promotion=promotion).select_related("closed_by").first()


def is_closed(promotion: Promotion) -> bool:
    return Closing.objects.filter(promotion=promotion).exists()


def end_date(promotion: Promotion) -> datetime.date | None:
    """The programme's last day: the promotion's programme settings, else its calendar's step."""
    setup = Setup.objects.filter(promotion=promotion).first()
    if setup is not None and setup.end_date:
        return setup.end_date
    phase = Phase.objects.filter(promotion=promotion, kind=Phase.Kind.PROGRAMME).first()
    return timezone.localdate(phase.ends_at) if phase and phase.ends_at else None


def teams(promotion: Promotion):
    """The promotion's teams: its challenges with fellows (eig/programme/access.py)."""
    return Challenge.objects.filter(promotion=promotion, fellows__isnull=False).distinct()


@dataclass(frozen=True)
class CheckItem:
    key: str
    message: str
    count: int | None = None
    level: str = "warning"  # a DSFR alert or badge colour: "warning", or "info" for what closing does


@dataclass
class Checklist:
    closing: Closing | None
    items: list[CheckItem] = field(default_factory=list)

    @property
    def blockers(self) -> list[str]:
        if self.closing is None:
            return []
        return [
            _("Cette promotion est déjà close depuis le %(date)s.")
            % {"date": formats.date_format(timezone.localtime(self.closing.closed_at), "j F Y")}
        ]

    @property
    def may_close(self) -> bool:
        return not self.blockers

    @property
    def warnings(self) -> list[CheckItem]:
        return [item for item in self.items if item.level == "warning"]


def closing_checklist(promotion: Promotion, now=None) -> Checklist:
    """What is left before closing the promotion (only what is left is listed)."""
    now = now or timezone.now()
    checklist = Checklist(closing=closing_of(promotion))
    if checklist.closing is not None:
        return checklist
    add = checklist.items.append
    statuses = dict.fromkeys((Fellow.Status.ONBOARDING, Fellow.Status.ACTIVE), 0)
    for status in Fellow.objects.filter(promotion=promotion, status__in=list(statuses)).values_list(
        "status", flat=True
    ):
        statuses[status] += 1
    if n := statuses[Fellow.Status.ONBOARDING]:
        add(
            CheckItem(
                "fellows_onboarding",
                ngettext(
                    "%(count)s entrepreneur·e n'a jamais pris son poste : la clôture ne change pas sa situation "
                    "(enregistrez son départ ou sa prise de poste avant).",
                    "%(count)s entrepreneur·es n'ont jamais pris leur poste : la clôture ne change pas leur "
                    "situation (enregistrez leur départ ou leur prise de poste avant).",
                    n,
                )
                % {"count": n},
                n,
            )
        )
    if n := statuses[Fellow.Status.ACTIVE]:
        add(
            CheckItem(
                "fellows_active",
                ngettext(
                    "%(count)s entrepreneur·e en poste : la clôture termine son programme.",
                    "%(count)s entrepreneur·es en poste : la clôture termine leur programme.",
                    n,
                )
                % {"count": n},
                n,
                level="info",
            )
        )
    team_ids = list(teams(promotion).values_list("pk", flat=True))
    decided = Handover.objects.filter(challenge_id__in=team_ids).exclude(outcome="").count()
    if n := len(team_ids) - decided:
        add(
            CheckItem(
                "handover_outcome",
                ngettext(
                    "%(count)s équipe n'a pas de devenir enregistré (poursuivi, repris ou arrêté).",
                    "%(count)s équipes n'ont pas de devenir enregistré (poursuivi, repris ou arrêté).",
                    n,
                )
                % {"count": n},
                n,
            )
        )
    if n := Deliverable.objects.filter(challenge__promotion=promotion, status=Deliverable.Status.PROPOSED).count():
        add(
            CheckItem(
                "deliverables_to_review",
                ngettext(
                    "%(count)s réalisation attend la relecture de l'équipe du programme.",
                    "%(count)s réalisations attendent la relecture de l'équipe du programme.",
                    n,
                )
                % {"count": n},
                n,
            )
        )
    last_day = end_date(promotion)
    today = timezone.localdate(now)
    if last_day is not None and last_day > today:
        n = (last_day - today).days
        add(
            CheckItem(
                "programme_not_over",
                ngettext(
                    "Le programme n'est pas terminé : son dernier jour est le %(date)s, dans %(count)s jour.",
                    "Le programme n'est pas terminé : son dernier jour est le %(date)s, dans %(count)s jours.",
                    n,
                )
                % {"date": formats.date_format(last_day, "j F Y"), "count": n},
                n,
            )
        )
    if not promotion.photo:
        add(CheckItem("photo_missing", _("La page des résultats n'a pas encore de photo de la promotion.")))
    return checklist


def _finish_day(promotion: Promotion, now) -> datetime.date:
    """The fellows' last day: the programme's, once it has come; else the day of the closing."""
    today = timezone.localdate(now)
    last_day = end_date(promotion)
    return last_day if last_day is not None and last_day <= today else today


def close_promotion(promotion: Promotion, *, by, now=None) -> Closing:
    """Close the promotion: its fellows in post finish, its challenges in progress end, its
    results page goes public, eig.alumni hears it. Refused (in French) once closed."""
    now = now or timezone.now()
    with transaction.atomic():
        # The promotion's row is the closing's lock: a double click closes once.
        promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
        existing = Closing.objects.filter(promotion=promotion).first()
        if existing is not None:
            raise DomainError(
                _("Cette promotion est déjà close depuis le %(date)s.")
                % {"date": formats.date_format(timezone.localtime(existing.closed_at), "j F Y")}
            )
        on = _finish_day(promotion, now)
        finished = [
            programme_fellows.finish(fellow, on=on, by=by)
            for fellow in Fellow.objects.filter(promotion=promotion, status=Fellow.Status.ACTIVE).order_by("pk")
        ]
        challenges = list(
            Challenge.objects.select_for_update().filter(promotion=promotion, status=Challenge.Status.IN_PROGRESS)
        )
        for challenge in challenges:
            challenge.status = Challenge.Status.FINISHED
            challenge.save(update_fields=["status", "updated_at"])
        closing = Closing.objects.create(promotion=promotion, closed_at=now, closed_by=by)
        log_activity(
            "promotion.closed",
            promotion,
            actor=by,
            fellows_finished=len(finished),
            challenges_finished=[c.pk for c in challenges],
            on=on.isoformat(),
        )
        promotion_closed.send(sender=Closing, closing=closing, by=by)
    return closing


def set_photo(promotion: Promotion, upload, *, alt_fr: str, alt_en: str, by) -> Promotion:
    """The promotion's photo on its results page: a PNG or JPEG (sniffed) of at most 5 Mo, with
    its alternative text in French and English (both required: the page is in both); logged."""
    alt_fr, alt_en = (alt_fr or "").strip(), (alt_en or "").strip()
    if not (alt_fr and alt_en):
        raise DomainError(_("Décrivez la photo en français et en anglais (texte alternatif)."))
    validate_upload(upload, allowed_types=IMAGES, max_bytes=PHOTO_MAX_BYTES)
    extension = extension_of(sanitize_name(upload.name))
    with transaction.atomic():
        promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
        previous = promotion.photo.name if promotion.photo else ""
        promotion.photo.save(f"{promotion.slug}.{extension}", upload, save=False)
        promotion.photo_alt_fr = alt_fr[:300]
        promotion.photo_alt_en = alt_en[:300]
        promotion.save(update_fields=["photo", "photo_alt_fr", "photo_alt_en", "updated_at"])
        log_activity("promotion.photo", promotion, actor=by, name=promotion.photo.name, replaced=previous)
        if previous and previous != promotion.photo.name:
            transaction.on_commit(lambda: default_storage.delete(previous))
    return promotion
