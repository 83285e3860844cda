"""The form builder's rules (eig.calls.builder): before the call opens anything goes; once it opened,
only the wording changes, and a version submitted before keeps the words it was answered with."""

import datetime
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from eig.calls import builder
from eig.calls.builder import QuestionSpec, question_problems, structural_changes
from eig.calls.display import answer_steps
from eig.calls.models import Answer, Call, Question, QuestionWording, Step
from eig.calls.reading import submitted_answers
from eig.calls.receipt_pdf import receipt_pdf_context
from eig.calls.services import save_step, start_dossier, submit_dossier
from eig.calls.wording import worded, wording_at
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from tests.factories import PromotionFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2027, 4, 1, 17, 0, tzinfo=PARIS)
BEFORE = datetime.datetime(2027, 2, 20, 10, 0, tzinfo=PARIS)
SUBMITTED = datetime.datetime(2027, 3, 3, 11, 0, tzinfo=PARIS)
FIXED = datetime.datetime(2027, 3, 4, 15, 0, tzinfo=PARIS)
LATER = datetime.datetime(2027, 3, 6, 16, 0, tzinfo=PARIS)
AFTER_CLOSING = datetime.datetime(2027, 5, 1, 10, 0, tzinfo=PARIS)

FREQUENCY = [["jamais", "Jamais"], ["parfois", "Parfois"], ["souvent", "Souvent"]]


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@example.org")


@pytest.fixture
def call():
    """A call opening on 1 March 2027: three steps, the first with two questions."""
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.APPLICATIONS,
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,  # no wishes in the dossier: its questions only
        title_fr="Questionnaire de rentrée",
        title_en="Start-of-year survey",
        slug="questionnaire-rentree",
        opens_at=OPENS,
        closes_at=CLOSES,
        dossier_prefix="Q",
    )
    for order, (slug, title) in enumerate([("vous", "Vous"), ("usages", "Usages"), ("avis", "Avis")], start=1):
        Step.objects.create(call=call, order=order, slug=slug, title_fr=title)
    first = call.steps.get(slug="vous")
    Question.objects.create(step=first, order=1, key="nom", kind="short_text", label_fr="Votre nom")
    Question.objects.create(
        step=first,
        order=2,
        key="frequence",
        kind="single_choice",
        label_fr="À quelle fréquence utilisez-vous l'outil ?",
        label_en="How often do you use the tool?",
        help_text_fr="Une seule réponse.",
        choices=FREQUENCY,
        choices_en={"jamais": "Never", "parfois": "Sometimes", "souvent": "Often"},
    )
    return call


def orders(call) -> list[tuple[str, int]]:
    return list(Step.objects.filter(call=call).order_by("order").values_list("slug", "order"))


def frequency(call) -> Question:
    return Question.objects.select_related("step__call").get(step__call=call, key="frequence")


def reworded(question: Question, **changes) -> QuestionSpec:
    """The question's spec with only these changes."""
    return replace(QuestionSpec.of(question), **changes)


# --- Before the call opens: anything goes ---------------------------------------------------------


def test_a_step_is_added_at_the_end_with_its_titles_in_french_and_english(call, staff):
    step = builder.add_step(call, title_fr="Pour finir", title_en="To finish", by=staff, now=BEFORE)
    assert (step.order, step.slug, step.title_fr, step.title_en) == (4, "pour-finir", "Pour finir", "To finish")
    assert ActivityLog.objects.filter(verb="call_form.step_added", actor=staff).count() == 1


def test_moving_a_step_down_swaps_it_with_the_next_and_renumbers_every_step(call, staff):
    assert builder.move_step(call.steps.get(slug="vous"), "down", by=staff, now=BEFORE) == 2
    assert orders(call) == [("usages", 1), ("vous", 2), ("avis", 3)]


def test_orders_with_gaps_come_back_as_one_two_three_after_a_move(call, staff):
    Step.objects.filter(call=call, slug="avis").update(order=9)
    builder.move_step(call.steps.get(slug="avis"), "up", by=staff, now=BEFORE)
    assert orders(call) == [("vous", 1), ("avis", 2), ("usages", 3)]


def test_the_first_step_cannot_move_up(call, staff):
    with pytest.raises(DomainError, match="déjà la première"):
        builder.move_step(call.steps.get(slug="vous"), "up", by=staff, now=BEFORE)
    assert orders(call) == [("vous", 1), ("usages", 2), ("avis", 3)]


