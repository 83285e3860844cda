"""What the running promotion (programme.py) has left so far, for issue 16's demo: its mid-term
questionnaire, open for two more weeks, answered by some of its fellows, mentors and host agents but not
yet by the demo fellow, mentor and agent (their « Mon programme » lists it); and its first deliverables,
declared by the fellows: two published, three waiting for staff's review, one returned to the demo
fellow's team with a note.

Written through the services at their moments (finished.dated), once: while the promotion has no
survey (resp. no deliverable); later loads keep the rows and what people trying the demo did.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from eig.challenges.models import Challenge
from eig.programme.fellows import setup_of
from eig.programme.models import Fellow, Mentor
from eig.promotions.models import Promotion
from eig.results import deliverables, surveys
from eig.results.models import Deliverable, Participation, Response, Survey

from . import finished_data as story
from . import programme_data as running_story
from .finished import answer_survey, dated, declare
from .people import fictional_email
from .programme_calendar import DAY, WEEK, at

PARIS = ZoneInfo("Europe/Paris")


def build_running_results(promotion: Promotion, *, staff, now) -> dict:
    """The running promotion's mid-term questionnaire and first deliverables, written once."""
    setup = setup_of(promotion)
    today = now.astimezone(PARIS).date()
    if not Survey.objects.filter(promotion=promotion).exists():
        _mid_term_survey(promotion, staff=staff, now=now, today=today)
    if not Deliverable.objects.filter(challenge__promotion=promotion).exists():
        _running_deliverables(promotion, setup.start_date, staff=staff, now=now)
    survey = Survey.objects.filter(promotion=promotion, moment=Survey.Moment.MID_TERM).first()
    found = Deliverable.objects.filter(challenge__promotion=promotion)
    return {
        "mid_term_asked": Participation.objects.filter(survey=survey).count() if survey else 0,
        "mid_term_responses": Response.objects.filter(survey=survey).count() if survey else 0,
        "deliverables_running": found.filter(status=Deliverable.Status.PUBLISHED).count(),
        "deliverables_to_review": found.filter(status=Deliverable.Status.PROPOSED).count(),
        "deliverables_returned": found.filter(status=Deliverable.Status.RETURNED).count(),
    }


def _mid_term_survey(promotion, *, staff, now, today):
    opens = at(today - story.MID_TERM_OPENED_DAYS_AGO * DAY, 9)
    closes = at(today + story.MID_TERM_CLOSES_IN_DAYS * DAY, 18)
    with dated(opens - datetime.timedelta(hours=1), Survey):
        survey = surveys.create_survey(
            promotion,
            moment=Survey.Moment.MID_TERM,
            audiences=[Survey.Audience.FELLOWS, Survey.Audience.MENTORS, Survey.Audience.HOSTS],
            anonymous=True,
            opens_at=opens,
            closes_at=closes,
            reminder_days=[7, 2],
            by=staff,
        )
    names = {item.key: item for item in running_story.FELLOWS}
    hosts = {item.challenge: item for item in running_story.HOST_AGENTS}
    users = get_user_model().objects
    people = [users.get(email=fictional_email(names[key].first, names[key].last)) for key in story.MID_TERM_FELLOWS]
    people += [
        Mentor.objects.get(challenge__promotion=promotion, challenge__slug=slug, kind=kind).user
        for slug, kind in story.MID_TERM_MENTORS
    ]
    people += [users.get(email=fictional_email(hosts[slug].first, hosts[slug].last)) for slug in story.MID_TERM_HOSTS]
    for index, user in enumerate(people):
        moment = min(opens + index * datetime.timedelta(hours=11), now - datetime.timedelta(hours=1))
        answer_survey(survey, user, index + 3, moment)


def _running_deliverables(promotion, start: datetime.date, *, staff, now):
    challenges = {c.slug: c for c in Challenge.objects.filter(promotion=promotion)}

    def moment(week, weekday, hour):
        return min(at(start + (week - 1) * WEEK + weekday * DAY, hour), now)

    for item in story.RUNNING_DELIVERABLES:
        challenge, given = challenges[item.challenge], item.data
        fellow = Fellow.objects.filter(challenge=challenge).order_by("pk").first()
        declared = moment(given.week, 0, 11)
        with dated(declared, Deliverable):
            deliverable = declare(challenge, given, by=fellow.user)
        reviewed = moment(given.week, 2, 15)
        if item.state == "published":
            with dated(reviewed):
                deliverables.publish(deliverable, by=staff, now=reviewed)
        elif item.state == "returned":
            with dated(reviewed):
                deliverables.return_to_team(deliverable, item.note, by=staff)
