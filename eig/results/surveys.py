"""Surveys: the promotion's mid-term and end-of-promotion questionnaires (issue 16, point 4).

A survey is a call of the kit (Call.Kind.SURVEY: its steps and questions, installed by default
here by moment, then edited by staff like any call's) asked of some of the promotion's people:

- `fellows`: the fellows of the promotion, except those who left early (a fellow who finished the
  programme is exactly who an end-of-promotion questionnaire asks);
- `mentors`: the mentors of its teams;
- `hosts`: the confirmed agents of the administrations hosting its teams.

A person in several audiences is asked once, in the first of fellows, mentors, hosts. Who was
asked is a `Participation`, made when the survey is created; `answered_on` (a day) once they
answered: a person answers once.

A person fills their answers as a draft dossier of the kit (`start_response`, one per person),
with the kit's pages and autosave; `submit_response` checks it as the kit's submit does, then
writes a `Response` (the answers by question key, the audience, the day). Then:

- a **named** survey keeps the dossier, submitted by the kit (its version, its log), and
  `Response.dossier` points at it;
- an **anonymous** survey keeps nothing that ties the answers to the person: the draft dossier,
  its answers, its files and every activity-log entry about them are deleted in the same
  transaction, the response has a random key and a day (no instant), no link to the dossier, and
  the log records that « someone » answered (no actor). Only the Participation says the person
  answered, on which day — never what.

Reminders (`remind`, run daily by `manage.py remind_surveys`): for each of the survey's
`reminder_days` before its closing, one email to each person asked who has not answered, each once
(the outbox's key, and `Participation.reminders_sent`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.calls import services as dossier_services
from eig.calls.answers import is_answered
from eig.calls.defaults import install_form
from eig.calls.extensions import register_lock
from eig.calls.models import Call, Dossier, Question
from eig.calls.personal_data import file_ids_of
from eig.calls.states import DOSSIER
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.files.personal_data import delete_files
from eig.notifications.models import OutboxMessage
from eig.notifications.services import queue_notification
from eig.programme.defaults import new_form_call
from eig.programme.models import Fellow, Mentor
from eig.promotions.models import Promotion
from eig.proposals.models import Agent

from .models import Participation, Response, Survey
from .survey_results import percent

Audience = Survey.Audience
Moment = Survey.Moment

# The order in which a person in several audiences is placed (they are asked once).
AUDIENCE_ORDER = [Audience.FELLOWS, Audience.MENTORS, Audience.HOSTS]

# --- The default questionnaires -------------------------------------------------------------------

SATISFACTION = [
    ["1", "1 — Pas du tout satisfait·e"],
    ["2", "2 — Peu satisfait·e"],
    ["3", "3 — Moyennement satisfait·e"],
    ["4", "4 — Satisfait·e"],
    ["5", "5 — Très satisfait·e"],
]
MENTORING = [["beaucoup", "Oui, beaucoup"], ["un_peu", "Un peu"], ["pas_du_tout", "Pas du tout"]]
RHYTHM = [["trop", "Trop fréquents"], ["bien", "Comme il faut"], ["pas_assez", "Pas assez fréquents"]]
REACHED = [["tous", "Tous"], ["en_partie", "En partie"], ["aucun", "Aucun"]]

_COMMON = [
    (
        "satisfaction",
        "single_choice",
        "Dans l'ensemble, êtes-vous satisfait·e du programme ?",
        {"choices": SATISFACTION},
    ),
    (
        "recommandation",
        "number",
        "Recommanderiez-vous le programme ? (de 0 : pas du tout, à 10 : sans hésiter)",
        {"min_value": 0, "max_value": 10},
    ),
    (
        "mentorat",
        "single_choice",
        "Le mentorat vous a-t-il aidé ?",
        {"choices": MENTORING, "help_text": "Mentors et administrations : a-t-il aidé l'équipe ?"},
    ),
]
_WORDS = (
    "mots",
    "En quelques mots",
    [
        ("mieux_marche", "long_text", "Ce qui a le mieux marché", {"max_length": 2000}),
        ("a_changer", "long_text", "Ce qu'il faudrait changer", {"max_length": 2000}),
        (
            "autre",
            "long_text",
            "Autre chose à dire à l'équipe du programme ? (facultatif)",
            {"max_length": 2000, "required": False},
        ),
    ],
)

MID_TERM_FORM = [
    (
        "programme",
        "Le programme à mi-parcours",
        [
            *_COMMON,
            (
                "rythme",
                "single_choice",
                "Les temps collectifs (sessions, séminaires) sont-ils…",
                {"choices": RHYTHM},
            ),
            (
                "objectifs_atteignables",
                "yes_no",
                "Les objectifs de l'équipe vous semblent-ils atteignables d'ici la fin du programme ?",
                {},
            ),
        ],
    ),
    _WORDS,
]

END_FORM = [
    (
        "programme",
        "Le programme, au terme des dix mois",
        [
            *_COMMON,
            (
                "objectifs_atteints",
                "single_choice",
                "Les objectifs de l'équipe ont-ils été atteints ?",
                {"choices": REACHED},
            ),
            ("attentes", "yes_no", "Le programme a-t-il répondu à vos attentes ?", {}),
            ("poursuite", "yes_no", "Le projet se poursuit-il après le programme ?", {}),
        ],
    ),
    _WORDS,
]

# moment -> (title, dossier number prefix, form)
FORMS = {
    Moment.MID_TERM: ("Questionnaire à mi-parcours", "QMP", MID_TERM_FORM),
    Moment.END: ("Questionnaire de fin de promotion", "QFP", END_FORM),
}


# --- Creating a survey ----------------------------------------------------------------------------


def _clean_audiences(audiences) -> list[str]:
    chosen = {str(a) for a in audiences or []}
    if not chosen or not chosen <= set(Audience.values):
        raise DomainError(_("Choisissez au moins un public : entrepreneur·es, mentors ou administrations d'accueil."))
    return [a.value for a in AUDIENCE_ORDER if a.value in chosen]


def _clean_reminder_days(days, opens_at, closes_at) -> list[int]:
    try:
        cleaned = sorted({int(d) for d in days or []}, reverse=True)
    except (TypeError, ValueError):
        raise DomainError(_("Les rappels se donnent en nombres de jours avant la clôture.")) from None
    span = (closes_at - opens_at).days
    if any(d < 1 or d >= max(span, 1) for d in cleaned):
        raise DomainError(
            _("Un rappel part entre l'ouverture et la clôture : de 1 à %(max)d jours avant la clôture.")
            % {"max": max(span - 1, 1)}
        )
    return cleaned


def people_asked(promotion: Promotion, audiences) -> dict[int, str]:
    """{user id: audience} of the people a survey of these audiences asks (three queries at most)."""
    asked: dict[int, str] = {}
    teams = Fellow.objects.filter(promotion=promotion).values("challenge_id")
    for audience in _clean_audiences(audiences):
        if audience == Audience.FELLOWS:
            users = Fellow.objects.filter(promotion=promotion).exclude(status=Fellow.Status.LEFT)
        elif audience == Audience.MENTORS:
            users = Mentor.objects.filter(challenge_id__in=teams)
        else:
            administrations = Fellow.objects.filter(promotion=promotion).values("challenge__administration_id")
            users = Agent.objects.filter(confirmed=True, administration_id__in=administrations)
        for user_id in users.order_by("user_id").values_list("user_id", flat=True):
            asked.setdefault(user_id, audience)
    return asked


def _slug(promotion: Promotion, moment: str) -> str:
    base = f"{promotion.slug}-questionnaire-{moment.replace('_', '-')}"
    taken = set(Call.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def create_survey(
    promotion: Promotion, *, moment, audiences, anonymous: bool, opens_at, closes_at, reminder_days=(), by=None
) -> Survey:
    """A new questionnaire of the promotion: its call with the moment's default questions, and the
    people it asks (fellows, mentors, host agents, by audience)."""
    if moment not in Moment.values:
        raise DomainError(_("Choisissez le moment du questionnaire : à mi-parcours ou en fin de promotion."))
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise DomainError(_("La clôture du questionnaire doit suivre son ouverture."))
    audiences = _clean_audiences(audiences)
    days = _clean_reminder_days(reminder_days, opens_at, closes_at)
    title, prefix, form = FORMS[Moment(moment)]
    with transaction.atomic():
        call = new_form_call(
            promotion,
            Call.Kind.SURVEY,
            title=title,
            prefix=prefix,
            slug=_slug(promotion, moment),
            opens_at=opens_at,
            closes_at=closes_at,
        )
        install_form(call, form)
        survey = Survey.objects.create(
            promotion=promotion,
            call=call,
            moment=moment,
            audiences=audiences,
            anonymous=bool(anonymous),
            reminder_days=days,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        asked = people_asked(promotion, audiences)
        Participation.objects.bulk_create(
            [Participation(survey=survey, user_id=user_id, audience=audience) for user_id, audience in asked.items()]
        )
        log_activity(
            "survey.created",
            survey,
            actor=by,
            moment=moment,
            audiences=audiences,
            anonymous=survey.anonymous,
            asked=len(asked),
        )
    return survey


# --- Answering ------------------------------------------------------------------------------------


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(date)s à %(time)s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H:%M"),
    }


def refuse_outside_dates(survey: Survey, now) -> None:
    call = survey.call
    if now < call.opens_at:
        raise DomainError(_("Ce questionnaire ouvre le %(when)s.") % {"when": _when(call.opens_at)})
    if now >= call.closes_at:
        raise DomainError(
            _("Ce questionnaire est clos depuis le %(when)s : il ne reçoit plus de réponses.")
            % {"when": _when(call.closes_at)}
        )


def participation_of(survey: Survey, user) -> Participation | None:
    if not (user and user.is_authenticated):
        return None
    return Participation.objects.filter(survey=survey, user=user).first()


def _answered_message(participation: Participation) -> str:
    return _("Vous avez répondu à ce questionnaire le %(date)s : on n'y répond qu'une fois.") % {
        "date": formats.date_format(participation.answered_on, "j F Y")
    }


def start_response(survey: Survey, user, now=None) -> Dossier:
    """The person's draft of their answers (a dossier of the kit, one per person), started on their
    first visit while the survey is open; refused to whoever it does not ask or who has answered."""
    now = now or timezone.now()
    participation = participation_of(survey, user)
    if participation is None:
        raise DomainError(_("Ce questionnaire ne vous est pas adressé."))
    if participation.answered_on is not None:
        raise DomainError(_answered_message(participation))
    existing = Dossier.objects.filter(call_id=survey.call_id, owner=user, shared=False, period="").first()
    if existing is not None:
        return existing
    refuse_outside_dates(survey, now)
    return dossier_services.start_dossier(survey.call, owner=user, now=now)


def _kept_answers(questions, answers: dict) -> dict:
    """The answers a Response keeps: every question answered but files (a file is its owner's)."""
    return {
        q.key: answers.get(q.key)
        for q in questions
        if q.kind != Question.Kind.FILE and is_answered(q, answers.get(q.key))
    }


def _erase_draft(dossier: Dossier) -> None:
    """Delete an anonymous survey's draft with everything that named its author: its answers, its
    versions (none: it was never submitted by the kit), its files and the log entries about them."""
    files = list(StoredFile.objects.filter(owner_id=dossier.owner_id, public_id__in=list(file_ids_of(dossier))))
    ActivityLog.objects.filter(
        target_type=StoredFile._meta.label_lower, target_id__in=[str(f.pk) for f in files]
    ).delete()
    delete_files(files)
    ActivityLog.objects.filter(target_type=Dossier._meta.label_lower, target_id=str(dossier.pk)).delete()
    dossier.delete()  # its answers and versions cascade


def survey_of(dossier: Dossier) -> Survey:
    return Survey.objects.select_related("call").get(call_id=dossier.call_id)


def submit_response(dossier: Dossier, *, by, now=None) -> Response:
    """Submit the person's answers once: checked as the kit checks a dossier, then recorded as a
    Response; an anonymous survey's draft is erased with every trace that names its author."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    survey = survey_of(dossier)
    if by is None or by.pk != dossier.owner_id:
        raise DomainError(_("Seule la personne interrogée dépose ses réponses."))
    refuse_outside_dates(survey, now)
    with transaction.atomic():
        # The participation's row lock: two submits at once give one response.
        participation = Participation.objects.select_for_update().filter(survey=survey, user_id=by.pk).first()
        if participation is None:
            raise DomainError(_("Ce questionnaire ne vous est pas adressé."))
        if participation.answered_on is not None:
            raise DomainError(_answered_message(participation))
        if survey.anonymous:
            response = _submit_anonymous(survey, dossier, participation, today)
        else:
            version = dossier_services.submit_dossier(dossier, by=by, now=now)
            questions = dossier_services.questions_of(survey.call)
            answers = (version.content or {}).get("answers") or {}
            response = Response.objects.create(
                survey=survey,
                audience=participation.audience,
                answers=_kept_answers(questions, answers),
                submitted_on=today,
                dossier_id=dossier.pk,
            )
            log_activity("survey.answered", survey, actor=by, dossier=dossier.number, audience=participation.audience)
        participation.answered_on = today
        participation.save(update_fields=["answered_on"])
    return response


def _submit_anonymous(survey: Survey, dossier: Dossier, participation: Participation, today) -> Response:
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("call").get(pk=dossier.pk)
    if not DOSSIER.is_in(dossier.status, "editable"):
        raise DomainError(_("Ce questionnaire a été retiré : il ne peut plus être déposé."))
    questions, answers = dossier_services.questions_of(dossier.call), dossier_services.answers_of(dossier)
    missing = dossier_services.missing_for(dossier, questions, answers)
    if missing:
        # The kit's own words for an incomplete dossier (eig.calls.services.submit_dossier).
        raise DomainError(_("Le dossier est incomplet. Il manque : %(items)s.") % {"items": " ; ".join(missing)})
    response = Response.objects.create(
        survey=survey, audience=participation.audience, answers=_kept_answers(questions, answers), submitted_on=today
    )
    _erase_draft(dossier)
    # « Someone of this audience answered »: no actor, no dossier, no response key.
    log_activity("survey.answered", survey, audience=participation.audience, anonymous=True)
    return response


@register_lock
def answered_survey_lock(dossier) -> str | None:
    """A named survey's answers, once submitted, no longer change (a person answers once)."""
    if dossier.status != Dossier.Status.SUBMITTED or dossier.call.kind != Call.Kind.SURVEY:
        return None
    return _("Vous avez répondu à ce questionnaire : vos réponses ne changent plus.")


# --- Response rates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    audience: str
    label: str
    asked: int
    answered: int

    @property
    def percent(self) -> int:
        return percent(self.answered, self.asked)


def rates(surveys) -> dict[int, list[Rate]]:
    """{survey id: [Rate per audience asked, then the whole]} in one query whatever their number."""
    surveys = list(surveys)
    counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    rows = (
        Participation.objects.filter(survey__in=[s.pk for s in surveys])
        .values("survey_id", "audience")
        .annotate(asked=Count("id"), answered=Count("answered_on"))
        .order_by()
    )
    for row in rows:
        counts[row["survey_id"]][row["audience"]] = (row["asked"], row["answered"])
    found = {}
    for survey in surveys:
        by_audience = counts[survey.pk]
        lines = [
            Rate(a, str(Audience(a).label), *by_audience.get(a, (0, 0)))
            for a in survey.audiences
            if a in Audience.values
        ]
        lines.append(Rate("all", _("Ensemble"), sum(r.asked for r in lines), sum(r.answered for r in lines)))
        found[survey.pk] = lines
    return found


# --- Reminders ------------------------------------------------------------------------------------


def due_day(survey: Survey, today: datetime.date) -> int | None:
    """The reminder of the day: the nearest reminder day whose date has come, while the survey is
    open (a reminder day missed is not sent late beside a nearer one)."""
    opens, closes = timezone.localdate(survey.call.opens_at), timezone.localdate(survey.call.closes_at)
    if today < opens or today >= closes:
        return None
    due = [int(d) for d in survey.reminder_days or [] if closes - datetime.timedelta(days=int(d)) <= today]
    return min(due) if due else None


def reminder_key(survey: Survey, user_id: int, day: int) -> str:
    return f"survey-reminder:{survey.pk}:{user_id}:{day}"


def remind(now=None) -> int:
    """Today's survey reminders: one email per reminder day to each person asked who has not
    answered, each once. Returns the number of emails queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    open_surveys = Survey.objects.filter(call__opens_at__lte=now, call__closes_at__gt=now)
    for survey in open_surveys.select_related("call").order_by("pk"):
        day = due_day(survey, today) if survey.reminder_days else None
        if day is None:
            continue
        waiting = [
            p
            for p in Participation.objects.filter(survey=survey, answered_on__isnull=True).select_related("user")
            if day not in (p.reminders_sent or [])
        ]
        keys = {reminder_key(survey, p.user_id, day): p for p in waiting}
        already = set(OutboxMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))
        new = [(key, p) for key, p in keys.items() if key not in already]
        if not new:
            continue
        url = settings.SITE_URL.rstrip("/") + reverse("programme:surveys")
        closes = timezone.localtime(survey.call.closes_at)
        with transaction.atomic():
            for key, participation in new:
                user = participation.user
                queue_notification(
                    "survey_reminder",
                    to=user.email,
                    key=key,
                    context={
                        "name": user.get_full_name() or user.email,
                        "title": survey.call.title,
                        "closes_on": formats.date_format(closes, "j F Y"),
                        "anonymous": survey.anonymous,
                        "url": url,
                    },
                )
                participation.reminders_sent = [*(participation.reminders_sent or []), day]
            Participation.objects.bulk_update([p for _key, p in new], ["reminders_sent"])
            log_activity("survey.reminded", survey, day=day, recipients=len(new))
        sent += len(new)
    return sent
