"""The agenda of the programme (/programme/agenda/), the private calendar feed, and the programme
team's calendar of a promotion (/equipe/programme/<promotion>/evenements/)."""

import html

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from eig.core.models import ActivityLog
from eig.programme import event_calendar, events
from eig.programme.models import Event, Fellow, Registration
from eig.web.programme.todo import todos_for
from tests.factories import UserFactory
from tests.factories.programme import programme_world
from tests.programme.event_helpers import DAY, HOUR, make_event

pytestmark = pytest.mark.django_db

Attendance = Registration.Attendance
AGENDA = reverse("programme:agenda")


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def _event_url(name, event):
    return reverse(f"programme:{name}", kwargs={"event": event.pk})


# --- The agenda ------------------------------------------------------------------------------------


def test_the_agenda_lists_upcoming_events_first_then_past_ones_with_places_left(world):
    make_event(world, title="Séminaire passé", starts_in=-10 * DAY, kind=Event.Kind.SEMINAR)
    make_event(world, title="Bootcamp à venir", starts_in=3 * DAY, capacity=20, compulsory=True)
    make_event(world, title="Réservé aux mentors", audiences=[Event.Audience.MENTORS])

    page = text(client_of(world.user("ada")).get(AGENDA))

    assert page.index("Bootcamp à venir") < page.index("Séminaire passé")
    assert "Réservé aux mentors" not in page
    assert "20 places restantes" in page and "Obligatoire" in page
    assert _event_url("event_register", Event.objects.get(title="Bootcamp à venir")) in page


def test_a_fellow_registers_and_unregisters_from_the_agenda(world):
    session = make_event(world, title="Session collective", capacity=2)
    ada = client_of(world.user("ada"))

    response = ada.post(_event_url("event_register", session))

    assert response.status_code == 302 and response["Location"] == f"{AGENDA}#evenement-{session.pk}"
    assert Registration.objects.filter(event=session, user=world.user("ada")).exists()
    page = text(ada.get(AGENDA))
    assert "Vous êtes inscrit·e à « Session collective »." in page and "1 place restante" in page
    assert _event_url("event_unregister", session) in page

    ada.post(_event_url("event_unregister", session))
    assert not Registration.objects.filter(event=session).exists()


def test_a_full_event_says_so_and_refuses_in_french(world):
    session = make_event(world, capacity=1)
    events.register(session, world.user("bob"), now=world.now)
    cleo = client_of(world.user("cleo"))
    page = text(cleo.get(AGENDA))
    assert "Complet" in page and _event_url("event_register", session) not in page

    page = text(cleo.post(_event_url("event_register", session), follow=True))

    assert "Il n'y a plus de place pour cet événement." in page
    assert session.registrations.count() == 1


def test_an_event_outside_the_person_audience_answers_404(world):
    for_mentors = make_event(world, audiences=[Event.Audience.MENTORS])
    for name in ["event_register", "event_unregister", "event_check_in"]:
        assert client_of(world.user("ada")).post(_event_url(name, for_mentors)).status_code == 404
        assert client_of(UserFactory()).post(_event_url(name, for_mentors)).status_code == 404
    assert not for_mentors.registrations.exists()


def test_past_attendance_is_shown_and_self_check_in_is_offered_on_the_day(world):
    past = make_event(world, title="Séminaire de rentrée", starts_in=-10 * DAY)
    Registration.objects.create(event=past, user=world.user("ada"), attendance=Attendance.EXCUSED)
    today = make_event(world, title="Session du jour", starts_in=-HOUR, hours=4, self_check_in=True)
    Registration.objects.create(event=today, user=world.user("ada"))
    ada = client_of(world.user("ada"))

    page = text(ada.get(AGENDA))

    assert "Excusé·e" in page
    assert _event_url("event_check_in", today) in page
    ada.post(_event_url("event_check_in", today))
    assert Registration.objects.get(event=today).attendance == Attendance.PRESENT
    assert _event_url("event_check_in", today) not in text(ada.get(AGENDA))


def test_the_agenda_needs_a_sign_in(client):
    response = client.get(AGENDA)
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_the_home_page_asks_to_register_to_a_compulsory_event(world):
    bootcamp = make_event(world, title="Bootcamp", compulsory=True, starts_in=5 * DAY)
    make_event(world, title="Facultative", starts_in=5 * DAY)

    labels = [todo.label for todo in todos_for(world.user("ada"), world.now.date())]
    assert "Inscrivez-vous : Bootcamp" in labels and "Inscrivez-vous : Facultative" not in labels
    assert "Inscrivez-vous : Bootcamp" in text(client_of(world.user("ada")).get(reverse("programme:home")))

    events.register(bootcamp, world.user("ada"), now=world.now)
    assert "Inscrivez-vous : Bootcamp" not in [todo.label for todo in todos_for(world.user("ada"), world.now.date())]
    assert "Inscrivez-vous : Bootcamp" not in [todo.label for todo in todos_for(world.user("olga"), world.now.date())]


