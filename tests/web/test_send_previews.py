"""Results never leave early, bulk sends are previewed, irreversible clicks are confirmed
(issue 13, point 4; field test, items 2 and 10).

Every bulk send of the programme team first shows a preview (eig/web/staff/send_preview.py,
templates/staff/_send_preview.html): the count per outcome, the first recipients, one message per
outcome in French and in English; only its confirmation (confirm=1) sends. Withdrawing an offer
first names what it undoes. Admissibility decisions before the call's deadline need a typed phrase.
"""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.reviews.models import Decision
from eig.selection import services
from eig.selection.models import Offer, Outcome
from eig.web.staff.send_preview import Recipient, preview
from tests.factories import StaffFactory
from tests.factories.juries import jury_world
from tests.factories.reviews import closed_call, grid_of, submitted_dossier
from tests.factories.selection import approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def moment(days):
    return timezone.localtime(timezone.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# --- « Envoyer les propositions » ------------------------------------------------------------------


def test_sending_the_offers_first_shows_counts_recipients_and_each_message_in_french_and_english(staff_client):
    promo = selection_world()
    approved_run(promo)
    send = reverse("staff:selection_send_offers", kwargs={"slug": promo.call.slug})
    deadline = moment(10)

    response = staff_client.post(send, {"deadline": deadline})

    assert response.status_code == 200
    text = text_of(response)
    assert "10 messages à envoyer" in text
    for label, n in [("Proposition de poste", 7), ("Liste d'attente", 2), ("Non retenu ou non retenue", 1)]:
        assert f'<th scope="row">{label}</th><td>{n}</td>' in text
    # The first recipients, named, laureates first.
    assert "Les 10 premiers destinataires" in text
    assert f"<td>{promo.dossiers['ada'].owner.email}</td>" in text and "Jo Dalton" in text
    # One message per outcome, in both languages, as the notifications app renders it.
    assert "Vous êtes retenu ou retenue pour le défi « Alpha »" in text
    assert 'You are selected for the challenge "Alpha"' in text
    assert f"Votre candidature à l'appel « {promo.call.title} » : liste d'attente" in text
    assert f'Your application to the call "{promo.call.title}": waiting list' in text
    assert 'lang="en"' in text
    assert f'<input type="hidden" name="deadline" value="{deadline}">' in text
    assert '<input type="hidden" name="confirm" value="1">' in text
    assert not Offer.objects.exists() and not Outcome.objects.exists()
    outcomes = ["selection_offer", "selection_waiting_list", "selection_refusal"]
    assert not OutboxMessage.objects.filter(template__in=outcomes).exists()

    confirmed = staff_client.post(send, {"deadline": deadline, "confirm": "1"})

    assert confirmed.status_code == 302
    assert Offer.objects.count() == 7 and Outcome.objects.count() == 10


def test_the_notices_come_laureates_first_and_the_preview_names_ten_and_counts_the_others():
    promo = selection_world()
    run = approved_run(promo)

    notices = services.pending_notices(run, deadline=offer_deadline())

    assert [n.decision for n in notices] == ["laureate"] * 7 + ["waiting_list"] * 2 + ["refused"]
    shown = preview([("x", 12)], [Recipient(f"P{i}", f"p{i}@x.example", "x") for i in range(12)])
    assert (len(shown.first), shown.more, shown.total) == (10, 2, 12)


def test_a_preview_when_everyone_was_told_says_nothing_new_leaves(staff_client):
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)

    response = staff_client.post(
        reverse("staff:selection_send_offers", kwargs={"slug": promo.call.slug}), {"deadline": moment(10)}
    )

    assert response.status_code == 200
    assert "Personne n'a de nouveau message : chacun a déjà reçu le sien." in text_of(response)


# --- Withdrawing an accepted offer ----------------------------------------------------------------


