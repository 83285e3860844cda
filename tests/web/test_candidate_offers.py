"""A laureate's offer (« Mon espace » › offres) and the selection results in the candidate space:
the position and why, the deadline in Paris time, accepting with or without consent to appear
on the promotion's public page, declining after a confirmation, no answer after the deadline,
changing the consent later; nobody but the dossier's owner sees an offer.

The promotion is tests/factories/selection.py's: after the approval, Ada is offered « Alpha »
(dev), Hugo waits, Jo is refused.
"""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from eig.calls.services import answers_of, missing_for, questions_of
from eig.challenges.models import Challenge
from eig.selection import services
from eig.selection.models import Offer, Outcome, SelectionRun
from tests.factories import StaffFactory, UserFactory
from tests.factories.selection import Promotion, approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


@pytest.fixture
def run(promo) -> SelectionRun:
    run = approved_run(promo)
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    return run


@pytest.fixture
def offer(promo, run) -> Offer:
    return promo.offer(run, "ada")


@pytest.fixture
def ada(promo) -> Client:
    return client_of(promo.dossiers["ada"].owner)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def url(name, offer) -> str:
    return reverse(f"candidates:{name}", kwargs={"offer": offer.pk})


def paris(moment, fmt) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment), fmt)


def checkbox(form, *, checked) -> str:
    return (
        f'<input type="checkbox" name="public_profile" aria-describedby="{form}-public_profile_helptext" '
        f'id="{form}-public_profile"{" checked" if checked else ""}>'
    )


CONSENT = "J'accepte que mon nom et mon profil figurent sur la page publique de la promotion"


# --- Reading the offer ------------------------------------------------------------------------


def test_the_laureate_reads_the_position_why_and_the_deadline_in_paris_time(promo, run, offer, ada):
    response = ada.get(url("offer", offer))

    assert response.status_code == 200
    text = text_of(response)
    alpha = promo.challenges["A"]
    assert "<h1>Proposition de poste : Alpha</h1>" in text
    assert f'<a href="{alpha.get_absolute_url()}">Alpha</a>' in text
    assert str(alpha.administration) in text
    assert promo.positions["A_dev"].profile.label in text
    assert run.explanations[str(promo.dossiers["ada"].pk)] in text
    deadline = f"{paris(offer.deadline, 'l j F Y')} à {paris(offer.deadline, 'H:i')} (heure de Paris)"
    assert deadline in text
    assert "En attente de réponse" in text
    # The public method page, with the parameters the engine used.
    assert reverse("public:selection_method", kwargs={"slug": alpha.promotion.slug}) in text


def test_the_answer_form_has_the_consent_unchecked_and_two_buttons(offer, ada):
    text = text_of(ada.get(url("offer", offer)))

    assert f'action="{url("offer_respond", offer)}"' in text
    assert checkbox("offer", checked=False) in text
    assert f'<label class="fr-label" for="offer-public_profile">{CONSENT}' in text
    assert (
        '<span class="fr-hint-text" id="offer-public_profile_helptext">Sans votre accord, la page de la promotion '
        "montre votre équipe sans vous nommer. Vous pourrez changer d'avis à tout moment depuis cette page.</span>"
    ) in text
    assert 'name="decision" value="accept">Accepter la proposition</button>' in text
    assert 'name="decision" value="decline">Décliner la proposition</button>' in text


def test_a_challenge_without_a_public_page_is_not_linked(promo, offer, ada):
    Challenge.objects.filter(pk=promo.challenges["A"].pk).update(status=Challenge.Status.PROPOSED)

    text = text_of(ada.get(url("offer", offer)))

    assert promo.challenges["A"].get_absolute_url() not in text
    assert "Alpha" in text


