"""« Mon programme » and the team space (/programme/), the staff's promotion overview and mentors
(/equipe/programme/), the contract terms on the offer and the public call page.

The world is tests/factories/programme.py's: Alpha (Ministère A: fellows Ada and Bob, mentors Olga
and Hugo, agent Agnès) and Bêta (Ministère B: fellow Cléo, mentor Paul, agent Bruno); staff Sam.
"""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call
from eig.programme import team
from eig.programme.models import Fellow, Measure, Mentor, Objective, Resource
from eig.promotions.models import Phase
from eig.selection import services as selection_services
from eig.web.programme import todo
from tests.factories import AdministrationFactory, ChallengeFactory, PhaseFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import application_call
from tests.factories.programme import programme_world
from tests.factories.selection import approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def team_url(challenge, name="programme:team", **kwargs) -> str:
    return reverse(name, kwargs={"challenge": challenge.pk, **kwargs})


def contract_call(world, **terms) -> Call:
    values = {"contract_months": 12, "salary_terms": "Entre 3 000 et 4 000 € brut par mois", **terms}
    return application_call(promotion=world.promotion, positions=0, **values)


# --- « Mon programme » ------------------------------------------------------------------------------


def test_mon_programme_lists_the_person_s_teams_with_their_part(world):
    page = text_of(client_of(world.user("ada")).get(reverse("programme:home")))

    assert "Alpha" in page and "Entrepreneur·e de l’équipe" in page
    assert "Bêta" not in page
    assert f'href="{team_url(world.alpha)}"' in page


def test_an_agent_of_the_host_administration_reaches_mon_programme_as_host(world):
    page = text_of(client_of(world.user("agnes")).get(reverse("programme:home")))

    assert "Alpha" in page and "Administration d’accueil" in page and "Bêta" not in page


def test_a_mentor_without_a_team_gets_the_page_with_an_explanation(world):
    response = client_of(UserFactory(roles=["mentor"])).get(reverse("programme:home"))

    assert response.status_code == 200
    assert "Vous ne faites partie d’aucune équipe en cours." in text_of(response)


@pytest.mark.parametrize("roles", [[], ["candidate"], ["administration_agent"], ["staff"]])
def test_mon_programme_answers_404_to_someone_outside_the_programme(roles):
    response = client_of(UserFactory(roles=roles, is_staff="staff" in roles)).get(reverse("programme:home"))

    assert response.status_code == 404


def test_mon_programme_lists_the_items_of_every_registered_part(world, monkeypatch):
    monkeypatch.setattr(todo, "_SOURCES", [])

    @todo.register_todo
    def one_item(user, today):
        return [todo.Todo("Écrire mon bilan de la semaine", "/programme/bilan/", kind="retrospectives")]

    page = text_of(client_of(world.user("ada")).get(reverse("programme:home")))

    assert '<a class="fr-link" href="/programme/bilan/">Écrire mon bilan de la semaine</a>' in page


def test_fellows_and_mentors_land_on_mon_programme_and_the_header_links_it_for_a_hosting_agent(world):
    agnes = client_of(world.user("agnes"))

    page = agnes.get(reverse("public:faq")).content.decode()

    assert 'href="/programme/">Mon programme</a>' in page
    assert 'href="/administration/">Mon espace</a>' in page


# --- Who sees which team -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "alpha", "beta"),
    [
        ("ada", 200, 404),
        ("bob", 200, 404),
        ("olga", 200, 404),
        ("hugo", 200, 404),
        ("agnes", 200, 404),
        ("cleo", 404, 200),
        ("paul", 404, 200),
        ("bruno", 404, 200),
    ],
)
def test_each_member_sees_their_team_only(world, key, alpha, beta):
    client = client_of(world.user(key))

    assert client.get(team_url(world.alpha)).status_code == alpha
    assert client.get(team_url(world.beta)).status_code == beta


def test_staff_see_every_team(world):
    client = client_of(world.staff)

    assert client.get(team_url(world.alpha)).status_code == 200
    assert client.get(team_url(world.beta)).status_code == 200


