"""The finished promotion (current number − 3): its results page, handover outcomes and alumni (issue 16).

The finished promotion's ten months ended a few weeks before the first load (its programme started
`WEEKS_SINCE_START` weeks before that week) and staff closed it two weeks after its last day. Four
teams (finished_data.py): ten fellows with accounts — the demo reviewer account is one of them, so
the demo shows an alumna reviewing dossiers —, two mentors and a host agent per team; and, written
through the services at their moments (programme_calendar.dated, extended below to the results'
rows), what the promotion leaves behind:

- objectives with their measures (all reached but one); deliverables declared by the fellows and
  published by staff (repositories with their licence, datasets, products in service with their
  users, publications, demo day videos): the key figures compute themselves; one sourced figure
  added by staff;
- the handover plans, started at mid-promotion, submitted by the fellows and confirmed by the host
  agents; their outcomes recorded after the last day: two continued, one taken over by another
  structure, one stopped with its reason (French and English);
- the anonymous end-of-promotion questionnaire, asked of fellows, mentors and host agents: eight
  fellows and six mentors answered (their groups show), three hosts (their group stays hidden);
- the public demo day and its programme, the promotion's photo (drawn here with Pillow);
- the closing: the fellows finish, the challenges end, eig.alumni makes the alumni (hooks.py); each
  alumnus fills a public profile (two not public), six consent to the directory; one story
  published in the news with its image, one waiting for staff; the demo reviewer has a pending
  invitation to sit on the current call's jury, another alumnus declined one to review.

Its helpers (`dated`, `picture`, `answer_survey`, `declare`) serve the running promotion's results too
(running_results.py: its mid-term questionnaire and first deliverables).

Idempotent like the rest of the demo: the story is written once, while the promotion is not closed;
later loads keep its rows, and its calendar where the story put it.
"""

import datetime
import io
import math
from collections import Counter
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Max
from django.utils import translation
from PIL import Image, ImageDraw

from eig.accounts.models import Role
from eig.alumni import services as alumni_services
from eig.alumni.models import Alumnus, Invitation
from eig.calls import services as dossier_services
from eig.calls.models import Answer, Dossier
from eig.challenges.models import Challenge, Profile
from eig.community.models import Person
from eig.content import stories
from eig.content.models import Story, Tag
from eig.core.models import TimeStampedModel
from eig.files.services import scan_stored_file
from eig.juries.models import Jury
from eig.programme import events as event_services
from eig.programme.fellows import confirm_start, setup_of
from eig.programme.models import Event, Fellow, Measure
from eig.programme.weeks import week_of
from eig.promotions.models import Promotion
from eig.results import deliverables, handover, key_figures, surveys
from eig.results.closing import close_promotion, set_photo
from eig.results.demo_day import Slot, save_agenda
from eig.results.models import Closing, Deliverable, Handover, Participation, Response, Survey
from eig.reviews.models import Grid

from . import data, people
from . import finished_data as story
from .programme_calendar import DAY, WEEK, at
from .programme_calendar import dated as calendar_dated

PARIS = ZoneInfo("Europe/Paris")
Audience = Event.Audience
# The rows programme_calendar.dated knows how to date; the results' own rows are TimeStampedModels.
CALENDAR_MODELS = {Dossier, Answer, Fellow, Measure}


@contextmanager
def dated(moment: datetime.datetime, *models):
    """programme_calendar.dated, and the creation stamps of the TimeStampedModel rows of `models`."""
    stamped = [m for m in models if m not in CALENDAR_MODELS and issubclass(m, TimeStampedModel)]
    marks = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in stamped}
    with calendar_dated(moment, *[m for m in models if m in CALENDAR_MODELS]):
        yield
    for model in stamped:
        model.objects.filter(pk__gt=marks[model]).update(created_at=moment, updated_at=moment)