def test_nobody_else_sees_the_offer_staff_included(promo, offer):
    others = {
        "another laureate": client_of(promo.dossiers["bob"].owner),
        "staff": client_of(promo.staff),
        "superuser": client_of(StaffFactory(is_superuser=True)),
        "approver": client_of(promo.approver),
        "someone": client_of(UserFactory()),
    }
    for who, client in others.items():
        assert client.get(url("offer", offer)).status_code == 404, who
        assert client.get(url("offer_decline", offer)).status_code == 404, who
        assert client.post(url("offer_respond", offer), {"decision": "accept"}).status_code == 404, who
        assert client.post(url("offer_respond", offer), {"decision": "decline", "confirm": "1"}).status_code == 404
        assert client.post(url("offer_consent", offer), {"public_profile": "on"}).status_code == 404, who
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_an_anonymous_visitor_is_sent_to_sign_in_first(offer):
    response = Client().get(url("offer", offer))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url('offer', offer)}"


# --- Accepting --------------------------------------------------------------------------------


def test_the_laureate_accepts_with_consent(offer, ada):
    response = ada.post(url("offer_respond", offer), {"decision": "accept", "public_profile": "on"})

    assert response.status_code == 302
    assert response["Location"] == url("offer", offer)
    offer.refresh_from_db()
    assert (offer.status, offer.public_profile) == (Offer.Status.ACCEPTED, True)
    text = text_of(ada.get(response["Location"]))
    assert "Vous avez accepté la proposition : bienvenue dans la promotion !" in text
    assert "Votre nom et votre profil figureront sur la page publique de la promotion." in text
    assert checkbox("consent", checked=True) in text
    assert "Accepter la proposition</button>" not in text


def test_accepting_without_ticking_the_box_gives_no_consent(offer, ada):
    ada.post(url("offer_respond", offer), {"decision": "accept"})

    offer.refresh_from_db()
    assert (offer.status, offer.public_profile) == (Offer.Status.ACCEPTED, False)


def test_a_double_click_on_accept_answers_with_the_services_message(offer, ada):
    ada.post(url("offer_respond", offer), {"decision": "accept", "public_profile": "on"})

    second = ada.post(url("offer_respond", offer), {"decision": "accept"})

    assert second.status_code == 400
    assert "Cette proposition n'attend plus de réponse." in text_of(second)
    offer.refresh_from_db()
    assert (offer.status, offer.public_profile) == (Offer.Status.ACCEPTED, True)


# --- Declining --------------------------------------------------------------------------------


def test_declining_goes_through_a_confirmation_page(offer, ada):
    response = ada.post(url("offer_respond", offer), {"decision": "decline"})

    assert response.status_code == 302
    assert response["Location"] == url("offer_decline", offer)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING

    page = text_of(ada.get(response["Location"]))
    assert "Décliner est définitif" in page
    assert '<input type="hidden" name="confirm" value="1">' in page
    assert 'name="decision" value="decline">Confirmer : je décline</button>' in page

    confirmed = ada.post(url("offer_respond", offer), {"decision": "decline", "confirm": "1"})

    assert confirmed.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    text = text_of(ada.get(url("offer", offer)))
    assert "Vous avez décliné la proposition. Merci de nous avoir répondu." in text
    assert "Vous avez décliné cette proposition le" in text


def test_the_confirmation_page_of_an_answered_offer_leads_back_to_it(offer, ada):
    ada.post(url("offer_respond", offer), {"decision": "accept"})

    response = ada.get(url("offer_decline", offer))

    assert response.status_code == 302
    assert response["Location"] == url("offer", offer)


# --- The deadline -----------------------------------------------------------------------------


def past_deadline(offer):
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))


def test_after_the_deadline_the_page_says_so_and_offers_no_answer(offer, ada):
    past_deadline(offer)

    text = text_of(ada.get(url("offer", offer)))

    assert "Le délai de réponse est dépassé : la proposition n'est plus valable." in text
    assert "Accepter la proposition</button>" not in text
    assert ada.get(url("offer_decline", offer))["Location"] == url("offer", offer)


def test_a_late_answer_is_refused_and_changes_nothing(offer, ada):
    ada.get(url("offer", offer))  # the page opened before the deadline…
    past_deadline(offer)  # …the answer sent after it

    for data in [{"decision": "accept", "public_profile": "on"}, {"decision": "decline", "confirm": "1"}]:
        response = ada.post(url("offer_respond", offer), data)

        assert response.status_code == 400
        assert "Le délai de réponse est dépassé : la proposition n'est plus valable." in text_of(response)
        offer.refresh_from_db()
        assert (offer.status, offer.responded_at, offer.public_profile) == (Offer.Status.PENDING, None, False)


