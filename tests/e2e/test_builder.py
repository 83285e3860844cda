"""The form builder in the browser (issue 18: « axe passes on the builder, including reordering with
the keyboard »).

A call for applications opens in ten days; its form has three steps. A member of the programme team,
signed in with their second factor, opens the form from the call list, adds a single-choice question
to the second step in French and English (its choices too), then moves the first step down with the
keyboard alone: Tab until the step's « Descendre » button has the focus, Enter. The page comes back
with the steps in their new order and the focus on that same button, so a second Enter would move it
again. The preview shows the second step as a candidate sees it, in French, then in English. axe-core
passes on the builder, after the move, and on both previews.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call, Question, Step
from tests.factories import PromotionFactory, StaffFactory

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TAB_LIMIT = 200  # more Tabs than the page has focusable elements before the step's buttons


@pytest.fixture
def call():
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(number=10, year=2027, slug="eig-10", title="EIG 10"),
        kind=Call.Kind.APPLICATIONS,
        title_fr="Appel à candidatures EIG 10",
        title_en="Call for applications EIG 10",
        slug="candidatures-eig-10",
        opens_at=now + datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=40),
        dossier_prefix="EIG10",
    )
    for order, (slug, title_fr, title_en) in enumerate(
        [
            ("identite", "Identité", "Identity"),
            ("parcours", "Parcours", "Background"),
            ("motivation", "Motivation", ""),
        ],
        start=1,
    ):
        step = Step.objects.create(call=call, order=order, slug=slug, title_fr=title_fr, title_en=title_en or None)
        Question.objects.create(
            step=step, order=1, key=f"{slug}-texte", kind="long_text", label_fr=f"{title_fr} : présentez-vous"
        )
    return call


def step_headings(page) -> list[str]:
    return [text.strip() for text in page.locator("section h2").all_inner_texts()]


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id: str) -> int:
    """Press Tab until `element_id` has the focus, as a keyboard user does; the number of presses."""
    for presses in range(1, TAB_LIMIT + 1):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return presses
    raise AssertionError(f"#{element_id} never took the focus in {TAB_LIMIT} presses of Tab")


def test_the_team_builds_the_form_and_reorders_it_with_the_keyboard(page, browser_context, live_server, call):
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))
    first = call.steps.get(slug="identite")

    visit(page, reverse("staff:call_list"))
    follow(page, "Formulaire — Appel à candidatures EIG 10")
    assert page.get_by_role("heading", level=1).inner_text() == "Formulaire — Appel à candidatures EIG 10"
    screenshot(page, "fr-staff-builder")
    check_accessibility(page, "fr-staff-builder")

    # A question in French and English, with its choices, added to the second step.
    follow(page, "Ajouter une question à l'étape « Parcours »")
    page.get_by_label("Libellé (français)", exact=True).fill("Votre domaine")
    page.get_by_label(re.compile(r"^Libellé \(anglais\)")).fill("Your field")
    page.get_by_label("Aide (français)", exact=True).fill("Celui de votre dernier poste.")
    page.get_by_label("Aide (anglais)", exact=True).fill("The one of your latest job.")
    page.get_by_label("Type de question").select_option("single_choice")
    page.get_by_label("Valeur du choix 1").fill("donnees")
    page.get_by_label("Libellé français du choix 1").fill("Données")
    page.get_by_label("Libellé anglais du choix 1").fill("Data")
    page.get_by_label("Libellé français du choix 2").fill("Développement")
    page.get_by_label("Libellé anglais du choix 2").fill("Software development")
    screenshot(page, "fr-staff-builder-question")
    check_accessibility(page, "fr-staff-builder-question")
    click(page, "Ajouter la question")
    assert page.get_by_text("Question « Votre domaine » ajoutée.").is_visible()
    row = page.locator("tr", has_text="Votre domaine")
    assert row.get_by_text("Your field").is_visible() and row.get_by_text("Choix unique").is_visible()
    question = Question.objects.get(key="votre-domaine")
    assert question.choices == [["donnees", "Données"], ["developpement", "Développement"]]
    assert question.choices_en == {"donnees": "Data", "developpement": "Software development"}

    # The first step moved down with the keyboard only.
    assert step_headings(page)[:3] == ["Étape 1 : Identité", "Étape 2 : Parcours", "Étape 3 : Motivation"]
    button = f"etape-{first.pk}-descendre"
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert step_headings(page)[:3] == ["Étape 1 : Parcours", "Étape 2 : Identité", "Étape 3 : Motivation"]
    assert list(call.steps.order_by("order").values_list("slug", flat=True)) == ["parcours", "identite", "motivation"]
    assert focused_id(page) == button  # the keyboard user keeps their place
    assert page.get_by_text("Étape « Identité » déplacée : elle est maintenant en position 2 sur 3.").is_visible()
    screenshot(page, "fr-staff-builder-moved")
    check_accessibility(page, "fr-staff-builder-moved")

    # The preview: the first step (now « Parcours ») as the candidate sees it, in French then in English.
    follow(page, "Aperçu du formulaire tel que les candidats le voient")
    form = page.locator(".eig-step-fields")
    assert form.get_by_text("Votre domaine").is_visible() and form.get_by_text("Développement").is_visible()
    assert form.locator("input").first.is_disabled()
    screenshot(page, "fr-staff-builder-preview")
    check_accessibility(page, "fr-staff-builder-preview")

    follow(page, "Voir l'aperçu en anglais")
    assert page.url.startswith(live_server.url + "/en/")
    form = page.locator(".eig-step-fields")
    assert form.get_by_text("Your field").is_visible() and form.get_by_text("Software development").is_visible()
    assert form.get_by_text("The one of your latest job.").is_visible()
    assert page.get_by_role("link", name="2. Identity").is_visible()
    screenshot(page, "en-staff-builder-preview")
    check_accessibility(page, "en-staff-builder-preview")
    check_no_browser_problems(page)


def test_once_the_call_opened_the_team_fixes_a_wording_only(page, browser_context, live_server, call):
    """The same call, opened two days ago: the page says only the wording may change and offers no
    structural control; a question's form carries its label and help and its choices' labels only."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(opens_at=now - datetime.timedelta(days=2))
    question = Question.objects.get(key="identite-texte")
    question.kind, question.choices = "single_choice", [["oui", "Oui"], ["non", "Non"]]
    question.save()
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))

    visit(page, reverse("staff:builder", kwargs={"slug": call.slug}))
    assert page.get_by_role("heading", name="Seule la formulation peut encore changer").is_visible()
    assert page.get_by_role("button", name=re.compile("^(Monter|Descendre)")).count() == 0
    assert page.get_by_role("link", name=re.compile("^(Supprimer|Ajouter)")).count() == 0
    screenshot(page, "fr-staff-builder-opened")
    check_accessibility(page, "fr-staff-builder-opened")

    follow(page, "Modifier la question « Identité : présentez-vous »")
    assert page.get_by_label("Type de question").count() == 0
    page.get_by_label("Libellé anglais du choix 1").fill("Yes")
    page.get_by_label(re.compile(r"^Libellé \(anglais\)")).fill("Identity: introduce yourself")
    screenshot(page, "fr-staff-builder-wording")
    check_accessibility(page, "fr-staff-builder-wording")
    click(page, "Corriger la formulation")
    assert page.get_by_text("Question « Identité : présentez-vous » enregistrée.").is_visible()
    question.refresh_from_db()
    assert (question.label_en, question.choices_en, question.choices) == (
        "Identity: introduce yourself",
        {"oui": "Yes"},
        [["oui", "Oui"], ["non", "Non"]],
    )
    assert question.past_wordings.count() == 1
    check_no_browser_problems(page)
