"""Surveys (eig.results.surveys): who is asked, one answer per person, the survey's dates, the
reminders sent once, an anonymous answer that leaves no link to the person in any table, a named
answer that keeps its dossier, the response rates."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from eig.calls import services as dossier_services
from eig.calls.models import Answer, Call, Dossier, DossierVersion, Question
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.notifications.models import OutboxMessage
from eig.programme import departures
from eig.programme.models import Mentor
from eig.proposals.models import Agent
from eig.proposals.services import join_administration
from eig.results import surveys
from eig.results.models import Participation, Response, Survey
from tests.factories import UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.files import PDF_BYTES
from tests.factories.programme import programme_world
from tests.factories.surveys import MID_TERM_ANSWERS, answer, fill, survey_of

pytestmark = pytest.mark.django_db

Audience = Survey.Audience


@pytest.fixture
def world():
    return programme_world()


def asked(survey) -> dict[str, str]:
    return {
        p.user.email.split("@")[0]: p.audience
        for p in Participation.objects.filter(survey=survey).select_related("user")
    }


# --- Creating a survey: its call, its questions, who it asks ----------------------------------------------


def test_a_survey_is_a_call_of_the_promotion_with_the_moments_questions_and_no_receipt(world):
    survey = survey_of(world)
    call = survey.call
    assert (call.kind, call.title, call.promotion) == (
        Call.Kind.SURVEY,
        f"Questionnaire à mi-parcours — {world.promotion.label}",
        world.promotion,
    )
    assert not call.sends_receipt
    assert [q.key for q in dossier_services.questions_of(call)] == [
        "satisfaction",
        "recommandation",
        "mentorat",
        "rythme",
        "objectifs_atteignables",
        "mieux_marche",
        "a_changer",
        "autre",
    ]
    end = survey_of(world, moment=Survey.Moment.END)
    assert end.call.title == f"Questionnaire de fin de promotion — {world.promotion.label}"
    assert "objectifs_atteints" in [q.key for q in dossier_services.questions_of(end.call)]
    assert ActivityLog.objects.filter(verb="survey.created", target_id=str(survey.pk), actor=world.staff).exists()


def test_a_second_survey_of_the_same_moment_gets_its_own_call(world):
    first, second = survey_of(world), survey_of(world)
    assert first.call.slug != second.call.slug


def test_a_survey_asks_the_fellows_the_mentors_and_the_confirmed_host_agents_of_the_promotions_teams(world):
    assert asked(survey_of(world)) == {
        "ada": Audience.FELLOWS,
        "bob": Audience.FELLOWS,
        "cleo": Audience.FELLOWS,
        "olga": Audience.MENTORS,
        "hugo": Audience.MENTORS,
        "paul": Audience.MENTORS,
        "agnes": Audience.HOSTS,
        "bruno": Audience.HOSTS,
    }


def test_a_fellow_who_left_an_unconfirmed_agent_and_staff_are_not_asked(world):
    departures.record_departure(world.fellows["bob"], by=world.staff, on=timezone.localdate(), reason="Départ")
    join_administration(UserFactory(email="nouvel-agent@programme.example"), world.alpha.administration)
    assert not Agent.objects.get(user__email="nouvel-agent@programme.example").confirmed
    people = asked(survey_of(world))
    assert "bob" not in people and "nouvel-agent" not in people
    assert not Participation.objects.filter(user=world.staff).exists()


def test_only_the_audiences_chosen_are_asked(world):
    assert asked(survey_of(world, audiences=[Audience.MENTORS])) == {
        "olga": Audience.MENTORS,
        "hugo": Audience.MENTORS,
        "paul": Audience.MENTORS,
    }


def test_a_person_in_two_audiences_is_asked_once_in_the_first(world):
    confirmed_agent(world.user("olga"), world.alpha.administration)
    Mentor.objects.create(challenge=world.beta, user=world.user("ada"), kind=Mentor.Kind.HIGH_LEVEL, name="Ada")
    people = asked(survey_of(world))
    assert (people["olga"], people["ada"]) == (Audience.MENTORS, Audience.FELLOWS)
    assert Participation.objects.filter(user=world.user("olga")).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"audiences": []}, "Choisissez au moins un public"),
        ({"closes_at": "before"}, "La clôture du questionnaire doit suivre son ouverture."),
        ({"reminder_days": [30]}, "Un rappel part entre l'ouverture et la clôture"),
        ({"reminder_days": [0]}, "Un rappel part entre l'ouverture et la clôture"),
    ],
)
def test_a_survey_is_refused_without_audience_with_dates_reversed_or_reminders_outside_its_window(
    world, changes, message
):
    if changes.get("closes_at") == "before":
        changes = {"closes_at": world.now - datetime.timedelta(days=2)}
    with pytest.raises(DomainError, match=message):
        survey_of(world, **changes)
    assert not Survey.objects.exists()


# --- Answering: dates, who, once ---------------------------------------------------------------------------


def test_starting_gives_the_person_one_draft(world):
    survey = survey_of(world)
    first = surveys.start_response(survey, world.user("ada"))
    again = surveys.start_response(survey, world.user("ada"))
    assert first == again and first.status == Dossier.Status.DRAFT and first.owner == world.user("ada")


def test_someone_the_survey_does_not_ask_cannot_start_it(world):
    survey = survey_of(world, audiences=[Audience.MENTORS])
    for user in (world.user("ada"), world.staff, UserFactory()):
        with pytest.raises(DomainError, match="Ce questionnaire ne vous est pas adressé."):
            surveys.start_response(survey, user)
    assert not Dossier.objects.filter(call=survey.call).exists()


def test_a_survey_is_answered_only_between_its_opening_and_its_closing(world):
    survey = survey_of(world)
    call = survey.call
    with pytest.raises(DomainError, match="Ce questionnaire ouvre le"):
        surveys.start_response(survey, world.user("ada"), now=call.opens_at - datetime.timedelta(seconds=1))
    with pytest.raises(DomainError, match="Ce questionnaire est clos depuis le"):
        surveys.start_response(survey, world.user("ada"), now=call.closes_at)
    dossier = surveys.start_response(survey, world.user("ada"), now=call.opens_at)
    fill(dossier, by=world.user("ada"))
    with pytest.raises(DomainError, match="Ce questionnaire est clos depuis le"):
        surveys.submit_response(dossier, by=world.user("ada"), now=call.closes_at)
    assert not Response.objects.exists()
    surveys.submit_response(dossier, by=world.user("ada"), now=call.closes_at - datetime.timedelta(seconds=1))
    assert Response.objects.count() == 1


def test_incomplete_answers_are_refused_with_what_is_missing(world):
    survey = survey_of(world)
    dossier = surveys.start_response(survey, world.user("ada"))
    fill(dossier, by=world.user("ada"), a_changer=None)
    with pytest.raises(DomainError, match="Il manque : Ce qu'il faudrait changer."):
        surveys.submit_response(dossier, by=world.user("ada"))
    assert not Response.objects.exists()
    assert Participation.objects.get(survey=survey, user=world.user("ada")).answered_on is None
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_only_the_person_submits_their_answers(world):
    survey = survey_of(world)
    dossier = surveys.start_response(survey, world.user("ada"))
    fill(dossier, by=world.user("ada"))
    with pytest.raises(DomainError, match="Seule la personne interrogée dépose ses réponses."):
        surveys.submit_response(dossier, by=world.user("bob"))


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_person_answers_once(world, anonymous):
    survey = survey_of(world, anonymous=anonymous)
    ada = world.user("ada")
    answer(survey, ada)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="Vous avez répondu à ce questionnaire le .* on n'y répond qu'une fois."):
        surveys.start_response(survey, ada)
    if not anonymous:
        dossier = Dossier.objects.get(call=survey.call, owner=ada)
        with pytest.raises(DomainError, match="on n'y répond qu'une fois"):
            surveys.submit_response(dossier, by=ada)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Participation.objects.get(survey=survey, user=ada).answered_on == today


# --- Anonymous: no link to the person, in any table --------------------------------------------------------


def _with_a_file_question(survey) -> Question:
    step = survey.call.steps.order_by("order").last()
    return Question.objects.create(
        step=step, order=99, key="piece", kind=Question.Kind.FILE, label="Une pièce (facultatif)", required=False
    )


def test_an_anonymous_answer_leaves_no_link_to_the_person_in_any_table(world):
    survey = survey_of(world, anonymous=True)
    piece = _with_a_file_question(survey)
    ada = world.user("ada")
    before = set(ActivityLog.objects.values_list("pk", flat=True))
    dossier = surveys.start_response(survey, ada)
    fill(dossier, by=ada, autre="Rien à ajouter")
    stored = dossier_services.attach_file(dossier, piece, SimpleUploadedFile("ada-lovelace.pdf", PDF_BYTES), by=ada)
    number, dossier_pk = dossier.number, dossier.pk

    response = surveys.submit_response(dossier, by=ada)

    # The draft, its answers, versions and file are gone.
    assert not Dossier.objects.filter(call=survey.call).exists()
    assert not Answer.objects.filter(question__step__call=survey.call).exists()
    assert not DossierVersion.objects.filter(dossier_id=dossier_pk).exists()
    assert not DossierVersion.objects.filter(content__dossier=number).exists()
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    # The activity log: nothing Ada did while answering is left, and what is written names no one.
    new = ActivityLog.objects.exclude(pk__in=before)
    assert not ActivityLog.objects.filter(actor=ada).exists()
    assert not ActivityLog.objects.filter(target_type="calls.dossier", target_id=str(dossier_pk)).exists()
    assert not ActivityLog.objects.filter(target_type="files.storedfile", target_id=str(stored.pk)).exists()
    assert [(e.verb, e.actor_id, e.target_type, e.data) for e in new] == [
        ("survey.answered", None, "results.survey", {"audience": "fellows", "anonymous": True})
    ]
    for entry in ActivityLog.objects.all():
        text = str(entry.data)
        assert str(response.pk) not in text and number not in text and str(stored.public_id) not in text
    # The response: a random key, a day, the answers (no file), no dossier; nothing else.
    response.refresh_from_db()
    assert {f.name for f in Response._meta.concrete_fields} == {
        "id",
        "survey",
        "audience",
        "answers",
        "submitted_on",
        "dossier",
    }
    assert isinstance(response.pk, uuid.UUID) and response.pk.version == 4
    assert response.dossier_id is None
    assert response.submitted_on == timezone.localdate() and type(response.submitted_on) is datetime.date
    assert response.answers == MID_TERM_ANSWERS | {"autre": "Rien à ajouter"}
    assert (response.survey_id, response.audience) == (survey.pk, Audience.FELLOWS)
    # Only the participation says that Ada answered, and on which day.
    participation = Participation.objects.get(survey=survey, user=ada)
    assert participation.answered_on == timezone.localdate() and type(participation.answered_on) is datetime.date


def test_an_anonymous_draft_keeps_its_link_until_it_is_submitted(world):
    """While the person fills it, the draft is theirs (they come back to it); submitting erases it."""
    survey = survey_of(world, anonymous=True)
    dossier = surveys.start_response(survey, world.user("ada"))
    fill(dossier, by=world.user("ada"))
    assert Dossier.objects.get(pk=dossier.pk).owner == world.user("ada")
    assert ActivityLog.objects.filter(target_type="calls.dossier", target_id=str(dossier.pk)).exists()


# --- Named: the dossier is kept ---------------------------------------------------------------------------


def test_a_named_answer_keeps_the_dossier_submitted_by_the_kit(world):
    survey = survey_of(world, anonymous=False)
    ada = world.user("ada")
    response = answer(survey, ada)
    dossier = Dossier.objects.get(call=survey.call, owner=ada)
    assert response.dossier == dossier
    assert (dossier.status, dossier.version) == (Dossier.Status.SUBMITTED, 1)
    assert DossierVersion.objects.get(dossier=dossier).content["answers"]["a_changer"] == MID_TERM_ANSWERS["a_changer"]
    assert response.answers == MID_TERM_ANSWERS
    assert ActivityLog.objects.filter(verb="dossier.submitted", actor=ada, target_id=str(dossier.pk)).exists()
    assert ActivityLog.objects.filter(verb="survey.answered", actor=ada, data__dossier=dossier.number).exists()
    assert not OutboxMessage.objects.exists()  # no receipt by email


def test_a_named_answer_no_longer_changes_once_submitted(world):
    survey = survey_of(world, anonymous=False)
    ada = world.user("ada")
    answer(survey, ada)
    dossier = Dossier.objects.select_related("call").get(call=survey.call, owner=ada)
    step = survey.call.steps.get(slug="mots")
    with pytest.raises(DomainError, match="Vous avez répondu à ce questionnaire : vos réponses ne changent plus."):
        dossier_services.save_step(dossier, step, {"a_changer": "Autre chose"}, by=ada)
    assert Response.objects.get(dossier=dossier).answers["a_changer"] == MID_TERM_ANSWERS["a_changer"]


# --- Response rates ----------------------------------------------------------------------------------------


def test_response_rates_count_the_people_asked_and_who_answered_per_audience(world):
    survey = survey_of(world)
    for key in ("ada", "cleo", "olga"):
        answer(survey, world.user(key))
    rates = surveys.rates([survey])[survey.pk]
    assert [(r.audience, r.asked, r.answered, r.percent) for r in rates] == [
        ("fellows", 3, 2, 67),
        ("mentors", 3, 1, 33),
        ("hosts", 2, 0, 0),
        ("all", 8, 3, 38),
    ]


# --- Reminders ---------------------------------------------------------------------------------------------


def _reminded(survey) -> list[tuple[str, str]]:
    return sorted(
        (m.recipient.split("@")[0], m.key.rsplit(":", 1)[1])
        for m in OutboxMessage.objects.filter(template="survey_reminder")
    )


def test_reminders_go_once_per_reminder_day_to_those_who_have_not_answered(world):
    survey = survey_of(world, audiences=[Audience.FELLOWS], reminder_days=[7, 2])
    closes = survey.call.closes_at
    answer(survey, world.user("ada"))
    assert surveys.remind(now=closes - datetime.timedelta(days=8)) == 0  # no reminder day has come

    seven = closes - datetime.timedelta(days=7)
    assert surveys.remind(now=seven) == 2
    assert surveys.remind(now=seven + datetime.timedelta(hours=1)) == 0  # once
    assert surveys.remind(now=seven + datetime.timedelta(days=1)) == 0  # the 7-day reminder is sent
    answer(survey, world.user("cleo"), now=seven + datetime.timedelta(days=1))
    assert surveys.remind(now=closes - datetime.timedelta(days=2)) == 1
    assert _reminded(survey) == [("bob", "2"), ("bob", "7"), ("cleo", "7")]
    assert Participation.objects.get(survey=survey, user=world.user("bob")).reminders_sent == [7, 2]
    assert surveys.remind(now=closes) == 0  # closed
    message = OutboxMessage.objects.get(key=surveys.reminder_key(survey, world.user("bob").pk, 7))
    assert survey.call.title in message.subject and "/programme/questionnaires/" in message.body_text
    assert "anonyme" in message.body_text


def test_a_reminder_day_missed_is_not_sent_late_beside_a_nearer_one(world):
    survey = survey_of(world, audiences=[Audience.HOSTS], reminder_days=[7, 2])
    assert surveys.remind(now=survey.call.closes_at - datetime.timedelta(days=1)) == 2
    assert [key for _person, key in _reminded(survey)] == ["2", "2"]


def test_the_remind_surveys_command_sends_the_days_reminders(world, monkeypatch):
    survey = survey_of(world, audiences=[Audience.MENTORS], reminder_days=[7])
    monkeypatch.setattr(timezone, "now", lambda: survey.call.closes_at - datetime.timedelta(days=6))
    call_command("remind_surveys", verbosity=0)
    assert [person for person, _day in _reminded(survey)] == ["hugo", "olga", "paul"]