# --- The consent, after acceptance ------------------------------------------------------------


def test_the_laureate_changes_their_consent(offer, ada):
    ada.post(url("offer_respond", offer), {"decision": "accept"})

    given = ada.post(url("offer_consent", offer), {"public_profile": "on"})

    assert given.status_code == 302
    offer.refresh_from_db()
    assert offer.public_profile is True
    assert "vous acceptez que votre nom et votre profil figurent sur la page publique" in text_of(
        ada.get(given["Location"])
    )

    withdrawn = ada.post(url("offer_consent", offer), {})

    offer.refresh_from_db()
    assert offer.public_profile is False
    text = text_of(ada.get(withdrawn["Location"]))
    assert "votre nom et votre profil ne figureront pas sur la page publique de la promotion" in text
    assert checkbox("consent", checked=False) in text


def test_consent_is_given_for_an_accepted_offer_only(offer, ada):
    response = ada.post(url("offer_consent", offer), {"public_profile": "on"})

    assert response.status_code == 400
    assert "Le consentement se donne pour une proposition acceptée." in text_of(response)
    offer.refresh_from_db()
    assert offer.public_profile is False


def test_the_answer_and_consent_urls_take_post_only(offer, ada):
    assert ada.get(url("offer_respond", offer)).status_code == 405
    assert ada.get(url("offer_consent", offer)).status_code == 405


# --- A replacement ----------------------------------------------------------------------------


def test_a_replacement_offer_says_why_the_place_came_to_them(promo, run):
    gus = promo.offer(run, "gus")
    services.respond(gus, accept=False, by=gus.dossier.owner)
    replacement = services.confirm_replacement(gus, promo.dossiers["hugo"], deadline=offer_deadline(), by=promo.staff)

    text = text_of(client_of(promo.dossiers["hugo"].owner).get(url("offer", replacement)))

    assert "Une place s'est libérée dans l'équipe du défi « Gamma »" in text
    assert run.explanations[str(promo.dossiers["hugo"].pk)] in text


# --- The candidate space ----------------------------------------------------------------------


def test_the_space_lists_the_offers_with_status_and_deadline(promo, offer, ada):
    text = text_of(ada.get(reverse("candidates:space")))

    block = text.split(">Mes résultats de sélection</h2>", 1)[1].split(">Mes dossiers</h2>", 1)[0]
    assert f'<a href="{url("offer", offer)}">Alpha</a>' in block
    assert "En attente de réponse" in block
    assert paris(offer.deadline, "j F Y, H:i") in block
    assert "Lauréat ou lauréate" in block


def test_the_space_tells_the_waiting_list_and_the_refused_why(promo, run):
    hugo = text_of(client_of(promo.dossiers["hugo"].owner).get(reverse("candidates:space")))
    assert "Liste d'attente" in hugo
    assert run.explanations[str(promo.dossiers["hugo"].pk)] in hugo
    assert "Si une place se libère, l'équipe du programme vous fera une proposition de poste." in hugo
    assert "Mes propositions de poste" not in hugo

    jo = text_of(client_of(promo.dossiers["jo"].owner).get(reverse("candidates:space")))
    assert "Non retenu ou non retenue" in jo
    assert "le jury ne vous a pas classé pour ces postes" in jo


def test_the_space_shows_no_selection_block_before_any_decision(promo):
    text = text_of(client_of(promo.dossiers["ada"].owner).get(reverse("candidates:space")))

    assert "Mes résultats de sélection" not in text


def card_of(text, dossier) -> str:
    """The dossier's card in « Mon espace »: its title to the end of the card."""
    return text.split(f'id="dossier-{dossier.pk}-title"', 1)[1].split("</article>", 1)[0]


