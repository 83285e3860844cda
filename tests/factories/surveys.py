"""Surveys of programme_world()'s promotion (tests/results, the survey pages, the permission matrix).

survey_of(world)            a mid-term survey open since yesterday for two weeks, asking
                            fellows, mentors and hosts (Ada, Bob, Cléo; Olga, Hugo, Paul;
                            Agnès, Bruno), anonymous unless `anonymous=False`
answer(survey, user, …)     the person starts, fills every question and submits (a Response)
responses(survey, audience, [answers…])
                            Response rows written directly (aggregates need groups of 5 and
                            more, the world has 3 fellows)
"""

import datetime

from django.utils import timezone

from eig.calls import services as dossier_services
from eig.calls.models import Question
from eig.results import surveys
from eig.results.models import Response, Survey

EVERYONE = (Survey.Audience.FELLOWS, Survey.Audience.MENTORS, Survey.Audience.HOSTS)

# A complete answer to the default mid-term questionnaire (eig.results.surveys.MID_TERM_FORM).
MID_TERM_ANSWERS = {
    "satisfaction": "4",
    "recommandation": 8,
    "mentorat": "beaucoup",
    "rythme": "bien",
    "objectifs_atteignables": True,
    "mieux_marche": "Les sessions collectives",
    "a_changer": "Plus de temps avec les mentors",
}


def survey_of(
    world,
    *,
    moment=Survey.Moment.MID_TERM,
    audiences=EVERYONE,
    anonymous=True,
    opens_at=None,
    closes_at=None,
    reminder_days=(7, 2),
) -> Survey:
    now = world.now
    return surveys.create_survey(
        world.promotion,
        moment=moment,
        audiences=list(audiences),
        anonymous=anonymous,
        opens_at=opens_at or now - datetime.timedelta(days=1),
        closes_at=closes_at or now + datetime.timedelta(days=14),
        reminder_days=list(reminder_days),
        by=world.staff,
    )


def value_for(question: Question):
    """A valid answer to any question a staff member may add (the defaults have their own)."""
    kind = question.kind
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        first = str(question.choices[0][0])
        return [first] if kind == Question.Kind.MULTIPLE_CHOICE else first
    if kind in (Question.Kind.YES_NO, Question.Kind.DECLARATION):
        return True
    if kind == Question.Kind.NUMBER:
        return question.min_value or 0
    if kind == Question.Kind.DATE:
        return "2027-01-04"
    return "Une réponse"


def fill(dossier, *, by, now=None, **answers) -> dict:
    """Save a complete answer (MID_TERM_ANSWERS, then `answers`) step by step; returns the errors."""
    wanted = MID_TERM_ANSWERS | answers
    errors = {}
    for step in dossier.call.steps.order_by("order"):
        data = {
            q.key: wanted.get(q.key, value_for(q))
            for q in step.questions.all()
            if q.kind != Question.Kind.FILE and (q.required or q.key in wanted)
        }
        if data:
            errors |= dossier_services.save_step(dossier, step, data, by=by, now=now)
    return errors


def answer(survey: Survey, user, *, now=None, **answers) -> Response:
    """The person answers the survey: start, fill every question, submit."""
    now = now or timezone.now()
    dossier = surveys.start_response(survey, user, now=now)
    errors = fill(dossier, by=user, now=now, **answers)
    if errors:
        raise AssertionError(errors)
    return surveys.submit_response(dossier, by=user, now=now)


def responses(survey: Survey, audience: str, answers: list[dict], *, on=None) -> list[Response]:
    on = on or timezone.localdate()
    return Response.objects.bulk_create(
        [Response(survey=survey, audience=audience, answers=a, submitted_on=on) for a in answers]
    )
