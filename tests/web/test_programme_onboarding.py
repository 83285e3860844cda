"""The onboarding pages: a fellow's checklist (/programme/arrivee/), a team's host checklist
(/programme/equipes/<challenge>/accueil/), the programme team's arrivals of a promotion
(/equipe/programme/<promotion>/arrivees/) and a fellow's page with the departure and the
replacement (/equipe/programme/<promotion>/entrepreneurs/<fellow>/)."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.calls import services as dossier_services
from eig.calls.models import Dossier
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.programme import departures, onboarding
from eig.programme.access import membership
from eig.programme.fellows import setup_of
from eig.programme.models import Fellow, HostOnboarding, Setup
from eig.selection import services as selection_services
from eig.web.programme.tabs import visible_tabs
from eig.web.programme.todo import todos_for
from tests.factories import AdministrationFactory, ChallengeFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.programme import programme_world
from tests.factories.selection import approved_run, offer_deadline, selection_world
from tests.programme.onboarding_world import required_keys, tick

pytestmark = pytest.mark.django_db

REASON = "Raison familiale à ne pas divulguer"


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def staff_url(name, world, **kwargs):
    return reverse(f"staff:{name}", kwargs={"promotion": world.promotion.slug, **kwargs})


# --- The fellow's checklist ---------------------------------------------------------------------------


def test_a_fellow_starts_their_checklist_ticks_items_and_finishes_it_without_an_email(world):
    bob = world.fellows["bob"]
    client = client_of(bob.user)
    start = client.get(reverse("programme:onboarding"))
    assert start.status_code == 200
    assert "Commencer la liste" in text(start)
    response = client.post(reverse("programme:onboarding"))
    bob.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:onboarding_step", args=[bob.onboarding.number, "arrivee"])
    assert client.get(reverse("programme:onboarding"))["Location"] == reverse(
        "programme:onboarding_dossier", args=[bob.onboarding.number]
    )

    step = reverse("programme:onboarding_step", args=[bob.onboarding.number, "arrivee"])
    saved = client.post(step, {"contrat_signe": "on", "charte": "on", "action": "overview"})
    assert saved.status_code == 302
    overview = text(client.get(reverse("programme:onboarding_dossier", args=[bob.onboarding.number])))
    assert "2/5" in overview
    assert "Il reste 2 éléments à cocher" in overview
    assert f"Fait le {timezone.localdate():%-d}" in overview
    assert "J'ai terminé ma liste" in overview

    tick(bob.onboarding, required_keys(bob.onboarding.call), by=bob.user)
    submitted = client.post(reverse("programme:onboarding_submit", args=[bob.onboarding.number]))
    assert submitted.status_code == 302
    receipt = text(client.get(submitted["Location"]))
    assert "Votre liste est terminée" in receipt and "Aucun courriel n'est envoyé" in receipt
    assert not OutboxMessage.objects.exists()
    assert onboarding.checklist_of(Dossier.objects.get(pk=bob.onboarding_id)).finished


def test_another_person_never_reaches_a_fellow_checklist(world):
    bob = world.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    for key in ("ada", "olga", "agnes"):
        client = client_of(world.user(key))
        assert client.get(reverse("programme:onboarding_dossier", args=[dossier.number])).status_code == 404
        assert client.get(reverse("programme:onboarding_step", args=[dossier.number, "arrivee"])).status_code == 404
    assert client_of(world.staff).get(reverse("programme:onboarding_dossier", args=[dossier.number])).status_code == 404


def test_someone_who_is_no_fellow_has_no_checklist_page(world):
    assert client_of(world.user("olga")).get(reverse("programme:onboarding")).status_code == 404


def test_my_programme_lists_the_checklist_items_left_to_tick(world):
    bob = world.fellows["bob"]
    today = timezone.localdate()
    [todo] = todos_for(bob.user, today) and [t for t in todos_for(bob.user, today) if t.kind == "onboarding"]
    assert (todo.label, todo.url) == ("Liste d'arrivée : 4 éléments restants", reverse("programme:onboarding"))
    dossier = onboarding.open_fellow_checklist(bob)
    tick(dossier, required_keys(dossier.call), by=bob.user)
    [todo] = [t for t in todos_for(bob.user, today) if t.kind == "onboarding"]
    assert todo.label == "Liste d'arrivée : confirmez que vous avez terminé"
    dossier_services.submit_dossier(dossier, by=bob.user)
    assert [t for t in todos_for(bob.user, today) if t.kind == "onboarding"] == []


# --- The host's checklist -----------------------------------------------------------------------------


def test_the_host_checklist_is_shared_by_the_agents_of_the_administration_and_hidden_from_others(world):
    agnes = world.agents["agnes"]
    colleague = UserFactory()
    confirmed_agent(colleague, world.alpha.administration)
    start_url = reverse("programme:host_onboarding", kwargs={"challenge": world.alpha.pk})
    page = client_of(agnes).get(start_url)
    assert page.status_code == 200 and "Liste d'accueil de l'équipe" in text(page)
    assert client_of(agnes).post(start_url).status_code == 302
    dossier = HostOnboarding.objects.get(challenge=world.alpha).dossier
    overview = reverse("programme:host_onboarding_dossier", args=[dossier.number])
    assert client_of(colleague).get(start_url)["Location"] == overview
    shared = client_of(colleague).get(overview)
    assert shared.status_code == 200 and "Alpha — Ministère A" in text(shared)
    step = reverse("programme:host_onboarding_step", args=[dossier.number, "accueil"])
    assert client_of(colleague).post(step, {"acces": "on", "action": "save"}).status_code == 302
    assert onboarding.checklist_of(dossier).answered == 1

    bruno = world.agents["bruno"]  # an agent of another administration
    for url in (overview, step, start_url):
        assert client_of(bruno).get(url).status_code == 404
    for key in ("ada", "olga"):  # the team's fellow and mentor do not fill the host's list
        assert client_of(world.user(key)).get(overview).status_code == 404


def test_only_the_host_sees_the_host_checklist_tab(world):
    names = {key: [t.label for t in visible_tabs(membership(world.user(key), world.alpha))] for key in ("agnes", "ada")}
    assert "Liste d'accueil" in names["agnes"]
    assert "Liste d'accueil" not in names["ada"]


def test_my_programme_lists_the_host_checklist_of_each_hosted_team(world):
    [todo] = [t for t in todos_for(world.agents["agnes"], timezone.localdate()) if t.kind == "onboarding"]
    assert todo.label == "Liste d'accueil de l'équipe « Alpha » : 5 éléments restants"


# --- The programme team: the promotion's arrivals -----------------------------------------------------


def test_staff_see_who_has_not_started_and_why_with_each_checklist_item_and_its_date(world):
    bob = world.fellows["bob"]
    tick(onboarding.open_fellow_checklist(bob), ["charte"], by=bob.user)
    client = client_of(world.staff)
    url = staff_url("programme_onboarding", world)
    new_date = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        staff_url("programme_note_delay", world, fellow=bob.pk),
        {f"f{bob.pk}-reason": "Préavis de trois mois", f"f{bob.pk}-start_date": new_date.isoformat()},
    )
    assert response.status_code == 302
    page = text(client.get(url))
    assert "Préavis de trois mois" in page
    row = page[page.index(f'id="fellow-{bob.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "1/5" in row and "Arrivée en préparation" in row
    assert f"J'ai lu et j'accepte la charte des entrepreneur·es d'intérêt général. — {timezone.localdate():%-d}" in row
    assert "J'ai signé la convention avec le programme. — pas encore" in row
    assert "Listes d'arrivée terminées : 0/3" in page and "1 pas encore en poste" in page
    bob.refresh_from_db()
    assert (bob.not_started_reason, bob.start_date) == ("Préavis de trois mois", new_date)


def test_staff_confirm_a_start_from_the_arrivals_page(world):
    bob = world.fellows["bob"]
    today = timezone.localdate()
    response = client_of(world.staff).post(
        staff_url("programme_confirm_start", world, fellow=bob.pk), {f"f{bob.pk}-on": today.isoformat()}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.status, bob.started_on) == (Fellow.Status.ACTIVE, today)


def test_a_delay_without_its_reason_is_refused_and_the_date_typed_kept(world):
    bob = world.fellows["bob"]
    response = client_of(world.staff).post(
        staff_url("programme_note_delay", world, fellow=bob.pk),
        {f"f{bob.pk}-reason": "", f"f{bob.pk}-start_date": "2030-05-06"},
    )
    assert response.status_code == 400
    assert 'value="2030-05-06"' in response.content.decode()
    assert Fellow.objects.get(pk=bob.pk).not_started_reason == ""


def _grow(world, extra_teams: int):
    """More teams in the promotion, each with a fellow who ticked an item and a host list opened."""
    for index in range(extra_teams):
        administration = AdministrationFactory(name=f"Administration {index}")
        challenge = ChallengeFactory(title=f"Défi {index}", promotion=world.promotion, administration=administration)
        user = UserFactory()
        fellow = Fellow.objects.create(
            promotion=world.promotion, challenge=challenge, user=user, name=f"Personne {index}", start_date=None
        )
        tick(onboarding.open_fellow_checklist(fellow), ["charte"], by=user)
        agent = UserFactory()
        confirmed_agent(agent, administration)
        tick(onboarding.open_host_checklist(challenge, by=agent), ["acces"], by=agent)


@pytest.mark.parametrize("extra_teams", [1, 8])
def test_the_arrivals_page_reads_a_fixed_number_of_queries_whatever_the_promotion_size(
    world, extra_teams, django_assert_num_queries
):
    _grow(world, extra_teams)
    client = client_of(world.staff)
    url = staff_url("programme_onboarding", world)
    client.get(url)  # the session and the second factor read once
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r'<tr id="fellow-', response.content.decode())) == 3 + extra_teams


# --- Leaving early -----------------------------------------------------------------------------------


def test_a_departure_is_confirmed_before_it_is_recorded_and_the_reason_stays_with_the_programme_team(world):
    ada = world.fellows["ada"]
    client = client_of(world.staff)
    fellow_url = staff_url("programme_fellow", world, fellow=ada.pk)
    page = text(client.get(fellow_url))
    assert "Confidentiel : seule l'équipe du programme le lit" in page
    today = timezone.localdate().isoformat()
    departure = staff_url("programme_departure", world, fellow=ada.pk)
    asked = client.post(departure, {"on": today, "reason": REASON})
    assert asked.status_code == 200 and "Confirmer le départ" in text(asked)
    assert Fellow.objects.get(pk=ada.pk).status == Fellow.Status.ACTIVE
    done = client.post(departure, {"on": today, "reason": REASON, "confirm": "1"})
    assert done.status_code == 302
    assert Fellow.objects.get(pk=ada.pk).status == Fellow.Status.LEFT
    assert REASON in text(client.get(fellow_url))
    # The team, its mentor and its host: told, never why.
    assert OutboxMessage.objects.filter(template="programme_departure").count() == 4
    assert not [m for m in OutboxMessage.objects.all() if REASON in m.body_text + m.subject]
    for key in ("bob", "olga", "agnes"):
        client_member = client_of(world.user(key))
        team = client_member.get(reverse("programme:team", kwargs={"challenge": world.alpha.pk}))
        assert team.status_code == 200
        assert REASON not in text(team)
        assert REASON not in text(client_member.get(reverse("programme:home")))


def test_a_departure_without_its_reason_keeps_the_date_typed(world):
    ada = world.fellows["ada"]
    response = client_of(world.staff).post(
        staff_url("programme_departure", world, fellow=ada.pk), {"on": "2030-01-02", "reason": ""}
    )
    assert response.status_code == 400
    assert 'value="2030-01-02"' in response.content.decode()


def test_the_fellow_page_says_why_no_replacement_may_be_proposed(world):
    bob = world.fellows["bob"]
    departures.record_departure(bob, on=timezone.localdate(), reason=REASON, by=world.staff)
    page = text(client_of(world.staff).get(staff_url("programme_fellow", world, fellow=bob.pk)))
    assert "aucun remplacement ne peut venir de la liste d'attente" in page
    assert "Proposer un remplacement" not in page


def test_staff_propose_a_replacement_and_are_sent_to_the_selection_replacement_page():
    promo = selection_world()
    run = approved_run(promo)
    selection_services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "fay")
    selection_services.respond(offer, accept=True, by=offer.dossier.owner)
    fellow = Fellow.objects.get(offer=offer)
    Setup.objects.filter(pk=setup_of(fellow.promotion).pk).update(start_date=timezone.localdate())
    departures.record_departure(fellow, on=timezone.localdate(), reason=REASON, by=promo.staff)
    client = client_of(promo.staff)
    kwargs = {"promotion": fellow.promotion.slug, "fellow": fellow.pk}
    assert "Proposer un remplacement" in text(client.get(reverse("staff:programme_fellow", kwargs=kwargs)))
    response = client.post(reverse("staff:programme_replacement", kwargs=kwargs))
    assert response.status_code == 200
    page = text(response)
    assert "Inès Leroy" in page
    target = reverse("staff:selection_replacement", kwargs={"slug": promo.call.slug, "offer": offer.pk})
    assert f'action="{target}"' in page
    assert ActivityLog.objects.filter(verb="fellow.replacement_proposed").count() == 1
