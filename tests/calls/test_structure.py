"""A call's form is read once per process and read again as soon as it changes (eig.calls.structure).

Each test keeps the process's memory between its reads, as a server's worker does between requests:
what a process kept must never outlive a change of the steps or questions, whichever way it is made.
"""

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eig.calls import builder
from eig.calls.builder import QuestionSpec
from eig.calls.models import Call, Question, Step
from eig.calls.services import questions_of
from eig.calls.structure import form_of
from tests.factories import StaffFactory

from .test_dossier_engine import build_call

pytestmark = pytest.mark.django_db


def fresh(call: Call) -> Call:
    """The call's row as the next request reads it (a dossier's query brings it)."""
    return Call.objects.get(pk=call.pk)


def test_a_second_read_of_an_unchanged_form_costs_no_query():
    call = build_call()[0]
    first = [q.key for q in questions_of(fresh(call))]
    again = fresh(call)
    with CaptureQueriesContext(connection) as queries:
        assert [q.key for q in questions_of(again)] == first
        assert form_of(again).step("motivation").slug == "motivation"
    assert queries.captured_queries == []


def test_a_question_saved_anywhere_is_read_again_at_the_next_request():
    call = build_call()[0]
    assert [q.label for q in questions_of(fresh(call))][0] == "Nom"
    # The Django admin (or any code) saving a question: the model's signal moves the call's form_version.
    question = Question.objects.get(step__call=call, key="nom")
    question.label = "Nom de famille"
    question.save()
    assert [q.label for q in questions_of(fresh(call))][0] == "Nom de famille"


def test_a_step_added_through_the_builder_shows_at_once():
    call = build_call()[0]
    assert [s.slug for s in form_of(fresh(call)).steps] == ["identite", "motivation"]
    builder.add_step(call, title_fr="Références", by=StaffFactory(), now=call.opens_at - call.opens_at.resolution)
    assert [s.slug for s in form_of(fresh(call)).steps] == ["identite", "motivation", "references"]


def test_a_move_written_in_bulk_is_read_again():
    """The builder's moves write the new order with bulk_update, which sends no signal: it bumps itself."""
    call = build_call()[0]
    staff = StaffFactory()
    before = call.opens_at - call.opens_at.resolution
    assert [q.key for q in questions_of(fresh(call))][:2] == ["nom", "profession"]
    builder.move_question(Question.objects.get(step__call=call, key="profession"), "up", by=staff, now=before)
    assert [q.key for q in questions_of(fresh(call))][:2] == ["profession", "nom"]
    builder.move_step(Step.objects.get(call=call, slug="motivation"), "up", by=staff, now=before)
    assert [s.slug for s in form_of(fresh(call)).steps] == ["motivation", "identite"]


def test_a_question_deleted_is_gone_at_the_next_request():
    call = build_call()[0]
    assert "motivation" in [q.key for q in questions_of(fresh(call))]
    Question.objects.get(step__call=call, key="motivation").delete()
    assert "motivation" not in [q.key for q in questions_of(fresh(call))]


def test_saving_a_call_read_before_a_change_does_not_bring_back_the_old_form():
    """A call instance read before a question changed, saved after (a staff member editing the call's
    dates in another tab): its older form_version is not written back."""
    call = build_call()[0]
    old_instance = fresh(call)
    questions_of(old_instance)  # this process keeps the form of that version
    question = Question.objects.get(step__call=call, key="nom")
    question.label = "Nom de famille"
    question.save()
    old_instance.title = "Appel EIG 2 (prolongé)"
    old_instance.save()
    now = fresh(call)
    assert now.title == "Appel EIG 2 (prolongé)"
    assert now.form_version > old_instance.form_version
    assert [q.label for q in questions_of(now)][0] == "Nom de famille"


def test_what_a_caller_changes_on_its_questions_stays_with_it():
    call = build_call()[0]
    mine = questions_of(fresh(call))
    mine[0].label = "changé pour cette page"
    mine[0].step.title = "changée aussi"
    theirs = questions_of(fresh(call))
    assert theirs[0].label == "Nom"
    assert theirs[0].step.title == "Identité"


def test_a_wording_fix_after_opening_reaches_the_step_page_of_a_process_that_read_it():
    call = build_call()[0]
    staff = StaffFactory()
    questions_of(fresh(call))
    question = Question.objects.get(step__call=call, key="nom")
    builder.edit_question(
        question, replace(QuestionSpec.of(question), label_fr="Nom d'usage"), by=staff, now=call.opens_at
    )
    assert [q.label for q in questions_of(fresh(call))][0] == "Nom d'usage"