# --- The private calendar feed -------------------------------------------------------------------


def _feed_url(user) -> str:
    return reverse("programme:feed", kwargs={"token": event_calendar.feed_of(user).token})


def test_the_feed_lists_the_registered_event_to_anyone_holding_its_address(world):
    session = make_event(world, title="Séminaire inscrit")
    make_event(world, title="Séminaire non inscrit")
    client_of(world.user("ada")).post(_event_url("event_register", session))

    page = text(client_of(world.user("ada")).get(AGENDA))
    url = _feed_url(world.user("ada"))
    assert url in page and reverse("programme:feed_renew") in page

    response = Client().get(url)  # a calendar application: no session

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    summaries = [str(c["summary"]) for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Séminaire inscrit"]


def test_a_renewed_address_makes_the_old_one_answer_404(world):
    ada = client_of(world.user("ada"))
    old = _feed_url(world.user("ada"))
    confirmation = text(ada.get(reverse("programme:feed_renew")))
    assert "L'ancienne adresse cessera de fonctionner" in confirmation

    response = ada.post(reverse("programme:feed_renew"))

    assert response.status_code == 302
    new = _feed_url(world.user("ada"))
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_an_unknown_token_answers_404():
    assert Client().get(reverse("programme:feed", kwargs={"token": "inconnu"})).status_code == 404


# --- The programme team's calendar ----------------------------------------------------------------


def _staff_url(name, world, **kwargs):
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


EVENT_FORM = {
    "kind": Event.Kind.BOOTCAMP,
    "title": "Semaine d'intégration",
    "description": "Cinq jours pour se lancer.",
    "place": "Paris, Ségur",
    "link": "",
    "audiences": [Event.Audience.FELLOWS, Event.Audience.MENTORS],
    "capacity": "40",
    "compulsory": "on",
}


def _form(world, **values):
    starts = world.now + 10 * DAY
    return (
        EVENT_FORM
        | {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + 4 * DAY).strftime("%Y-%m-%dT%H:%M"),
        }
        | values
    )


def test_staff_create_an_event_from_the_calendar(world):
    staff = client_of(world.staff)

    response = staff.post(_staff_url("programme_events", world), _form(world))

    event = Event.objects.get(title="Semaine d'intégration")
    assert response.status_code == 302 and response["Location"] == _staff_url("programme_event", world, event=event.pk)
    assert (event.capacity, event.compulsory, event.audiences) == (40, True, ["fellows", "mentors"])
    assert ActivityLog.objects.filter(verb="event.saved", actor=world.staff, target_id=str(event.pk)).exists()
    page = text(staff.get(_staff_url("programme_events", world)))
    assert "Semaine d'intégration" in page and "0 sur 40" in page


