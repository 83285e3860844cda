"""The handover plan (« plan de pérennisation »): what continues after the ten months.

The plan is a dossier of the kit (eig.calls): the promotion's call of kind « handover »
(Call.Kind.HANDOVER, installed by `install_handover_form` with the programme's forms, its dates
following the promotion's « Dix mois du programme » step; it sends no receipt by email:
Call.sends_receipt). Each team has one `Handover` and one **shared** dossier (`shared=True`),
whoever of its fellows started it: every fellow of the team fills the same plan.

- It opens at mid-promotion (`mid_promotion`: the day halfway between Setup.start_date and
  Setup.end_date). `start_plan` refuses before that day, saying when it opens.
- Only the team's fellows start, fill and submit it (`start_plan`, `submit_plan`; the pages let
  mentors, host agents and staff read it).
- The host confirms it: a confirmed agent of the challenge's administration confirms the submitted
  version (`confirm`: `confirmed_version` is the dossier's version then).
- **The confirmation does not lock the plan.** The team may still change it: a resubmission that
  makes a new version clears the confirmation (`submit_plan`), and the host must confirm the new
  version again. A plan's answers changed but not submitted again leave the confirmed version as
  it is (readers read the submitted version; they are told a newer draft exists).
- At the end, staff record its outcome (`record_outcome`: continued by the administration, taken
  over by another structure — named —, stopped — with a reason —, the reason in French and
  English for the public challenge page). **Once an outcome is recorded the plan is locked**
  (`outcome_recorded_lock`, a lock of the kit): it stays readable, nothing in it changes.

Every change is logged with the verbs of verbs.py (handover.submitted, handover.confirmed,
handover.outcome; the form's installation: results.forms_installed).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.calls import services as dossier_services
from eig.calls.defaults import install_form
from eig.calls.display import answer_steps
from eig.calls.extensions import register_lock
from eig.calls.models import Call, Dossier, DossierVersion
from eig.calls.reading import submitted_answers
from eig.calls.states import DOSSIER
from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.programme.access import FELLOW_PART, HOST_PART, parts_in
from eig.programme.defaults import form_call, new_form_call, register_form
from eig.programme.fellows import setup_of
from eig.programme.models import Fellow, Setup
from eig.promotions.models import Phase, Promotion

from .models import Handover

KIND = Call.Kind.HANDOVER
TITLE = "Plan de pérennisation"
PREFIX = "PER"

# The plan's questions: keys are stable (the pages and exports read them), labels are staff's to edit.
HANDOVER_FORM = [
    (
        "reprise",
        "La reprise",
        [
            (
                "reprise",
                "long_text",
                "Qui reprend le produit après le programme : l'équipe, le service ou la structure qui le porte, "
                "et la personne qui en répond",
                {"max_length": 2000},
            ),
            (
                "budget",
                "long_text",
                "Le budget : montant, ligne budgétaire ou financement prévu, et pour combien de temps",
                {"max_length": 2000},
            ),
            (
                "recrutement",
                "long_text",
                "Les recrutements : qui est recruté ou prolongé, sur quels contrats",
                {"max_length": 2000},
            ),
        ],
    ),
    (
        "hebergement",
        "L'hébergement",
        [
            (
                "hebergement_code",
                "long_text",
                "L'hébergement du code : la forge et le propriétaire du dépôt",
                {"max_length": 1000},
            ),
            (
                "hebergement_donnees",
                "long_text",
                "L'hébergement des données : où, par qui, et qui en est responsable",
                {"max_length": 1000},
            ),
        ],
    ),
    (
        "risques",
        "Les risques",
        [
            ("risques", "long_text", "Les risques identifiés", {"max_length": 2000, "required": False}),
            ("commentaire", "long_text", "Un commentaire libre", {"max_length": 2000, "required": False}),
        ],
    ),
]

# The plan stays open this many days after the programme's last day (the team completes it, the
# host confirms it), like the programme's other forms.
CLOSES_AFTER_DAYS = 30


# --- The form ----------------------------------------------------------------------------------------


def _window(promotion: Promotion) -> tuple[datetime.datetime, datetime.datetime]:
    """Open from the programme's first day (`start_plan` waits for mid-promotion) to a month after it."""
    programme = Phase.objects.filter(promotion=promotion, kind=Phase.Kind.PROGRAMME).first()
    if programme is None:
        raise DomainError(
            _(
                "Ajoutez d'abord l'étape « Dix mois du programme » au calendrier de la promotion : "
                "le plan de pérennisation s'ouvre selon ses dates."
            )
        )
    ends = programme.ends_at or programme.starts_at + datetime.timedelta(days=310)
    return programme.starts_at, ends + datetime.timedelta(days=CLOSES_AFTER_DAYS)


