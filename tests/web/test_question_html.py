"""A question of a dossier step, drawn in Python (eig.web.dossiers.question_html): the DSFR markup and
the accessibility ties of each widget type, what is typed escaped, the presence marker after each field."""

import pytest
from django.test.html import parse_html
from django.utils import translation
from django.utils.html import escape

from eig.calls.models import Question
from eig.files.models import StoredFile
from eig.web.dossiers.forms import PRESENT_SUFFIX, StepForm
from tests.factories.files import StoredFileFactory

K = Question.Kind
TRICKY = "Ada <b>« x »</b> & co"


def question(key, kind, **kwargs):
    kwargs.setdefault("label_fr", f"Question {key}")
    return Question(key=key, kind=kind, **kwargs)


def drawn(questions, data=None, errors=None, stored=None, language="fr"):
    """{key: the HTML of the question} as the step page draws it (`{{ field.as_field_group }}`)."""
    with translation.override(language):
        form = StepForm(questions, {}, data) if data is not None else StepForm(questions, {})
        if data is not None:
            form.is_valid()
        for key, message in (errors or {}).items():
            form.add_error(key, message)
        form.stored_files = stored or {}
        return {field.name: str(field.as_field_group()) for field in form}


def contains(html, fragment, count=1):
    assert parse_html(html).count(parse_html(fragment)) == count, f"{fragment!r} not {count}× in {html}"


def test_a_text_question_ties_its_label_its_hint_and_its_errors_to_the_input():
    q = question("nom", K.SHORT_TEXT, required=True, help_text_fr="Comme sur votre pièce d'identité")
    plain = drawn([q])["nom"]
    contains(plain, '<span class="eig-required">(obligatoire)</span>')
    contains(plain, '<span class="fr-hint-text" id="id_nom-hint">Comme sur votre pièce d\'identité</span>')
    contains(
        plain,
        '<input type="text" name="nom" maxlength="300" class="fr-input" aria-describedby="id_nom-hint" id="id_nom">',
    )
    wrong = drawn([q], {"nom": "x"}, errors={"nom": "Trop court"})["nom"]
    assert 'class="fr-input-group fr-input-group--error"' in wrong
    contains(
        wrong,
        '<input type="text" name="nom" value="x" maxlength="300" class="fr-input fr-input--error"'
        ' aria-invalid="true" aria-describedby="id_nom-error" id="id_nom">',
    )
    contains(wrong, '<div id="id_nom-error"><p class="fr-error-text">Trop court</p></div>')


def test_a_long_text_with_a_limit_keeps_its_own_classes_and_gets_a_live_counter():
    html = drawn([question("motivation", K.LONG_TEXT, max_length=2000)])["motivation"]
    assert 'class="eig-counted fr-input"' in html
    assert 'data-max-length="2000"' in html
    contains(html, '<p class="fr-hint-text eig-counter" data-counter-for="id_motivation" aria-live="polite"></p>')
    assert "eig-counter" not in drawn([question("libre", K.LONG_TEXT)])["libre"]


def test_choices_are_a_fieldset_whose_legend_is_the_question_and_whose_errors_label_the_group():
    few = [["a", "Oui"], ["b", "Non"]]
    many = [["a", "A"], ["b", "B"], ["c", "C"], ["d", "D"]]
    html = drawn([question("un", K.SINGLE_CHOICE, choices=few)])["un"]
    assert html.startswith('<fieldset class="fr-fieldset" id="id_un-set" aria-labelledby="id_un-legend">')
    assert html.count('class="fr-radio-group"') == 2
    assert html.count("fr-fieldset__element--inline") == 2  # three choices or fewer sit on one line
    contains(html, '<label class="fr-label" for="id_un_0">Oui</label>')
    several = drawn([question("plusieurs", K.MULTIPLE_CHOICE, choices=many)], {"plusieurs": ["a"]}, {"plusieurs": "E"})
    html = several["plusieurs"]
    assert html.count('class="fr-checkbox-group"') == 4 and "--inline" not in html
    assert 'aria-labelledby="id_plusieurs-legend id_plusieurs-error" role="group"' in html
    assert 'class="fr-fieldset fr-fieldset--error"' in html
    contains(
        html,
        '<div class="fr-messages-group" id="id_plusieurs-error" aria-live="assertive">'
        '<p class="fr-message fr-message--error">E</p></div>',
    )
    contains(html, '<input type="checkbox" name="plusieurs" value="a" id="id_plusieurs_0" aria-invalid="true" checked>')


