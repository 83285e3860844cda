"""The administration agents' pages: declare an administration, propose a challenge
step by step (team table, files, attestations), submit, answer the programme's
questions; a proposal exists only for the confirmed agents of its administration."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Answer, Call, DossierVersion
from eig.calls.services import save_step
from eig.challenges.models import Administration
from eig.notifications.models import OutboxMessage
from eig.proposals import services as proposal_services
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Agent, Proposal, StaffQuestion
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db

TEAM = {
    "equipe_projet-0-nom": "Grace Hopper",
    "equipe_projet-0-fonction": "Cheffe de projet",
    "equipe_projet-0-statut": "Titulaire",
    "equipe_projet-0-implication": "50 %",
    "equipe_projet-0-apport": "Pilotage",
    # Row 1 left empty: only the rows filled in are saved.
    "equipe_projet-2-nom": "Alan Turing",
    "equipe_projet-2-fonction": "Data scientist",
}


def contact(prefix):
    return {
        f"{prefix}_nom": "Ada Lovelace",
        f"{prefix}_fonction": "Directrice",
        f"{prefix}_courriel": "ada@ministere.gouv.fr",
        f"{prefix}_telephone": "0102030405",
    }


COMPLETE = {
    "projet": {
        "nom_projet": "Données pour tous",
        "resume": "Ouvrir les données du service.",
        "porteur_operationnel": "Direction du numérique",
        "porteur_administratif": "Secrétariat général",
        "adresse": "1 rue de la Paix, Paris",
    },
    "description": dict.fromkeys(
        [
            "contexte",
            "solution",
            "benefices",
            "existant",
            "obstacles",
            "juridique",
            "avancement",
            "ouverture",
            "acteurs",
            "pourquoi",
            "besoins",
            "transformation",
        ],
        "Une réponse.",
    ),
    "equipe": {
        "nombre_eig": "2",
        "profil_1": "dev",
        "mission_1": "Construire le service.",
        "profil_2": "design",
        "mission_2": "Concevoir avec les usagers.",
        "ressources": "Des serveurs.",
        "donnees": "Les données du service.",
        "donnees_accessibles": "oui",
        **TEAM,
    },
    "financement": {"cofinancement": "non"},
    "contacts": {**contact("mentor1"), **contact("mentor_haut_niveau"), **contact("rh"), **contact("gestion")},
}
ATTESTATIONS = {"hors_les_murs": "on", "open_source": "on", "donnees_fournies": "on"}


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def challenge_call(slug="appel-defis", **kwargs) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        promotion=kwargs.pop("promotion", None) or PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis",
        slug=slug,
        opens_at=kwargs.pop("opens_at", now - datetime.timedelta(days=10)),
        closes_at=kwargs.pop("closes_at", now + datetime.timedelta(days=10)),
        dossier_prefix=kwargs.pop("dossier_prefix", "DEF"),
    )
    install_challenge_form(call)
    return call


@pytest.fixture
def administration():
    return AdministrationFactory(name="Direction du numérique", slug="dinum")


@pytest.fixture
def agent(client, administration):
    user = UserFactory(email="grace@numerique.gouv.fr")
    confirmed_agent(user, administration, function="Cheffe de projet")
    client.force_login(user)
    return user


def start(client, call, administration) -> Proposal:
    response = client.post(reverse("administrations:start", args=[call.slug]), {"administration": administration.pk})
    proposal = Proposal.objects.get(dossier__call=call)
    assert response.status_code == 302
    assert response["Location"] == step_url(proposal, "projet")
    return proposal


def step_url(proposal, slug):
    return reverse("administrations:step", args=[proposal.dossier.number, slug])


def overview_url(proposal):
    return reverse("administrations:proposal", args=[proposal.dossier.number])


def fill_everything(client, proposal, attestations=True):
    for slug, answers in COMPLETE.items():
        response = client.post(step_url(proposal, slug), {**answers, "action": "next"})
        assert response.status_code == 302, slug
    files = {
        "pitch": SimpleUploadedFile("pitch.pdf", PDF_BYTES),
        "simulation_paie": SimpleUploadedFile("paie.pdf", PDF_BYTES),
    }
    response = client.post(
        step_url(proposal, "pieces"), {**files, **(ATTESTATIONS if attestations else {}), "action": "next"}
    )
    assert response.status_code == 302


def answers(proposal) -> dict:
    return {a.question.key: a.value for a in Answer.objects.filter(dossier=proposal.dossier).select_related("question")}


class TestProposing:
    def test_an_agent_starts_fills_and_submits_a_proposal(self, client, agent, administration, private_media):
        call = challenge_call()
        proposal = start(client, call, administration)
        assert proposal.administration == administration and proposal.state == Proposal.State.DRAFT

        # An answer over its limit is refused with its count; the others of the step are kept.
        response = client.post(
            step_url(proposal, "projet"), {**COMPLETE["projet"], "resume": "x" * 250, "action": "next"}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "250 caractères pour 200 au plus" in page
        assert "resume" not in answers(proposal) and answers(proposal)["nom_projet"] == "Données pour tous"

        fill_everything(client, proposal)
        assert answers(proposal)["equipe_projet"] == [
            {
                "nom": "Grace Hopper",
                "fonction": "Cheffe de projet",
                "statut": "Titulaire",
                "implication": "50 %",
                "apport": "Pilotage",
            },
            {"nom": "Alan Turing", "fonction": "Data scientist", "statut": "", "implication": "", "apport": ""},
        ]
        # The saved rows come back in the table, in order, under the empty rows' inputs.
        page = client.get(step_url(proposal, "equipe")).content.decode()
        assert 'name="equipe_projet-0-nom" value="Grace Hopper"' in page
        assert 'name="equipe_projet-1-nom" value="Alan Turing"' in page
        assert 'name="equipe_projet-11-apport"' in page and 'name="equipe_projet-12-nom"' not in page

        response = client.post(reverse("administrations:submit", args=[proposal.dossier.number]))
        assert response["Location"] == reverse("administrations:receipt", args=[proposal.dossier.number, 1])
        proposal.refresh_from_db()
        version = DossierVersion.objects.get()
        assert proposal.state == Proposal.State.SUBMITTED
        receipt = client.get(response["Location"]).content.decode()
        assert proposal.dossier.number in receipt and version.digest in receipt
        assert OutboxMessage.objects.filter(recipient=agent.email, template="dossier_receipt").count() == 1
        pdf = client.get(reverse("administrations:receipt_pdf", args=[proposal.dossier.number, 1]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        overview = client.get(overview_url(proposal)).content.decode()
        assert "Déposée" in overview and "Version 1, déposée le" in overview

    def test_missing_attestations_block_the_submit(self, client, agent, administration, private_media):
        proposal = start(client, challenge_call(), administration)
        fill_everything(client, proposal, attestations=False)
        response = client.post(reverse("administrations:submit", args=[proposal.dossier.number]), follow=True)
        page = response.content.decode()
        assert response.redirect_chain[-1][0] == overview_url(proposal)
        assert "Le dossier est incomplet" in page and "travailler hors les murs" in page
        proposal.refresh_from_db()
        assert proposal.state == Proposal.State.DRAFT and DossierVersion.objects.count() == 0

    def test_a_table_over_its_row_limit_is_refused_with_its_count(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        rows = {f"equipe_projet-{n}-nom": f"Personne {n}" for n in range(13)}
        response = client.post(step_url(proposal, "equipe"), {**rows, "action": "save"})
        assert "13 lignes pour 12 au plus" in response.content.decode()
        assert "equipe_projet" not in answers(proposal)

    def test_autosave_answers_json_with_the_table(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        response = client.post(step_url(proposal, "equipe"), {**TEAM, "nombre_eig": "4"}, headers={"X-Autosave": "1"})
        body = response.json()
        assert body["saved"] is True and list(body["errors"]) == ["nombre_eig"]
        assert len(answers(proposal)["equipe_projet"]) == 2

    def test_a_proposal_is_read_only_once_the_selection_has_started(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        client.post(step_url(proposal, "projet"), {"nom_projet": "Avant", "action": "save"})
        Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.PRESELECTED)
        response = client.post(step_url(proposal, "projet"), {"nom_projet": "Après", "action": "save"})
        assert response.status_code == 409
        assert "Présélectionnée" in response.content.decode()
        assert answers(proposal)["nom_projet"] == "Avant"
        page = client.get(step_url(proposal, "projet")).content.decode()
        assert "data-autosave" not in page and "disabled" in page

    def test_after_closing_a_step_is_readable_but_not_saved(self, client, agent, administration):
        call = challenge_call()
        proposal = start(client, call, administration)
        Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
        response = client.post(step_url(proposal, "projet"), {"nom_projet": "Trop tard"}, headers={"X-Autosave": "1"})
        assert response.status_code == 409 and response.json()["saved"] is False
        assert "nom_projet" not in answers(proposal)


class TestSharing:
    def test_two_agents_of_the_same_administration_share_a_proposal(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        client.post(step_url(proposal, "projet"), {"nom_projet": "Données pour tous", "action": "save"})

        colleague = UserFactory(email="alan@numerique.gouv.fr")
        confirmed_agent(colleague, administration)
        client.force_login(colleague)
        space = client.get(reverse("administrations:space")).content.decode()
        assert "Données pour tous" in space and overview_url(proposal) in space
        assert client.get(overview_url(proposal)).status_code == 200
        client.post(step_url(proposal, "projet"), {"nom_projet": "Données pour toutes et tous", "action": "save"})

        client.force_login(agent)
        page = client.get(step_url(proposal, "projet")).content.decode()
        assert 'value="Données pour toutes et tous"' in page

    def test_an_agent_of_another_administration_gets_404_on_every_proposal_url(
        self, client, agent, administration, private_media
    ):
        proposal = start(client, challenge_call(), administration)
        fill_everything(client, proposal)
        client.post(reverse("administrations:submit", args=[proposal.dossier.number]))
        question = proposal_services.ask_question(proposal, "Quel budget ?", by=StaffFactory())

        other = UserFactory(email="intrus@autre.gouv.fr")
        confirmed_agent(other, AdministrationFactory(name="Autre direction", slug="autre"))
        client.force_login(other)
        n = proposal.dossier.number
        urls = [
            overview_url(proposal),
            step_url(proposal, "projet"),
            reverse("administrations:submit", args=[n]),
            reverse("administrations:answer", args=[n, question.pk]),
            reverse("administrations:receipt", args=[n, 1]),
            reverse("administrations:receipt_pdf", args=[n, 1]),
        ]
        gets = [u for u in urls if "deposer" not in u and "questions" not in u]
        posts = [u for u in urls if "recepisse" not in u and u != overview_url(proposal)]
        assert [client.get(u).status_code for u in gets] == [404] * len(gets)
        assert [client.post(u, {"nom_projet": "Piraté", "answer": "Piraté"}).status_code for u in posts] == [404] * 3
        assert "Données pour tous" not in client.get(reverse("administrations:space")).content.decode()
        question.refresh_from_db()
        assert question.answer == "" and answers(proposal)["nom_projet"] == "Données pour tous"
        assert DossierVersion.objects.count() == 1

        client.logout()
        assert all(client.get(u).status_code == 302 for u in gets)

    def test_a_pending_agent_sees_nothing(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        client.post(step_url(proposal, "projet"), {"nom_projet": "Données pour tous", "action": "save"})

        stranger = UserFactory(email="someone@gmail.example")
        pending = proposal_services.join_administration(stranger, administration)
        assert not pending.confirmed  # staff confirm it
        client.force_login(stranger)
        space = client.get(reverse("administrations:space")).content.decode()
        assert "En attente de confirmation" in space and "Données pour tous" not in space
        assert client.get(overview_url(proposal)).status_code == 404
        assert client.get(step_url(proposal, "projet")).status_code == 404
        call_page = client.get(reverse("administrations:start", args=["appel-defis"])).content.decode()
        assert reverse("administrations:join") in call_page and 'name="administration"' not in call_page
        client.post(reverse("administrations:start", args=["appel-defis"]), {"administration": administration.pk})
        assert Proposal.objects.count() == 1


class TestStaffQuestions:
    def test_answering_a_staff_question_attaches_the_answer(self, client, agent, administration):
        proposal = start(client, challenge_call(), administration)
        question = proposal_services.ask_question(proposal, "Quel est le budget ?", by=StaffFactory())
        page = client.get(overview_url(proposal)).content.decode()
        answer_url = reverse("administrations:answer", args=[proposal.dossier.number, question.pk])
        assert "Quel est le budget ?" in page and answer_url in page

        response = client.post(answer_url, {"answer": "Deux cent mille euros."})
        assert response["Location"] == overview_url(proposal) + "#questions"
        question.refresh_from_db()
        assert question.answer == "Deux cent mille euros." and question.answered_by == agent
        page = client.get(overview_url(proposal)).content.decode()
        assert "Deux cent mille euros." in page and answer_url not in page

        again = client.post(answer_url, {"answer": "Autre chose."}, follow=True)
        assert "déjà reçu une réponse" in again.content.decode()
        question.refresh_from_db()
        assert question.answer == "Deux cent mille euros."

    def test_a_question_of_another_proposal_is_not_found(self, client, agent, administration):
        call = challenge_call()
        mine = start(client, call, administration)
        someone = UserFactory(email="x@ailleurs.example")
        elsewhere = AdministrationFactory(name="Ailleurs", slug="ailleurs")
        confirmed_agent(someone, elsewhere)
        other = proposal_services.start_proposal(call, by=someone, administration=elsewhere)
        question = StaffQuestion.objects.create(proposal=other, text="?", asked_at=timezone.now())
        url = reverse("administrations:answer", args=[mine.dossier.number, question.pk])
        assert client.post(url, {"answer": "Réponse"}).status_code == 404


class TestJoining:
    def test_the_first_agent_of_a_new_administration_waits_for_staff(self, client):
        user = UserFactory(email="ada@commune.fr")
        client.force_login(user)
        ministry = AdministrationFactory(name="Ministère de l'Intérieur", slug="interieur", kind="ministry")
        response = client.post(
            reverse("administrations:join"),
            {
                "name": "Préfecture du Rhône",
                "kind": Administration.Kind.DECONCENTRATED,
                "parent_ministry": ministry.pk,
                "town": "Lyon",
                "function": "Directrice",
            },
            follow=True,
        )
        created = Administration.objects.get(name="Préfecture du Rhône")
        assert created.slug == "prefecture-du-rhone" and created.parent_ministry == ministry
        agent = Agent.objects.get(user=user)
        assert agent.administration == created and not agent.confirmed and agent.function == "Directrice"
        assert "équipe du programme doit la confirmer" in response.content.decode()

    def test_joining_an_administration_with_agents_of_another_domain_waits_for_staff(self, client, administration):
        confirmed_agent(UserFactory(email="chef@numerique.gouv.fr"), administration)
        user = UserFactory(email="ada@gmail.example")
        client.force_login(user)
        response = client.post(
            reverse("administrations:join"), {"existing": administration.pk, "function": "Stagiaire"}, follow=True
        )
        assert "équipe du programme doit la confirmer" in response.content.decode()
        assert Agent.objects.get(user=user).confirmed is False

    def test_an_administration_already_listed_is_not_created_twice(self, client, administration):
        client.force_login(UserFactory())
        response = client.post(
            reverse("administrations:join"),
            {"name": "direction du NUMÉRIQUE", "kind": "central", "function": "Chef"},
        )
        assert response.status_code == 200 and "déjà inscrite" in response.content.decode()
        assert Administration.objects.count() == 1 and not Agent.objects.exists()

    def test_a_person_without_administration_is_invited_to_declare_one(self, client):
        client.force_login(UserFactory())
        challenge_call()
        page = client.get(reverse("administrations:space")).content.decode()
        assert reverse("administrations:join") in page
        assert reverse("administrations:start", args=["appel-defis"]) not in page


def test_the_space_keeps_a_flat_query_count_from_1_to_5_proposals(client, agent, administration):
    call = challenge_call()

    def add_proposal():
        proposal = proposal_services.start_proposal(call, by=agent, administration=administration)
        save_step(proposal.dossier, call.steps.get(slug="projet"), {"nom_projet": "Un projet"}, by=agent)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("administrations:space")).status_code == 200
        return len(queries)

    add_proposal()
    one = count()
    for _ in range(4):
        add_proposal()
    assert count() == one
