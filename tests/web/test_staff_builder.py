"""The form builder's pages (/equipe/appels/<call>/formulaire/): the list of steps and questions with
their buttons, the forms in French and English side by side, moves that give the focus back, the
confirmation before a deletion, the preview in French and English, and what is left once the call opened."""

import datetime
import html
import re
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from eig.calls import builder
from eig.calls.builder import QuestionSpec
from eig.calls.models import Call, Question, QuestionWording, Step
from eig.calls.services import save_step, start_dossier, submit_dossier
from tests.factories import PromotionFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

FREQUENCY = [["jamais", "Jamais"], ["parfois", "Parfois"], ["souvent", "Souvent"]]


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@example.org")


@pytest.fixture
def client(staff):
    client = Client()
    client.force_login(staff)
    return client


def survey_call(*, opens_in=datetime.timedelta(days=10), steps=3, slug="questionnaire") -> Call:
    """A call opening in ten days (by default): `steps` steps, the first with two questions."""
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,  # no wishes in the dossier: its questions only
        title_fr="Questionnaire de rentrée",
        title_en="Start-of-year survey",
        slug=slug,
        opens_at=now + opens_in,
        closes_at=now + opens_in + datetime.timedelta(days=30),
        dossier_prefix="Q",
    )
    for order in range(1, steps + 1):
        Step.objects.create(call=call, order=order, slug=f"etape-{order}", title_fr=f"Étape {order}")
    first = call.steps.get(order=1)
    first.title_en = "Step 1"
    first.save()
    Question.objects.create(step=first, order=1, key="nom", kind="short_text", label_fr="Votre nom")
    Question.objects.create(
        step=first,
        order=2,
        key="frequence",
        kind="single_choice",
        label_fr="À quelle fréquence utilisez-vous l'outil ?",
        label_en="How often do you use the tool?",
        help_text_fr="Une seule réponse.",
        help_text_en="One answer.",
        choices=FREQUENCY,
        choices_en={"jamais": "Never", "parfois": "Sometimes", "souvent": "Often"},
    )
    return call


@pytest.fixture
def call():
    return survey_call()