def picture(width: int, height: int, *, seed: int) -> bytes:
    """A small PNG drawn in code: a stage and a crowd of coloured figures (no photo of anyone)."""
    palette = [(0, 0, 145), (225, 0, 15), (0, 99, 203), (24, 117, 60), (198, 101, 0), (106, 106, 244)]
    skins = [(255, 219, 172), (241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36)]
    image = Image.new("RGB", (width, height), (245, 245, 254))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.62), width, height], fill=(221, 221, 221))
    draw.rectangle([int(width * 0.1), int(height * 0.08), int(width * 0.9), int(height * 0.4)], fill=(0, 0, 145))
    draw.rectangle([int(width * 0.12), int(height * 0.11), int(width * 0.88), int(height * 0.37)], fill=(227, 227, 253))
    for row, top in enumerate((0.5, 0.64)):
        count = 9 + row
        for i in range(count):
            x = int(width * (i + 0.5 + 0.25 * row) / (count + 0.5))
            y = int(height * top + 6 * math.sin(i + seed))
            radius = max(6, width // 48)
            colour = palette[(i * 5 + row + seed) % len(palette)]
            skin = skins[(i * 3 + row * 2 + seed) % len(skins)]
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=skin)
            draw.rounded_rectangle([x - 2 * radius, y + radius, x + 2 * radius, y + 5 * radius], 8, fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _answers(questions, index: int, *, continues: bool = True) -> dict:
    """Deterministic answers to a questionnaire's questions, by key (the default forms') or by kind."""
    by_key = {
        "satisfaction": story.SATISFACTION[index % len(story.SATISFACTION)],
        "recommandation": story.RECOMMENDATION[index % len(story.RECOMMENDATION)],
        "mentorat": story.MENTORING[index % len(story.MENTORING)],
        "objectifs_atteints": story.REACHED[index % len(story.REACHED)],
        "poursuite": continues,
        "mieux_marche": story.BEST[index % len(story.BEST)],
        "a_changer": story.TO_CHANGE[index % len(story.TO_CHANGE)],
    }
    values = {}
    for question in questions:
        if question.key in by_key:
            values[question.key] = by_key[question.key]
        elif question.kind == "single_choice" and question.choices:
            values[question.key] = question.choices[index % len(question.choices)][0]
        elif question.kind == "number":
            low = question.min_value or 0
            high = question.max_value if question.max_value is not None else low + 10
            values[question.key] = low + (index * 7 + 5) % (high - low + 1)
        elif question.kind == "yes_no":
            values[question.key] = index % 4 != 3
        elif question.required and question.kind in ("long_text", "short_text"):
            values[question.key] = story.BEST[(index + 2) % len(story.BEST)]
    return values


def answer_survey(survey: Survey, user, index: int, moment, **kwargs) -> Response:
    """The person answers the questionnaire through the kit, as its pages would, at `moment`."""
    with dated(moment, Dossier, Answer):
        dossier = surveys.start_response(survey, user, now=moment)
        values = _answers(dossier_services.questions_of(survey.call), index, **kwargs)
        for step in survey.call.steps.order_by("order").prefetch_related("questions"):
            given = {q.key: values[q.key] for q in step.questions.all() if q.key in values}
            dossier_services.save_step(dossier, step, given, by=user, now=moment)
        return surveys.submit_response(dossier, by=user, now=moment)


def declare(challenge, item: story.DeliverableData, *, by) -> Deliverable:
    """The team declares the deliverable (finished_data.DeliverableData), as its page would."""
    return deliverables.propose(
        challenge,
        kind=item.kind,
        title_fr=item.title,
        title_en=item.title_en,
        description_fr=item.description,
        description_en=item.description_en,
        url=item.url,
        licence=item.licence,
        users=item.users,
        by=by,
    )


class FinishedBuilder:
    def __init__(self, *, programme, now):
        self.programme = programme
        self.now = now
        self.today = now.astimezone(PARIS).date()

    def build_promotion(self) -> Promotion:
        promotion = people.programme_promotion(
            self.programme,
            data.CURRENT_PROMOTION_NUMBER - 3,
            year=self.today.year - 3,  # years follow the numbers, as the other promotions' do
            description_fr=story.FINISHED_PROMOTION_DESCRIPTION,
            description_en=story.FINISHED_PROMOTION_DESCRIPTION_EN,
        )
        self.closed = Closing.objects.filter(promotion=promotion).exists()
        # Once the story is written (the promotion closed) its weeks are dated: the phase stays put.
        people.programme_phase(promotion, None if self.closed else week_of(self.today) - story.WEEKS_SINCE_START * WEEK)
        self.promotion = promotion
        return promotion

    def challenge_status(self) -> str:
        """In progress until the story closes the promotion (close_promotion ends them), then finished."""
        return Challenge.Status.FINISHED if self.closed else Challenge.Status.IN_PROGRESS

    def build(self, challenges, *, staff, reviewer, call) -> dict:
        """Write the story once; return what the promotion holds (the demo's summary)."""
        if not self.closed:
            _Story(self, {c.slug: c for c in challenges}, staff=staff, reviewer=reviewer, call=call).write()
        return self.counts(challenges)

    def counts(self, challenges) -> dict:
        promotion = self.promotion
        alumni = Alumnus.objects.filter(promotion=promotion)
        outcomes = Counter(
            Handover.objects.filter(challenge__promotion=promotion)
            .exclude(outcome="")
            .values_list("outcome", flat=True)
        )
        survey = Survey.objects.filter(promotion=promotion, moment=Survey.Moment.END).first()
        return {
            "challenges_finished": len(challenges),
            "teams_finished": Fellow.objects.filter(promotion=promotion).values("challenge").distinct().count(),
            "alumni": alumni.count(),
            "alumni_listed": alumni.filter(listed=True).count(),
            "deliverables_finished": Deliverable.objects.filter(
                challenge__promotion=promotion, status=Deliverable.Status.PUBLISHED
            ).count(),
            "outcomes_continued": outcomes[Handover.Outcome.CONTINUED],
            "outcomes_taken_over": outcomes[Handover.Outcome.TAKEN_OVER],
            "outcomes_stopped": outcomes[Handover.Outcome.STOPPED],
            "survey_end_asked": Participation.objects.filter(survey=survey).count() if survey else 0,
            "survey_end_responses": Response.objects.filter(survey=survey).count() if survey else 0,
            "stories_published": Story.objects.filter(status=Story.Status.PUBLISHED).count(),
            "stories_proposed": Story.objects.filter(status=Story.Status.PROPOSED).count(),
            "invitations_pending": Invitation.objects.filter(status=Invitation.Status.PENDING).count(),
        }


class _Story:
    """The finished promotion's ten months and its end, in the order they happened."""

    def __init__(self, builder: FinishedBuilder, challenges: dict, *, staff, reviewer, call):
        self.now = builder.now
        self.promotion = builder.promotion
        setup = setup_of(self.promotion)
        self.start, self.end = setup.start_date, setup.end_date
        self.closing_day = self.end + story.CLOSED_DAYS_AFTER_END * DAY
        self.challenges = challenges
        self.staff, self.reviewer, self.call = staff, reviewer, call
        self.password = make_password(None)  # fictional people never sign in
        self.fellows: dict[str, Fellow] = {}
        self.mentors: dict[tuple[str, str], object] = {}
        self.hosts: dict[str, object] = {}

    def day(self, week: int, weekday: int = 0) -> datetime.date:
        return self.start + (week - 1) * WEEK + weekday * DAY

    def write(self):
        self.people()
        self.objectives()
        self.deliverables()
        self.handover_plans()
        self.demo_day()
        self.survey()
        self.photo()
        self.outcomes()
        self.close()
        self.alumni()
        self.stories()
        self.invitations()
        self.settle()

    def team(self, slug) -> list[Fellow]:
        return [self.fellows[item.key] for item in story.ALUMNI if item.challenge == slug]

    # --- People ------------------------------------------------------------------------------

    def people(self):
        before = at(self.start - 60 * DAY, 10)
        seated = {"challenges": self.challenges, "staff": self.staff, "password": self.password}
        self.hosts = people.seat_host_agents(story.HOST_AGENTS, **seated, moment=before)
        self.mentors = people.seat_mentors(story.MENTORS, **seated, moment=before + 15 * DAY)
        profiles = {p.code: p.label for p in Profile.objects.all()}
        for item in story.ALUMNI:
            user = (
                people.fictional_user(item.first, item.last, Role.FELLOW.value, password=self.password)
                if item.first
                else self.reviewer
            )
            fellow = people.record_fellow(
                self.promotion,
                self.challenges[item.challenge],
                user,
                profile_label=profiles[item.profile],
                start=self.start,
                staff=self.staff,
                moment=before,
            )
            with dated(at(self.start, 9, 30)):
                self.fellows[item.key] = confirm_start(fellow, on=self.start, by=self.staff)

    # --- Their work --------------------------------------------------------------------------

    def objectives(self):
        for slug, goals in story.OBJECTIVES.items():
            fellows = self.team(slug)
            with dated(at(self.day(2, 1), 14)):
                saved = people.save_objectives(self.challenges[slug], goals, target_date=self.end, by=fellows[0].user)
            for objective, goal in zip(saved, goals, strict=True):
                for reading in goal.measures:
                    on = self.day(reading.week, 3)
                    with dated(at(on, 11), Measure):
                        people.add_reading(objective, reading, on=on, by=fellows[reading.week % len(fellows)].user)

    def deliverables(self):
        for slug, items in story.DELIVERABLES.items():
            fellows = self.team(slug)
            for index, item in enumerate(items):
                declared = at(self.day(item.week, 0), 11)
                with dated(declared, Deliverable):
                    deliverable = declare(self.challenges[slug], item, by=fellows[index % len(fellows)].user)
                published = at(self.day(item.week, 2), 15)
                with dated(published):
                    deliverables.publish(deliverable, by=self.staff, now=published)

    def handover_plans(self):
        started, submitted, confirmed = story.PLAN_WEEKS
        for slug, answers in story.PLANS.items():
            challenge, fellow = self.challenges[slug], self.team(slug)[0].user
            moment = at(self.day(started, 1), 10)
            with dated(moment, Dossier, Handover):
                plan = handover.start_plan(challenge, by=fellow, now=moment)
            for step in plan.dossier.call.steps.order_by("order").prefetch_related("questions"):
                given = {q.key: answers[q.key] for q in step.questions.all() if q.key in answers}
                with dated(moment, Answer):
                    dossier_services.save_step(plan.dossier, step, given, by=fellow, now=moment)
            moment = at(self.day(submitted, 3), 16)
            with dated(moment):
                handover.submit_plan(plan, by=fellow, now=moment)
            moment = at(self.day(confirmed, 1), 11)
            with dated(moment):
                handover.confirm(plan, by=self.hosts[slug], now=moment, version=plan.dossier.version)

    # --- The end of the ten months -----------------------------------------------------------

    def demo_day(self):
        label = self.promotion.label
        day = self.end - 7 * DAY
        with dated(at(self.start + 30 * DAY, 11)):
            event = event_services.save_event(
                self.promotion,
                by=self.staff,
                kind=Event.Kind.DEMO_DAY,
                title=story.DEMO_DAY_TITLE.format(label=label),
                description=story.DEMO_DAY_DESCRIPTION,
                starts_at=at(day, 14),
                ends_at=at(day, 19),
                place=story.DEMO_DAY_PLACE,
                link="",
                audiences=[Audience.FELLOWS, Audience.MENTORS, Audience.HOSTS, Audience.ALUMNI],
                capacity=250,
                compulsory=True,
                is_public=True,
            )
        # Its English version, as staff type it on the page in English (modeltranslation's `title` is
        # then `title_en`).
        with dated(at(self.start + 30 * DAY, 11, 10)), translation.override("en"):
            event_services.save_event(
                self.promotion,
                by=self.staff,
                event=event,
                title=story.DEMO_DAY_TITLE_EN.format(label=label),
                description=story.DEMO_DAY_DESCRIPTION_EN,
            )
        slots = [
            Slot(
                starts_at=at(day, 14) + datetime.timedelta(minutes=slot.minutes),
                title_fr=slot.title,
                title_en=slot.title_en,
                speakers=slot.speakers,
                challenge=self.challenges[slot.challenge] if slot.challenge else None,
            )
            for slot in story.AGENDA
        ]
        with dated(at(day - 14 * DAY, 15)):
            save_agenda(event, slots, by=self.staff)

    def survey(self):
        opens, closes = at(self.end - 21 * DAY, 9), at(self.end + 7 * DAY, 18)
        with dated(opens - datetime.timedelta(hours=2), Survey):
            survey = surveys.create_survey(
                self.promotion,
                moment=Survey.Moment.END,
                audiences=[Survey.Audience.FELLOWS, Survey.Audience.MENTORS, Survey.Audience.HOSTS],
                anonymous=True,
                opens_at=opens,
                closes_at=closes,
                reminder_days=[7, 2],
                by=self.staff,
            )
        answering = [(self.fellows[item.key].user, item.challenge) for item in story.ALUMNI if item.answered_survey]
        answering += [(self.mentors[key], key[0]) for key in story.MENTORS_WHO_ANSWERED]
        answering += [(self.hosts[slug], slug) for slug in story.HOSTS_WHO_ANSWERED]
        for index, (user, slug) in enumerate(answering):
            moment = opens + index * datetime.timedelta(hours=26)
            answer_survey(survey, user, index, moment, continues=story.OUTCOMES[slug].outcome != "stopped")

    def photo(self):
        upload = SimpleUploadedFile(
            "promotion.png", picture(960, 540, seed=self.promotion.number), content_type="image/png"
        )
        with dated(at(self.end + 3 * DAY, 10)):
            set_photo(
                self.promotion,
                upload,
                alt_fr=story.PHOTO_ALT.format(label=self.promotion.label),
                alt_en=story.PHOTO_ALT_EN.format(label=self.promotion.label),
                by=self.staff,
            )

    def outcomes(self):
        for index, (slug, outcome) in enumerate(story.OUTCOMES.items()):
            moment = at(self.end + 10 * DAY, 10 + index)
            with dated(moment):
                handover.record_outcome(
                    handover.handover_for(self.challenges[slug]),
                    outcome=outcome.outcome,
                    reason_fr=outcome.reason,
                    reason_en=outcome.reason_en,
                    taken_over_by=outcome.taken_over_by,
                    by=self.staff,
                    now=moment,
                )
        figure = story.SOURCED_FIGURE
        with dated(at(self.end + 11 * DAY, 15)):
            key_figures.add_figure(
                self.challenges[figure["challenge"]],
                amount=figure["amount"],
                description_fr=figure["description_fr"],
                description_en=figure["description_en"],
                source=figure["source"],
                source_url=figure["source_url"],
                by=self.staff,
            )

    def close(self):
        moment = at(self.closing_day, 11)
        with dated(moment, Alumnus):
            close_promotion(self.promotion, by=self.staff, now=moment)

    # --- After the closing: the alumni ---------------------------------------------------------

    def alumni(self):
        for index, item in enumerate(story.ALUMNI):
            fellow = self.fellows[item.key]
            alumnus = Alumnus.objects.get(fellow=fellow)
            moment = at(self.closing_day + (1 + index % 5) * DAY, 9 + index)
            bio = "\n\n".join(text for text in (item.bio, data.BIO_NOTICE) if text)
            with dated(moment, Person):
                alumni_services.save_public_profile(alumnus, bio=bio, links=[], is_public=item.public, by=fellow.user)
            if item.listed is not None:
                with dated(moment):
                    alumni_services.save_profile(
                        alumnus,
                        skills=item.skills,
                        current_role=item.current_role,
                        contact_preference=item.contact,
                        listed=item.listed,
                        by=fellow.user,
                        now=moment,
                    )

    def stories(self):
        published = story.PUBLISHED_STORY
        author = self.fellows[published.author].user
        proposed = at(self.closing_day + 3 * DAY, 18)
        image = SimpleUploadedFile("simulateur.png", picture(800, 450, seed=3), content_type="image/png")
        with dated(proposed, Story):
            told = stories.propose(author, author_name=author.get_full_name(), image_upload=image, **_texts(published))
            # The scan runs once the transaction commits; the programme team publishes days later.
            scanned = scan_stored_file(told.image_id)
            if not scanned.is_servable:  # a scanner that cannot clear it here: published without it
                told = stories.edit(
                    told, by=self.staff, author_name=told.author_name, remove_image=True, **_texts(published)
                )
        moment = at(self.closing_day + 6 * DAY, 10)
        with dated(moment):
            stories.publish(
                told, by=self.staff, now=moment, tags=list(Tag.objects.filter(slug__in=["communaute", "bilan"]))
            )
        pending = story.PENDING_STORY
        author = self.fellows[pending.author].user
        moment = min(self.now - 2 * DAY, at(self.closing_day + 20 * DAY, 17))
        with dated(moment, Story):
            stories.propose(author, author_name=author.get_full_name(), **_texts(pending))

    def invitations(self):
        jury = Jury.objects.filter(call=self.call).first()
        grid = Grid.objects.filter(call=self.call).first()
        if grid is not None:
            theo = Alumnus.objects.get(fellow=self.fellows[story.THEO])
            moment = self.now - 9 * DAY
            with dated(moment, Invitation):
                invitation = alumni_services.invite(
                    theo,
                    kind=Invitation.Kind.REVIEW,
                    grid=grid,
                    message=story.REVIEW_INVITATION,
                    by=self.staff,
                    now=moment,
                )
            moment = self.now - 7 * DAY
            with dated(moment):
                alumni_services.decline(invitation, user=theo.user, now=moment)
        if jury is not None:
            moment = self.now - 3 * DAY
            with dated(moment, Invitation):
                alumni_services.invite(
                    Alumnus.objects.get(fellow=self.fellows[story.DEMO]),
                    kind=Invitation.Kind.JURY,
                    jury=jury,
                    message=story.JURY_INVITATION,
                    by=self.staff,
                    now=moment,
                )

    def settle(self):
        """The last change of each row at its moment (auto_now wrote the load's time)."""
        Deliverable.objects.filter(challenge__promotion=self.promotion).update(updated_at=F("published_at"))
        Handover.objects.filter(challenge__promotion=self.promotion).update(updated_at=F("outcome_at"))
        Alumnus.objects.filter(promotion=self.promotion, listed=True).update(updated_at=F("listed_at"))


def _texts(item: story.StoryData) -> dict:
    return {
        "title_fr": item.title,
        "title_en": item.title_en,
        "description_fr": item.description,
        "description_en": item.description_en,
        "body_fr": item.body,
        "body_en": item.body_en,
        "image_alt_fr": item.image_alt,
        "image_alt_en": item.image_alt_en,
    }
