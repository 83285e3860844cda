"""The demo day's programme (eig.results.demo_day): staff replace an event's slots at once; only a
demo day has a programme; each slot starts within its event and presents a team of its promotion."""

import datetime

import pytest
from django.utils import translation

from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme.models import AgendaItem, Event
from eig.results import demo_day
from eig.results.demo_day import Slot
from tests.factories import ChallengeFactory
from tests.factories.closing import at, demo_day_event, results_world
from tests.programme.event_helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return results_world()


def test_saving_a_programme_replaces_the_slots_in_time_order_in_both_languages(world):
    event = demo_day_event(world)
    demo_day.save_agenda(event, [Slot(at(event, 9), "Accueil", "Welcome")], by=world.staff)

    demo_day.save_agenda(
        event,
        [
            Slot(at(event, 10, 30), "Présentation d'Alpha", "Alpha's pitch", "Ada Lovelace", world.alpha),
            Slot(at(event, 9, 30), "Ouverture", "", "La direction du programme"),
        ],
        by=world.staff,
    )

    items = demo_day.agenda_of(event)
    assert [(i.title_fr, i.title_en, i.speakers, i.challenge) for i in items] == [
        ("Ouverture", "", "La direction du programme", None),
        ("Présentation d'Alpha", "Alpha's pitch", "Ada Lovelace", world.alpha),
    ]
    with translation.override("en"):
        assert [item.title for item in items] == ["Ouverture", "Alpha's pitch"]  # English falls back to French
    log = ActivityLog.objects.filter(verb="agenda.saved").latest("id")
    assert log.target_id == str(event.pk) and log.actor == world.staff and log.data["before"] == 1


def test_an_empty_programme_removes_the_slots(world):
    event = demo_day_event(world)
    demo_day.save_agenda(event, [Slot(at(event, 9), "Accueil")], by=world.staff)

    demo_day.save_agenda(event, [], by=world.staff)

    assert not AgendaItem.objects.filter(event=event).exists()


def test_only_a_demo_day_has_a_programme(world):
    session = make_event(world, kind=Event.Kind.SEMINAR)

    with pytest.raises(DomainError, match="Seule une journée de démonstration"):
        demo_day.save_agenda(session, [Slot(session.starts_at, "Accueil")], by=world.staff)


def test_a_slot_outside_the_event_is_refused_in_french(world):
    event = demo_day_event(world)

    with pytest.raises(DomainError, match="« Cocktail » .* est en dehors de l'événement"):
        demo_day.save_agenda(event, [Slot(at(event, 19), "Cocktail")], by=world.staff)
    assert not AgendaItem.objects.exists()


def test_a_team_of_another_promotion_is_refused(world):
    event = demo_day_event(world)
    other = ChallengeFactory(title="Défi d'une autre promotion")

    with pytest.raises(DomainError, match="n'appartient pas à la promotion"):
        demo_day.save_agenda(event, [Slot(at(event, 10), "Pitch", challenge=other)], by=world.staff)


def test_a_slot_needs_a_french_title(world):
    event = demo_day_event(world)

    with pytest.raises(DomainError, match="intitulé en français"):
        demo_day.save_agenda(event, [Slot(at(event, 10), "  ", "Pitch")], by=world.staff)


def test_the_promotion_s_demo_day_is_the_public_one_if_there_are_several(world):
    rehearsal = demo_day_event(world, title="Répétition", is_public=False, days=5)
    assert demo_day.demo_day(world.promotion) == rehearsal
    assert demo_day.demo_day(world.promotion, public=True) is None

    final = demo_day_event(world, title="Demo day", is_public=True, days=8)

    assert demo_day.demo_day(world.promotion) == final
    assert demo_day.demo_day(world.promotion, public=True) == final


def test_reading_the_programmes_of_events_without_a_demo_day_costs_no_query(world, django_assert_num_queries):
    sessions = [make_event(world, title=f"Session {n}", starts_in=datetime.timedelta(days=n)) for n in range(3)]

    with django_assert_num_queries(0):
        assert demo_day.agendas_of(sessions) == {}
