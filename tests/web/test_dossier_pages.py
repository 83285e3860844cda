"""The shared dossier pages (eig.web.dossiers.pages) in each space that fills a dossier: the same
step, overview, submit and receipt, each saying what its audience reads, with the steps of the one
navigation and a literal number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call, Dossier, DossierVersion
from eig.calls.services import save_step, start_dossier
from eig.proposals.models import Proposal
from eig.proposals.services import start_proposal
from eig.web.administrations.space import SPACE as PROPOSALS
from eig.web.candidates.space import SPACE as CANDIDATES
from tests.factories import AdministrationFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.web.test_administration_proposals import challenge_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(client):
    """A candidate signed in, their dossier with one step answered and a version submitted."""
    user = UserFactory(email="ada@example.org")
    client.force_login(user)
    call = application_call()
    dossier = start_dossier(call, owner=user)
    save_step(dossier, call.steps.get(slug="identite"), COMPLETE_ANSWERS["identite"], by=user)
    DossierVersion.objects.create(dossier=dossier, number=1, submitted_at=timezone.now(), content={}, digest="0" * 64)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED, version=1)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def proposal(client):
    """An agent signed in, their administration's proposal with one step answered and a version submitted."""
    agent = UserFactory(email="grace@numerique.gouv.fr")
    administration = AdministrationFactory(name="Direction du numérique", slug="dinum")
    confirmed_agent(agent, administration)
    client.force_login(agent)
    call = challenge_call()
    proposal = start_proposal(call, by=agent, administration=administration)
    save_step(proposal.dossier, call.steps.get(slug="projet"), {"nom_projet": "Données pour tous"}, by=agent)
    DossierVersion.objects.create(
        dossier=proposal.dossier, number=1, submitted_at=timezone.now(), content={}, digest="0" * 64
    )
    Dossier.objects.filter(pk=proposal.dossier_id).update(status=Dossier.Status.SUBMITTED, version=1)
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.SUBMITTED)
    proposal.refresh_from_db()
    return proposal


class TestTheSpaces:
    def test_each_space_keeps_its_url_names_and_paths(self, candidacy, proposal):
        assert CANDIDATES.url("overview", "EIG-1") == "/espace/dossiers/EIG-1/"
        assert reverse("candidates:receipt_pdf", args=["EIG-1", 2]) == "/espace/dossiers/EIG-1/recepisse/2/pdf/"
        assert PROPOSALS.url("overview", "DEF-1") == reverse("administrations:proposal", args=["DEF-1"])
        assert PROPOSALS.names["step"] == "administrations:step"
        assert reverse("administrations:step", args=["DEF-1", "projet"]).endswith("/propositions/DEF-1/etapes/projet/")

    def test_the_candidate_step_page_has_the_wishes_second_in_its_menu(self, client, candidacy):
        page = client.get(reverse("candidates:step", args=[candidacy.number, "identite"]))
        menu = [s.slug for s in page.context["steps"]]
        assert menu[:3] == ["identite", "voeux", "parcours"]
        assert page.context["next"].url == reverse("candidates:wishes", args=[candidacy.number])
        html = page.content.decode()
        assert f"Dossier {candidacy.number}" in html and reverse("candidates:dossier", args=[candidacy.number]) in html

    def test_the_agents_step_page_says_the_administration_and_has_no_wishes(self, client, proposal):
        number = proposal.dossier.number
        page = client.get(reverse("administrations:step", args=[number, "projet"]))
        html = page.content.decode()
        assert "voeux" not in [s.slug for s in page.context["steps"]]
        assert f"Proposition {number}" in html and "Direction du numérique — Appel à défis" in html
        assert reverse("administrations:proposal", args=[number]) in html

    def test_next_and_previous_go_through_the_wishes_step(self, client, candidacy):
        number = candidacy.number
        to_next = client.post(
            reverse("candidates:step", args=[number, "identite"]), {"prenom": "Ada", "action": "next"}
        )
        assert to_next["Location"] == reverse("candidates:wishes", args=[number])
        back = client.post(
            reverse("candidates:step", args=[number, "parcours"]), {"parcours": "x", "action": "previous"}
        )
        assert back["Location"] == reverse("candidates:wishes", args=[number])
        last = client.post(
            reverse("candidates:step", args=[number, "declarations"]), {"pas_jury": "", "action": "next"}
        )
        assert last["Location"] == reverse("candidates:dossier", args=[number])

    def test_only_the_candidates_space_remembers_the_step_opened(self, client, candidacy, proposal):
        client.force_login(candidacy.owner)
        client.get(reverse("candidates:step", args=[candidacy.number, "motivation"]))
        candidacy.refresh_from_db()
        assert candidacy.last_step == "motivation"

        dossier = proposal.dossier
        client.force_login(dossier.owner)
        client.get(reverse("administrations:step", args=[dossier.number, "equipe"]))
        dossier.refresh_from_db()
        assert dossier.last_step == "projet"  # the step last saved, not the one opened

    def test_each_receipt_leads_back_to_its_own_space(self, client, candidacy, proposal):
        client.force_login(candidacy.owner)
        mine = client.get(reverse("candidates:receipt", args=[candidacy.number, 1])).content.decode()
        assert f"Votre dossier {candidacy.number} est déposé." in mine
        assert "Revenir au dossier" in mine and "Mon espace" in mine
        assert reverse("candidates:receipt_pdf", args=[candidacy.number, 1]) in mine

        number = proposal.dossier.number
        client.force_login(proposal.dossier.owner)
        theirs = client.get(reverse("administrations:receipt", args=[number, 1])).content.decode()
        assert f"La proposition {number} est déposée." in theirs
        assert "Revenir à la proposition" in theirs and "Espace administration" in theirs
        assert reverse("administrations:receipt_pdf", args=[number, 1]) in theirs

    def test_the_agents_overview_reads_the_state_table(self, client, proposal):
        page = client.get(reverse("administrations:proposal", args=[proposal.dossier.number])).content.decode()
        assert "Données pour tous" in page  # the project's name is the title
        assert '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--new">Déposée</p>' in page