def install_handover_form(promotion: Promotion, *, by=None) -> Call:
    """The promotion's handover form (created once, with its questions; an existing one, perhaps
    edited by staff since, is left as it is)."""
    existing = form_call(promotion, KIND)
    if existing is not None:
        return existing
    opens, closes = _window(promotion)
    with transaction.atomic():
        call = new_form_call(
            promotion,
            KIND,
            title=TITLE,
            prefix=PREFIX,
            slug=f"{promotion.slug}-{KIND}",
            opens_at=opens,
            closes_at=closes,
        )
        install_form(call, HANDOVER_FORM)
        log_activity("results.forms_installed", promotion, actor=by, call=call.slug)
    return call


# Installed with the programme's forms (the first accepted offer, the staff overview's button):
# eig.programme offers the registry, which names no app above it.
register_form(KIND, install_handover_form)


# --- When it opens, and where it stands ----------------------------------------------------------------


def mid_promotion(setup: Setup | None) -> datetime.date | None:
    """The day the plan opens: halfway between the programme's first and last days (None while undated)."""
    if setup is None or setup.start_date is None or setup.end_date is None:
        return None
    return setup.start_date + datetime.timedelta(days=(setup.end_date - setup.start_date).days // 2)


def opens_on(promotion: Promotion) -> datetime.date | None:
    return mid_promotion(setup_of(promotion))


def _day(date: datetime.date) -> str:
    return formats.date_format(date, "j F Y")


def is_confirmed(handover: Handover | None) -> bool:
    """The host confirmed the plan's latest submitted version."""
    dossier = handover.dossier if handover is not None else None
    return bool(
        dossier is not None
        and dossier.version
        and handover.confirmed_at is not None
        and handover.confirmed_version == dossier.version
    )


def is_submitted(handover: Handover | None) -> bool:
    dossier = handover.dossier if handover is not None else None
    return bool(dossier is not None and dossier.version and DOSSIER.is_in(dossier.status, "submitted"))


def awaits_confirmation(handover: Handover | None) -> bool:
    """Submitted, its latest version not confirmed yet, and no outcome recorded."""
    return is_submitted(handover) and not is_confirmed(handover) and not handover.outcome


class State:
    NOT_OPEN = "not_open"
    TO_START = "to_start"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"

    LABELS = {
        NOT_OPEN: gettext_lazy("Pas encore ouvert"),
        TO_START: gettext_lazy("À commencer"),
        DRAFT: gettext_lazy("En cours de rédaction"),
        SUBMITTED: gettext_lazy("Déposé, en attente de l'administration"),
        CONFIRMED: gettext_lazy("Confirmé par l'administration"),
    }
    # DSFR badge colours.
    BADGES = {NOT_OPEN: "new", TO_START: "new", DRAFT: "info", SUBMITTED: "warning", CONFIRMED: "success"}


@dataclass(frozen=True)
class Plan:
    """Where a team's plan stands: its state, with what the pages say of it."""

    handover: Handover | None
    opens: datetime.date | None
    state: str

    @property
    def label(self) -> str:
        return str(State.LABELS[self.state])

    @property
    def badge(self) -> str:
        return State.BADGES[self.state]

    @property
    def dossier(self) -> Dossier | None:
        return self.handover.dossier if self.handover is not None else None

    @property
    def outcome(self) -> str:
        return self.handover.outcome if self.handover is not None else ""

    @property
    def is_open(self) -> bool:
        return self.state != State.NOT_OPEN

    @property
    def awaits_confirmation(self) -> bool:
        return awaits_confirmation(self.handover)


def plan_of(handover: Handover | None, opens: datetime.date | None, today: datetime.date) -> Plan:
    """The plan's state from its row (its dossier read with it) and its opening day."""
    dossier = handover.dossier if handover is not None else None
    if dossier is None:
        state = State.TO_START if opens is not None and today >= opens else State.NOT_OPEN
    elif not dossier.version:
        state = State.DRAFT
    elif is_confirmed(handover):
        state = State.CONFIRMED
    else:
        state = State.SUBMITTED
    return Plan(handover, opens, state)


def read_plan(handover: Handover | None) -> dict:
    """The submitted plan as its readers see it (eig.calls.reading, then eig.calls.display): {"steps",
    "version", "newer_draft"}; empty before the first submit (the draft is the team's)."""
    dossier = handover.dossier if handover is not None else None
    if dossier is None or not dossier.version:
        return {"steps": [], "version": None, "newer_draft": False}
    questions = dossier_services.questions_of(dossier.call)
    read = submitted_answers(dossier, questions)
    return {
        "steps": answer_steps(read.questions, read.answers, read.files),  # worded as when submitted
        "version": read.version,
        "newer_draft": read.has_newer_draft,
    }


def handover_of(challenge: Challenge) -> Handover | None:
    return Handover.objects.filter(challenge=challenge).select_related("dossier__call", "confirmed_by").first()


# --- The team fills it ---------------------------------------------------------------------------------


def _refuse_unless_fellow(challenge: Challenge, by, message: str) -> None:
    if FELLOW_PART not in parts_in(by, challenge):
        raise DomainError(message)


def start_plan(challenge: Challenge, *, by, now=None) -> Handover:
    """The team's plan, started by one of its fellows from mid-promotion (one shared dossier per team;
    a second fellow finds the first one's)."""
    now = now or timezone.now()
    _refuse_unless_fellow(
        challenge, by, _("Seul·es les entrepreneur·es de l'équipe commencent son plan de pérennisation.")
    )
    existing = handover_of(challenge)
    if existing is not None and existing.dossier_id is not None:
        return existing
    if existing is not None and existing.outcome:
        raise DomainError(_("Le devenir du défi est déjà enregistré : son plan de pérennisation ne se remplit plus."))
    opens = opens_on(challenge.promotion)
    if opens is None:
        raise DomainError(
            _("Les dates du programme ne sont pas encore fixées : le plan de pérennisation s'ouvre à mi-parcours.")
        )
    if timezone.localdate(now) < opens:
        raise DomainError(
            _("Le plan de pérennisation s'ouvre à mi-parcours du programme, le %(date)s.") % {"date": _day(opens)}
        )
    # A promotion whose programme forms were installed before the plan existed gets it now.
    call = install_handover_form(challenge.promotion, by=by)
    with transaction.atomic():
        # The challenge's row lock: two fellows starting at once share one plan.
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        handover, _created = Handover.objects.select_for_update().get_or_create(challenge=challenge)
        if handover.dossier_id is None:
            handover.dossier = dossier_services.start_dossier(call, owner=by, now=now, shared=True)
            handover.save(update_fields=["dossier", "updated_at"])
    return handover_of(challenge)


def submit_plan(handover: Handover, *, by, now=None) -> DossierVersion:
    """The kit's submit, by a fellow of the team. A new version clears the host's confirmation: the
    host confirms the plan again (a submit that changes nothing returns the same version)."""
    now = now or timezone.now()
    _refuse_unless_fellow(
        handover.challenge, by, _("Seul·es les entrepreneur·es de l'équipe déposent son plan de pérennisation.")
    )
    if handover.dossier_id is None:
        raise DomainError(_("Le plan de pérennisation n'est pas encore commencé."))
    before = Dossier.objects.filter(pk=handover.dossier_id).values_list("version", flat=True).get()
    version = dossier_services.submit_dossier(handover.dossier, by=by, now=now)
    if version.number == before:
        return version  # the same content submitted again: nothing new to confirm
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        cleared = locked.confirmed_at is not None and locked.confirmed_version != version.number
        if cleared:
            locked.confirmed_by = None
            locked.confirmed_at = None
            locked.confirmed_version = None
            locked.save(update_fields=["confirmed_by", "confirmed_at", "confirmed_version", "updated_at"])
        log_activity(
            "handover.submitted",
            locked,
            actor=by,
            challenge=handover.challenge_id,
            version=version.number,
            confirmation_cleared=cleared,
        )
    handover.refresh_from_db()
    return version


# --- The host confirms it --------------------------------------------------------------------------------


def confirm(handover: Handover, *, by, now=None, version: int | None = None) -> Handover:
    """A confirmed agent of the team's administration confirms the submitted plan. `version`: the one
    the agent read (the page sends it); a plan submitted again since is refused, to be read first."""
    now = now or timezone.now()
    if HOST_PART not in parts_in(by, handover.challenge):
        raise DomainError(_("Seuls les agents confirmés de l'administration d'accueil confirment le plan."))
    with transaction.atomic():
        locked = Handover.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=handover.pk)
        if not is_submitted(locked):
            raise DomainError(_("L'équipe n'a pas encore déposé son plan : il n'y a rien à confirmer."))
        current = locked.dossier.version
        if version is not None and version != current:
            raise DomainError(
                _("L'équipe a déposé une nouvelle version du plan depuis : relisez-la avant de la confirmer.")
            )
        if is_confirmed(locked):
            return locked  # already confirmed (a double click): nothing changes
        locked.confirmed_by = by
        locked.confirmed_at = now
        locked.confirmed_version = current
        locked.save(update_fields=["confirmed_by", "confirmed_at", "confirmed_version", "updated_at"])
        log_activity("handover.confirmed", locked, actor=by, challenge=locked.challenge_id, version=current)
    return locked


