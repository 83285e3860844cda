"""The cheaper form renderers draw exactly the HTML the template engine draws.

`FormRenderer` (settings.FORM_RENDERER) writes Django's own widget templates in Python; every
widget a dossier step shows is rendered by it and by Django's template renderer, and compared.
DSFR forms share one renderer per process instead of making a template engine each.
"""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe

from eig.calls.models import Question
from eig.web.common.renderers import FormRenderer
from eig.web.dossiers.forms import StepForm
from eig.web.public.forms import ChallengeFilterForm

pytestmark = pytest.mark.django_db
TRICKY = 'Ada <b>"Lovelace"</b> & l\'équipe'
K = Question.Kind


def questions():
    def q(key, kind, **kwargs):
        return Question(key=key, kind=kind, label=f"{key} <i>{TRICKY}</i>", help_text="", **kwargs)

    choices = [["a", "Choix <A>"], ["b", TRICKY], ["0", "zéro"]]
    return [
        q("court", K.SHORT_TEXT, max_length=120),
        q("long", K.LONG_TEXT, max_length=5000),
        q("long_libre", K.LONG_TEXT),
        q("unique", K.SINGLE_CHOICE, choices=choices),
        q("plusieurs", K.MULTIPLE_CHOICE, choices=choices),
        q("oui_non", K.YES_NO),
        q("adresse", K.URL),
        q("courriel", K.EMAIL),
        q("nombre", K.NUMBER, min_value=0, max_value=40),
        q("date", K.DATE),
        q("declaration", K.DECLARATION),
    ]  # a table question has no widget template: question_html draws its cells itself


ANSWERS = {
    "court": TRICKY,
    "long": TRICKY + "\n\nSecond paragraphe",
    "long_libre": "",
    "unique": "b",
    "plusieurs": ["a", "0"],
    "oui_non": True,
    "adresse": "https://exemple.org/?a=1&b=<2>",
    "courriel": "ada@example.org",
    "nombre": 0,
    "date": "2026-12-07",
    "declaration": True,
}


def forms_with(renderer):
    posted = QueryDict(mutable=True)
    posted.update({"court": mark_safe("<em>déjà sûr</em>"), "nombre": "12", "unique": "a"})
    posted.setlist("plusieurs", ["b"])
    return [
        StepForm(questions(), ANSWERS, renderer=renderer),
        StepForm(questions(), {}, renderer=renderer),
        StepForm(questions(), {}, posted, renderer=renderer),
    ]


def drawings(form):
    """Everything a step page draws of a form: each widget (with the attributes widget_tweaks adds),
    each choice's input, and the form as Django lays it out."""
    drawn = [form.as_div()]
    for field in form:
        drawn.append(field.as_widget())
        drawn.append(field.as_widget(attrs={"class": "fr-input", "aria-describedby": "x-hint", "aria-invalid": "true"}))
        drawn.append(field.as_widget(attrs={"disabled": True, "readonly": False, "data-n": 0}))
        if field.widget_type in ("radioselect", "checkboxselectmultiple"):
            drawn += [choice.tag() for choice in field]
            drawn += [str(choice) for choice in field]
    return drawn


def test_the_python_widgets_draw_what_django_s_templates_draw():
    fast, templates = FormRenderer(), DjangoTemplates()
    assert fast._python  # Django's own widget templates are found, so Python draws them

    for fast_form, template_form in zip(forms_with(fast), forms_with(templates), strict=True):
        assert drawings(fast_form) == drawings(template_form)


def test_a_widget_template_overridden_by_an_app_is_rendered_by_the_engine(monkeypatch):
    renderer = FormRenderer()
    monkeypatch.setattr("eig.web.common.renderers._DJANGO_TEMPLATES", renderer.engine.dirs[0].parent / "elsewhere")

    assert renderer._python == {}


def test_dsfr_forms_share_one_renderer_whose_templates_are_compiled_once():
    first, second = ChallengeFilterForm(), ChallengeFilterForm()

    assert first.renderer is second.renderer
    assert str(first) == str(second)


class Choices(forms.Form):
    """Django's select widgets: plain, with groups, multiple, a value that must be escaped."""

    simple = forms.ChoiceField(choices=[("", "Tous"), ("a", TRICKY), ("b", "B")], required=False)
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Groupe <1>", [("x", "X"), ("y", TRICKY)]), ("Groupe 2", [("z", "Z")])]
    )
    several = forms.MultipleChoiceField(choices=[("1", "un"), ("2", "deux"), ("<3>", "trois")])
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "placeholder": TRICKY}))


def test_the_python_selects_draw_what_django_s_templates_draw():
    bound = {"simple": "a", "grouped": "y", "several": ["1", "<3>"], "search": TRICKY}
    for data in (None, bound):
        fast, slow = Choices(data, renderer=FormRenderer()), Choices(data, renderer=DjangoTemplates())
        assert drawings(fast) == drawings(slow)
        assert "selected>" in str(fast["simple"]) or data is None


def test_dsfr_forms_draw_their_widgets_in_python_with_the_same_markup_as_dsfr_s_templates():
    from dsfr.forms import DsfrDjangoTemplates

    from eig.web.common.renderers import dsfr_renderer

    shared = dsfr_renderer()
    assert "django/forms/widgets/select.html" in shared._python
    # django-dsfr overrides the radio and checkbox options: those stay with its templates.
    assert "django/forms/widgets/radio_option.html" not in shared._python
    for data in (None, {"q": TRICKY, "sort": "title"}):
        fast, slow = (
            ChallengeFilterForm(data, renderer=shared),
            ChallengeFilterForm(data, renderer=DsfrDjangoTemplates()),
        )
        assert drawings(fast) == drawings(slow)