def test_moving_a_question_up_renumbers_the_questions_of_its_step(call, staff):
    assert builder.move_question(frequency(call), "up", by=staff, now=BEFORE) == 1
    assert list(Question.objects.filter(step__slug="vous").order_by("order").values_list("key", "order")) == [
        ("frequence", 1),
        ("nom", 2),
    ]


def test_a_question_is_added_with_its_texts_in_both_languages_and_its_choices(call, staff):
    spec = QuestionSpec(
        label_fr="Votre ministère",
        label_en="Your ministry",
        help_text_fr="Celui qui vous emploie.",
        help_text_en="The one you work for.",
        kind="multiple_choice",
        required=False,
        choices=(("culture", "Culture"), ("interieur", "Intérieur")),
        choices_en={"culture": "Culture", "interieur": "Home Office"},
        max_length=200,  # not a text: dropped
    )
    question = builder.add_question(call.steps.get(slug="usages"), spec, by=staff, now=BEFORE)
    question.refresh_from_db()
    assert (question.key, question.order, question.required, question.max_length) == (
        "votre-ministere",
        1,
        False,
        None,
    )
    assert (question.label_fr, question.label_en) == ("Votre ministère", "Your ministry")
    assert question.choices == [["culture", "Culture"], ["interieur", "Intérieur"]]
    assert question.labelled_choices("en") == [("culture", "Culture"), ("interieur", "Home Office")]


def test_a_question_key_is_unique_in_the_call(call, staff):
    with pytest.raises(DomainError, match="déjà l'identifiant « nom »"):
        builder.add_question(call.steps.get(slug="avis"), QuestionSpec(label_fr="Nom", key="nom"), by=staff, now=BEFORE)
    added = builder.add_question(call.steps.get(slug="avis"), QuestionSpec(label_fr="Nom"), by=staff, now=BEFORE)
    assert added.key == "nom-2"


def test_before_opening_the_kind_and_the_limits_may_change(call, staff):
    question = frequency(call)
    builder.edit_question(question, reworded(question, kind="long_text", max_length=800), by=staff, now=BEFORE)
    question.refresh_from_db()
    assert (question.kind, question.max_length, question.choices) == ("long_text", 800, [])
    assert not QuestionWording.objects.exists()  # nobody answered yet: nothing to keep


def test_a_question_nobody_answered_is_deleted_and_the_others_renumbered(call, staff):
    builder.delete_question(Question.objects.get(key="nom"), by=staff, now=BEFORE)
    assert list(Question.objects.filter(step__call=call).values_list("key", "order")) == [("frequence", 1)]


def test_a_question_somebody_answered_is_never_deleted(call, staff):
    dossier = start_dossier(call, owner=UserFactory(), now=SUBMITTED)
    Answer.objects.create(dossier=dossier, question=Question.objects.get(key="nom"), value="Ada")
    with pytest.raises(DomainError, match="ont déjà répondu à cette question"):
        builder.delete_question(Question.objects.get(key="nom"), by=staff, now=BEFORE)
    with pytest.raises(DomainError, match="ont déjà répondu aux questions de cette étape"):
        builder.delete_step(call.steps.get(slug="vous"), by=staff, now=BEFORE)
    assert Question.objects.filter(key="nom").exists()


def test_a_step_is_deleted_with_its_questions(call, staff):
    builder.delete_step(call.steps.get(slug="vous"), by=staff, now=BEFORE)
    assert orders(call) == [("usages", 1), ("avis", 2)]
    assert not Question.objects.filter(step__call=call).exists()


# --- The pure checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, problem",
    [
        (QuestionSpec(label_fr=" "), "Le libellé en français est obligatoire."),
        (QuestionSpec(label_fr="Choix", kind="single_choice"), "Une question à choix a besoin d'au moins un choix."),
        (QuestionSpec(label_fr="Tableau", kind="table"), "Un tableau a besoin d'au moins une colonne."),
        (
            QuestionSpec(label_fr="Choix", kind="single_choice", choices=(("a", "A"), ("a", "Autre A"))),
            "Deux choix ont la même valeur.",
        ),
        (
            QuestionSpec(label_fr="Choix", kind="single_choice", choices=(("a", ""),)),
            "Chaque choix a une valeur et un libellé en français.",
        ),
        (QuestionSpec(label_fr="Âge", kind="number", min_value=99, max_value=18), "Le minimum dépasse le maximum."),
        (QuestionSpec(label_fr="CV", kind="file", file_types=("text/html",)), "Types de fichier inconnus : text/html."),
        (QuestionSpec(label_fr="Clé", key="clé avec espace"), "L'identifiant s'écrit avec des lettres sans accent"),
        (QuestionSpec(label_fr="Type", kind="poem"), "Ce type de question n'existe pas."),
    ],
)
def test_a_question_that_cannot_be_asked_is_refused_with_its_reason(spec, problem):
    assert any(p.startswith(problem) for p in question_problems(spec)), question_problems(spec)


