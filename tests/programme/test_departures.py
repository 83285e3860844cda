"""Leaving early (eig.programme.departures): staff record it, the team, its mentors and its host are
told without the reason; a replacement from the waiting list is proposed through the selection's
own path (withdraw the offer, then the team engine's replacement), only while the promotion is
young enough."""

import datetime

import pytest
from django.utils import timezone

from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.programme import departures
from eig.programme.fellows import setup_of
from eig.programme.models import Fellow, Setup
from eig.selection import services as selection_services
from eig.selection.models import Offer
from tests.factories.programme import programme_world
from tests.factories.selection import approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db

REASON = "Raison de santé confidentielle"


@pytest.fixture
def world():
    return programme_world()


def test_staff_record_a_departure_and_the_team_its_mentors_and_its_host_are_told_without_the_reason(world):
    bob = world.fellows["bob"]
    today = timezone.localdate()
    left = departures.record_departure(bob, on=today, reason=REASON, by=world.staff)
    assert (left.status, left.left_on, left.leave_reason) == (Fellow.Status.LEFT, today, REASON)
    messages = OutboxMessage.objects.filter(template="programme_departure")
    expected = {world.user(key).email for key in ("ada", "olga", "hugo", "agnes")}
    assert {m.recipient for m in messages} == expected
    for message in messages:
        assert "Bob Morane quitte le programme" in message.body_text
        assert REASON not in message.subject + message.body_text + message.body_html + str(message.context)
    entry = ActivityLog.objects.get(verb="fellow.left")
    assert entry.data == {"on": today.isoformat(), "notified": 4}


def test_only_the_programme_team_records_a_departure(world):
    with pytest.raises(DomainError, match="Seule l'équipe du programme"):
        departures.record_departure(world.fellows["bob"], on=timezone.localdate(), reason=REASON, by=world.user("ada"))
    assert Fellow.objects.get(pk=world.fellows["bob"].pk).status == Fellow.Status.ONBOARDING


def test_a_departure_needs_its_reason_and_happens_once(world):
    ada = world.fellows["ada"]
    with pytest.raises(DomainError, match="motif du départ"):
        departures.record_departure(ada, on=timezone.localdate(), reason="  ", by=world.staff)
    departures.record_departure(ada, on=timezone.localdate(), reason=REASON, by=world.staff)
    with pytest.raises(DomainError, match="n'est plus dans le programme"):
        departures.record_departure(ada, on=timezone.localdate(), reason=REASON, by=world.staff)


def test_a_departure_cannot_precede_the_start(world):
    ada = world.fellows["ada"]
    with pytest.raises(DomainError, match="ne peut pas précéder la prise de poste"):
        departures.record_departure(ada, on=ada.started_on - datetime.timedelta(days=1), reason=REASON, by=world.staff)


def test_a_fellow_who_did_not_come_from_an_offer_is_not_replaced_from_the_waiting_list(world):
    bob = departures.record_departure(world.fellows["bob"], on=timezone.localdate(), reason=REASON, by=world.staff)
    assert not departures.may_replace(bob, timezone.localdate())
    assert "proposition de poste de la sélection" in departures.why_not_replaceable(bob, timezone.localdate())


def test_a_replacement_is_proposed_only_after_the_departure(world):
    reason = departures.why_not_replaceable(world.fellows["ada"], timezone.localdate())
    assert reason.startswith("Enregistrez d'abord le départ")


# --- Through the selection's replacement path -------------------------------------------------------


@pytest.fixture
def laureate():
    """Fay accepted her offer (Bêta, data scientist); Inès waits on the list, ranked for it."""
    promo = selection_world()
    run = approved_run(promo)
    selection_services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "fay")
    selection_services.respond(offer, accept=True, by=offer.dossier.owner)
    fellow = Fellow.objects.get(offer=offer)
    setup = setup_of(fellow.promotion)
    Setup.objects.filter(pk=setup.pk).update(
        start_date=timezone.localdate() - datetime.timedelta(days=10), replacement_window_days=60
    )
    fellow = departures.record_departure(fellow, on=timezone.localdate(), reason=REASON, by=promo.staff)
    return promo, fellow, offer


def test_inside_the_window_the_replacement_withdraws_the_offer_then_asks_the_selection_engine(laureate):
    promo, fellow, offer = laureate
    assert departures.may_replace(fellow, timezone.localdate())
    replacement = departures.propose_replacement_for(fellow, by=promo.staff)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert (replacement.offer, replacement.dossier) == (offer, promo.dossiers["ines"])
    withdrawn = ActivityLog.objects.get(verb="offer.withdrawn", target_id=str(offer.pk))
    assert REASON not in withdrawn.data["reason"]
    assert ActivityLog.objects.filter(verb="offer.replacement_proposed", target_id=str(offer.pk)).exists()
    logged = ActivityLog.objects.get(verb="fellow.replacement_proposed", target_id=str(fellow.pk))
    assert logged.data == {"offer": offer.pk, "dossier": promo.dossiers["ines"].number}
    # Asked again (staff came back): the offer is not withdrawn twice, the engine answers again.
    assert departures.propose_replacement_for(fellow, by=promo.staff).dossier == promo.dossiers["ines"]
    assert ActivityLog.objects.filter(verb="offer.withdrawn").count() == 1


def test_the_window_counts_from_the_programme_start_its_last_day_included(laureate):
    promo, fellow, offer = laureate
    start = timezone.localdate() - datetime.timedelta(days=10)
    assert departures.may_replace(fellow, start + datetime.timedelta(days=60))
    assert not departures.may_replace(fellow, start + datetime.timedelta(days=61))


def test_outside_the_window_no_replacement_and_the_offer_stays(laureate):
    promo, fellow, offer = laureate
    Setup.objects.filter(promotion=fellow.promotion).update(
        start_date=timezone.localdate() - datetime.timedelta(days=61)
    )
    with pytest.raises(DomainError, match="pendant les 60 jours"):
        departures.propose_replacement_for(fellow, by=promo.staff)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert not ActivityLog.objects.filter(verb="offer.replacement_proposed").exists()
