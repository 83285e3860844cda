"""One question of a dossier step in DSFR markup, drawn in Python.

A step page shows a handful of questions; drawn by a template (`{% include %}` per question, its
`{% if %}` per widget type, widget_tweaks' `render_field`), they were a sixth of the page's CPU on a
deadline evening, for markup that depends on nothing but the field. Django's own mechanism is kept:
the step form's bound fields render themselves (`{{ field.as_field_group }}`, StepForm's
`bound_field_class`); this module is what they draw.

What each question carries, every widget type alike:
- its label, and on an English page a label the team wrote in French only marked lang="fr" (RGAA 8.7);
- « (obligatoire) » when the question is required, its help text tied to the input by aria-describedby;
- its errors, announced (aria-live) and tied to the input, the group marked in error;
- after the field, the hidden `<key>__present` marker: it tells the server this question was sent,
  even when a browser posts nothing for it (eig.web.dossiers.forms.PRESENT_SUFFIX).

tests/web/test_question_html.py checks each widget type's markup.
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from eig.content.english import falls_back_to_french
from eig.web.common.renderers import html_text

e = html_text


def _label(field) -> str:
    """The question's label, marked lang="fr" on an English page where it was not translated."""
    if falls_back_to_french(field.field.question, "label", get_language()):
        return f'<span lang="{settings.LANGUAGE_CODE}">{e(field.label)}</span>'
    return e(field.label)


def _required(question) -> str:
    if not question.required:
        return ""
    required = e(gettext("(obligatoire)"))  # outside the f-string: makemessages does not read inside one
    return f' <span class="eig-required">{required}</span>'


def _widget(field, *, css=None, **attrs) -> str:
    """The field's widget with `attrs` added, `css` appended to the widget's own classes (as widget_tweaks'
    `{% render_field field class+=css name=value %}` did, attributes in the same order)."""
    if css is None and not attrs:
        return str(field)
    extra = {}
    if css is not None:
        own = field.field.widget.attrs.get("class")
        extra["class"] = f"{own} {css}" if own else css
    # render_field wrapped its attributes one around the other: the last written was set first.
    extra.update(reversed(list(attrs.items())))
    return field.as_widget(attrs=extra)


def _messages(errors, error_id, css) -> str:
    items = "".join(f'<p class="{css}">{e(error)}</p>' for error in errors)
    return f'<div class="fr-messages-group" id="{error_id}" aria-live="assertive">{items}</div>'


def _choices(field, wt, label, errors, error_id, auto_id) -> str:
    group = "fr-radio-group" if wt == "radioselect" else "fr-checkbox-group"
    inline = " fr-fieldset__element--inline" if len(field.field.choices) <= 3 else ""
    options = "".join(
        f'<div class="fr-fieldset__element{inline}">\n<div class="{group}">\n{choice.tag()}\n'
        f'<label class="fr-label" for="{e(choice.id_for_label)}">{e(choice.choice_label)}</label>\n</div>\n</div>\n'
        for choice in field
    )
    help_text = f'<span class="fr-hint-text">{e(field.help_text)}</span>' if field.help_text else ""
    return (
        f'<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""}" id="{auto_id}-set"'
        f' aria-labelledby="{auto_id}-legend{f" {error_id}" if errors else ""}"{' role="group"' if errors else ""}>\n'
        f'<legend class="fr-fieldset__legend fr-text--regular" id="{auto_id}-legend">'
        f"{label}{_required(field.field.question)}{help_text}</legend>\n"
        f"{options}"
        f"{_messages(errors, error_id, 'fr-message fr-message--error') if errors else ''}\n</fieldset>"
    )


def _checkbox(field, label, errors, error_id) -> str:
    widget = _widget(field, **{"aria-describedby": error_id}) if errors else _widget(field)
    return (
        f'<div class="fr-checkbox-group{" fr-checkbox-group--error" if errors else ""} fr-mb-3w">\n{widget}\n'
        f'<label class="fr-label" for="{e(field.id_for_label)}">{label}</label>\n'
        f"{_messages(errors, error_id, 'fr-message fr-message--error') if errors else ''}\n</div>"
    )


def _stored_file(field, stored, auto_id) -> str:
    clean = stored.scan_status == "clean"
    name = e(stored.original_name)
    shown = f'<a class="fr-link" href="{e(stored.get_absolute_url())}">{name}</a>' if clean else name
    status = "" if clean else f", {e(stored.get_scan_status_display())}"
    stored_label, remove_label = e(gettext("Fichier enregistré :")), e(gettext("Retirer ce fichier"))
    return (
        f'<p class="fr-mt-1w fr-mb-0 eig-stored-file">{stored_label}\n'
        f"{shown}\n({e(filesizeformat(stored.size))}{status})</p>\n"
        f'<div class="fr-checkbox-group fr-checkbox-group--sm">\n'
        f'<input type="checkbox" id="{auto_id}-clear" name="{e(field.html_name)}-clear" value="1">\n'
        f'<label class="fr-label" for="{auto_id}-clear">{remove_label}</label>\n</div>'
    )