def test_staff_outside_the_team_set_up_a_second_factor_before_reading_it(world):
    newcomer = StaffFactory(totp=False)

    response = client_of(newcomer).get(team_url(world.alpha))

    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_an_agent_of_another_administration_sees_no_team(world):
    stranger = UserFactory(roles=["administration_agent"])
    confirmed_agent(stranger, AdministrationFactory(name="Ministère C"))

    assert client_of(stranger).get(team_url(world.alpha)).status_code == 404


def test_an_unknown_team_answers_404_to_staff_too(world):
    assert client_of(world.staff).get(reverse("programme:team", kwargs={"challenge": 999999})).status_code == 404


def test_a_non_member_gets_404_not_405_on_a_form_target(world):
    response = client_of(world.user("paul")).get(team_url(world.alpha, "programme:team_link_add"))

    assert response.status_code == 404


# --- The team page ------------------------------------------------------------------------------------


def test_the_team_page_shows_members_contacts_start_dates_and_status(world):
    Fellow.objects.filter(pk=world.fellows["bob"].pk).update(start_date=datetime.date(2027, 9, 6))
    page = text_of(client_of(world.user("agnes")).get(team_url(world.alpha)))

    ada = world.fellows["ada"]
    assert f'href="mailto:{ada.user.email}"' in page
    assert "prévue le 6 septembre 2027" in page
    assert f"le {ada.started_on.day} " in page
    assert "En poste</p>" in page and "Arrivée en préparation</p>" in page
    assert "Olga Mentor — Mentor opérationnel" in page and "Hugo Haut — Mentor de haut niveau" in page
    assert 'href="mailto:agnes@programme.example"' in page
    assert 'href="mailto:programme@eig.example.gouv.fr"' in page
    assert "Cléo" not in page


def test_the_team_page_states_the_contract_terms_of_the_promotion_s_call(world):
    world.alpha.town = "Lyon"
    world.alpha.save()
    contract_call(world)

    page = text_of(client_of(world.user("ada")).get(team_url(world.alpha)))

    assert "Le contrat" in page
    assert "12 mois" in page
    assert "Entre 3 000 et 4 000 € brut par mois" in page
    assert "Ministère A, Lyon" in page


def test_the_team_page_says_nothing_of_a_contract_the_call_does_not_state(world):
    application_call(promotion=world.promotion, positions=0)

    assert "Le contrat" not in text_of(client_of(world.user("ada")).get(team_url(world.alpha)))


def test_the_objective_s_chart_holds_its_measures_and_a_table_repeats_them(world):
    goal = team.save_objective(
        world.alpha, title="Réduire les délais", indicator="Dossiers traités", unit="dossiers", target=80, by=None
    )
    today = timezone.localdate()
    for days, value, course in [(20, 10, "on_track"), (10, 25, "at_risk"), (1, 30, "off_track")]:
        team.add_measure(goal, value=value, on=today - datetime.timedelta(days=days), course=course, by=None)

    page = client_of(world.user("olga")).get(team_url(world.alpha)).content.decode()

    svg = page[page.index('<svg role="img"') : page.index("</svg>")]
    assert f'aria-labelledby="chart-{goal.pk}-title chart-{goal.pk}-desc"' in svg
    assert svg.count("<circle") == 3
    assert (
        "3 mesures du" in svg and "Dernière valeur : 30 dossiers, en retard." in svg and "Cible : 80 dossiers." in svg
    )
    table = page[page.index("<details") : page.index("</details>")]
    assert table.count('<tr><th scope="row">') == 3
    assert "En retard</td>" in table and "À surveiller</td>" in table


def test_a_fellow_adds_a_measure_from_the_team_page(world):
    goal = team.save_objective(world.alpha, title="Délais", indicator="Jours", target=10, by=None)
    today = timezone.localdate()
    prefix = f"measure-{goal.pk}"

    response = client_of(world.user("ada")).post(
        team_url(world.alpha, "programme:team_measure_add", objective=goal.pk),
        {f"{prefix}-value": "12,5", f"{prefix}-on": today.isoformat(), f"{prefix}-course": "at_risk"},
    )

    assert response.status_code == 302
    assert list(Measure.objects.values_list("value", "course")) == [(12.5, "at_risk")]