def test_a_declaration_is_a_checkbox_described_by_its_error():
    q = question("engagement", K.DECLARATION, label_fr="Je certifie")
    contains(drawn([q])["engagement"], '<label class="fr-label" for="id_engagement">Je certifie</label>')
    html = drawn([q], {}, {"engagement": "À cocher"})["engagement"]
    assert 'class="fr-checkbox-group fr-checkbox-group--error fr-mb-3w"' in html
    contains(
        html,
        '<input type="checkbox" name="engagement" aria-describedby="id_engagement-error" aria-invalid="true"'
        ' id="id_engagement">',
    )


@pytest.mark.django_db
def test_a_file_question_shows_the_stored_file_a_way_to_remove_it_and_its_scan_when_not_clean(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    q = question("cv", K.FILE, file_types=["application/pdf"], required=True)
    empty = drawn([q])["cv"]
    contains(
        empty,
        '<input class="fr-upload" type="file" id="id_cv" name="cv" accept="application/pdf,.pdf"'
        ' aria-describedby="id_cv-hint">',
    )
    assert "Fichier enregistré" not in empty and "cv-clear" not in empty
    stored = StoredFileFactory(name="mon cv.pdf")
    html = drawn([q], stored={"cv": stored})["cv"]
    contains(html, f'<a class="fr-link" href="{stored.get_absolute_url()}">{stored.original_name}</a>')
    contains(html, '<input type="checkbox" id="id_cv-clear" name="cv-clear" value="1">')
    stored.scan_status = StoredFile.ScanStatus.PENDING
    waiting = drawn([q], {}, {"cv": "Refusé"}, stored={"cv": stored})["cv"]
    assert "fr-link" not in waiting and escape(stored.get_scan_status_display()) in waiting
    assert 'aria-describedby="id_cv-hint id_cv-error"' in waiting


def test_a_table_question_labels_every_cell_by_its_column_and_row():
    q = question("projets", K.TABLE, choices=[["nom", "Nom"], ["annee", "Année"]], max_value=2)
    html = drawn([q], {"projets-0-nom": TRICKY}, {"projets": "Trop de lignes"})["projets"]
    assert html.count("<tr>") == 3  # the head and the two rows the limit allows
    contains(html, '<label class="fr-sr-only" for="id_projets-1-annee">Année, ligne 2</label>')
    assert 'value="Ada &lt;b&gt;« x »&lt;/b&gt; &amp; co"' in html
    assert 'aria-describedby="id_projets-label id_projets-hint id_projets-error"' in html
    contains(html, '<caption class="fr-sr-only">Question projets</caption>')


def test_what_people_wrote_is_escaped_everywhere():
    q = question("x", K.SINGLE_CHOICE, label_fr=TRICKY, help_text_fr=TRICKY, choices=[["a", TRICKY]])
    html = drawn([q], {"x": "a"}, {"x": TRICKY})["x"]
    assert "<b>" not in html
    assert html.count("Ada &lt;b&gt;« x »&lt;/b&gt; &amp; co") == 4  # legend, hint, choice, error


@pytest.mark.parametrize("kind", list(K.values))
def test_every_question_ends_with_its_presence_marker(kind):
    q = question("q", kind, choices=[["a", "A"]] if kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE, K.TABLE) else [])
    html = drawn([q])["q"]
    assert html.endswith(f'<input type="hidden" name="q{PRESENT_SUFFIX}" value="1">')


def test_on_an_english_page_a_label_written_in_french_only_is_marked_french():
    translated = question("a", K.SHORT_TEXT, label_fr="Votre nom", label_en="Your name")
    french_only = question("b", K.SHORT_TEXT, label_fr="Votre ville")
    html = drawn([translated, french_only], language="en")
    assert "Your name" in html["a"] and 'lang="fr"' not in html["a"]
    contains(html["b"], '<span lang="fr">Votre ville</span>')
    assert 'lang="fr"' not in drawn([french_only])["b"]  # the French page is French throughout
    contains(html["b"], '<input type="text" name="b" maxlength="300" class="fr-input" id="id_b">')


def test_the_words_the_markup_adds_are_translated_on_an_english_page():
    required = question("a", K.SHORT_TEXT, required=True)
    table = question("t", K.TABLE, choices=[["nom", "Nom"]], max_value=1)
    html = drawn([required, table], language="en")
    assert '<span class="eig-required">(required)</span>' in html["a"]
    assert '<th scope="col">Row</th>' in html["t"] and "Nom, row 1" in html["t"]