def test_withdrawing_an_accepted_offer_first_names_what_it_undoes(staff_client):
    promo = selection_world()
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    ada = services.respond(promo.offer(run, "ada"), accept=True, by=promo.dossiers["ada"].owner)
    withdraw = reverse("staff:selection_withdraw", kwargs={"slug": promo.call.slug, "offer": ada.pk})

    response = staff_client.post(withdraw, {"reason": "N'est plus éligible."})

    assert response.status_code == 200
    text = text_of(response)
    assert "Retirer la proposition de Ada Lovelace ?" in text
    assert "Ada Lovelace a accepté cette proposition : la retirer lui fait perdre sa place" in text
    assert "Le retrait est définitif" in text and "Motif enregistré : N'est plus éligible." in text
    assert '<input type="hidden" name="reason" value="N&#x27;est plus éligible.">' in response.content.decode()
    ada.refresh_from_db()
    assert ada.status == Offer.Status.ACCEPTED

    staff_client.post(withdraw, {"reason": "N'est plus éligible.", "confirm": "1"})

    ada.refresh_from_db()
    assert ada.status == Offer.Status.WITHDRAWN


# --- Convocations ---------------------------------------------------------------------------------


def test_the_convocations_page_previews_recipients_and_both_messages_in_both_languages(staff_client):
    world = jury_world(jurors=2, auditions=2, panels=1, rooms=1, day=datetime.date(2030, 3, 5))

    response = staff_client.get(reverse("staff:jury_convocations", kwargs={"slug": world.call.slug}))

    text = text_of(response)
    assert "4 messages à envoyer" in text
    assert '<th scope="row">Convocation à l\'audition</th><td>2</td>' in text
    assert '<th scope="row">Convocation d\'un membre du jury</th><td>2</td>' in text
    assert f"<td>{world.jurors[0].email}</td>" in text
    assert f"Votre audition : {world.jury.title}" in text and f"Your audition: {world.jury.title}" in text
    assert f"Votre convocation : {world.jury.title}" in text and f"Your convocation: {world.jury.title}" in text
    assert not OutboxMessage.objects.filter(template__endswith="convocation").exists()


# --- Admissibility decisions before the call's deadline ------------------------------------------------


@pytest.fixture
def open_call():
    call = closed_call()
    dossier = submitted_dossier(call, first="Léa", last="Martin")
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + datetime.timedelta(days=21))
    call.refresh_from_db()
    return grid_of(call), dossier


def decisions_url(grid):
    return reverse("staff:evaluation_decisions", kwargs={"slug": grid.call.slug, "grid": grid.pk})


def test_the_decisions_preview_warns_that_the_call_is_open_and_asks_for_the_phrase(staff_client, open_call):
    grid, dossier = open_call
    data = {"dossiers": [dossier.number], "admissible": "1", "reason": "selected"}

    text = text_of(staff_client.post(decisions_url(grid), data))

    assert "L'appel n'est pas encore clos" in text
    assert "Pour envoyer quand même avant la clôture, tapez « ENVOYER AVANT LA CLÔTURE »" in text
    assert 'name="early_confirmation"' in text
    assert f"Votre dossier {dossier.number} : retenu pour la suite" in text
    assert f"Your dossier {dossier.number}: kept for the next stage" in text


def test_an_early_notice_is_refused_without_the_phrase_and_with_a_wrong_one(staff_client, open_call):
    grid, dossier = open_call
    data = {"dossiers": [dossier.number], "admissible": "0", "reason": "profile", "confirm": "1"}

    without = staff_client.post(decisions_url(grid), data)
    wrong = staff_client.post(decisions_url(grid), {**data, "early_confirmation": "oui"})

    assert without.status_code == 409 and "L'appel est encore ouvert jusqu'au" in text_of(without)
    assert wrong.status_code == 409 and "La phrase tapée ne correspond pas" in text_of(wrong)
    assert 'aria-describedby="early-confirmation-error"' in text_of(wrong)
    assert not Decision.objects.exists()
    assert not OutboxMessage.objects.filter(template="admissibility_decision").exists()


def test_an_early_notice_with_the_phrase_is_sent_and_logged(staff_client, staff, open_call):
    grid, dossier = open_call
    data = {"dossiers": [dossier.number], "admissible": "0", "reason": "profile", "confirm": "1"}

    response = staff_client.post(decisions_url(grid), {**data, "early_confirmation": "ENVOYER AVANT LA CLÔTURE"})

    assert response.status_code == 302
    assert OutboxMessage.objects.filter(template="admissibility_decision", recipient=dossier.owner.email).exists()
    assert ActivityLog.objects.filter(verb="call.decisions_sent_before_closing", actor=staff).count() == 1
