"""The promotion's calendar: who may register, the capacity, attendance, compulsory events, the
private calendar feed and the reminders (eig/programme/events.py, event_calendar.py)."""

import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from icalendar import Calendar

from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.core.pagecache import current_version
from eig.notifications.models import OutboxMessage
from eig.programme import event_calendar, events
from eig.programme.fellows import finish
from eig.programme.models import CalendarFeed, Event, Fellow, Registration
from tests.factories import ChallengeFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.programme import programme_world

from .event_helpers import DAY, HOUR, make_event

pytestmark = pytest.mark.django_db

Audience = Event.Audience
Attendance = Registration.Attendance


@pytest.fixture
def world():
    return programme_world()


# --- Who may register -----------------------------------------------------------------------


def test_each_audience_is_read_in_the_event_promotion(world):
    everyone = make_event(world, audiences=[Audience.FELLOWS, Audience.MENTORS, Audience.HOSTS])
    for key in ["ada", "bob", "cleo", "olga", "hugo", "paul", "agnes", "bruno"]:
        assert events.register(everyone, world.user(key), now=world.now).event == everyone
    assert everyone.registrations.count() == 8


def test_a_person_outside_the_audience_is_refused_in_french(world):
    fellows_only = make_event(world, audiences=[Audience.FELLOWS])
    stranger = UserFactory()
    for user in [world.user("olga"), world.user("agnes"), world.staff, stranger]:
        with pytest.raises(DomainError, match="n'est pas ouvert à votre participation"):
            events.register(fellows_only, user, now=world.now)
    assert not fellows_only.registrations.exists()


def test_a_fellow_of_another_promotion_is_refused(world):
    other = PromotionFactory(slug="autre", number=43, year=world.promotion.year)
    outsider = Fellow.objects.create(
        promotion=other,
        challenge=ChallengeFactory(promotion=other),
        user=UserFactory(),
        name="Dora Autre",
        status=Fellow.Status.ACTIVE,
    )
    with pytest.raises(DomainError):
        events.register(make_event(world), outsider.user, now=world.now)


def test_alumni_are_the_finished_fellows_of_earlier_promotions(world):
    earlier = PromotionFactory(slug="ancienne", number=3, year=world.promotion.year - 2)
    alumnus = Fellow.objects.create(
        promotion=earlier,
        challenge=ChallengeFactory(promotion=earlier),
        user=UserFactory(),
        name="Alan Ancien",
        status=Fellow.Status.ACTIVE,
    )
    for_alumni = make_event(world, audiences=[Audience.ALUMNI], kind=Event.Kind.DEMO_DAY, title="Demo day")
    with pytest.raises(DomainError):  # not finished yet
        events.register(for_alumni, alumnus.user, now=world.now)
    finish(alumnus, on=world.now.date(), by=world.staff)
    assert events.register(for_alumni, alumnus.user, now=world.now).user == alumnus.user
    with pytest.raises(DomainError):  # the promotion's own fellows are not alumni of it
        events.register(for_alumni, world.user("ada"), now=world.now)


def test_a_fellow_who_left_is_no_longer_of_the_fellows(world):
    Fellow.objects.filter(pk=world.fellows["bob"].pk).update(status=Fellow.Status.LEFT)
    with pytest.raises(DomainError):
        events.register(make_event(world), world.user("bob"), now=world.now)


def test_registering_to_an_event_that_is_over_is_refused(world):
    past = make_event(world, starts_in=-2 * DAY)
    with pytest.raises(DomainError, match="terminé"):
        events.register(past, world.user("ada"), now=world.now)


# --- Capacity and double clicks -----------------------------------------------------------------


def test_the_last_seat_goes_to_one_person(world):
    seminar = make_event(world, capacity=2, kind=Event.Kind.SEMINAR)
    events.register(seminar, world.user("ada"), now=world.now)
    events.register(seminar, world.user("bob"), now=world.now)
    with pytest.raises(DomainError, match="plus de place"):
        events.register(seminar, world.user("cleo"), now=world.now)
    assert sorted(seminar.registrations.values_list("user__first_name", flat=True)) == ["Ada", "Bob"]


