"""The one step navigation of a dossier (eig.calls.navigation): the call's steps in order, the
sections' steps placed among them, previous/next, what each step lacks, and the checklist."""

import datetime

import pytest
from django.utils import timezone

from eig.applications.models import Wish
from eig.applications.services import open_wish_window
from eig.calls import extensions, navigation
from eig.calls.services import answers_of, missing_for, questions_of, save_step, start_dossier
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import COMPLETE_ANSWERS, application_call

pytestmark = pytest.mark.django_db

QUESTION_STEPS = ["identite", "parcours", "motivation", "disponibilite", "pieces", "declarations"]


def dossier_of(call):
    return start_dossier(call, owner=UserFactory())


def steps(dossier):
    return navigation.steps_of(dossier, questions_of(dossier.call), answers_of(dossier))


def test_the_wishes_come_second_when_the_call_asks_for_them_in_the_dossier():
    dossier = dossier_of(application_call())
    found = steps(dossier)
    assert found.slugs == ["identite", "voeux", *QUESTION_STEPS[1:]]
    wishes = found.get("voeux")
    assert (wishes.section, wishes.title, wishes.counted) == ("wishes", "Vœux", True)
    # The light outline (what a redirect reads) has the same order.
    assert navigation.outline(dossier).slugs == found.slugs


def test_in_the_2021_mode_the_wishes_step_appears_last_once_the_window_opens():
    dossier = dossier_of(application_call(wishes_mode="after_preselection"))
    assert steps(dossier).slugs == QUESTION_STEPS
    assert navigation.outline(dossier).slugs == QUESTION_STEPS

    open_wish_window(dossier, closes_at=timezone.now() + datetime.timedelta(days=3), by=StaffFactory())
    found = steps(dossier)
    assert found.slugs == [*QUESTION_STEPS, "voeux"]
    assert navigation.outline(dossier).slugs == found.slugs
    # Stated after the dossier is in, the wishes are never part of its checklist.
    assert found.get("voeux").counted is False
    assert "Au moins un vœu parmi les postes proposés" not in found.missing


def test_previous_and_next_follow_the_order():
    found = steps(dossier_of(application_call()))
    assert found.neighbours("identite") == (None, found.get("voeux"))
    assert found.neighbours("voeux") == (found.get("identite"), found.get("parcours"))
    assert found.neighbours("declarations") == (found.get("pieces"), None)
    # A slug that is not a step leads to the first.
    assert found.neighbours("inconnue") == (None, found.get("identite"))


def test_each_step_says_what_it_lacks_and_the_checklist_gathers_them():
    call = application_call()
    owner = UserFactory()
    dossier = start_dossier(call, owner=owner)
    save_step(dossier, call.steps.get(slug="identite"), COMPLETE_ANSWERS["identite"], by=owner)
    save_step(dossier, call.steps.get(slug="motivation"), {"motivation": "Servir."}, by=owner)

    found = steps(dossier)
    assert found.get("identite").complete and found.get("identite").missing == ()
    assert found.get("voeux").missing == ("Au moins un vœu parmi les postes proposés",)
    assert found.get("motivation").missing == ("Votre contribution au(x) défi(s) choisi(s)",)
    assert found.get("pieces").missing == ("CV au format PDF",)  # the portfolio is optional
    # The checklist names the questions in the form's order, then what the sections lack.
    assert found.missing == [item for step in found if not step.section for item in step.missing] + [
        "Au moins un vœu parmi les postes proposés"
    ]
    # The checklist a submit asks for is the navigation's.
    assert missing_for(dossier) == found.missing

    Wish.objects.create(dossier=dossier, position=call.promotion.challenges.get().positions.first(), rank=1)
    found = steps(dossier)
    assert found.get("voeux").complete and "Au moins un vœu parmi les postes proposés" not in missing_for(dossier)


def test_a_reader_gets_the_steps_of_the_answers_it_reads():
    """Staff read a version's answers: the navigation takes the answers it is given, not the draft's."""
    dossier = dossier_of(application_call())
    found = navigation.steps_of(dossier, questions_of(dossier.call), {"prenom": "Ada"})
    assert "Prénom" not in found.get("identite").missing and "Nom" in found.get("identite").missing


def test_the_wishes_are_the_only_section_registered():
    """What other apps add to the dossier engine, pinned: a new registrant is a decision, not a surprise."""
    sections = extensions.registered_sections()
    assert [(s.key, s.step.slug if s.step else None) for s in sections] == [("wishes", "voeux")]