def test_an_event_ending_before_it_starts_is_refused_and_what_was_typed_kept(world):
    form = _form(world)
    response = client_of(world.staff).post(
        _staff_url("programme_events", world), form | {"ends_at": form["starts_at"], "title": "Séminaire raté"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "La fin de l'événement doit venir après son début." in page and 'value="Séminaire raté"' in page
    assert not Event.objects.exists()


def test_staff_edit_an_event(world):
    event = make_event(world, title="Session")
    response = client_of(world.staff).post(
        _staff_url("programme_event", world, event=event.pk), _form(world, title="Session de rentrée", capacity="")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Session de rentrée", None)


def test_staff_take_attendance_on_the_list(world):
    session = make_event(world, starts_in=-2 * HOUR)
    ada, bob = (Registration.objects.create(event=session, user=world.user(key)) for key in ["ada", "bob"])
    staff = client_of(world.staff)
    url = _staff_url("programme_event", world, event=session.pk)
    page = text(staff.get(url))
    assert f'name="attendance-{ada.pk}"' in page and "Présence de Ada Lovelace" in page

    response = staff.post(
        _staff_url("programme_event_attendance", world, event=session.pk),
        {f"attendance-{ada.pk}": "present", f"attendance-{bob.pk}": "absent"},
    )

    assert response.status_code == 302
    assert dict(session.registrations.values_list("user__first_name", "attendance")) == {
        "Ada": "present",
        "Bob": "absent",
    }
    assert ActivityLog.objects.filter(verb="event.attendance", actor=world.staff).count() == 2


def test_the_compulsory_table_shows_each_fellow_against_each_compulsory_event(world):
    bootcamp = make_event(world, title="Bootcamp", compulsory=True, starts_in=-20 * DAY)
    Registration.objects.create(event=bootcamp, user=world.user("ada"), attendance=Attendance.PRESENT)
    Registration.objects.create(event=bootcamp, user=world.user("bob"), attendance=Attendance.ABSENT)

    page = text(client_of(world.staff).get(_staff_url("programme_compulsory", world)))

    for shown in ["Bootcamp", "Ada Lovelace", "Présent·e", "Absent·e", "Non inscrit·e", "Cléo Durand"]:
        assert shown in page


def test_the_staff_pages_answer_404_to_a_fellow(world):
    event = make_event(world)
    for url in [
        _staff_url("programme_events", world),
        _staff_url("programme_event", world, event=event.pk),
        _staff_url("programme_compulsory", world),
    ]:
        assert client_of(world.user("ada")).get(url).status_code == 404


def _more_fellows(world, count):
    for index in range(count):
        user = UserFactory()
        Fellow.objects.create(
            promotion=world.promotion,
            challenge=world.alpha,
            user=user,
            name=f"Fellow {index}",
            status=Fellow.Status.ACTIVE,
        )
        yield user


def test_the_calendar_keeps_a_flat_query_count(world, django_assert_num_queries):
    staff = client_of(world.staff)
    url = _staff_url("programme_events", world)
    people = [world.user(key) for key in ["ada", "bob", "cleo"]]

    def add_events(count):
        for index in range(count):
            event = make_event(world, title=f"Session {index}", starts_in=(index - 3) * DAY)
            for user in people:
                Registration.objects.create(event=event, user=user, attendance=Attendance.PRESENT)

    add_events(2)
    with django_assert_num_queries(7):
        assert staff.get(url).status_code == 200
    add_events(8)
    with django_assert_num_queries(7):
        assert staff.get(url).status_code == 200


def test_the_attendance_page_keeps_a_flat_query_count(world, django_assert_num_queries):
    staff = client_of(world.staff)
    session = make_event(world, starts_in=-HOUR)
    url = _staff_url("programme_event", world, event=session.pk)
    fellows = _more_fellows(world, 10)

    def register(count):
        for _ in range(count):
            Registration.objects.create(event=session, user=next(fellows), marked_by=world.staff)

    register(2)
    staff.get(url)  # the first page reads the site's DSFR settings, kept under the content version
    with django_assert_num_queries(7):
        assert staff.get(url).status_code == 200
    register(8)
    with django_assert_num_queries(7):
        assert staff.get(url).status_code == 200


def test_the_agenda_keeps_a_flat_query_count(world, django_assert_num_queries):
    ada = client_of(world.user("ada"))
    for index in range(2):
        make_event(world, title=f"Session {index}", starts_in=(index - 1) * DAY)
    ada.get(AGENDA)  # the first visit makes the person's calendar address
    with django_assert_num_queries(9):
        assert ada.get(AGENDA).status_code == 200
    for index in range(8):
        event = make_event(world, title=f"Séance {index}", starts_in=(index - 4) * DAY)
        events.register(event, world.user("ada"), now=event.starts_at - HOUR)
    # The new events moved the public content version: the site's DSFR settings are read again.
    with django_assert_num_queries(10):
        assert ada.get(AGENDA).status_code == 200


# --- The public promotion page -----------------------------------------------------------------


def test_the_public_promotion_page_lists_the_public_events_only(world, client):
    make_event(world, title="Demo day ouvert au public", kind=Event.Kind.DEMO_DAY, is_public=True)
    make_event(world, title="Session interne", is_public=False)
    cache.clear()

    page = text(client.get(world.promotion.get_absolute_url()))

    assert "Événements publics" in page and "Demo day ouvert au public" in page
    assert "Session interne" not in page


def test_a_new_public_event_shows_on_the_cached_public_page_at_once(world, client):
    url = world.promotion.get_absolute_url()
    cache.clear()
    assert "Événements publics" not in text(client.get(url))
    make_event(world, title="Webinaire de présentation", is_public=True, kind=Event.Kind.WEBINAR)
    assert "Webinaire de présentation" in text(client.get(url))


def test_the_compulsory_table_keeps_a_flat_query_count(world, django_assert_num_queries):
    staff = client_of(world.staff)
    url = _staff_url("programme_compulsory", world)
    fellows = _more_fellows(world, 10)
    first = make_event(world, title="Bootcamp", compulsory=True, starts_in=-20 * DAY)
    Registration.objects.create(event=first, user=next(fellows), attendance=Attendance.PRESENT)
    with django_assert_num_queries(9):
        assert staff.get(url).status_code == 200
    make_event(world, title="Séminaire", compulsory=True, starts_in=-5 * DAY)
    for user in fellows:
        Registration.objects.create(event=first, user=user, attendance=Attendance.ABSENT)
    with django_assert_num_queries(9):
        assert staff.get(url).status_code == 200