def test_a_measure_dated_tomorrow_is_refused_on_the_page_keeping_what_was_typed(world):
    goal = team.save_objective(world.alpha, title="Délais", indicator="Jours", target=10, by=None)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    prefix = f"measure-{goal.pk}"

    response = client_of(world.user("olga")).post(
        team_url(world.alpha, "programme:team_measure_add", objective=goal.pk),
        {
            f"{prefix}-value": "7",
            f"{prefix}-on": tomorrow.isoformat(),
            f"{prefix}-course": "on_track",
            f"{prefix}-note": "Ma note",
        },
    )

    assert response.status_code == 400
    page = text_of(response)
    assert "La date de la mesure ne peut pas être dans le futur." in page
    assert 'value="Ma note"' in page
    assert not Measure.objects.exists()


def test_a_host_agent_reads_the_objectives_but_does_not_measure_them(world):
    goal = team.save_objective(world.alpha, title="Délais", indicator="Jours", target=10, by=None)
    agnes = client_of(world.user("agnes"))

    page = text_of(agnes.get(team_url(world.alpha)))
    response = agnes.post(
        team_url(world.alpha, "programme:team_measure_add", objective=goal.pk), {f"measure-{goal.pk}-value": "1"}
    )

    assert "Délais" in page and "Ajouter une mesure" not in page
    assert response.status_code == 404


def test_the_fifth_objective_is_refused_on_the_page(world):
    for n in range(1, 5):
        team.save_objective(world.alpha, title=f"Objectif {n}", indicator="x", target=1, by=None)
    client = client_of(world.user("hugo"))

    page = text_of(client.get(team_url(world.alpha)))
    response = client.post(
        team_url(world.alpha, "programme:team_objective_add"),
        {"title": "Cinquième", "indicator": "y", "baseline": "0", "target": "3"},
    )

    assert "Le défi compte déjà quatre objectifs" in page
    assert response.status_code == 400
    assert "Un défi compte au plus 4 objectifs" in text_of(response) and 'value="Cinquième"' in text_of(response)
    assert Objective.objects.filter(challenge=world.alpha).count() == 4


def test_an_objective_is_edited_and_deleted_after_a_confirmation(world):
    goal = team.save_objective(world.alpha, title="Délais", indicator="Jours", target=10, by=None)
    client = client_of(world.user("ada"))
    edit = team_url(world.alpha, "programme:team_objective_edit", objective=goal.pk)
    delete = team_url(world.alpha, "programme:team_objective_delete", objective=goal.pk)

    client.post(edit, {"title": "Délais réduits", "indicator": "Jours", "baseline": "30", "target": "12"})
    confirmation = text_of(client.get(delete))
    unconfirmed = client.post(delete)
    assert Objective.objects.get().title == "Délais réduits"
    confirmed = client.post(delete, {"confirm": "1"})

    assert "Supprimer cet objectif ?" in confirmation
    assert unconfirmed.status_code == 200
    assert confirmed.status_code == 302 and not Objective.objects.exists()


def test_a_link_must_be_https_and_the_page_says_so(world):
    client = client_of(world.user("bob"))
    url = team_url(world.alpha, "programme:team_link_add")

    refused = client.post(url, {"title": "Dépôt", "kind": "repository", "url": "http://code.example/alpha"})
    added = client.post(url, {"title": "Dépôt", "kind": "repository", "url": "https://code.example/alpha"})

    assert refused.status_code == 400
    assert "L'adresse doit être sécurisée : elle commence par « https:// », pas par « http:// »." in text_of(refused)
    assert added.status_code == 302
    assert 'href="https://code.example/alpha"' in client.get(team_url(world.alpha)).content.decode()


def test_only_its_adder_or_staff_remove_a_resource(world):
    link = team.add_link(world.alpha, title="Données", url="https://data.example/alpha", by=world.user("ada"))
    url = team_url(world.alpha, "programme:team_resource_remove", resource=link.pk)

    assert client_of(world.user("bob")).get(url).status_code == 404
    assert client_of(world.user("bob")).post(url, {"confirm": "1"}).status_code == 404
    assert "Retirer cet élément" in text_of(client_of(world.user("ada")).get(url))
    assert client_of(world.staff).post(url, {"confirm": "1"}).status_code == 302
    assert not Resource.objects.exists()


