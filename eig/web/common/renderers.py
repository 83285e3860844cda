"""Form renderers made cheap: DSFR forms share one renderer, Django's widget templates are drawn in Python.

`dsfr.forms.DsfrBaseForm.default_renderer` returns the class `DsfrDjangoTemplates`, and Django's
`BaseForm` makes an instance of a class it is given: every DSFR form got a renderer of its own, that
is a template engine of its own, which looked up every template tag library of every installed app
(pkgutil walks) and read and compiled each field template again, on every request showing a DSFR
form (the challenge list's filters: about half of the page's time). The same renderer, made once:
the same templates, the same directories, in the same order, so the HTML is unchanged.

Plain Django forms keep their own renderer (settings.FORM_RENDERER, `FormRenderer` below): DSFR's
puts its own versions of Django's error lists and radio options first, which they do not use today.
"""

import html
import threading
from pathlib import Path

import django.forms
from django.conf import global_settings, settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeData, mark_safe

_lock = threading.Lock()
_shared = None


def dsfr_renderer():
    """The process's DSFR form renderer (or the project's FORM_RENDERER, as django-dsfr does when it is set)."""
    global _shared
    if settings.FORM_RENDERER not in (global_settings.FORM_RENDERER, FORM_RENDERER):
        return get_default_renderer()
    if _shared is None:
        from dsfr.forms import DsfrDjangoTemplates  # at call time: settings name this module before apps load

        with _lock:
            if _shared is None:
                _shared = type("DsfrFormRenderer", (PythonWidgets, DsfrDjangoTemplates), {})()
    return _shared


def share_dsfr_renderer() -> None:
    """Make every DsfrBaseForm use `dsfr_renderer()` (called once, from an AppConfig.ready)."""
    from dsfr.forms import DsfrBaseForm  # at call time: AppConfig.ready(), once the apps are loaded

    DsfrBaseForm.default_renderer = property(lambda form: dsfr_renderer())


# --- Django's own widget templates, written in Python -------------------------------------------

# A dossier step page shows a few fields, each drawn by Django's widget templates (input.html
# including attrs.html, textarea.html, one radio_option.html per choice…): half of the page's
# template time went into these one-line templates. The same markup, produced in Python for exactly
# the templates Django ships (any other template, and any project or app override of these, still
# goes through the template engine); tests/web/test_form_renderer.py compares both outputs.


def html_text(value) -> str:
    """`{{ value }}`: the value as text, escaped unless it is safe: Django's conditional_escape without its
    wrapper for lazy arguments (a step page escapes a few hundred values; the wrapper cost more than the
    escaping). The same characters escaped the same way (html.escape, quotes included)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    try:
        text = "%s" % value  # noqa: UP031 (the filter's own expression)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(widget) -> str:
    return "".join(
        f" {html_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in widget["attrs"].items()
        if value is not False
    )


def _input(widget) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's `!= None`)
    return f'<input type="{html_text(widget["type"])}" name="{html_text(widget["name"])}"{shown}{_attrs(widget)}>\n'


def _textarea(widget) -> str:
    value = widget["value"]
    return f'<textarea name="{html_text(widget["name"])}"{_attrs(widget)}>\n{html_text(value) if value else ""}</textarea>\n'


def _input_option(widget) -> str:
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    target = widget["attrs"].get("id")
    label_for = f' for="{html_text(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)} {html_text(widget['label'])}</label>\n"


_WIDGETS = "django/forms/widgets/"


def _select_option(widget) -> str:
    return f'<option value="{_formatted(widget["value"])}"{_attrs(widget)}>{html_text(widget["label"])}</option>\n'


def _select(widget, python) -> str | None:
    """select.html: each option by the option's own template (select_option.html); None when an option
    names another template, or when this engine would not load Django's select_option.html."""
    option_template = _WIDGETS + "select_option.html"
    if option_template not in python:
        return None
    parts = [f'<select name="{html_text(widget["name"])}"{_attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{html_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != option_template:
                return None
            parts.append("\n  " + _select_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


# Django's widget templates that are input.html and nothing else (text.html: `{% include
# "django/forms/widgets/input.html" %}` and a line break).
_INPUT_KINDS = (
    "text.html",
    "number.html",
    "url.html",
    "email.html",
    "date.html",
    "checkbox.html",
    "password.html",
    "search.html",
)
# Template name → function(widget context, the renderer's Python templates) → HTML, or None to let the
# template engine draw it.
_PYTHON_TEMPLATES = {
    _WIDGETS + "input.html": lambda widget, python: _input(widget),
    _WIDGETS + "textarea.html": lambda widget, python: _textarea(widget),
    _WIDGETS + "input_option.html": lambda widget, python: _input_option(widget),
    _WIDGETS + "select.html": _select,
    _WIDGETS + "select_option.html": lambda widget, python: _select_option(widget),
    **{_WIDGETS + name: lambda widget, python: _input(widget) + "\n" for name in _INPUT_KINDS},
    **{
        _WIDGETS + name: lambda widget, python: _input_option(widget) + "\n"
        for name in ("radio_option.html", "checkbox_option.html")
    },
}

_DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"
FORM_RENDERER = "eig.web.common.renderers.FormRenderer"


class PythonWidgets:
    """A form renderer's mixin: Django's own widget templates written in Python (`_PYTHON_TEMPLATES`), the
    same markup without the template engine.

    A template name is served in Python only when the renderer's engine would load Django's own file for
    it; if an app or the project overrides one (django-dsfr overrides the radio and checkbox options),
    the override is rendered as before.
    """

    @cached_property
    def _python(self) -> dict:
        found = {}
        for name, function in _PYTHON_TEMPLATES.items():
            origin = Path(self.engine.get_template(name).origin.name).resolve()
            if origin.is_relative_to(_DJANGO_TEMPLATES):
                found[name] = function
        return found

    def render(self, template_name, context, request=None):
        function = self._python.get(template_name)
        html = None if function is None or request is not None else function(context["widget"], self._python)
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html.strip())  # noqa: S308 (escaped piece by piece)


class FormRenderer(PythonWidgets, DjangoTemplates):
    """Django's default form renderer (settings.FORM_RENDERER), its widget templates drawn in Python."""
