"""Results and memory in a person's data (eig/results/personal_data.py): the export holds what the
person declared or did — deliverables, their teams' handover plans, the plans they confirmed and the
outcomes they recorded, the surveys they were asked, a named survey's answers and, for an anonymous
survey, the word that none is tied to them. Deleting or closing an account removes its survey
participations, leaves the deliverables' texts without their proposer and the plans without who
confirmed them; an anonymous response survives with nothing to tie it to anyone."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from eig.accounts.models import User
from eig.accounts.personal_data import anonymise_dossier, delete_account, export_personal_data
from eig.calls.models import Dossier
from eig.core.models import ActivityLog
from eig.results import handover as handover_services
from eig.results.models import Deliverable, Handover, Participation, Response, Survey
from tests.factories.deliverables import declare, published
from tests.factories.handover import ANSWERS, after_mid, confirmed, handover_world, started
from tests.factories.surveys import answer, survey_of

pytestmark = pytest.mark.django_db

ANONYMOUS_NOTE = "Réponses anonymes : aucune n'est rattachée à vous."


@pytest.fixture
def world():
    return handover_world()


def exported(user) -> dict:
    with zipfile.ZipFile(io.BytesIO(export_personal_data(user))) as archive:
        return json.loads(archive.read("donnees.json"))


# --- Export ---------------------------------------------------------------------------------------


def test_the_export_holds_the_deliverables_the_person_declared(world):
    declare(world, title="Le code de l'outil", url="https://forge.example/alpha/outil")
    published(world, kind=Deliverable.Kind.DATASET, title="Les données ouvertes")

    data = exported(world.user("ada"))["results"]

    assert [(d["title_fr"], d["url"], d["status"]) for d in data["deliverables_declared"]] == [
        ("Le code de l'outil", "https://forge.example/alpha/outil", "À relire par l'équipe du programme"),
        ("Les données ouvertes", "https://forge.example/alpha/les-données-ouvertes", "Publié"),
    ]
    assert exported(world.user("cleo"))["results"]["deliverables_declared"] == []  # another team's fellow
    assert [d["title"] for d in exported(world.staff)["results"]["deliverables_published"]] == ["Les données ouvertes"]


def test_the_shared_plan_is_exported_for_its_owner_and_for_the_other_fellows_of_the_team(world):
    handover = confirmed(world)  # started, filled and submitted by Ada, confirmed by Agnès
    ada, bob = world.user("ada"), world.user("bob")
    assert handover.dossier.owner == ada

    ada_data = exported(ada)
    [plan] = ada_data["results"]["handover_plans"]
    assert (plan["dossier"], plan["started_by_you"], plan["submitted_version"], plan["confirmed_version"]) == (
        handover.dossier.number,
        True,
        1,
        1,
    )
    assert {a["answer"] for a in plan["answers"]} == set(ANSWERS.values())
    # The kit exports the dossier itself among its owner's dossiers.
    assert handover.dossier.number in [d["number"] for d in ada_data["dossiers"]]

    bob_data = exported(bob)
    [plan] = bob_data["results"]["handover_plans"]
    assert (plan["dossier"], plan["started_by_you"]) == (handover.dossier.number, False)
    assert {a["answer"] for a in plan["answers"]} == set(ANSWERS.values())
    assert handover.dossier.number not in [d["number"] for d in bob_data["dossiers"]]
    assert exported(world.user("cleo"))["results"]["handover_plans"] == []


def test_the_export_holds_the_plans_a_host_confirmed_and_the_outcomes_staff_recorded(world):
    handover = confirmed(world)
    handover_services.record_outcome(
        handover, outcome=Handover.Outcome.STOPPED, reason_fr="Le service a fermé.", by=world.staff, now=world.now
    )

    [confirmation] = exported(world.user("agnes"))["results"]["handover_confirmations"]
    assert (confirmation["challenge"], confirmation["version"]) == (world.alpha.title, 1)
    [outcome] = exported(world.staff)["results"]["handover_outcomes"]
    assert (outcome["challenge"], outcome["outcome"], outcome["reason_fr"]) == (
        world.alpha.title,
        "Arrêté",
        "Le service a fermé.",
    )


def test_a_named_survey_exports_its_answers_and_an_anonymous_one_says_none_is_tied_to_the_person(world):
    named = survey_of(world, anonymous=False)
    anonymous = survey_of(world, anonymous=True)
    ada = world.user("ada")
    answer(named, ada, mieux_marche="Les ateliers du jeudi")
    answer(anonymous, ada, mieux_marche="Le bootcamp")

    surveys = {s["anonymous"]: s for s in exported(ada)["results"]["surveys"]}

    today = timezone.localdate().isoformat()
    named_entry, anonymous_entry = surveys[False], surveys[True]
    assert (named_entry["audience"], named_entry["answered_on"]) == ("Entrepreneur·es", today)
    assert named_entry["dossier"] == Dossier.objects.get(call=named.call, owner=ada).number
    assert "Les ateliers du jeudi" in [a["answer"] for a in named_entry["answers"]]
    assert (anonymous_entry["answered_on"], anonymous_entry["answers"]) == (today, None)
    assert anonymous_entry["note"] == ANONYMOUS_NOTE
    assert "Le bootcamp" not in json.dumps(exported(ada), ensure_ascii=False)


def test_the_export_counts_the_results_part_in_its_log_entry(world):
    declare(world)
    survey_of(world)
    exported(world.user("ada"))
    entry = ActivityLog.objects.filter(verb="account.data_exported").latest("at")
    assert (entry.data["deliverables"], entry.data["surveys"]) == (1, 1)


# --- Deleting or closing an account ---------------------------------------------------------------


def test_closing_a_fellow_account_deletes_their_participations_and_empties_the_deliverables_proposer(world):
    survey = survey_of(world)
    ada = world.user("ada")
    deliverable = published(world, title="Le code de l'outil")

    delete_account(ada, by=ada)

    ada.refresh_from_db()
    assert not ada.is_active  # a fellowship: the account is closed, its user row kept
    assert not Participation.objects.filter(user=ada).exists()
    assert Participation.objects.filter(survey=survey).count() == 7  # the others are still asked
    deliverable.refresh_from_db()
    assert deliverable.proposed_by is None
    assert (deliverable.title_fr, deliverable.status) == ("Le code de l'outil", Deliverable.Status.PUBLISHED)
    assert deliverable.achievement is not None  # the team's public record stays


def test_deleting_a_mentor_account_removes_their_participations(world):
    survey = survey_of(world)
    olga = world.user("olga")
    assert Participation.objects.filter(survey=survey, user=olga).exists()

    delete_account(olga, by=olga)

    assert not User.objects.filter(pk=olga.pk).exists()
    assert not Participation.objects.filter(user_id=olga.pk).exists()


@pytest.mark.parametrize("key", ["ada", "olga"])  # a closed account, a deleted one
def test_an_anonymous_response_survives_the_account_with_nothing_to_tie_it(world, key):
    survey = survey_of(world, anonymous=True)
    person = world.user(key)
    response = answer(survey, person, a_changer="Plus de temps avec les mentors, merci")

    delete_account(person, by=person)

    response.refresh_from_db()
    assert response.dossier is None
    assert response.answers["a_changer"] == "Plus de temps avec les mentors, merci"
    assert not Participation.objects.filter(user_id=person.pk).exists()
    assert not Dossier.objects.filter(call=survey.call).exists()
    assert not ActivityLog.objects.filter(verb="survey.answered", actor_id=person.pk).exists()


def test_a_closed_account_keeps_its_named_response_with_its_dossier_until_the_kit_anonymises_it(world):
    survey = survey_of(world, anonymous=False)
    ada = world.user("ada")
    response = answer(survey, ada)

    delete_account(ada, by=ada)

    response.refresh_from_db()
    dossier = Dossier.objects.get(call=survey.call, owner=ada)
    assert response.dossier == dossier  # a submitted dossier is kept until its call's retention ends
    anonymise_dossier(dossier, now=timezone.now())
    response.refresh_from_db()
    assert response.dossier is None
    assert response.answers  # the answers stay for the survey's results, tied to no one
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_plans_confirmation_and_outcome_stay_without_who_gave_them(world):
    handover = confirmed(world)
    handover_services.record_outcome(handover, outcome=Handover.Outcome.CONTINUED, by=world.staff, now=world.now)
    agnes = world.user("agnes")

    delete_account(agnes, by=agnes)
    delete_account(world.staff, by=world.staff)

    handover.refresh_from_db()
    assert (handover.confirmed_by, handover.outcome_by) == (None, None)
    assert handover_services.is_confirmed(handover)
    assert handover.outcome == Handover.Outcome.CONTINUED


def test_a_staff_account_closed_no_longer_names_them_on_what_they_published_or_created(world):
    deliverable = published(world)
    survey = survey_of(world, anonymous=False)
    staff = world.staff
    # A staff member who answered a named survey keeps its submitted dossier: closed, not deleted.
    Participation.objects.create(survey=survey, user=staff, audience=Survey.Audience.HOSTS)
    answer(survey, staff)

    delete_account(staff, by=staff)

    staff.refresh_from_db()
    assert not staff.is_active
    assert not Participation.objects.filter(user=staff).exists()
    deliverable.refresh_from_db()
    assert deliverable.published_by is None
    assert Survey.objects.get(pk=survey.pk).created_by is None


def test_a_plan_never_submitted_goes_with_the_fellow_who_started_it_and_the_team_starts_again(world):
    handover = started(world)  # Ada's draft
    ada, bob = world.user("ada"), world.user("bob")
    assert handover.dossier.owner == ada

    delete_account(ada, by=ada)

    handover.refresh_from_db()
    assert handover.dossier is None
    again = handover_services.start_plan(world.alpha, by=bob, now=after_mid(world))
    assert again.pk == handover.pk and again.dossier.owner == bob


def test_a_submitted_plan_stays_with_the_team_when_the_fellow_who_started_it_goes(world):
    handover = confirmed(world)
    ada = world.user("ada")

    delete_account(ada, by=ada)

    handover.refresh_from_db()
    assert handover.dossier is not None and handover.dossier.owner_id == ada.pk
    assert handover_services.read_plan(handover)["version"].number == 1
    assert handover_services.is_confirmed(handover)