# --- Staff record what became of it ---------------------------------------------------------------------


def handover_for(challenge: Challenge) -> Handover:
    """The team's row, or a new unsaved one (a team that wrote no plan): `record_outcome` saves it."""
    return handover_of(challenge) or Handover(challenge=challenge)


@dataclass(frozen=True)
class TeamPlan:
    challenge: Challenge
    plan: Plan


def _row(challenge: Challenge) -> Handover | None:
    try:
        return challenge.handover
    except Handover.DoesNotExist:
        return None


def promotion_plans(promotion: Promotion, today: datetime.date, opens: datetime.date | None) -> list[TeamPlan]:
    """Every team of the promotion (a challenge with fellows) and its plan, in one query whatever their
    number; `opens`: the plans' opening day (opens_on)."""
    teams = (
        Challenge.objects.filter(
            promotion=promotion, pk__in=Fellow.objects.filter(promotion=promotion).values("challenge_id")
        )
        .select_related("administration", "handover__dossier", "handover__confirmed_by")
        .order_by("title", "pk")
    )
    return [TeamPlan(challenge, plan_of(_row(challenge), opens, today)) for challenge in teams]


def record_outcome(
    handover: Handover, *, outcome: str, reason_fr: str = "", reason_en: str = "", taken_over_by: str = "", by, now=None
) -> Handover:
    """What became of the challenge after the programme, shown on its public page: continued by the
    administration, taken over by another structure (named), or stopped (with a reason). Recording
    it locks the plan (it stays readable); staff may record it again."""
    now = now or timezone.now()
    if not (by and getattr(by, "is_staff", False)):
        raise DomainError(_("Seule l'équipe du programme enregistre le devenir du défi."))
    if outcome not in Handover.Outcome.values:
        raise DomainError(_("Choisissez le devenir du défi : poursuivi, repris ou arrêté."))
    reason_fr, reason_en, taken_over_by = (
        (reason_fr or "").strip(),
        (reason_en or "").strip(),
        (taken_over_by or "").strip(),
    )
    if outcome == Handover.Outcome.STOPPED and not reason_fr:
        raise DomainError(_("Indiquez, en français, pourquoi le défi s'arrête : la raison est publiée sur sa page."))
    if outcome == Handover.Outcome.TAKEN_OVER and not taken_over_by:
        raise DomainError(_("Indiquez la structure qui reprend le produit."))
    if outcome != Handover.Outcome.TAKEN_OVER:
        taken_over_by = ""
    with transaction.atomic():
        # `handover` may be unsaved (a team that wrote no plan): its row is made here, once the outcome is valid.
        locked, _created = Handover.objects.select_for_update().get_or_create(challenge_id=handover.challenge_id)
        locked.outcome = outcome
        locked.outcome_reason_fr = reason_fr
        locked.outcome_reason_en = reason_en
        locked.taken_over_by = taken_over_by[:200]
        locked.outcome_by = by
        locked.outcome_at = now
        locked.save(
            update_fields=[
                "outcome",
                "outcome_reason_fr",
                "outcome_reason_en",
                "taken_over_by",
                "outcome_by",
                "outcome_at",
                "updated_at",
            ]
        )
        log_activity("handover.outcome", locked, actor=by, challenge=locked.challenge_id, outcome=outcome)
    return locked


OUTCOME_LOCK = gettext_lazy(
    "Le devenir du défi est enregistré : le plan de pérennisation reste consultable mais ne change plus."
)


@register_lock
def outcome_recorded_lock(dossier) -> str | None:
    """Once staff record the outcome, the plan it was judged on no longer changes."""
    if not dossier.shared:  # a plan is always a shared dossier: the others need no query
        return None
    outcome = Handover.objects.filter(dossier=dossier).values_list("outcome", flat=True).first()
    return str(OUTCOME_LOCK) if outcome else None