def test_a_limit_of_another_kind_is_no_problem_it_is_dropped():
    spec = QuestionSpec(label_fr="Nom", kind="short_text", max_length=80, min_value=3, file_types=("text/html",))
    assert question_problems(spec) == []
    assert (spec.normalised().max_length, spec.normalised().min_value, spec.normalised().file_types) == (80, None, ())


def test_the_structural_changes_are_named_and_wording_is_not_one(call):
    question = frequency(call)
    spec = reworded(
        question,
        label_fr="Fréquence d'usage",
        choices=(("jamais", "Pas du tout"), ("parfois", "Parfois"), ("souvent", "Souvent")),
    )
    assert structural_changes(question, spec) == []
    spec = reworded(question, kind="multiple_choice", required=False, choices=(("jamais", "Jamais"),))
    assert structural_changes(question, spec) == [
        "le type",
        "le caractère obligatoire",
        "les choix proposés (valeurs, nombre ou ordre)",
    ]


# --- Once the call opened: wording only, each fix kept ----------------------------------------------


@pytest.mark.parametrize("moment", [SUBMITTED, AFTER_CLOSING], ids=["open", "closed since"])
def test_once_opened_the_structure_is_settled_whatever_the_change(call, staff, moment):
    question, step = frequency(call), call.steps.get(slug="usages")
    refused = [
        lambda: builder.add_step(call, title_fr="Encore", by=staff, now=moment),
        lambda: builder.delete_step(step, by=staff, now=moment),
        lambda: builder.move_step(step, "up", by=staff, now=moment),
        lambda: builder.add_question(step, QuestionSpec(label_fr="Encore"), by=staff, now=moment),
        lambda: builder.delete_question(question, by=staff, now=moment),
        lambda: builder.move_question(question, "up", by=staff, now=moment),
    ]
    for attempt in refused:
        with pytest.raises(DomainError, match="L'appel a ouvert le 1 mars 2027 à 09:00 : .* n'est plus possible"):
            attempt()
    assert orders(call) == [("vous", 1), ("usages", 2), ("avis", 3)]
    assert Question.objects.filter(step__call=call).count() == 2


def test_once_opened_a_change_of_kind_or_of_a_choice_value_is_refused_naming_it(call, staff):
    question = frequency(call)
    with pytest.raises(DomainError, match="changer le type, le caractère obligatoire n'est plus possible"):
        builder.edit_question(question, reworded(question, kind="multiple_choice", required=False), by=staff, now=LATER)
    renamed = (("jamais", "Jamais"), ("parfois", "Parfois"), ("tres-souvent", "Souvent"))
    with pytest.raises(DomainError, match="changer les choix proposés"):
        builder.edit_question(question, reworded(question, choices=renamed), by=staff, now=LATER)
    question.refresh_from_db()
    assert (question.kind, question.choices) == ("single_choice", FREQUENCY)
    assert not QuestionWording.objects.exists()


def test_once_opened_a_wording_fix_keeps_the_wording_it_replaces(call, staff):
    question = frequency(call)
    fix = reworded(
        question,
        label_fr="À quelle fréquence vous servez-vous de l'outil ?",
        help_text_en="One answer.",
        choices=(("jamais", "Jamais"), ("parfois", "De temps en temps"), ("souvent", "Souvent")),
        choices_en={"jamais": "Never", "parfois": "Now and then", "souvent": "Often"},
    )
    builder.edit_question(question, fix, by=staff, now=FIXED)
    (kept,) = QuestionWording.objects.all()
    assert (kept.label_fr, kept.label_en, kept.help_text_fr, kept.help_text_en) == (
        "À quelle fréquence utilisez-vous l'outil ?",
        "How often do you use the tool?",
        "Une seule réponse.",
        "",
    )
    assert (kept.choices, kept.choices_en["parfois"]) == (FREQUENCY, "Sometimes")
    assert (kept.replaced_at, kept.replaced_by) == (FIXED, staff)
    question.refresh_from_db()
    assert question.label_fr == "À quelle fréquence vous servez-vous de l'outil ?"
    assert question.labelled_choices("en")[1] == ("parfois", "Now and then")
    log = ActivityLog.objects.get(verb="call_form.question_reworded")
    assert log.data["changed"] == ["choices", "choices_en", "help_text_en", "label_fr"]


