"""The running promotion (current number − 2) in its fifth month of the ten months.

Its programme started on a Monday twenty weeks before the week of the first load and lasts ten
months: its only phase is the programme (a call phase would compete with the current promotion's
for « the current call », eig/promotions/queries.py). Four teams, nine fellows (the demo fellow
account in « Eau claire », hosted by the DGS, whose confirmed agent is the demo agent account; the
demo mentor account is that team's operational mentor), and twenty weeks of their work, written
week by week through the services, as the people would have, each at its own moment (the weekly
retrospectives' dossiers aside, written directly: see `_Story.retrospectives`):

- onboarding done: the fellows' checklists submitted, Mehdi Colin's delay noted and his start
  confirmed three weeks late; the host checklists submitted, except « Eau claire »'s, whose data
  access is still not open (the demo agent's to-do);
- objectives with a measure every three or four weeks (« Délais de justice » off track), the
  teams' repositories and datasets;
- a retrospective per fellow and past week (the current week is still to write, so the demo
  fellow's to-do shows): Amina asked for help in week 4 (closed with a note), Antoine was low in
  weeks 7 and 8 (followed up, closed), Yanis wrote week 12 for the programme team only, Chloé is low
  in weeks 19 and 20 and Inès asked for help last week (both open); `signals.detect` runs every
  Monday, as `manage.py detect_signals` would;
- mentoring: the operational mentors' notes every three weeks, the high-level mentors' monthly
  points, and the demo mentor's difficulty flagged in week 18 (acknowledged by staff);
- events: the bootcamp (attendance taken: Mehdi absent), a collective session every other Thursday
  (past ones with attendance, the next ones open: the demo fellow has not registered yet), two
  webinars, the mid-term seminar to come and the public demo day at the end; the demo fellow's
  calendar feed (programme_calendar.py).

What the services write is dated at its moment (programme_calendar.dated), so the activity log,
the checklists' items and the signals read as a story. Idempotent: the story is written once, when the promotion
has no fellow yet; later loads keep its rows (and what people trying the demo did) and its
programme phase where it was, so the weeks stay where the story put them.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db.models import Case, Value, When

from eig.accounts.models import Role
from eig.calls import services as dossier_services
from eig.calls.answers import clean_answer
from eig.calls.models import Answer, Dossier, DossierVersion
from eig.challenges.models import Profile
from eig.programme import mentoring, onboarding, retrospectives, signals, team
from eig.programme.defaults import HELP_KEY, MOOD_KEY, PROGRAMME_ONLY_KEY, install_programme_forms
from eig.programme.event_calendar import feed_of
from eig.programme.fellows import confirm_start, note_delay, setup_of
from eig.programme.models import (
    Event,
    Fellow,
    Measure,
    Mentor,
    MentorNote,
    Objective,
    Registration,
    Resource,
    Retrospective,
    Signal,
)
from eig.programme.states import SIGNAL
from eig.programme.weeks import period_of, week_of
from eig.promotions.models import Promotion

from . import data, people
from . import programme_data as story
from .programme_calendar import DAY, WEEK, CalendarStory, at, dated

PARIS = ZoneInfo("Europe/Paris")


def month_of(start: datetime.date, today: datetime.date) -> int:
    """The month of the programme `today` falls in, from 1."""
    return (today - start).days // 30 + 1


class ProgrammeBuilder:
    def __init__(self, *, programme, now):
        self.programme = programme
        self.now = now
        self.today = now.astimezone(PARIS).date()

    # --- The promotion and its programme phase -------------------------------------------------

    def build_promotion(self) -> Promotion:
        promotion = people.programme_promotion(
            self.programme,
            data.CURRENT_PROMOTION_NUMBER - 2,
            # Years follow the numbers, as the current (this year) and previous (last year) ones do.
            year=self.today.year - 2,
            description_fr=story.RUNNING_PROMOTION_DESCRIPTION,
            description_en=story.RUNNING_PROMOTION_DESCRIPTION_EN,
        )
        # Once the story is written (it has fellows) its weeks are dated: the phase stays where it was.
        written = Fellow.objects.filter(promotion=promotion).exists()
        people.programme_phase(promotion, None if written else week_of(self.today) - story.WEEKS_SINCE_START * WEEK)
        self.promotion = promotion
        return promotion

    # --- The ten months so far -------------------------------------------------------------------

    def build(self, challenges, *, fellow, mentor, agent, staff) -> dict:
        """Write the story once; return what the promotion holds (the demo's summary)."""
        promotion = self.promotion
        setup = setup_of(promotion)
        self.start, self.end = setup.start_date, setup.end_date
        install_programme_forms(promotion)
        if not Fellow.objects.filter(promotion=promotion).exists():
            _Story(
                self, {c.slug: c for c in challenges}, fellow=fellow, mentor=mentor, agent=agent, staff=staff
            ).write()
        feed_of(fellow)
        return self.counts(challenges)

    def counts(self, challenges) -> dict:
        promotion = self.promotion
        fellows = Fellow.objects.filter(promotion=promotion)
        signals_of = Signal.objects.filter(promotion=promotion)
        events = Event.objects.filter(promotion=promotion)
        return {
            "teams_running": fellows.values("challenge").distinct().count(),
            "challenges_running": len(challenges),
            "fellows_running": fellows.count(),
            "mentors_running": Mentor.objects.filter(challenge__promotion=promotion).count(),
            "retrospectives_running": Retrospective.objects.filter(
                fellow__promotion=promotion, submitted_at__isnull=False
            ).count(),
            "signals_pending": signals_of.filter(state__in=SIGNAL.group("pending")).count(),
            "signals_closed": signals_of.filter(state__in=SIGNAL.group("closed")).count(),
            "mentor_notes": MentorNote.objects.filter(challenge__promotion=promotion).count(),
            "objectives": Objective.objects.filter(challenge__promotion=promotion).count(),
            "events": events.count(),
            "events_past": events.filter(ends_at__lte=self.now).count(),
            "registrations": Registration.objects.filter(event__promotion=promotion).count(),
            "programme_month": month_of(self.start, self.today),
        }


class _Story(CalendarStory):
    """The twenty weeks, written in the order they happened."""

    def __init__(self, builder: ProgrammeBuilder, challenges: dict, *, fellow, mentor, agent, staff):
        self.now = builder.now
        self.promotion = builder.promotion
        self.start, self.end = builder.start, builder.end
        self.challenges = challenges
        self.demo_fellow, self.demo_mentor, self.demo_agent, self.staff = fellow, mentor, agent, staff
        self.profiles = {p.code: p for p in Profile.objects.all()}
        self.password = make_password(None)  # fictional people never sign in
        self.current = (week_of(builder.today) - self.start).days // 7 + 1  # the current week's number
        self.fellows: dict[str, Fellow] = {}
        self.objectives: dict[str, list[tuple[Objective, story.ObjectiveData]]] = {}
        self.mentors: dict[tuple[str, str], object] = {}  # (challenge slug, kind) -> user
        self.hosts: dict[str, object] = {}  # challenge slug -> host agent user

    def day(self, week: int, weekday: int = 0) -> datetime.date:
        """The date of `weekday` (0: Monday) of the programme's `week` (from 1)."""
        return self.start + (week - 1) * WEEK + weekday * DAY

    def moment(self, week: int, weekday: int, hour: int, minute: int = 0) -> datetime.datetime:
        return min(at(self.day(week, weekday), hour, minute), self.now)

    def write(self):
        call = retrospectives.retrospective_call(self.promotion)
        self.retrospective_form = (call, dossier_services.questions_of(call))
        self.people()
        self.onboarding()
        for week in range(1, self.current):
            self.week(week)
        self.detect(self.current)
        self.calendar()

    # --- People ------------------------------------------------------------------------------

    def people(self):
        before = at(self.start - 60 * DAY, 10)
        seated = {"challenges": self.challenges, "staff": self.staff, "password": self.password}
        # The demo agent account (first="") is already the DGS's, since the call for challenges (proposals.py).
        self.hosts = people.seat_host_agents(story.HOST_AGENTS, **seated, moment=before, demo=self.demo_agent)
        self.mentors = people.seat_mentors(story.MENTORS, **seated, moment=before + 15 * DAY, demo=self.demo_mentor)
        for item in story.FELLOWS:
            user = (
                people.fictional_user(item.first, item.last, Role.FELLOW.value, password=self.password)
                if item.first
                else self.demo_fellow
            )
            self.fellows[item.key] = people.record_fellow(
                self.promotion,
                self.challenges[item.challenge],
                user,
                profile_label=self.profiles[item.profile].label,
                start=self.start,
                staff=self.staff,
                moment=before,
            )

    def team_fellows(self, slug) -> list[Fellow]:
        return [self.fellows[item.key] for item in story.FELLOWS if item.challenge == slug]

    # --- Onboarding ----------------------------------------------------------------------------

    def onboarding(self):
        for index, item in enumerate(story.FELLOWS):
            fellow = self.fellows[item.key]
            start = self.day(item.start_week)
            opened = at(self.start - 28 * DAY, 10 + index % 8)
            with dated(opened, Dossier):
                dossier = onboarding.open_fellow_checklist(fellow, now=opened)
            step = dossier.call.steps.get()
            late = item.start_week > 1
            answered = opened + 7 * DAY
            with dated(answered, Answer):
                values = {"convention_signee": True, "charte": True}
                if not late:
                    values |= {"contrat_signe": True, "date_arrivee": start.isoformat()}
                dossier_services.save_step(dossier, step, values, by=fellow.user, now=answered)
            if late:
                noted = at(self.start - 3 * DAY, 11)
                with dated(noted):
                    note_delay(fellow, reason=story.LATE_REASON, start_date=start, by=self.staff)
                signed = at(start - 7 * DAY, 15)
                with dated(signed, Answer):
                    values = {"contrat_signe": True, "date_arrivee": start.isoformat()}
                    dossier_services.save_step(dossier, step, values, by=fellow.user, now=signed)
                submitted = signed
            else:
                submitted = answered + 7 * DAY
            with dated(submitted):
                dossier_services.submit_dossier(dossier, by=fellow.user, now=submitted)
            started = at(start, 9, 30)
            with dated(started):
                self.fellows[item.key] = confirm_start(fellow, on=start, by=self.staff)
        for index, (slug, challenge) in enumerate(self.challenges.items()):
            agent = self.hosts[slug]
            opened = at(self.start - 35 * DAY, 14 + index)
            with dated(opened, Dossier):
                dossier = onboarding.open_host_checklist(challenge, by=agent, now=opened)
            step = dossier.call.steps.get()
            values = {
                "contrats_signes": True,
                "date_arrivee": self.start.isoformat(),
                "poste_travail": True,
                "acces": True,
                "mentor_designe": True,
            }
            if slug == story.EAU:
                # The access to the health-check data is still not open: the demo agent's to-do.
                del values["acces"]
            answered = opened + 15 * DAY
            with dated(answered, Answer):
                dossier_services.save_step(dossier, step, values, by=agent, now=answered)
            if slug != story.EAU:
                submitted = answered + 12 * DAY
                with dated(submitted):
                    dossier_services.submit_dossier(dossier, by=agent, now=submitted)

    # --- A week of the programme -------------------------------------------------------------------

    def week(self, week: int):
        if week > 1:
            self.detect(week)
        self.staff_follow_up(week)
        if week == 2:
            self.set_objectives()
        if week == 3:
            self.add_links()
        self.measure(week)
        self.mentoring(week)
        self.retrospectives(week)

    def detect(self, week: int):
        """The Monday morning run of `manage.py detect_signals` (now, for the current week)."""
        moment = self.moment(week, 0, 9)
        with dated(moment):
            signals.detect(self.promotion, now=moment)

    def answers(self, index: int, item, week: int) -> dict:
        told = story.STORIES.get((item.key, week), story.WeekStory())
        priorities = story.PRIORITIES[item.challenge]
        return {
            MOOD_KEY: str(told.mood or story.MOODS[(week + 3 * index) % len(story.MOODS)]),
            "priorite": priorities[min((week - 1) * len(priorities) // 20, len(priorities) - 1)],
            "reussites": story.SUCCESSES[(week + 2 * index) % len(story.SUCCESSES)],
            "difficultes": told.difficulty or story.DIFFICULTIES[(2 * week + index) % len(story.DIFFICULTIES)],
            HELP_KEY: told.help,
            PROGRAMME_ONLY_KEY: told.programme_only,
        }

    def retrospectives(self, week: int):
        """The week's retrospectives, each submitted on Friday afternoon at its writer's time.

        The dossiers of the kit are written directly, as selection.py writes the previous
        promotion's applications (the kit's start, save and submit cost ~50 ms each, and ~180 of them
        tripled the demo's load); what the programme records of each submit — its state of mind, the
        help asked and its signal, the log entry — goes through `retrospectives.on_submitted`.
        """
        call, questions = self.retrospective_form
        monday = self.day(week)
        writers = [(index, item) for index, item in enumerate(story.FELLOWS) if item.start_week <= week]
        rows = []
        for index, item in writers:
            moment = self.moment(week, 4, 15, (index * 17) % 60)
            given = self.answers(index, item, week)
            values = {q.key: clean_answer(q, given.get(q.key)) for q in questions}
            dossier = Dossier(
                call=call,
                owner=self.fellows[item.key].user,
                period=period_of(monday),
                number=f"tmp-{uuid.uuid4().hex}",
                status=Dossier.Status.SUBMITTED,
                submitted_at=moment,
                version=1,
                last_step=questions[0].step.slug,
            )
            rows.append((self.fellows[item.key], moment, dossier, values))
        dossiers = Dossier.objects.bulk_create([dossier for _fellow, _moment, dossier, _values in rows])
        for dossier in dossiers:
            dossier.number = f"{call.dossier_prefix}-{dossier.pk:06d}"
        Dossier.objects.bulk_update(dossiers, ["number"])
        Answer.objects.bulk_create(
            Answer(dossier=dossier, question=question, value=values[question.key])
            for _fellow, _moment, dossier, values in rows
            for question in questions
            if values[question.key] is not None
        )
        versions = []
        for _fellow, moment, dossier, values in rows:
            content, digest = dossier_services.snapshot(dossier, questions, values)
            versions.append(
                DossierVersion(dossier=dossier, number=1, submitted_at=moment, content=content, digest=digest)
            )
        DossierVersion.objects.bulk_create(versions)
        Retrospective.objects.bulk_create(
            Retrospective(fellow=fellow, week=monday, dossier=dossier) for fellow, _moment, dossier, _values in rows
        )
        # Their stamps at their moments (auto_now_add and auto_now write the load's time).
        when = Case(*(When(pk=dossier.pk, then=Value(moment)) for _fellow, moment, dossier, _values in rows))
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(created_at=when, updated_at=when)
        when = Case(*(When(dossier_id=dossier.pk, then=Value(moment)) for _fellow, moment, dossier, _values in rows))
        Answer.objects.filter(dossier__in=dossiers).update(updated_at=when)
        for (fellow, moment, _dossier, _values), version in zip(rows, versions, strict=True):
            with dated(moment):
                retrospectives.on_submitted(version, by=fellow.user, now=moment)

    # --- Objectives and links -----------------------------------------------------------------------

    def set_objectives(self):
        for slug, challenge in self.challenges.items():
            author = self.team_fellows(slug)[0].user
            moment = self.moment(2, 1, 14)
            goals = story.OBJECTIVES[slug]
            with dated(moment):
                saved = people.save_objectives(challenge, goals, target_date=self.end, by=author)
            self.objectives[slug] = list(zip(saved, goals, strict=True))

    def measure(self, week: int):
        for slug, saved in self.objectives.items():
            fellows = self.team_fellows(slug)
            for objective, goal in saved:
                for reading in goal.measures:
                    if reading.week != week:
                        continue
                    on = self.day(week, 3)
                    by = fellows[week % len(fellows)].user
                    with dated(self.moment(week, 3, 11), Measure):
                        people.add_reading(objective, reading, on=on, by=by)

    def add_links(self):
        for slug, challenge in self.challenges.items():
            author = self.team_fellows(slug)[-1].user
            with dated(self.moment(3, 2, 16), Resource):
                for kind, title, url in story.LINKS[slug]:
                    team.add_link(challenge, title=title, url=url, kind=kind, by=author)

    # --- Mentoring ------------------------------------------------------------------------------

    def mentoring(self, week: int):
        for index, (slug, challenge) in enumerate(self.challenges.items()):
            names = [f.name for f in self.team_fellows(slug) if self._started(f, week)]
            operational = self.mentors[(slug, story.OPERATIONAL)]
            high_level = self.mentors[(slug, story.HIGH_LEVEL)]
            if week in story.NOTE_WEEKS:
                held_on = self.day(week, 1)
                difficulties = story.NOTE_DIFFICULTIES[(week + index) % len(story.NOTE_DIFFICULTIES)]
                if slug == story.EAU and week == story.NOTE_WEEKS[-1]:
                    difficulties = story.DEMO_MENTOR_DIFFICULTY
                moment = self.moment(week, 1, 18)
                with dated(moment, MentorNote):
                    mentoring.write_note(
                        challenge,
                        author=operational,
                        held_on=held_on,
                        attendees=", ".join([*names, operational.get_full_name()]),
                        decisions=story.NOTE_DECISIONS[(week // 3 + index) % len(story.NOTE_DECISIONS)],
                        difficulties=difficulties,
                        now=moment,
                    )
            if week in story.MONTHLY_POINT_WEEKS:
                month = story.MONTHLY_POINT_WEEKS.index(week)
                moment = self.moment(week, 2, 12)
                with dated(moment, MentorNote):
                    mentoring.write_note(
                        challenge,
                        author=high_level,
                        held_on=self.day(week, 2),
                        attendees=", ".join([*names, operational.get_full_name(), high_level.get_full_name()]),
                        decisions=story.MONTHLY_DECISIONS[(month + index) % len(story.MONTHLY_DECISIONS)],
                        now=moment,
                    )
        if week == story.NOTE_WEEKS[-1]:
            # The demo mentor tells the programme team, two days after her note.
            moment = self.moment(week, 3, 17)
            with dated(moment):
                flagged = mentoring.flag_difficulty(
                    self.challenges[story.EAU], by=self.demo_mentor, text=story.DEMO_MENTOR_FLAG, now=moment
                )
            # Staff take it in hand the next morning.
            self._move(signals.acknowledge, flagged, self.moment(week, 4, 9, 30))

    def _started(self, fellow, week) -> bool:
        return fellow.started_on is None or fellow.started_on <= self.day(week, 6)

    # --- The programme team's follow-up ----------------------------------------------------------

    def _signal(self, kind, **filters) -> Signal:
        return Signal.objects.filter(promotion=self.promotion, kind=kind, **filters).order_by("raised_at").first()

    def _move(self, move, signal, moment, **kwargs):
        with dated(moment):
            move(signal, by=self.staff, now=moment, **kwargs)

    def staff_follow_up(self, week: int):
        if week == 5:  # Amina's help (week 4): taken in hand on Monday, closed on Thursday
            signal = self._signal(Signal.Kind.HELP_ASKED, fellow=self.fellows[story.AMINA])
            self._move(signals.acknowledge, signal, self.moment(week, 0, 10))
            self._move(signals.close, signal, self.moment(week, 3, 15), note=story.HELP_CLOSED_NOTE)
        if week == 9:  # Antoine low in weeks 7 and 8 (raised this Monday)
            signal = self._signal(Signal.Kind.LOW_MOOD, fellow=self.fellows[story.ANTOINE])
            self._move(signals.follow_up, signal, self.moment(week, 1, 11), note=story.LOW_MOOD_FOLLOW_UP)
        if week == 11:
            signal = self._signal(Signal.Kind.LOW_MOOD, fellow=self.fellows[story.ANTOINE])
            self._move(signals.close, signal, self.moment(week, 0, 15), note=story.LOW_MOOD_CLOSED_NOTE)
        if week == story.NOTE_WEEKS[-1] + 1:  # « Délais de justice » off track (week 18's measure, raised this Monday)
            signal = self._signal(Signal.Kind.OFF_TRACK, challenge=self.challenges[story.DELAIS])
            self._move(signals.follow_up, signal, self.moment(week, 2, 10), note=story.OFF_TRACK_FOLLOW_UP)