def url(name, call, **kwargs) -> str:
    return reverse(f"staff:{name}", kwargs={"slug": call.slug, **kwargs})


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def management(prefix="choix", total=3, initial=0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


# --- The builder page -----------------------------------------------------------------------------------


def test_the_call_list_links_to_each_call_form(client, call):
    response = client.get(reverse("staff:call_list"))
    assert url("builder", call) in response.content.decode()


def test_the_builder_lists_the_steps_and_their_questions_with_their_buttons(client, call):
    response = client.get(url("builder", call))
    assert response.status_code == 200
    page = text(response)
    assert "Étape 1 : Étape 1" in page and "En anglais : Step 1" in page
    assert "How often do you use the tool?" in page
    markup = response.content.decode()
    first, second = call.steps.order_by("order")[:2]
    # The first step moves down only, the second both ways; every move is a button in a form.
    assert f'id="etape-{first.pk}-descendre"' in markup and f'id="etape-{first.pk}-monter"' not in markup
    assert f'id="etape-{second.pk}-monter"' in markup and f'id="etape-{second.pk}-descendre"' in markup
    assert markup.count('name="sens" value="descendre"') == 2 + 1  # two steps of three, one question of two
    assert "Ajouter une étape" in page and "Ajouter une question" in page and "Aperçu" in page


def test_moving_a_step_down_comes_back_with_its_button_focused(client, call):
    first = call.steps.get(order=1)
    response = client.post(url("builder_step_move", call, step=first.pk), {"sens": "descendre"})
    assert response.status_code == 302
    assert response["Location"] == url("builder", call) + f"?deplace=etape-{first.pk}-descendre"
    assert list(call.steps.order_by("order").values_list("slug", flat=True)) == ["etape-2", "etape-1", "etape-3"]
    page = client.get(response["Location"]).content.decode()
    assert re.search(rf'id="etape-{first.pk}-descendre" autofocus', page)
    assert page.count("autofocus") == 1
    assert "déplacée : elle est maintenant en position 2 sur 3" in page


def test_a_step_moved_to_the_end_gives_the_focus_to_its_other_button(client, call):
    second = call.steps.get(order=2)
    response = client.post(url("builder_step_move", call, step=second.pk), {"sens": "descendre"})
    assert response["Location"].endswith(f"?deplace=etape-{second.pk}-monter")


def test_moving_a_question_comes_back_with_its_button_focused(client, call):
    question = Question.objects.get(key="frequence")
    response = client.post(url("builder_question_move", call, question=question.pk), {"sens": "monter"})
    assert response["Location"].endswith(f"?deplace=question-{question.pk}-descendre")  # now first: « Monter » gone
    assert list(Question.objects.order_by("order").values_list("key", flat=True)) == ["frequence", "nom"]


def test_a_move_is_a_post_only(client, call):
    assert client.get(url("builder_step_move", call, step=call.steps.first().pk)).status_code == 405


# --- Steps ----------------------------------------------------------------------------------------------


def test_a_step_is_added_with_its_french_and_english_texts(client, call):
    page = client.get(url("builder_step_add", call)).content.decode()
    assert 'name="title_fr"' in page and 'name="title_en"' in page and 'lang="en"' in page
    response = client.post(
        url("builder_step_add", call),
        {"title_fr": "Pour finir", "title_en": "To finish", "intro_fr": "Merci.", "intro_en": "Thank you."},
    )
    step = call.steps.get(slug="pour-finir")
    assert response["Location"] == url("builder", call) + f"#etape-{step.pk}"
    assert (step.order, step.title_en, step.intro_en) == (4, "To finish", "Thank you.")


def test_a_step_without_its_french_title_is_shown_again_with_the_error(client, call):
    response = client.post(url("builder_step_add", call), {"title_fr": "", "title_en": "Only English"})
    assert response.status_code == 400
    assert "Only English" in response.content.decode()
    assert call.steps.count() == 3


def test_a_step_is_deleted_after_its_confirmation(client, call):
    step = call.steps.get(order=1)
    page = text(client.get(url("builder_step_delete", call, step=step.pk)))
    assert "Supprimer cette étape ?" in page and "avec ses 2 questions" in page
    assert client.post(url("builder_step_delete", call, step=step.pk)).status_code == 200  # no confirm: asked again
    assert call.steps.filter(pk=step.pk).exists()
    client.post(url("builder_step_delete", call, step=step.pk), {"confirm": "1"})
    assert list(call.steps.order_by("order").values_list("slug", "order")) == [("etape-2", 1), ("etape-3", 2)]


def test_a_step_of_another_call_is_not_found(client, call):
    other = survey_call(slug="autre")
    step = other.steps.first()
    assert client.get(url("builder_step_edit", call, step=step.pk)).status_code == 404


# --- Questions ------------------------------------------------------------------------------------------


def test_a_question_is_added_in_french_and_english_with_its_choices(client, call):
    step = call.steps.get(order=2)
    page = client.get(url("builder_question_add", call, step=step.pk)).content.decode()
    for name in ["label_fr", "label_en", "help_text_fr", "help_text_en", "kind", "required", "choix-0-label_en"]:
        assert f'name="{name}"' in page
    response = client.post(
        url("builder_question_add", call, step=step.pk),
        {
            "label_fr": "Votre ministère",
            "label_en": "Your ministry",
            "help_text_fr": "Celui qui vous emploie.",
            "help_text_en": "The one you work for.",
            "kind": "single_choice",
            "required": "on",
            **management(),
            "choix-0-value": "culture",
            "choix-0-label_fr": "Culture",
            "choix-0-label_en": "Culture",
            "choix-1-value": "",
            "choix-1-label_fr": "Intérieur",
            "choix-1-label_en": "Home Office",
        },
    )
    assert response.status_code == 302, text(response)
    question = Question.objects.get(step=step)
    assert (question.key, question.label_en, question.help_text_en, question.required) == (
        "votre-ministere",
        "Your ministry",
        "The one you work for.",
        True,
    )
    assert question.choices == [["culture", "Culture"], ["interieur", "Intérieur"]]
    assert question.choices_en == {"culture": "Culture", "interieur": "Home Office"}


def test_a_choice_question_without_choices_is_refused_on_its_form(client, call):
    step = call.steps.get(order=2)
    response = client.post(
        url("builder_question_add", call, step=step.pk),
        {"label_fr": "Votre ministère", "kind": "single_choice", **management()},
    )
    assert response.status_code == 400
    assert "Une question à choix a besoin d'au moins un choix." in text(response)
    assert not Question.objects.filter(step=step).exists()


def test_a_question_is_edited_with_its_limits(client, call):
    question = Question.objects.get(key="nom")
    page = client.get(url("builder_question_edit", call, question=question.pk)).content.decode()
    assert 'value="Votre nom"' in page and 'name="key"' not in page  # the key is chosen once
    client.post(
        url("builder_question_edit", call, question=question.pk),
        {
            "label_fr": "Nom et prénom",
            "label_en": "Full name",
            "kind": "short_text",
            "max_length": "120",
            **management(),
        },
    )
    question.refresh_from_db()
    assert (question.label_fr, question.label_en, question.max_length, question.required) == (
        "Nom et prénom",
        "Full name",
        120,
        False,  # an unticked box
    )


def test_a_question_is_deleted_after_its_confirmation(client, call):
    question = Question.objects.get(key="nom")
    assert "Supprimer cette question ?" in text(client.get(url("builder_question_delete", call, question=question.pk)))
    client.post(url("builder_question_delete", call, question=question.pk), {"confirm": "1"})
    assert list(Question.objects.values_list("key", "order")) == [("frequence", 1)]


# --- The preview ----------------------------------------------------------------------------------------


def test_the_preview_shows_a_step_as_the_candidate_sees_it_read_only(client, call):
    response = client.get(url("builder_preview", call))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Votre nom" in page and "À quelle fréquence utilisez-vous l&#x27;outil ?" in page
    assert "Une seule réponse." in page and 'value="parfois"' in page and ">Parfois</label>" in page
    assert '<fieldset class="fr-fieldset eig-step-fields" disabled>' in page
    assert "Étape 1 sur 1" in text(response)  # the steps without questions are not shown to candidates
    assert "/en/equipe/" in page  # the same preview in English


def test_the_preview_in_english_shows_the_english_texts_and_choices(client, call):
    with translation.override("en"):
        english = url("builder_preview", call)
    assert english.startswith("/en/")
    page = client.get(english).content.decode()
    assert "How often do you use the tool?" in page and "One answer." in page
    assert ">Sometimes</label>" in page and 'value="parfois"' in page  # the same values
    assert "Votre nom" in page  # no English label: the French one
    assert "Step 1" in page


def test_the_preview_of_an_unknown_step_is_not_found(client, call):
    assert client.get(url("builder_preview", call) + "?etape=nulle-part").status_code == 404


# --- Once the call opened -------------------------------------------------------------------------------


@pytest.fixture
def opened():
    return survey_call(opens_in=-datetime.timedelta(days=2), slug="ouvert")


def test_once_opened_the_builder_says_only_wording_changes_and_shows_no_structural_control(client, opened):
    response = client.get(url("builder", opened))
    page = text(response)
    assert "Seule la formulation peut encore changer" in page
    for control in ["Monter", "Descendre", "Supprimer", "Ajouter une étape", "Ajouter une question"]:
        assert control not in page, control
    assert "Modifier" in page and "Aperçu" in page


def test_once_opened_a_structural_page_leads_back_to_the_builder_saying_why(client, opened):
    response = client.get(url("builder_step_add", opened), follow=True)
    assert response.redirect_chain == [(url("builder", opened), 302)]
    assert "ajouter une étape n'est plus possible" in text(response)
    step = opened.steps.first()
    response = client.post(url("builder_step_move", opened, step=step.pk), {"sens": "descendre"}, follow=True)
    assert "changer l'ordre des étapes n'est plus possible" in text(response)
    assert opened.steps.get(pk=step.pk).order == 1


def test_once_opened_the_question_form_offers_the_wording_only(client, opened):
    question = Question.objects.get(step__call=opened, key="frequence")
    page = client.get(url("builder_question_edit", opened, question=question.pk)).content.decode()
    assert 'name="label_fr"' in page and 'name="choix-0-label_en"' in page
    for name in ['name="kind"', 'name="required"', 'name="max_length"', 'name="choix-0-value"', 'name="choix-3-']:
        assert name not in page, name
    assert "<code>parfois</code>" in page


def fix_post(question, **changes) -> dict:
    data = {
        "label_fr": question.label_fr,
        "label_en": question.label_en or "",
        "help_text_fr": question.help_text_fr or "",
        "help_text_en": question.help_text_en or "",
        **management(total=len(question.choices), initial=len(question.choices)),
    }
    for i, (value, label) in enumerate(question.choices):
        data[f"choix-{i}-label_fr"] = label
        data[f"choix-{i}-label_en"] = question.choices_en.get(value, "")
    return data | changes


def test_once_opened_a_wording_fix_is_saved_and_the_old_wording_kept(client, opened, staff):
    question = Question.objects.get(step__call=opened, key="frequence")
    response = client.post(
        url("builder_question_edit", opened, question=question.pk),
        fix_post(question, label_fr="Fréquence d'usage de l'outil", **{"choix-1-label_en": "Now and then"}),
    )
    assert response.status_code == 302, text(response)
    question.refresh_from_db()
    assert question.label_fr == "Fréquence d'usage de l'outil"
    assert question.choices_en["parfois"] == "Now and then"
    assert question.choices == FREQUENCY  # the values never change
    kept = QuestionWording.objects.get(question=question)
    assert (kept.label_fr, kept.replaced_by) == ("À quelle fréquence utilisez-vous l'outil ?", staff)


def test_once_opened_a_crafted_post_adding_a_choice_is_refused(client, opened):
    question = Question.objects.get(step__call=opened, key="frequence")
    data = fix_post(question) | management(total=4, initial=3) | {"choix-3-label_fr": "Toujours"}
    response = client.post(url("builder_question_edit", opened, question=question.pk), data)
    assert response.status_code == 400
    assert "changer les choix proposés (valeurs, nombre ou ordre) n'est plus possible" in text(response)
    question.refresh_from_db()
    assert question.choices == FREQUENCY and not QuestionWording.objects.exists()


def test_the_team_reads_a_submitted_version_with_the_wording_it_was_answered_with(client, opened, staff):
    owner = UserFactory()
    dossier = start_dossier(opened, owner=owner)
    save_step(dossier, opened.steps.get(order=1), {"nom": "Ada", "frequence": "parfois"}, by=owner)
    submit_dossier(dossier, by=owner)
    question = Question.objects.select_related("step__call").get(step__call=opened, key="frequence")
    builder.edit_question(question, replace(QuestionSpec.of(question), label_fr="Nouveau libellé"), by=staff)
    page = client.get(reverse("staff:dossier_detail", kwargs={"slug": opened.slug, "number": dossier.number}))
    assert "À quelle fréquence utilisez-vous l&#x27;outil ?" in page.content.decode()
    assert "Nouveau libellé" not in page.content.decode()


# --- Query counts ---------------------------------------------------------------------------------------


def grow(call, steps: int, questions: int) -> None:
    for order in range(4, 4 + steps):
        step = Step.objects.create(call=call, order=order, slug=f"plus-{order}", title_fr=f"Plus {order}")
        for n in range(questions):
            Question.objects.create(step=step, order=n + 1, key=f"q-{order}-{n}", kind="long_text", label_fr=f"Q {n}")


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def test_the_builder_page_reads_a_flat_number_of_queries(client, call):
    client.get(url("builder", call))  # the first page reads the site's DSFR settings, kept under the content version
    small = queries(client, url("builder", call))
    grow(call, steps=10, questions=8)
    assert queries(client, url("builder", call)) == small == 7
