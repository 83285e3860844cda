"""The running promotion's calendar (eig/demo/programme.py): its dates and its events.

- `at`, `DAY`, `WEEK`: Paris wall-clock moments on the programme's days;
- `dated`: what the services write at a moment of the story is dated then, not at the load;
- `CalendarStory`: the events of the promotion, written by staff before the start, with the
  registrations a week before each and the attendance staff took after each past one. No event
  falls in the end-of-year break (`in_break`).
"""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.db.models import Max

from eig.calls.models import Answer, Dossier
from eig.core.models import ActivityLog
from eig.programme import events as event_services
from eig.programme.models import Event, Fellow, Measure, MentorNote, Registration, Resource

from . import programme_data as story

PARIS = ZoneInfo("Europe/Paris")
Attendance = Registration.Attendance
Audience = Event.Audience
DAY, WEEK = datetime.timedelta(days=1), datetime.timedelta(weeks=1)

# Who missed which past collective session (its number from 1): the rest were present.
SESSION_ABSENCES = {
    (1, story.MEHDI): Attendance.EXCUSED,  # before his start
    (2, story.PAUL): Attendance.ABSENT,
    (4, story.JULIE): Attendance.EXCUSED,
    (6, story.CHLOE): Attendance.EXCUSED,
    (8, story.MEHDI): Attendance.ABSENT,
}


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in Paris on a given day, as an aware datetime (DST-correct)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def in_break(day: datetime.date) -> bool:
    """The end-of-year break (21 December to 3 January), when the programme holds no event."""
    return (day.month, day.day) >= (12, 21) or (day.month, day.day) <= (1, 3)


def after_break(day: datetime.date) -> datetime.date:
    """The day, or the same weekday after the end-of-year break."""
    while in_break(day):
        day += WEEK
    return day


@contextmanager
def dated(moment: datetime.datetime, *models):
    """Date what the services write inside the block at `moment`: their activity log entries, and
    the creation stamps (auto_now_add, auto_now) of the rows of `models` created inside it."""
    stamps = {
        ActivityLog: ["at"],
        Dossier: ["created_at", "updated_at"],
        Answer: ["updated_at"],
        Fellow: ["created_at", "updated_at"],
        Measure: ["created_at"],
        MentorNote: ["created_at"],
        Resource: ["added_at"],
        Registration: ["registered_at"],
    }
    watched = [ActivityLog, *models]
    marks = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in watched}
    yield
    for model in watched:
        model.objects.filter(pk__gt=marks[model]).update(**dict.fromkeys(stamps[model], moment))