def test_a_double_registration_gives_one_row_and_one_log(world):
    session = make_event(world)
    first = events.register(session, world.user("ada"), now=world.now)
    second = events.register(session, world.user("ada"), now=world.now)
    assert first.pk == second.pk
    assert session.registrations.count() == 1
    assert ActivityLog.objects.filter(verb="event.registered", target_id=str(first.pk)).count() == 1


def _race(calls):
    """Run the calls at the same instant, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results, refused, errors = [], [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except DomainError as error:
            refused.append(str(error))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, refused, errors


def _skip_in_memory_sqlite():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite refuses concurrent writers instead of queueing them")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_people_racing_for_the_last_seat_give_one_registration():
    _skip_in_memory_sqlite()
    world = programme_world()
    bootcamp = make_event(world, capacity=1, audiences=[Audience.FELLOWS, Audience.MENTORS])
    people = [world.user(key) for key in ["ada", "bob", "cleo", "olga", "hugo", "paul"]]
    results, refused, errors = _race(
        [lambda user=user: events.register(bootcamp, user, now=world.now) for user in people]
    )
    assert errors == []
    assert (len(results), len(refused)) == (1, 5)
    assert Registration.objects.filter(event=bootcamp).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_simultaneous_clicks_of_one_person_give_one_registration():
    _skip_in_memory_sqlite()
    world = programme_world()
    session = make_event(world, capacity=3)
    ada = world.user("ada")
    results, refused, errors = _race([lambda: events.register(session, ada, now=world.now)] * 5)
    assert (errors, refused) == ([], [])
    assert len({registration.pk for registration in results}) == 1
    assert Registration.objects.filter(event=session).count() == 1


def test_unregistering_frees_the_seat_until_the_event_starts(world):
    session = make_event(world, capacity=1)
    events.register(session, world.user("ada"), now=world.now)
    assert events.unregister(session, world.user("ada"), now=world.now) is True
    assert events.register(session, world.user("bob"), now=world.now).user == world.user("bob")
    with pytest.raises(DomainError, match="a commencé"):
        events.unregister(session, world.user("bob"), now=session.starts_at + HOUR)
    assert events.unregister(session, world.user("cleo"), now=world.now) is False
    assert ActivityLog.objects.filter(verb="event.unregistered").count() == 1


# --- Attendance ------------------------------------------------------------------------------


def test_staff_attendance_is_recorded_and_logged(world):
    session = make_event(world, starts_in=-DAY)
    ada, bob = (Registration.objects.create(event=session, user=world.user(key)) for key in ["ada", "bob"])
    changed = events.take_attendance(
        session, {ada.pk: Attendance.PRESENT, bob.pk: Attendance.EXCUSED}, by=world.staff, now=world.now
    )
    assert changed == 2
    ada.refresh_from_db()
    bob.refresh_from_db()
    assert (ada.attendance, ada.marked_by, bob.attendance) == (Attendance.PRESENT, world.staff, Attendance.EXCUSED)
    logs = ActivityLog.objects.filter(verb="event.attendance", actor=world.staff).order_by("target_id")
    assert [(log.target_id, log.data["attendance"]) for log in logs] == [
        (str(ada.pk), "present"),
        (str(bob.pk), "excused"),
    ]
    # The same marks again change nothing and log nothing.
    assert events.take_attendance(session, {ada.pk: Attendance.PRESENT}, by=world.staff, now=world.now) == 0
    assert logs.count() == 2


def test_only_staff_take_attendance_and_only_once_the_event_started(world):
    coming = make_event(world)
    registration = Registration.objects.create(event=coming, user=world.user("ada"))
    with pytest.raises(DomainError, match="Seule l'équipe"):
        events.take_attendance(coming, {registration.pk: Attendance.PRESENT}, by=world.user("olga"), now=world.now)
    with pytest.raises(DomainError, match="à partir du début"):
        events.take_attendance(coming, {registration.pk: Attendance.PRESENT}, by=world.staff, now=world.now)
    other = Registration.objects.create(event=make_event(world, starts_in=-DAY), user=world.user("bob"))
    with pytest.raises(DomainError, match="pas inscrite"):
        events.take_attendance(other.event, {registration.pk: Attendance.ABSENT}, by=world.staff, now=world.now)


def test_attendees_check_in_on_the_day_when_the_event_allows_it(world):
    session = make_event(world, starts_in=2 * HOUR, self_check_in=True)
    registration = events.register(session, world.user("ada"), now=world.now)
    with pytest.raises(DomainError, match="le jour de l'événement"):
        events.check_in(session, world.user("ada"), now=world.now - 2 * DAY)
    with pytest.raises(DomainError, match="pas inscrit"):
        events.check_in(session, world.user("bob"), now=session.starts_at)
    assert events.check_in(session, world.user("ada"), now=session.starts_at).attendance == Attendance.PRESENT
    registration.refresh_from_db()
    assert (registration.attendance, registration.marked_by) == (Attendance.PRESENT, world.user("ada"))
    assert ActivityLog.objects.get(verb="event.attendance").data["self_check_in"] is True

    by_staff = make_event(world, starts_in=2 * HOUR, self_check_in=False)
    events.register(by_staff, world.user("ada"), now=world.now)
    with pytest.raises(DomainError, match="équipe du programme"):
        events.check_in(by_staff, world.user("ada"), now=by_staff.starts_at)


# --- Compulsory events ----------------------------------------------------------------------------


def test_a_compulsory_event_missed_is_one_attended_absent_or_never_registered(world):
    bootcamp = make_event(world, starts_in=-30 * DAY, compulsory=True, kind=Event.Kind.BOOTCAMP, title="Bootcamp")
    seminar = make_event(world, starts_in=-10 * DAY, compulsory=True, kind=Event.Kind.SEMINAR, title="Séminaire")
    make_event(world, starts_in=10 * DAY, compulsory=True, title="À venir")  # not missed yet
    make_event(world, starts_in=-5 * DAY, title="Facultative")  # not compulsory
    marks = {
        (bootcamp, "ada"): Attendance.PRESENT,
        (seminar, "ada"): Attendance.ABSENT,
        (bootcamp, "bob"): Attendance.EXCUSED,
        (bootcamp, "cleo"): Attendance.ABSENT,
        (seminar, "cleo"): Attendance.PRESENT,
    }
    for (event, key), attendance in marks.items():
        Registration.objects.create(event=event, user=world.user(key), attendance=attendance)

    missed = {
        fellow.name: [event.title for event in past]
        for fellow, past in events.missed_compulsory(world.promotion, now=world.now).items()
    }

    assert missed == {"Ada Lovelace": ["Séminaire"], "Bob Morane": ["Séminaire"], "Cléo Durand": ["Bootcamp"]}


def test_a_compulsory_event_must_be_open_to_the_fellows(world):
    with pytest.raises(DomainError, match="obligatoire"):
        make_event(world, compulsory=True, audiences=[Audience.MENTORS])


# --- Saving an event -------------------------------------------------------------------------------


def test_an_event_ends_after_it_starts_and_has_a_place_or_a_link(world):
    with pytest.raises(DomainError, match="après son début"):
        make_event(world, hours=0)
    with pytest.raises(DomainError, match="lieu ou un lien"):
        make_event(world, place="", link="")
    webinar = make_event(world, place="", link="https://webinaire.example/eig", kind=Event.Kind.WEBINAR)
    assert webinar.link == "https://webinaire.example/eig"


def test_editing_an_event_is_logged_with_what_changed_and_keeps_the_registered(world):
    session = make_event(world, capacity=3)
    for key in ["ada", "bob"]:
        events.register(session, world.user(key), now=world.now)
    with pytest.raises(DomainError, match="2 personnes sont déjà inscrites"):
        events.save_event(world.promotion, event=session, by=world.staff, capacity=1)
    events.save_event(world.promotion, event=session, by=world.staff, capacity=2, title="Session de rentrée")
    session.refresh_from_db()
    assert (session.title, session.capacity) == ("Session de rentrée", 2)
    log = ActivityLog.objects.filter(verb="event.saved", target_id=str(session.pk)).latest("pk")
    assert (log.data["created"], log.data["changed"]) == (False, ["capacity", "title"])


def test_an_event_save_bumps_the_public_pages_but_a_registration_does_not(world):
    before = current_version()
    session = make_event(world, is_public=True)
    assert current_version() > before
    before = current_version()
    events.register(session, world.user("ada"), now=world.now)
    assert current_version() == before


# --- The private calendar feed ---------------------------------------------------------------------


def _summaries(ics: bytes) -> list[str]:
    return [str(component["summary"]) for component in Calendar.from_ical(ics).walk("VEVENT")]


def test_the_feed_lists_the_registered_events_and_the_fellows_compulsory_ones(world):
    registered = make_event(world, title="Session inscrite", link="https://visio.example/s")
    make_event(world, title="Session non inscrite")
    make_event(world, title="Bootcamp", compulsory=True, starts_in=-20 * DAY)
    events.register(registered, world.user("ada"), now=world.now)

    calendar = Calendar.from_ical(event_calendar.person_calendar(world.user("ada")))
    vevents = {str(component["summary"]): component for component in calendar.walk("VEVENT")}

    assert sorted(vevents) == ["Bootcamp", "Session inscrite"]
    assert vevents["Session inscrite"].decoded("dtstart") == registered.starts_at.replace(microsecond=0)
    assert str(vevents["Session inscrite"]["url"]) == "https://visio.example/s"
    # A mentor is not bound by the fellows' compulsory events.
    assert _summaries(event_calendar.person_calendar(world.user("olga"))) == []


def test_renewing_the_feed_gives_a_new_token_and_forgets_the_old(world):
    ada = world.user("ada")
    old = event_calendar.feed_of(ada).token
    assert event_calendar.feed_of(ada).token == old  # made once
    new = event_calendar.renew_feed(ada).token
    assert new != old
    assert not CalendarFeed.objects.filter(token=old).exists()
    assert ActivityLog.objects.filter(verb="calendar.renewed", actor=ada).count() == 1


# --- Reminders -------------------------------------------------------------------------------------


def test_the_reminder_goes_the_day_before_once_per_registration(world):
    tomorrow = make_event(world, starts_in=DAY, title="Séminaire de mi-parcours", place="Lyon")
    later = make_event(world, starts_in=5 * DAY, title="Plus tard")
    for event in [tomorrow, later]:
        events.register(event, world.user("ada"), now=world.now)

    assert events.remind_events(now=world.now) == 1
    assert events.remind_events(now=world.now + HOUR) == 0

    mail = OutboxMessage.objects.get(template="event_reminder")
    assert mail.recipient == world.user("ada").email
    assert "Séminaire de mi-parcours" in mail.subject and "Lyon" in mail.body_text
    registration = Registration.objects.get(event=tomorrow)
    assert registration.reminded_at == world.now
    assert ActivityLog.objects.filter(verb="event.reminded", target_id=str(registration.pk)).count() == 1
    assert Registration.objects.get(event=later).reminded_at is None


def test_the_remind_events_command_sends_the_due_reminders(world):
    session = make_event(world, starts_in=DAY)  # the world's now is the clock's: the command reads it
    events.register(session, world.user("cleo"), now=world.now)
    call_command("remind_events", verbosity=0)
    call_command("remind_events", verbosity=0)
    assert OutboxMessage.objects.filter(template="event_reminder", recipient=world.user("cleo").email).count() == 1


def test_staff_alone_is_not_an_audience(world):
    assert events.audiences_of(StaffFactory()).is_empty
