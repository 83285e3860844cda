"""The team space's services (eig/programme/team.py) and reads (eig/programme/queries.py): mentors,
objectives and their measures, documents and links, the contract terms, the promotion's overview."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.accounts.models import Role
from eig.calls.services import start_dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.files.permissions import can_download
from eig.programme import queries, team
from eig.programme.models import Measure, Mentor, Objective, Resource, Retrospective, Signal
from tests.factories import UserFactory
from tests.factories.calls import application_call
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return programme_world()


def objective(challenge, n=1, **kwargs):
    values = {"title": f"Objectif {n}", "indicator": f"Indicateur {n}", "target": 100, **kwargs}
    return team.save_objective(challenge, by=None, **values)


# --- Mentors --------------------------------------------------------------------------------------


def test_staff_add_a_mentor_by_the_email_of_an_existing_account_who_gets_the_mentor_role(world):
    person = UserFactory(email="nadia@programme.example", first_name="Nadia", last_name="Roux", roles=[])

    mentor = team.add_mentor(world.alpha, email="Nadia@Programme.example", kind=Mentor.Kind.HIGH_LEVEL, by=world.staff)

    assert (mentor.user, mentor.challenge, mentor.kind, mentor.name) == (
        person,
        world.alpha,
        "high_level",
        "Nadia Roux",
    )
    person.refresh_from_db()
    assert person.roles == [Role.MENTOR.value]
    assert ActivityLog.objects.filter(verb="mentor.added", target_id=str(mentor.pk), actor=world.staff).exists()


def test_adding_a_mentor_without_an_account_is_refused_in_french(world):
    with pytest.raises(DomainError, match="Aucun compte n'existe avec l'adresse « personne@exemple.fr »"):
        team.add_mentor(world.alpha, email="personne@exemple.fr", kind=Mentor.Kind.OPERATIONAL, by=world.staff)


def test_the_same_mentor_twice_with_the_same_kind_is_refused(world):
    olga = world.mentors["olga"]

    with pytest.raises(DomainError, match="déjà mentor de l'équipe avec ce rôle"):
        team.add_mentor(world.alpha, email=olga.user.email, kind=olga.kind, by=world.staff)


def test_removing_a_mentor_deletes_the_mentorship_and_logs_it(world):
    paul = world.mentors["paul"]
    pk = paul.pk

    team.remove_mentor(paul, by=world.staff)

    assert not Mentor.objects.filter(pk=pk).exists()
    assert ActivityLog.objects.filter(verb="mentor.removed", target_id=str(pk), actor=world.staff).exists()


# --- Objectives and measures ---------------------------------------------------------------------


def test_a_challenge_holds_four_objectives_and_the_fifth_is_refused_in_french(world):
    for n in range(1, Objective.MAX_PER_CHALLENGE + 1):
        objective(world.alpha, n)

    with pytest.raises(DomainError, match="Un défi compte au plus 4 objectifs"):
        objective(world.alpha, 5)

    assert Objective.objects.filter(challenge=world.alpha).count() == 4


def test_the_limit_counts_per_challenge(world):
    for n in range(1, 5):
        objective(world.alpha, n)

    assert objective(world.beta, 1).challenge == world.beta


def test_editing_an_objective_changes_it_without_counting_a_new_one(world):
    objectives = [objective(world.alpha, n) for n in range(1, 5)]

    edited = team.save_objective(
        world.alpha, objective=objectives[0], title="Réduire les délais", indicator="Jours", target=10, by=None
    )

    assert (edited.pk, edited.title, edited.target) == (objectives[0].pk, "Réduire les délais", 10)
    assert Objective.objects.filter(challenge=world.alpha).count() == 4


def test_deleting_an_objective_deletes_its_measures_and_logs_it(world):
    goal = objective(world.alpha)
    team.add_measure(
        goal, value=3, on=datetime.date(2027, 1, 4), course="on_track", by=None, today=datetime.date(2027, 1, 5)
    )

    pk = goal.pk

    team.delete_objective(goal, by=world.staff)

    assert not Measure.objects.exists()
    assert ActivityLog.objects.filter(verb="objective.deleted", target_id=str(pk), data__measures=1).exists()


def test_a_measure_on_a_past_day_is_recorded_with_its_course(world):
    goal = objective(world.alpha)
    ada = world.user("ada")

    measure = team.add_measure(
        goal,
        value=42.5,
        on=datetime.date(2027, 3, 1),
        course="at_risk",
        note="Lent",
        by=ada,
        today=datetime.date(2027, 3, 1),
    )

    assert (measure.value, measure.course, measure.note, measure.by) == (42.5, "at_risk", "Lent", ada)
    assert ActivityLog.objects.filter(verb="objective.measured", target_id=str(goal.pk), actor=ada).exists()


def test_a_measure_dated_in_the_future_is_refused(world):
    goal = objective(world.alpha)

    with pytest.raises(DomainError, match="ne peut pas être dans le futur"):
        team.add_measure(
            goal, value=1, on=datetime.date(2027, 3, 2), course="on_track", by=None, today=datetime.date(2027, 3, 1)
        )

    assert not Measure.objects.exists()


def test_a_measure_with_an_unknown_course_is_refused(world):
    with pytest.raises(DomainError, match="Choisissez la trajectoire"):
        team.add_measure(
            objective(world.alpha),
            value=1,
            on=datetime.date(2027, 3, 1),
            course="great",
            by=None,
            today=datetime.date(2027, 3, 1),
        )


# --- Documents and links ---------------------------------------------------------------------------


def test_a_link_must_be_an_https_address(world):
    ada = world.user("ada")
    refusals = [
        ("http://exemple.fr/depot", "pas par « http:// »"),
        ("javascript:alert(1)", "commençant par « https:// »"),
        ("exemple.fr", "commençant par « https:// »"),
        ("ftp://exemple.fr", "commençant par « https:// »"),
        ("https://", "n'est pas valide"),
    ]
    for url, message in refusals:
        with pytest.raises(DomainError, match=message):
            team.add_link(world.alpha, title="Dépôt", url=url, by=ada)

    link = team.add_link(world.alpha, title="Dépôt", url="https://code.example/alpha", kind="repository", by=ada)

    assert (link.kind, link.url, link.added_by) == ("repository", "https://code.example/alpha", ada)
    assert Resource.objects.count() == 1


def test_a_document_is_stored_privately_and_its_team_members_download_it_not_another_team(world):
    ada = world.user("ada")
    document = team.add_document(
        world.alpha, title="Feuille de route", uploaded_file=SimpleUploadedFile("route.pdf", PDF_BYTES), by=ada
    )

    assert document.kind == Resource.Kind.DOCUMENT and document.stored_file.mimetype == "application/pdf"
    stored = document.stored_file
    for key in ["bob", "olga", "hugo", "agnes"]:
        assert can_download(world.user(key), stored), key
    for key in ["cleo", "paul", "bruno"]:
        assert not can_download(world.user(key), stored), key


def test_a_document_that_is_not_a_pdf_or_an_image_is_refused(world):
    with pytest.raises(DomainError):
        team.add_document(
            world.alpha, title="Script", uploaded_file=SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho"), by=None
        )

    assert not Resource.objects.exists()


def test_its_adder_or_staff_remove_a_resource_and_no_one_else(world):
    ada, bob = world.user("ada"), world.user("bob")
    link = team.add_link(world.alpha, title="Données", url="https://data.example/x", by=ada)

    with pytest.raises(DomainError, match="Seule la personne qui l'a ajouté"):
        team.remove_resource(link, by=bob)
    team.remove_resource(link, by=ada)
    other = team.add_link(world.alpha, title="Autre", url="https://data.example/y", by=ada)
    team.remove_resource(other, by=world.staff)

    assert not Resource.objects.exists()
    assert ActivityLog.objects.filter(verb="resource.removed").count() == 2


# --- Contract terms ---------------------------------------------------------------------------------


def _application_call(world, **terms):
    return application_call(promotion=world.promotion, positions=0, **terms)


def test_the_workplace_defaults_to_the_challenge_s_administration_and_town(world):
    world.alpha.town = "Lyon"
    call = _application_call(world, contract_months=12, salary_terms="Grille de la fonction publique")

    terms = queries.contract_terms(call, world.alpha)

    assert (terms.months, terms.salary, terms.workplace) == (12, "Grille de la fonction publique", "Ministère A, Lyon")


def test_a_call_without_terms_states_no_contract(world):
    assert queries.contract_terms(_application_call(world), world.alpha) is None


# --- The overview -----------------------------------------------------------------------------------


def test_the_overview_counts_each_team_s_fellows_mentors_retrospectives_signals_and_objectives(world):
    today = world.now.date()
    last, before = queries.last_full_weeks(today)
    ada, cleo = world.fellows["ada"], world.fellows["cleo"]
    submitted = world.now
    for week in [last, before]:
        Retrospective.objects.create(fellow=ada, week=week, dossier=_dossier(world, ada, week), submitted_at=submitted)
    Retrospective.objects.create(fellow=cleo, week=last, dossier=_dossier(world, cleo, last), submitted_at=None)
    goal = objective(world.beta)
    team.add_measure(goal, value=1, on=today - datetime.timedelta(days=9), course="on_track", by=None, today=today)
    team.add_measure(goal, value=2, on=today - datetime.timedelta(days=2), course="off_track", by=None, today=today)
    recovered = objective(world.beta, 2)
    team.add_measure(
        recovered, value=1, on=today - datetime.timedelta(days=9), course="off_track", by=None, today=today
    )
    team.add_measure(recovered, value=2, on=today - datetime.timedelta(days=2), course="on_track", by=None, today=today)
    for n, state in enumerate(["open", "acknowledged", "closed"]):
        Signal.objects.create(
            promotion=world.promotion,
            challenge=world.beta,
            kind="help_asked",
            key=f"k{n}",
            summary="s",
            raised_at=world.now,
            state=state,
        )

    rows = {row.title: row for row in queries.overview_rows(world.promotion, today)}

    alpha, beta = rows["Alpha"], rows["Bêta"]
    assert (alpha.fellows_in_team, alpha.fellows_started, alpha.mentors_count) == (2, 1, 2)
    assert (alpha.retrospectives_submitted, alpha.retrospectives_expected) == (2, 2)
    assert (beta.retrospectives_submitted, beta.retrospectives_expected) == (0, 2)
    assert (alpha.pending_signals, beta.pending_signals) == (0, 2)
    assert (alpha.objectives_off_track, beta.objectives_off_track) == (0, 1)


def test_not_started_lists_the_fellows_waiting_to_start(world):
    assert [f.name for f in queries.not_started(world.promotion)] == ["Bob Morane"]


def _dossier(world, fellow, week):
    return start_dossier(world.retrospective_call, owner=fellow.user, period=week.strftime("%G-W%V"), now=world.now)