def test_a_team_document_is_downloaded_by_a_member_and_404_for_another_team(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world.user("ada")).post(
            team_url(world.alpha, "programme:team_document_add"),
            {"title": "Feuille de route", "file": SimpleUploadedFile("route.pdf", PDF_BYTES)},
        )
    assert response.status_code == 302
    download = Resource.objects.get().stored_file.get_absolute_url()

    assert f'href="{download}"' in client_of(world.user("agnes")).get(team_url(world.alpha)).content.decode()
    assert client_of(world.user("hugo")).get(download).status_code == 200
    assert client_of(world.user("agnes")).get(download).status_code == 200
    assert client_of(world.user("cleo")).get(download).status_code == 404
    assert client_of(world.user("bruno")).get(download).status_code == 404


# --- Staff: overview and mentors ----------------------------------------------------------------------


def test_the_overview_has_a_row_per_team_and_the_fellows_not_started(world):
    page = text_of(client_of(world.staff).get(reverse("staff:programme_overview", args=[world.promotion.slug])))

    assert f'href="{team_url(world.alpha)}">Alpha</a>' in page and f'href="{team_url(world.beta)}">Bêta</a>' in page
    assert "2 (1 en poste)" in page
    assert "Bob Morane" in page


def test_the_staff_home_links_the_promotions_in_programme(world):
    page = client_of(world.staff).get(reverse("staff:call_list")).content.decode()

    assert f'href="{reverse("staff:programme_overview", args=[world.promotion.slug])}"' in page


def test_staff_add_a_mentor_from_the_team_page_and_remove_them_after_a_confirmation(world):
    nadia = UserFactory(email="nadia@exemple.fr", first_name="Nadia", last_name="Roux", roles=[])
    client = client_of(world.staff)
    add = reverse("staff:programme_mentor_add", kwargs={"challenge": world.beta.pk})

    assert f'href="{add}"' in client.get(team_url(world.beta)).content.decode()
    unknown = client.post(add, {"email": "inconnu@exemple.fr", "kind": "operational"})
    added = client.post(add, {"email": "nadia@exemple.fr", "kind": "high_level", "function": "Directrice"})
    mentor = Mentor.objects.get(user=nadia)
    remove = reverse("staff:programme_mentor_remove", kwargs={"challenge": world.beta.pk, "mentor": mentor.pk})
    confirmation = text_of(client.get(remove))
    removed = client.post(remove, {"confirm": "1"})

    assert unknown.status_code == 400 and "la personne doit d'abord créer son compte" in text_of(unknown)
    assert added.status_code == 302
    assert "Retirer ce mentor ?" in confirmation
    assert removed.status_code == 302 and not Mentor.objects.filter(user=nadia).exists()


def test_a_member_does_not_see_the_staff_mentor_actions(world):
    page = client_of(world.user("olga")).get(team_url(world.alpha)).content.decode()

    assert "Ajouter un mentor" not in page


# --- Flat query counts ----------------------------------------------------------------------------------


def grow(world, teams: int, fellows_per_team: int):
    """More teams with fellows, mentors, objectives with measures and resources."""
    today = timezone.localdate()
    for t in range(teams):
        challenge = ChallengeFactory(promotion=world.promotion, administration=world.alpha.administration)
        for f in range(fellows_per_team):
            Fellow.objects.create(
                promotion=world.promotion,
                challenge=challenge,
                user=UserFactory(),
                name=f"Personne {t}-{f}",
                status=Fellow.Status.ACTIVE,
                started_on=today - datetime.timedelta(days=30),
            )
        Mentor.objects.create(challenge=challenge, user=UserFactory(), kind="operational", name=f"Mentor {t}")
    for f in range(fellows_per_team):
        Fellow.objects.create(promotion=world.promotion, challenge=world.alpha, user=UserFactory(), name=f"En plus {f}")
        Mentor.objects.create(challenge=world.alpha, user=UserFactory(), kind="high_level", name=f"Mentor {f}")
        confirmed_agent(UserFactory(), world.alpha.administration)
        team.add_link(world.alpha, title=f"Lien {f}", url=f"https://exemple.fr/{f}", by=world.staff)
    for n in range(4 - Objective.objects.filter(challenge=world.alpha).count()):
        goal = team.save_objective(world.alpha, title=f"Objectif {n}", indicator="x", target=10, by=None)
        for d in range(fellows_per_team):
            team.add_measure(goal, value=d, on=today - datetime.timedelta(days=d), course="off_track", by=None)