def test_a_pending_offer_s_card_asks_for_the_answer(promo, offer, ada):
    card = card_of(text_of(ada.get(reverse("candidates:space"))), promo.dossiers["ada"])

    assert "Proposition de poste — défi Alpha : réponse attendue" in card
    assert "Étape 4 sur 4" in card and "En cours d'examen" not in card


def test_an_accepted_offer_s_card_reads_offre_acceptee_with_its_challenge(promo, offer, ada):
    services.respond(offer, accept=True, by=offer.dossier.owner)

    card = card_of(text_of(ada.get(reverse("candidates:space"))), promo.dossiers["ada"])

    assert "Offre acceptée — défi Alpha" in card
    assert "Étape 4 sur 4" in card
    assert "En cours d'examen" not in card and "Étape 3 sur 4" not in card


def test_a_declined_offer_s_card_reads_offre_declinee(promo, offer, ada):
    services.respond(offer, accept=False, by=offer.dossier.owner)

    card = card_of(text_of(ada.get(reverse("candidates:space"))), promo.dossiers["ada"])

    assert "Offre déclinée — défi Alpha" in card and "En cours d'examen" not in card


def test_the_waiting_list_and_the_refused_read_their_decision_on_their_card(promo, run):
    hugo = card_of(
        text_of(client_of(promo.dossiers["hugo"].owner).get(reverse("candidates:space"))), promo.dossiers["hugo"]
    )
    jo = card_of(text_of(client_of(promo.dossiers["jo"].owner).get(reverse("candidates:space"))), promo.dossiers["jo"])

    assert "Sur liste d'attente" in hugo and "En cours d'examen" not in hugo
    assert "Candidature non retenue" in jo and "En cours d'examen" not in jo


def test_a_submitted_dossier_of_a_closed_call_is_under_review_on_its_card_and_its_page(promo):
    """Before any decision: « Déposé — en cours d'examen », and the dossier's page lists nothing
    missing « pour déposer », whatever the current form would ask."""
    dossier = promo.dossiers["ada"]
    client = client_of(dossier.owner)
    # The factory's dossier was submitted as rows, with none of the form's answers: the
    # form's checklist would list them all.
    assert missing_for(dossier, questions_of(dossier.call), answers_of(dossier))

    card = card_of(text_of(client.get(reverse("candidates:space"))), dossier)
    page = text_of(client.get(reverse("candidates:dossier", kwargs={"number": dossier.number})))

    assert "Déposé — en cours d'examen" in card and "Étape 3 sur 4" in card
    assert "Il manque" not in page and "pour déposer" not in page
    assert "Déposé — en cours d'examen" in page
    assert "la version déposée est celle que l'équipe du programme examine" in page


def test_the_dossier_page_of_an_accepted_offer_says_so(promo, offer, ada):
    services.respond(offer, accept=True, by=offer.dossier.owner)
    dossier = promo.dossiers["ada"]

    page = text_of(ada.get(reverse("candidates:dossier", kwargs={"number": dossier.number})))

    assert "Offre acceptée — défi Alpha" in page and "Il manque" not in page


def grow_offers(promo, count):
    """`count` more offers and outcomes for Ada, each of its own run (rows built directly: the
    page reads them, the services are tested elsewhere)."""
    dossier, position = promo.dossiers["ada"], promo.positions["A_dev"]
    now = timezone.now()
    for _ in range(count):
        run = SelectionRun.objects.create(
            call=promo.call, mode="optimal", status="optimal", explanations={str(dossier.pk): "Une explication."}
        )
        Offer.objects.create(run=run, dossier=dossier, position=position, deadline=offer_deadline())
        Outcome.objects.create(run=run, dossier=dossier, decision=Outcome.Decision.LAUREATE, notified_at=now)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_space_keeps_a_flat_query_count_from_1_to_50_offers(promo, ada):
    grow_offers(promo, 1)
    # The first page reads the open calls and the site's DSFR settings, kept per process under the
    # public content version: later pages read only the version row.
    ada.get(reverse("candidates:space"))
    with_one = queries_for(ada, reverse("candidates:space"))
    grow_offers(promo, 49)
    assert queries_for(ada, reverse("candidates:space")) == with_one
