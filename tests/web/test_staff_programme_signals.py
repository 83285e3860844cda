"""The programme team's signals page: pending first, filters by state and kind, each signal's log in
words, its moves (acknowledge, follow up, close with a note), « Détecter maintenant »; a flat
number of queries whatever the number of signals."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from eig.programme import mentoring, signals
from eig.programme.models import Signal
from tests.factories.programme import programme_world
from tests.programme.retro_helpers import weeks_ago, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return programme_world()


@pytest.fixture
def staff(world) -> Client:
    client = Client()
    client.force_login(world.staff)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def page_url(world) -> str:
    return reverse("staff:programme_signals", kwargs={"promotion": world.promotion.slug})


def move_url(world, name, signal) -> str:
    return reverse(f"staff:programme_signal_{name}", kwargs={"promotion": world.promotion.slug, "signal": signal.pk})


def _difficulty(world, text="Pas de poste de travail"):
    return mentoring.flag_difficulty(world.alpha, by=world.user("olga"), text=text)


def _shown(response) -> list[int]:
    return [
        int(pk) for pk in re.findall(r'<section class="fr-mb-4w fr-p-3w" id="signal-(\d+)"', response.content.decode())
    ]


def test_the_page_lists_the_signals_pending_first_with_team_fellow_and_summary(world, staff):
    closed = _difficulty(world, "Ancienne difficulté")
    signals.close(closed, by=world.staff, note="Réglé")
    write(world, "ada", weeks_ago(world, 1), help_text="Un accès")
    help_asked = Signal.objects.get(kind=Signal.Kind.HELP_ASKED)
    response = staff.get(page_url(world))
    assert _shown(response) == [help_asked.pk, closed.pk]
    page = text_of(response)
    assert "Ada Lovelace" in page and "Alpha" in page and help_asked.summary in page
    assert "1 signal à traiter." in page


def test_each_signal_shows_its_log_in_words(world, staff):
    signal = _difficulty(world)
    signals.acknowledge(signal, by=world.staff)
    page = text_of(staff.get(page_url(world)))
    assert "Signal levé" in page and "Signal pris en compte" in page


def test_the_filters_choose_by_state_and_kind(world, staff):
    difficulty = _difficulty(world)
    write(world, "ada", weeks_ago(world, 1), help_text="Un accès")
    help_asked = Signal.objects.get(kind=Signal.Kind.HELP_ASKED)
    signals.close(difficulty, by=world.staff, note="Réglé")
    assert _shown(staff.get(page_url(world) + "?etat=pending")) == [help_asked.pk]
    assert _shown(staff.get(page_url(world) + "?etat=closed")) == [difficulty.pk]
    assert _shown(staff.get(page_url(world) + "?type=difficulty")) == [difficulty.pk]


def test_staff_acknowledge_follow_up_and_close_a_signal(world, staff):
    signal = _difficulty(world)
    response = staff.post(move_url(world, "acknowledge", signal), {"etat": "pending"})
    assert response["Location"] == page_url(world) + f"?etat=pending#signal-{signal.pk}"
    staff.post(move_url(world, "follow_up", signal), {"note": "Appel à l'administration"})
    staff.post(move_url(world, "close", signal), {"note": "Postes livrés"})
    signal.refresh_from_db()
    assert (signal.state, signal.note, signal.handled_by) == (Signal.State.CLOSED, "Postes livrés", world.staff)


def test_closing_without_a_note_is_refused_on_the_page(world, staff):
    signal = _difficulty(world)
    response = staff.post(move_url(world, "close", signal), {"note": ""})
    assert response.status_code == 400
    assert "se clôt avec une note" in text_of(response)
    signal.refresh_from_db()
    assert signal.state == Signal.State.OPEN


def test_a_refused_move_keeps_the_note_typed(world, staff):
    signal = _difficulty(world)
    signals.close(signal, by=world.staff, note="Déjà réglé")
    response = staff.post(move_url(world, "follow_up", signal), {"note": "Mon suivi tapé"})
    assert response.status_code == 400
    assert "Impossible de passer" in text_of(response)


def test_a_signal_of_another_promotion_answers_404(world, staff):
    signal = _difficulty(world)
    other = reverse("staff:programme_signal_close", kwargs={"promotion": "autre-promotion", "signal": signal.pk})
    assert staff.post(other, {"note": "x"}).status_code == 404


def test_detect_now_raises_the_signals_and_says_how_many(world, staff):
    response = staff.post(
        reverse("staff:programme_signals_detect", kwargs={"promotion": world.promotion.slug}), follow=True
    )
    assert "2 nouveaux signaux" in text_of(response) and "bilans manquants : 2" in text_of(response)
    assert Signal.objects.filter(kind=Signal.Kind.MISSING).count() == 2


@pytest.mark.parametrize("size", [2, 10])
def test_the_page_reads_in_a_flat_number_of_queries(world, staff, size, django_assert_num_queries):
    for i in range(size):
        signal = _difficulty(world, f"Difficulté {i}")
        if i % 2:
            signals.follow_up(signal, by=world.staff, note="Suivi")
    with django_assert_num_queries(10):
        assert staff.get(page_url(world)).status_code == 200