def _file(field, label, errors, error_id, hint_id, auto_id, stored) -> str:
    for_id = e(field.id_for_label)
    described = f"{hint_id} {error_id}" if errors else hint_id
    return (
        f'<div class="fr-upload-group fr-mb-3w{" fr-upload-group--error" if errors else ""}">\n'
        f'<label class="fr-label" for="{for_id}">{label}{_required(field.field.question)}\n'
        f'<span class="fr-hint-text" id="{hint_id}">{e(field.help_text)}</span>\n</label>\n'
        f'<input class="fr-upload" type="file" id="{for_id}" name="{e(field.html_name)}"'
        f' accept="{e(field.field.widget.attrs.get("accept", ""))}" aria-describedby="{described}">\n'
        f"{_messages(errors, error_id, 'fr-error-text') if errors else ''}\n"
        f"{_stored_file(field, stored, auto_id) if stored else ''}\n</div>"
    )


def _table(field, label, errors, error_id, hint_id, auto_id) -> str:
    help_text = f'<span class="fr-hint-text" id="{hint_id}">{e(field.help_text)}</span>' if field.help_text else ""
    shown_errors = (
        f'<div id="{error_id}" aria-live="assertive">'
        + "".join(f'<p class="fr-error-text">{e(error)}</p>' for error in errors)
        + "</div>"
        if errors
        else ""
    )
    described = f"{auto_id}-label" + (f" {hint_id}" if field.help_text else "") + (f" {error_id}" if errors else "")
    heads = "".join(f'<th scope="col">{e(column)}</th>' for _key, column in field.field.columns)
    cell_label = gettext("%(column)s, ligne %(n)s")
    row_label = e(gettext("Ligne"))
    rows = "".join(
        f'<tr><th scope="row">{row["number"]}</th>'
        + "".join(
            f'<td><label class="fr-sr-only" for="{e(cell["id"])}">'
            f"{cell_label % {'column': e(cell['label']), 'n': row['number']}}</label>"
            f'<input class="fr-input" type="text" id="{e(cell["id"])}" name="{e(cell["name"])}"'
            f' value="{e(cell["value"])}" maxlength="500"></td>'
            for cell in row["cells"]
        )
        + "</tr>"
        for row in field.grid
    )
    return (
        f'<div class="fr-input-group eig-table-question{" fr-input-group--error" if errors else ""}" id="{auto_id}">\n'
        f'<p class="fr-label" id="{auto_id}-label">{label}{_required(field.field.question)}{help_text}</p>\n'
        f"{shown_errors}\n"
        f'<div class="fr-table fr-table--bordered fr-mt-1w"><table aria-describedby="{described}">\n'
        f'<caption class="fr-sr-only">{label}</caption>\n'
        f'<thead><tr><th scope="col">{row_label}</th>{heads}</tr></thead>\n'
        f"<tbody>{rows}</tbody>\n</table></div>\n</div>"
    )


def _input(field, wt, label, errors, error_id, hint_id) -> str:
    question = field.field.question
    help_text = f'<span class="fr-hint-text" id="{hint_id}">{e(field.help_text)}</span>' if field.help_text else ""
    if errors:
        widget = _widget(
            field, css="fr-input fr-input--error", **{"aria-describedby": error_id, "aria-invalid": "true"}
        )
        widget += (
            f'\n<div id="{error_id}">' + "".join(f'<p class="fr-error-text">{e(x)}</p>' for x in errors) + "</div>"
        )
    elif field.help_text:
        widget = _widget(field, css="fr-input", **{"aria-describedby": hint_id})
    else:
        widget = _widget(field, css="fr-input")
    counter = (
        f'\n<p class="fr-hint-text eig-counter" data-counter-for="{e(field.id_for_label)}" aria-live="polite"></p>'
        if wt == "textarea" and question.max_length
        else ""
    )
    return (
        f'<div class="fr-input-group{" fr-input-group--error" if errors else ""}">\n'
        f'<label class="fr-label" for="{e(field.id_for_label)}">{label}{_required(question)}{help_text}</label>\n'
        f"{widget}{counter}\n</div>"
    )


def question_html(field, stored_files) -> str:
    """The bound field of a step form (eig.web.dossiers.forms.StepForm) as the step page shows it;
    `stored_files`: {question key: its stored file} (eig.web.dossiers.progress.files_of)."""
    wt = field.widget_type
    auto_id = e(field.auto_id)
    error_id, hint_id = f"{auto_id}-error", f"{auto_id}-hint"
    errors = field.errors
    label = _label(field)
    if wt in ("radioselect", "checkboxselectmultiple"):
        html = _choices(field, wt, label, errors, error_id, auto_id)
    elif wt == "checkbox":
        html = _checkbox(field, label, errors, error_id)
    elif wt == "clearablefile":
        html = _file(field, label, errors, error_id, hint_id, auto_id, stored_files.get(field.name))
    elif wt == "table":
        html = _table(field, label, errors, error_id, hint_id, auto_id)
    else:
        html = _input(field, wt, label, errors, error_id, hint_id)
    present = field.field.present_name
    marker = f'\n<input type="hidden" name="{e(present)}" value="1">' if present else ""
    return mark_safe(html + marker)  # noqa: S308 (every value escaped above; widgets are Django's safe HTML)
