"""The dossier engine, as the rules of the call read: drafts keep everything,
the checklist names what is missing, the server's clock closes the call to
the second, and one content gives one submitted version."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection

from eig.calls.models import Call, Dossier, DossierVersion, Question, Step
from eig.calls.services import missing_for, save_step, start_dossier, submit_dossier, withdraw_dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from tests.factories import PromotionFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
# Promotion 2: the call closed on 27 October 2017 at 17:00, Paris time.
OPENS = datetime.datetime(2017, 9, 27, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2017, 10, 27, 17, 0, tzinfo=PARIS)
DURING = datetime.datetime(2017, 10, 10, 12, 0, tzinfo=PARIS)


def build_call():
    call = Call.objects.create(
        promotion=PromotionFactory(number=2),
        kind=Call.Kind.APPLICATIONS,
        title="Appel EIG 2",
        slug="appel-eig-2",
        opens_at=OPENS,
        closes_at=CLOSES,
        dossier_prefix="EIG2",
        # Wishes are the applications app's section (tests/applications); here, questions only.
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,
    )
    identity = Step.objects.create(call=call, order=1, slug="identite", title="Identité")
    Question.objects.create(step=identity, order=1, key="nom", kind="short_text", label="Nom")
    Question.objects.create(
        step=identity,
        order=2,
        key="profession",
        kind="single_choice",
        label="Profession",
        choices=[["dev", "Développeur"], ["ds", "Data scientist"]],
    )
    motivation = Step.objects.create(call=call, order=2, slug="motivation", title="Motivation")
    Question.objects.create(
        step=motivation, order=1, key="motivation", kind="long_text", label="Motivation", max_length=50
    )
    Question.objects.create(step=motivation, order=2, key="forge", kind="url", label="Forge", required=False)
    Question.objects.create(
        step=motivation,
        order=3,
        key="pas_agent",
        kind="declaration",
        label="Je ne suis pas agent public en fonction",
    )
    return call, identity, motivation


def filled_dossier():
    call, identity, motivation = build_call()
    owner = UserFactory()
    dossier = start_dossier(call, owner=owner, now=DURING)
    save_step(dossier, identity, {"nom": "Ada Lovelace", "profession": "dev"}, by=owner, now=DURING)
    save_step(dossier, motivation, {"motivation": "Servir l'intérêt général", "pas_agent": True}, by=owner, now=DURING)
    return dossier, owner


@pytest.mark.django_db
class TestDrafts:
    def test_a_dossier_gets_a_number_of_its_call(self):
        call, _, _ = build_call()
        dossier = start_dossier(call, owner=UserFactory(), now=DURING)
        assert dossier.number == f"EIG2-{dossier.pk:06d}"
        assert dossier.status == Dossier.Status.DRAFT

    def test_valid_answers_are_kept_even_when_another_is_refused(self):
        call, identity, motivation = build_call()
        owner = UserFactory()
        dossier = start_dossier(call, owner=owner, now=DURING)
        errors = save_step(
            dossier, motivation, {"motivation": "x" * 51, "forge": "https://forge.example/ada"}, by=owner, now=DURING
        )
        assert errors == {"motivation": "Motivation : 51 caractères pour 50 au plus."}
        assert {a.question.key: a.value for a in dossier.answers.all()} == {"forge": "https://forge.example/ada"}

    def test_each_kind_refuses_a_bad_value_with_a_french_message(self):
        call, identity, motivation = build_call()
        owner = UserFactory()
        dossier = start_dossier(call, owner=owner, now=DURING)
        errors = save_step(dossier, identity, {"profession": "astronaute"}, by=owner, now=DURING)
        assert errors == {"profession": "Profession : ce choix n'est pas proposé."}
        errors = save_step(dossier, motivation, {"forge": "javascript:alert(1)"}, by=owner, now=DURING)
        assert errors == {"forge": "Forge : « javascript:alert(1) » n'est pas une adresse web valide (http ou https)."}

    def test_the_checklist_names_what_is_missing_in_form_order(self):
        call, identity, _ = build_call()
        owner = UserFactory()
        dossier = start_dossier(call, owner=owner, now=DURING)
        save_step(dossier, identity, {"nom": "Ada"}, by=owner, now=DURING)
        assert missing_for(dossier) == ["Profession", "Motivation", "Je ne suis pas agent public en fonction"]

    def test_an_unticked_declaration_is_missing(self):
        dossier, owner = filled_dossier()
        step = dossier.call.steps.get(slug="motivation")
        save_step(dossier, step, {"pas_agent": False}, by=owner, now=DURING)
        assert missing_for(dossier) == ["Je ne suis pas agent public en fonction"]


@pytest.mark.django_db
class TestSubmit:
    def test_submit_is_refused_with_the_list_of_missing_items(self):
        call, identity, _ = build_call()
        owner = UserFactory()
        dossier = start_dossier(call, owner=owner, now=DURING)
        save_step(dossier, identity, {"nom": "Ada", "profession": "ds"}, by=owner, now=DURING)
        with pytest.raises(DomainError) as refused:
            submit_dossier(dossier, by=owner, now=DURING)
        assert str(refused.value) == (
            "Le dossier est incomplet. Il manque : Motivation ; Je ne suis pas agent public en fonction."
        )
        assert dossier.versions.count() == 0

    def test_submit_one_second_before_closing_is_accepted(self):
        dossier, owner = filled_dossier()
        version = submit_dossier(dossier, by=owner, now=CLOSES - datetime.timedelta(seconds=1))
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.SUBMITTED
        assert version.number == 1 and version.submitted_at == CLOSES - datetime.timedelta(seconds=1)
        assert len(version.digest) == 64 and version.content["answers"]["nom"] == "Ada Lovelace"

    def test_submit_one_second_after_closing_is_refused_logged_and_the_draft_kept(self):
        dossier, owner = filled_dossier()
        with pytest.raises(DomainError) as refused:
            submit_dossier(dossier, by=owner, now=CLOSES + datetime.timedelta(seconds=1))
        assert "L'appel est clos depuis le 27 octobre 2017 à 17:00 (heure de Paris)" in str(refused.value)
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.DRAFT
        assert dossier.answers.count() == 4
        assert ActivityLog.objects.filter(verb="dossier.late_submit_refused", target_id=str(dossier.pk)).count() == 1

    def test_editing_after_closing_is_refused(self):
        dossier, owner = filled_dossier()
        step = dossier.call.steps.get(slug="identite")
        with pytest.raises(DomainError):
            save_step(dossier, step, {"nom": "Grace"}, by=owner, now=CLOSES)
        assert dossier.answers.get(question__key="nom").value == "Ada Lovelace"

    def test_resubmitting_a_changed_dossier_keeps_each_version(self):
        dossier, owner = filled_dossier()
        first = submit_dossier(dossier, by=owner, now=DURING)
        save_step(dossier, dossier.call.steps.get(slug="identite"), {"nom": "Ada King"}, by=owner, now=DURING)
        second = submit_dossier(dossier, by=owner, now=DURING + datetime.timedelta(hours=1))
        assert [v.number for v in dossier.versions.all()] == [1, 2]
        assert first.content["answers"]["nom"] == "Ada Lovelace" and second.content["answers"]["nom"] == "Ada King"
        assert first.digest != second.digest

    def test_a_double_click_gives_one_version_and_one_receipt(self, mailoutbox):
        dossier, owner = filled_dossier()
        first = submit_dossier(dossier, by=owner, now=DURING)
        again = submit_dossier(dossier, by=owner, now=DURING)
        assert again == first and dossier.versions.count() == 1
        receipt = OutboxMessage.objects.get()
        assert receipt.recipient == owner.email
        assert dossier.number in receipt.body_text and "10 octobre 2017 12:00:00" in receipt.body_text
        assert first.digest in receipt.body_text

    def test_withdraw_stops_edits_and_submits(self):
        dossier, owner = filled_dossier()
        submit_dossier(dossier, by=owner, now=DURING)
        withdraw_dossier(dossier, by=owner, now=DURING)
        assert dossier.status == Dossier.Status.WITHDRAWN
        with pytest.raises(DomainError):
            submit_dossier(dossier, by=owner, now=DURING)
        assert ActivityLog.objects.filter(verb="dossier.withdrawn").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_submits_of_one_dossier_give_one_version():
    dossier, owner = filled_dossier()
    barrier = threading.Barrier(10)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(submit_dossier(Dossier.objects.get(pk=dossier.pk), by=owner, now=DURING).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 10
    assert DossierVersion.objects.filter(dossier=dossier).count() == 1
    assert OutboxMessage.objects.filter(key__startswith=f"receipt:{dossier.pk}:").count() == 1


@pytest.mark.django_db
def test_the_default_form_asks_what_the_2020_rules_require():
    from eig.calls.defaults import install_application_form

    call, _, _ = build_call()
    call.steps.all().delete()
    install_application_form(call)
    install_application_form(call)  # idempotent
    questions = {q.key: q for q in Question.objects.filter(step__call=call)}
    assert len(questions) == 25
    # Art. 4: eligibility declarations, all mandatory.
    declarations = [k for k, q in questions.items() if q.kind == "declaration"]
    assert declarations == ["personne_physique", "pas_agent_public", "pas_jury", "pas_etudiant", "donnees_personnelles"]
    # Art. 5: CV in PDF mandatory, portfolio optional; civility with "je préfère ne pas répondre".
    assert questions["cv"].required and questions["cv"].file_types == ["application/pdf"]
    assert not questions["portfolio"].required
    assert ["non_precise", "Je préfère ne pas répondre"] in questions["civilite"].choices
    assert [s.slug for s in call.steps.all()] == [
        "identite",
        "parcours",
        "motivation",
        "disponibilite",
        "pieces",
        "declarations",
    ]


@pytest.mark.django_db
def test_saving_the_same_answers_again_writes_nothing():
    from django.test.utils import CaptureQueriesContext

    dossier, owner = filled_dossier()
    identity = dossier.call.steps.get(slug="identite")
    answers = {"nom": "Ada Lovelace", "profession": "dev"}
    save_step(dossier, identity, answers, by=owner, now=DURING)  # back on this step
    logs = ActivityLog.objects.count()
    # The autosave of an unchanged step: reads only, and only the saved answers (the step's questions
    # are the call's form this process keeps: eig.calls.structure).
    with CaptureQueriesContext(connection) as queries:
        errors = save_step(dossier, identity, answers, by=owner, now=DURING)
    assert errors == {}
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
    assert ActivityLog.objects.count() == logs


@pytest.mark.django_db
def test_a_step_save_costs_the_same_few_queries_whatever_its_length(django_assert_max_num_queries):
    dossier, owner = filled_dossier()
    identity = dossier.call.steps.get(slug="identite")
    fresh = Dossier.objects.select_related("call").get(pk=dossier.pk)
    with django_assert_max_num_queries(8):
        save_step(fresh, identity, {"nom": "Grace Hopper", "profession": "ds"}, by=owner, now=DURING)
    assert {a.question.key: a.value for a in dossier.answers.select_related("question")}["nom"] == "Grace Hopper"