class CalendarStory:
    """The events part of the story (programme.py's `_Story`): it reads the story's days, fellows,
    mentors and demo accounts."""

    def calendar(self):
        planned = at(self.start - 30 * DAY, 11)
        everyone = [Audience.FELLOWS, Audience.MENTORS, Audience.HOSTS, Audience.ALUMNI]
        fellows = [self.fellows[item.key] for item in story.FELLOWS]
        by_key = self.fellows
        with dated(planned):
            bootcamp = self.event(
                kind=Event.Kind.BOOTCAMP,
                title=f"Semaine d'intégration de la promotion {self.promotion.label}",
                description=(
                    "Cinq jours pour se rencontrer, découvrir le programme et ses méthodes, et préparer les "
                    "premières semaines dans l'administration d'accueil. Les mentors sont attendus le mercredi."
                ),
                starts_at=at(self.day(1), 9),
                ends_at=at(self.day(1, 4), 17),
                place=story.PLACE,
                audiences=[Audience.FELLOWS, Audience.MENTORS],
                capacity=40,
                compulsory=True,
            )
            sessions = []
            days = [self.day(week, 3) for week in range(3, self.current + 6, 2)]
            for number, day in enumerate([day for day in days if not in_break(day)], start=1):
                theme = story.SESSION_THEMES[(number - 1) % len(story.SESSION_THEMES)]
                sessions.append(
                    self.event(
                        kind=Event.Kind.COLLECTIVE,
                        title=f"Session collective n° {number} : {theme}",
                        description=(
                            "La session collective de la quinzaine : un atelier sur le thème, puis les nouvelles "
                            "de chaque équipe. Sur place ou à distance."
                        ),
                        starts_at=at(day, 14),
                        ends_at=at(day, 17),
                        place=story.PLACE,
                        link=story.SESSIONS_LINK,
                        audiences=[Audience.FELLOWS],
                        compulsory=True,
                        self_check_in=True,
                    )
                )
            webinar_past = self.event(
                kind=Event.Kind.WEBINAR,
                title="Webinaire : l'accessibilité numérique (RGAA) en pratique",
                description="Une heure pour connaître les obligations d'accessibilité et les outils pour les tenir.",
                starts_at=at(self.day(9, 1), 12, 30),
                ends_at=at(self.day(9, 1), 13, 30),
                link="https://visio.demo.eig.example/webinaire-accessibilite",
                audiences=everyone,
                capacity=100,
                self_check_in=True,
            )
            webinar_next = self.event(
                kind=Event.Kind.WEBINAR,
                title="Webinaire : ouvrir ses données sur data.gouv.fr",
                description="La démarche d'ouverture, la documentation d'un jeu de données et les licences.",
                starts_at=at(after_break(self.day(self.current + 1, 1)), 12, 30),
                ends_at=at(after_break(self.day(self.current + 1, 1)), 13, 30),
                link="https://visio.demo.eig.example/webinaire-donnees",
                audiences=everyone,
                capacity=100,
                self_check_in=True,
            )
            seminar = self.event(
                kind=Event.Kind.SEMINAR,
                title="Séminaire de mi-parcours",
                description=(
                    "Deux jours avec les mentors et les administrations d'accueil : le bilan des premiers mois "
                    "de chaque équipe et les priorités de la seconde moitié du programme."
                ),
                starts_at=at(after_break(self.day(self.current + 2, 1)), 9, 30),
                ends_at=at(after_break(self.day(self.current + 2, 1)) + DAY, 17, 30),
                place="Centre de conférences Pierre Mendès France, 139 rue de Bercy, 75012 Paris",
                audiences=[Audience.FELLOWS, Audience.MENTORS, Audience.HOSTS],
                capacity=60,
                compulsory=True,
            )
            demo_day = self.event(
                kind=Event.Kind.DEMO_DAY,
                title=f"Journée de démonstration de la promotion {self.promotion.label}",
                description=(
                    "Les équipes présentent ce qu'elles ont construit pendant les dix mois. Ouvert au public, "
                    "sur inscription."
                ),
                starts_at=at(self.end - 7 * DAY, 14),
                ends_at=at(self.end - 7 * DAY, 19),
                place="Grande halle de la Villette, 211 avenue Jean-Jaurès, 75019 Paris",
                audiences=everyone,
                capacity=250,
                compulsory=True,
                is_public=True,
            )
        mentors = [self.demo_mentor, self.mentors[(story.EAU, story.HIGH_LEVEL)]]
        self.attend(bootcamp, [f.user for f in fellows] + mentors, {by_key[story.MEHDI].user: Attendance.ABSENT})
        for number, session in enumerate(sessions, start=1):
            if session.starts_at > self.now:
                continue
            marks = {by_key[key].user: mark for (n, key), mark in SESSION_ABSENCES.items() if n == number}
            self.attend(session, [f.user for f in fellows], marks)
        coming = [s for s in sessions if s.starts_at > self.now]
        if coming:  # the next one: everyone but the demo fellow (their to-do); the one after: a few
            self.attend(coming[0], [f.user for f in fellows if f.user != self.demo_fellow], {})
        if len(coming) > 1:
            self.attend(coming[1], [by_key[key].user for key in (story.INES, story.JULIE, story.PAUL)], {})
        webinar_people = [by_key[key].user for key in (story.YANIS, story.PAUL, story.AMINA, story.CHLOE)]
        self.attend(
            webinar_past,
            [*webinar_people, self.demo_agent, self.demo_mentor],
            {by_key[story.CHLOE].user: Attendance.ABSENT},
        )
        self.attend(webinar_next, [by_key[key].user for key in (story.INES, story.JULIE, story.ANTOINE)], {})
        seminar_people = [story.DEMO, story.INES, story.YANIS, story.JULIE, story.ANTOINE, story.AMINA]
        self.attend(seminar, [by_key[key].user for key in seminar_people] + [self.demo_mentor], {})
        del demo_day  # announced publicly; nobody has registered yet

    def event(self, **values) -> Event:
        values = {"description": "", "place": "", "link": "", "capacity": None, **values}
        return event_services.save_event(self.promotion, by=self.staff, **values)

    def attend(self, event: Event, users, marks: dict):
        """Each registers a week before (or now, for an event nearer than that); staff take the
        attendance of a past event: present unless `marks` says otherwise."""
        registrations = {}
        for index, user in enumerate(users):
            moment = min(event.starts_at - 7 * DAY + index * datetime.timedelta(hours=3), self.now)
            with dated(moment, Registration):
                registrations[user] = event_services.register(event, user, now=moment)
        if event.ends_at > self.now:
            return
        taken = min(event.ends_at + datetime.timedelta(minutes=30), self.now)
        with dated(taken):
            event_services.take_attendance(
                event,
                {r.pk: marks.get(user, Attendance.PRESENT) for user, r in registrations.items()},
                by=self.staff,
                now=taken,
            )
