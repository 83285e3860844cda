"""Challenge proposals, as the calls for projects of 2020–2021 run them: agents of an
administration share a dossier, the programme selects it step by step, and a validated
proposal becomes the challenge whose positions candidates apply to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eig.accounts.models import Role
from eig.applications.queries import offered_positions
from eig.calls.answers import clean_answer
from eig.calls.models import Call, Question, Step
from eig.calls.services import missing_for, save_step
from eig.challenges.models import Challenge
from eig.community.models import Membership
from eig.core.errors import DomainError
from eig.notifications.models import OutboxMessage
from eig.proposals.approval import approve_selection, submit_selection
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal
from eig.proposals.services import (
    answer_question,
    ask_question,
    decide,
    join_administration,
    publish_proposal,
    start_proposal,
    submit_proposal,
    validate_proposal,
)
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import application_call

pytestmark = pytest.mark.django_db

ANSWERS = {
    "projet": {
        "nom_projet": "Signaux faibles",
        "resume": "Détecter les entreprises en difficulté.",
        "porteur_operationnel": "Direction générale des entreprises",
        "porteur_administratif": "Direction générale des entreprises",
        "adresse": "139 rue de Bercy, 75012 Paris",
    },
    "description": {
        key: f"Réponse {key}"
        for key in [
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
        ]
    },
    "equipe": {
        "nombre_eig": "2",
        "profil_1": "datascience",
        "mission_1": "Construire le modèle de détection.",
        "profil_2": "dev",
        "mission_2": "Construire le service.",
        "ressources": "Des postes de travail.",
        "donnees": "Les données de l'Urssaf.",
        "donnees_accessibles": "oui",
        "equipe_projet": [{"nom": "Camille Martin", "fonction": "Cheffe de projet", "implication": "50"}],
    },
    "financement": {"cofinancement": "non"},
    "contacts": {
        **{
            f"{p}_{f}": v
            for p in ["mentor1", "mentor_haut_niveau", "rh", "gestion"]
            for f, v in [
                ("nom", f"Personne {p}"),
                ("fonction", "Fonction"),
                ("courriel", f"{p}@dge.gouv.fr"),
                ("telephone", "01 02 03 04 05"),
            ]
        },
    },
    "pieces": {"hors_les_murs": True, "open_source": True, "donnees_fournies": True},
}


@pytest.fixture
def call():
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis EIG 9",
        slug="appel-defis",
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=5),
        dossier_prefix="DEFI",
    )
    install_challenge_form(call)
    return call


@pytest.fixture
def agent():
    return UserFactory(email="camille@dge.gouv.fr")


@pytest.fixture
def administration(agent):
    administration = AdministrationFactory(name="Direction générale des entreprises", town="Paris")
    confirmed_agent(agent, administration)
    return administration


def fill(proposal, by, skip=()):
    call = proposal.dossier.call
    for slug, answers in ANSWERS.items():
        errors = save_step(
            proposal.dossier,
            Step.objects.get(call=call, slug=slug),
            {k: v for k, v in answers.items() if k not in skip},
            by=by,
        )
        assert errors == {}, errors
    # Files are not needed by these tests: the two file questions are made optional.
    Question.objects.filter(step__call=call, kind="file").update(required=False)


def submitted(call, agent, administration):
    proposal = start_proposal(call, by=agent, administration=administration)
    fill(proposal, agent)
    submit_proposal(proposal, by=agent)
    return proposal


class TestAgents:
    def test_the_first_agent_of_an_administration_waits_for_staff_but_gets_the_role(self):
        first = UserFactory(email="premiere@dge.gouv.fr")
        agency = join_administration(first, AdministrationFactory(name="Une direction sans agent"))
        assert not agency.confirmed and agency.is_pending
        first.refresh_from_db()
        assert "administration_agent" in first.roles

    def test_a_confirmed_colleague_shares_the_proposals(self, call, agent, administration):
        proposal = start_proposal(call, by=agent, administration=administration)
        colleague = UserFactory(email="dominique@dge.gouv.fr")
        assert not join_administration(colleague, administration).confirmed  # same domain: staff still decide
        confirmed_agent(colleague, administration)
        save_step(
            proposal.dossier, Step.objects.get(call=call, slug="projet"), {"nom_projet": "Nouveau nom"}, by=colleague
        )
        assert proposal.dossier.answers.get(question__key="nom_projet").value == "Nouveau nom"

    def test_someone_from_another_domain_waits_for_staff_and_cannot_propose(self, call, administration):
        stranger = UserFactory(email="someone@example.org")
        assert not join_administration(stranger, administration).confirmed
        with pytest.raises(DomainError):
            start_proposal(call, by=stranger, administration=administration)

    def test_an_administration_proposes_several_challenges_to_one_call(self, call, agent, administration):
        first = start_proposal(call, by=agent, administration=administration)
        save_step(first.dossier, Step.objects.get(call=call, slug="projet"), {"nom_projet": "Premier"}, by=agent)
        second = start_proposal(call, by=agent, administration=administration)
        assert first.dossier.number != second.dossier.number

    def test_a_double_click_on_start_gives_one_proposal(self, call, agent, administration):
        first = start_proposal(call, by=agent, administration=administration)
        assert start_proposal(call, by=agent, administration=administration) == first
        assert Proposal.objects.count() == 1

    def test_every_confirmed_agent_downloads_the_proposals_files_others_do_not(
        self, call, agent, administration, settings, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from eig.calls.services import attach_file
        from eig.files.models import StoredFile
        from eig.files.permissions import can_download
        from tests.factories.files import PDF_BYTES

        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
        proposal = start_proposal(call, by=agent, administration=administration)
        pitch = Question.objects.get(step__call=call, key="pitch")
        stored = attach_file(proposal.dossier, pitch, SimpleUploadedFile("pitch.pdf", PDF_BYTES), by=agent)
        StoredFile.objects.filter(pk=stored.pk).update(scan_status="clean")
        colleague = UserFactory(email="dominique@dge.gouv.fr")
        confirmed_agent(colleague, administration)
        stranger = UserFactory(email="someone@example.org")
        join_administration(stranger, administration)  # pending: not confirmed
        assert can_download(colleague, stored)
        assert not can_download(stranger, stored)
        assert not can_download(UserFactory(), stored)


class TestTheDossier:
    def test_an_answer_over_its_line_limit_is_refused_with_the_count(self, call):
        question = Question.objects.get(step__call=call, key="resume")  # 2 lines: 200 characters
        with pytest.raises(ValidationError) as refused:
            clean_answer(question, "x" * 250)
        assert "250 caractères pour 200 au plus" in refused.value.messages[0]

    def test_the_team_table_keeps_its_filled_rows_only(self, call):
        question = Question.objects.get(step__call=call, key="equipe_projet")
        rows = clean_answer(question, [{"nom": "Camille", "fonction": "Cheffe"}, {"nom": "", "apport": ""}])
        assert rows == [{"nom": "Camille", "fonction": "Cheffe", "statut": "", "implication": "", "apport": ""}]
        with pytest.raises(ValidationError):
            clean_answer(question, "not a table")

    def test_missing_attestations_block_submit(self, call, agent, administration):
        proposal = start_proposal(call, by=agent, administration=administration)
        fill(proposal, agent, skip={"open_source"})
        assert "Nous nous engageons à ouvrir les données utilisées" in " ".join(missing_for(proposal.dossier))
        with pytest.raises(DomainError, match="incomplet"):
            submit_proposal(proposal, by=agent)
        proposal.refresh_from_db()
        assert proposal.state == Proposal.State.DRAFT

    def test_submitting_makes_the_proposal_submitted_with_a_receipt_worded_for_it(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        assert proposal.state == Proposal.State.SUBMITTED
        receipt = OutboxMessage.objects.get(template="dossier_receipt")
        assert "proposition de défi" in receipt.subject and "candidature" not in receipt.subject


class TestSelection:
    def test_the_selection_goes_step_by_step_and_tells_the_administration(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        staff = StaffFactory()
        for state in ["preselected", "auditioned", "selected"]:
            decide(proposal, state, by=staff)
        assert proposal.state == Proposal.State.SELECTED
        subjects = list(OutboxMessage.objects.filter(template="proposal_decision").values_list("subject", flat=True))
        assert len(subjects) == 3 and all("Signaux faibles" in s for s in subjects)

    def test_once_the_selection_has_started_the_dossier_is_frozen(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        decide(proposal, "preselected", by=StaffFactory())
        with pytest.raises(DomainError, match="La sélection de cette proposition a commencé"):
            save_step(proposal.dossier, Step.objects.get(call=call, slug="projet"), {"nom_projet": "Autre"}, by=agent)
        with pytest.raises(DomainError, match="La sélection de cette proposition a commencé"):
            submit_proposal(proposal, by=agent)
        assert proposal.dossier.answers.get(question__key="nom_projet").value == "Signaux faibles"

    def test_a_step_out_of_order_is_refused(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        with pytest.raises(DomainError, match="ne peut pas passer"):
            decide(proposal, "selected", by=StaffFactory())
        proposal.refresh_from_db()
        assert proposal.state == Proposal.State.SUBMITTED

    def test_a_question_and_its_answer_stay_attached_to_the_dossier(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        question = ask_question(proposal, "Quelles données sont déjà ouvertes ?", by=StaffFactory())
        assert OutboxMessage.objects.filter(template="proposal_question", recipient="camille@dge.gouv.fr").exists()
        answer_question(question, "Le fichier SIRENE.", by=agent)
        assert proposal.questions.get().answer == "Le fichier SIRENE."
        with pytest.raises(DomainError):
            answer_question(question, "Une autre réponse", by=agent)


class TestFromDossierToChallenge:
    def test_validation_builds_a_draft_challenge_with_a_position_per_slot_and_its_mentors(
        self, call, agent, administration
    ):
        proposal = submitted(call, agent, administration)
        staff = StaffFactory()
        for state in ["preselected", "auditioned", "selected"]:
            decide(proposal, state, by=staff)
        challenge = validate_proposal(proposal, by=staff)
        assert challenge.status == Challenge.Status.PROPOSED  # private until published
        assert challenge.title == "Signaux faibles" and challenge.administration == administration
        assert "## Le problème\n\nRéponse contexte" in challenge.body
        assert [(p.profile.code, p.mission) for p in challenge.positions.order_by("order")] == [
            ("datascience", "Construire le modèle de détection."),
            ("dev", "Construire le service."),
        ]
        mentors = Membership.objects.filter(challenge=challenge).values_list("person__name", "role")
        assert set(mentors) == {
            ("Personne mentor1", Membership.Role.OPERATIONAL_MENTOR),
            ("Personne mentor_haut_niveau", Membership.Role.HIGH_LEVEL_MENTOR),
        }
        assert not Membership.objects.get(challenge=challenge, role="operational_mentor").person.is_public

    def test_publication_offers_the_positions_to_the_call_for_applications(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        staff = StaffFactory()
        for state in ["preselected", "auditioned", "selected"]:
            decide(proposal, state, by=staff)
        challenge = validate_proposal(proposal, by=staff)
        applications = application_call(promotion=call.promotion, positions=0)
        assert list(offered_positions(applications)) == []
        # The approvers approve the call's selected challenges first (eig/proposals/approval.py).
        approver = UserFactory(roles=[Role.APPROVER.value])
        approve_selection(submit_selection(call, by=staff), approver=approver)
        publish_proposal(proposal, by=staff)
        challenge.refresh_from_db()
        assert challenge.status == Challenge.Status.RECRUITING
        assert {p.challenge_id for p in offered_positions(applications)} == {challenge.pk}

    def test_only_a_selected_proposal_is_validated(self, call, agent, administration):
        proposal = submitted(call, agent, administration)
        with pytest.raises(DomainError):
            validate_proposal(proposal, by=StaffFactory())
        assert not Challenge.objects.exists()