@pytest.mark.parametrize(("teams", "fellows"), [(1, 2), (8, 10)])
def test_the_overview_keeps_a_flat_query_count(world, django_assert_num_queries, teams, fellows):
    grow(world, teams, fellows)
    client = client_of(world.staff)
    url = reverse("staff:programme_overview", args=[world.promotion.slug])
    client.get(url)  # warm the session's and the two-factor check's caches alike at both sizes

    # Whatever the size: the page's reads (session, user, second factor, promotion, teams' rows, fellows
    # not started) and whether the forms of the ten months are installed.
    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("en poste)</td>") == 2 + teams


@pytest.mark.parametrize(("teams", "fellows"), [(1, 2), (3, 10)])
def test_the_team_page_keeps_a_flat_query_count(world, django_assert_num_queries, teams, fellows):
    grow(world, teams, fellows)
    contract_call(world)
    client = client_of(world.user("ada"))
    url = team_url(world.alpha)

    with django_assert_num_queries(15):
        response = client.get(url)

    assert response.status_code == 200
    assert text_of(response).count("<circle") == 4 * fellows


# --- The contract on the offer and on the public call page -------------------------------------------------


def test_the_offer_states_the_contract_and_the_accepted_offer_leads_to_mon_programme():
    promo = selection_world()
    run = approved_run(promo)
    Call.objects.filter(pk=run.call_id).update(contract_months=10, salary_terms="Grille indiciaire", workplace_terms="")
    selection_services.send_offers(run, deadline=offer_deadline(), by=promo.staff)
    offer = promo.offer(run, "ada")
    client = client_of(promo.dossiers["ada"].owner)

    page = text_of(client.get(reverse("candidates:offer", kwargs={"offer": offer.pk})))
    selection_services.respond(offer, accept=True, by=promo.dossiers["ada"].owner, public_profile=False)
    accepted = client.get(reverse("candidates:offer", kwargs={"offer": offer.pk})).content.decode()

    assert "Le contrat" in page and "10 mois" in page and "Grille indiciaire" in page
    assert str(offer.position.challenge.administration) in page.split("Lieu de travail", 1)[1]
    assert 'href="/programme/"' in accepted


@pytest.mark.parametrize(("terms", "shown"), [({"contract_months": 10, "workplace_terms": "Paris"}, True), ({}, False)])
def test_the_public_call_page_states_the_contract_only_when_the_call_does(client, terms, shown):
    now = timezone.now()
    phase = PhaseFactory(
        kind=Phase.Kind.APPLICATION_CALL,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=10),
    )
    application_call(promotion=phase.promotion, positions=0, **terms)

    page = text_of(client.get(reverse("public:participate_candidates")))

    assert ("Le contrat" in page) is shown
    assert ("10 mois</dd>" in page and "Paris</dd>" in page) is shown


def test_the_team_page_has_no_duplicate_id_even_with_every_form_shown(world):
    for n in range(2):
        goal = team.save_objective(world.alpha, title=f"Objectif {n}", indicator="x", target=10, by=None)
        team.add_measure(goal, value=1, on=timezone.localdate(), course="on_track", by=None)
    team.add_link(world.alpha, title="Lien", url="https://exemple.fr", by=world.staff)

    page = client_of(world.staff).get(team_url(world.alpha)).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_a_team_without_objectives_is_a_to_do_for_its_fellows_and_mentors_not_its_host(world):
    team.save_objective(world.beta, title="Délais", indicator="Jours", target=10, by=None)
    link = f'href="{team_url(world.alpha)}#objectifs">Fixer les objectifs de l&#x27;équipe Alpha</a>'

    assert link in client_of(world.user("ada")).get(reverse("programme:home")).content.decode()
    assert link in client_of(world.user("hugo")).get(reverse("programme:home")).content.decode()
    assert link not in client_of(world.user("agnes")).get(reverse("programme:home")).content.decode()
    assert "Fixer les objectifs" not in client_of(world.user("cleo")).get(reverse("programme:home")).content.decode()