def test_once_opened_a_step_title_is_wording_and_may_still_be_fixed(call, staff):
    step = builder.edit_step(call.steps.get(slug="avis"), title_fr="Votre avis", title_en="Your views", by=staff)
    step.refresh_from_db()
    assert (step.title_fr, step.title_en) == ("Votre avis", "Your views")


def test_a_wording_fix_after_opening_keeps_the_old_wording_on_the_submitted_version(call, staff):
    """Issue 18's acceptance: the version submitted on 3 March reads the label it was answered with,
    on every reader (the team's, the reviewers', the receipt); one submitted after the fix reads the new."""
    owner = UserFactory(first_name="Ada")
    dossier = start_dossier(call, owner=owner, now=SUBMITTED)
    save_step(dossier, call.steps.get(slug="vous"), {"nom": "Ada", "frequence": "parfois"}, by=owner, now=SUBMITTED)
    first = submit_dossier(dossier, by=owner, now=SUBMITTED)

    question = frequency(call)
    fix = reworded(
        question,
        label_fr="Combien de fois par semaine utilisez-vous l'outil ?",
        choices=(("jamais", "Jamais"), ("parfois", "Une ou deux fois"), ("souvent", "Souvent")),
    )
    builder.edit_question(question, fix, by=staff, now=FIXED)

    read = submitted_answers(dossier)
    (step,) = [s for s in answer_steps(read.questions, read.answers, read.files) if s["step"].slug == "vous"]
    assert [(a.label, a.text) for a in step["answers"]] == [
        ("Votre nom", "Ada"),
        ("À quelle fréquence utilisez-vous l'outil ?", "Parfois"),
    ]
    receipt = receipt_pdf_context(first)
    assert [(a.label, a.text) for a in receipt["steps"][0]["answers"]][1] == (
        "À quelle fréquence utilisez-vous l'outil ?",
        "Parfois",
    )

    save_step(dossier, call.steps.get(slug="vous"), {"nom": "Ada Lovelace"}, by=owner, now=LATER)
    second = submit_dossier(dossier, by=owner, now=LATER)
    receipt = receipt_pdf_context(second)
    assert [(a.label, a.text) for a in receipt["steps"][0]["answers"]][1] == (
        "Combien de fois par semaine utilisez-vous l'outil ?",
        "Une ou deux fois",
    )


def test_the_wording_at_a_moment_is_the_earliest_replaced_after_it(call, staff):
    question = frequency(call)
    builder.edit_question(question, reworded(question, label_fr="Deuxième libellé"), by=staff, now=FIXED)
    question.refresh_from_db()
    builder.edit_question(question, reworded(question, label_fr="Troisième libellé"), by=staff, now=LATER)
    question.refresh_from_db()
    assert wording_at(question, SUBMITTED).label == "À quelle fréquence utilisez-vous l'outil ?"
    assert wording_at(question, FIXED + datetime.timedelta(hours=1)).label == "Deuxième libellé"
    assert wording_at(question, LATER + datetime.timedelta(hours=1)) is question
    with translation.override("en"):
        assert wording_at(question, SUBMITTED).label == "How often do you use the tool?"


def test_the_wordings_of_a_whole_form_are_read_in_one_query(call, staff, django_assert_num_queries):
    question = frequency(call)
    builder.edit_question(question, reworded(question, label_fr="Nouveau libellé"), by=staff, now=FIXED)
    questions = list(Question.objects.filter(step__call=call).select_related("step").order_by("order"))
    with django_assert_num_queries(1):
        labels = [q.label for q in worded(questions, SUBMITTED)]
    assert labels == ["Votre nom", "À quelle fréquence utilisez-vous l'outil ?"]