class TestAFrozenProposal:
    """The rule lives in the domain (eig.proposals.states): the page says what the service refused."""

    @pytest.fixture
    def frozen(self, proposal):
        Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.PRESELECTED)
        return proposal

    def test_a_save_and_an_autosave_are_refused_with_409(self, client, frozen):
        url = reverse("administrations:step", args=[frozen.dossier.number, "projet"])
        page = client.post(url, {"nom_projet": "Autre", "action": "save"})
        assert page.status_code == 409
        assert "La sélection de cette proposition a commencé (« Présélectionnée »)" in page.content.decode()
        autosave = client.post(url, {"nom_projet": "Autre"}, headers={"X-Autosave": "1"})
        assert autosave.status_code == 409 and autosave.json()["saved"] is False
        assert frozen.dossier.answers.get(question__key="nom_projet").value == "Données pour tous"

    def test_a_submit_is_refused_and_leads_back_to_the_overview(self, client, frozen):
        number = frozen.dossier.number
        response = client.post(reverse("administrations:submit", args=[number]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("administrations:proposal", args=[number])
        assert "La sélection de cette proposition a commencé" in response.content.decode()
        assert frozen.dossier.versions.count() == 1

    def test_its_pages_show_why_it_no_longer_changes(self, client, frozen):
        number = frozen.dossier.number
        step = client.get(reverse("administrations:step", args=[number, "projet"])).content.decode()
        assert "Cette proposition est « Présélectionnée »" in step and "data-autosave" not in step
        overview = client.get(reverse("administrations:proposal", args=[number])).content.decode()
        assert "Cette proposition est « Présélectionnée »" in overview and "eig-submit-form" not in overview


class TestAClosedCall:
    def test_the_candidate_reads_why_and_cannot_submit_any_more(self, client, candidacy):
        Call.objects.filter(pk=candidacy.call_id).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
        number = candidacy.number
        step = client.get(reverse("candidates:step", args=[number, "identite"])).content.decode()
        assert "L&#x27;appel est clos : vos réponses restent consultables" in step and "disabled" in step
        overview = client.get(reverse("candidates:dossier", args=[number])).content.decode()
        assert "eig-submit-form" not in overview and "Déposé — en cours d&#x27;examen" in overview


# --- Literal query counts: a page that grows by a constant is caught too ----------------------
#
# Each count names its queries, after the 3 of every page: the session, the user and the site's
# DSFR settings. The step counted is the one with file questions.


class TestQueryCounts:
    def test_candidate_step_page(self, client, candidacy, django_assert_num_queries):
        url = reverse("candidates:step", args=[candidacy.number, "pieces"])
        client.get(url)  # the step opened is recorded once: later visits only read
        # dossier, its call, its promotion (three reads by equality: eig.core.prepared), answers, the wishes'
        # section (a wish?), the step's files; the step and the call's questions are the form this process
        # keeps while the call's form_version holds (eig.calls.structure).
        with django_assert_num_queries(9):
            assert client.get(url).status_code == 200

    def test_candidate_overview(self, client, candidacy, django_assert_num_queries):
        url = reverse("candidates:dossier", args=[candidacy.number])
        client.get(url)  # the call's form is read once per process (eig.calls.structure)
        # dossier, its call, its promotion, answers, the wishes' section (a wish?), versions, the wishes (the
        # content compared with the latest version), the offers and the decisions told, the requests for complement.
        with django_assert_num_queries(13):
            assert client.get(url).status_code == 200

    def test_candidate_receipt(self, client, candidacy, django_assert_num_queries):
        url = reverse("candidates:receipt", args=[candidacy.number, 1])
        # dossier, its call, its promotion, version; the site's DSFR settings under the content version (one
        # read of the version row).
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200

    def test_agent_step_page(self, client, proposal, django_assert_num_queries):
        url = reverse("administrations:step", args=[proposal.dossier.number, "pieces"])
        # proposal with its dossier, the agency, the call's steps and questions (read once per process
        # while the call's form_version holds: eig.calls.structure), answers, the step's files; the site's
        # DSFR settings under the content version (one read of the version row); the header's « Mon
        # programme » (does the agent's administration host a team?).
        with django_assert_num_queries(11):
            assert client.get(url).status_code == 200

    def test_agent_overview(self, client, proposal, django_assert_num_queries):
        url = reverse("administrations:proposal", args=[proposal.dossier.number])
        client.get(url)  # the call's form is read once per process (eig.calls.structure)
        # proposal with its dossier, the agency, answers, versions, the programme's questions;
        # the header's « Mon programme ».
        with django_assert_num_queries(9):
            assert client.get(url).status_code == 200

    def test_agent_receipt(self, client, proposal, django_assert_num_queries):
        url = reverse("administrations:receipt", args=[proposal.dossier.number, 1])
        # proposal with its dossier, the agency, version; the site's DSFR settings under the content
        # version (one read of the version row); the header's « Mon programme ».
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200
