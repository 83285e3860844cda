"""The form builder's pages (/equipe/appels/<call>/formulaire/…): a call's steps and questions as a
list, each with « Modifier », « Monter », « Descendre » and « Supprimer »; the forms of a step and of a
question, French and English side by side; a confirmation before a deletion; the preview, the
candidate's own step form (eig.web.dossiers) read-only, in the page's language.

Every change is one service of eig.calls.builder; its refusal (after the call opened, a question
somebody answered) is shown as it is worded. Moving is a real button in a form (keyboard first, no
dragging); after a move the page comes back with the moved item's button focused (`autofocus`), so
that a keyboard user keeps their place and can press it again. Once the call opened, the page says
that only the wording may change and shows no structural control.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls import builder
from eig.calls.models import Call, Question, Step
from eig.core.errors import DomainError
from eig.web.dossiers.forms import StepForm as CandidateStepForm

from ..permissions import staff_only
from .forms import QuestionForm, StepForm, choice_rows

DIRECTIONS = {"monter": "up", "descendre": "down"}  # the buttons' values, in the page's French URLs
OTHER_LANGUAGE = {"fr": "en", "en": "fr"}


# --- Reading the call ---------------------------------------------------------------------------


def _call(slug) -> Call:
    return get_object_or_404(Call.objects.select_related("promotion"), slug=slug)


def _step(call, pk) -> Step:
    return get_object_or_404(Step.objects.select_related("call"), pk=pk, call=call)


def _question(call, pk) -> Question:
    return get_object_or_404(Question.objects.select_related("step__call"), pk=pk, step__call=call)


def steps_with_questions(call) -> list[Step]:
    """The call's steps in order, each with its questions in order (`step.ordered`): two queries."""
    questions = Prefetch("questions", queryset=Question.objects.order_by("order", "pk"), to_attr="ordered")
    return list(Step.objects.filter(call=call).order_by("order", "pk").prefetch_related(questions))


def _builder_url(call, focus: str = "") -> str:
    url = reverse("staff:builder", kwargs={"slug": call.slug})
    return f"{url}?{urlencode({'deplace': focus})}" if focus else url


def _crumbs(call, *, here_is_builder=False) -> dict:
    crumbs = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if not here_is_builder:
        crumbs |= {
            "parent2_url": _builder_url(call),
            "parent2_label": _("Formulaire — %(call)s") % {"call": call.title},
        }
    return crumbs


def _opened_notice(call) -> str:
    return _(
        "L'appel a ouvert le %(when)s : seules les formulations peuvent encore changer (titres et introductions "
        "des étapes, libellés et aides des questions, libellés des choix), en français et en anglais. Chaque "
        "correction d'une question garde l'ancienne formulation : les versions déjà déposées se lisent avec les "
        "mots auxquels elles ont répondu."
    ) % {"when": builder.paris_time(call.opens_at)}


# --- The builder and its preview ----------------------------------------------------------------


def _with_button_ids(steps: list[Step]) -> list[Step]:
    """Each step and question with the ids of its move buttons (`up_id`, `down_id`): what a move's
    redirect names to focus again (`_focus`)."""
    for step in steps:
        step.up_id, step.down_id = f"etape-{step.pk}-monter", f"etape-{step.pk}-descendre"
        for question in step.ordered:
            question.up_id, question.down_id = f"question-{question.pk}-monter", f"question-{question.pk}-descendre"
    return steps


@staff_only
@require_safe
def builder_page(request, slug):
    call = _call(slug)
    opened = builder.has_opened(call)
    return render(
        request,
        "staff/builder/builder.html",
        {
            "title": _("Formulaire — %(call)s") % {"call": call.title},
            "call": call,
            "steps": _with_button_ids(steps_with_questions(call)),
            "opened": opened,
            "opened_notice": _opened_notice(call) if opened else "",
            "focus": request.GET.get("deplace", ""),
            **_crumbs(call, here_is_builder=True),
        },
    )


@staff_only
@require_safe
def preview(request, slug):
    """The steps as a candidate sees them, read-only, in the page's language (the header's switch)."""
    call = _call(slug)
    steps = steps_with_questions(call)
    asked = [step for step in steps if step.ordered]  # a step without questions is not shown to candidates
    wanted = request.GET.get("etape")
    step = next((s for s in asked if s.slug == wanted), None) if wanted else (asked[0] if asked else None)
    if wanted and step is None:
        raise Http404
    position = asked.index(step) + 1 if step is not None else 0
    language = translation.get_language() or "fr"
    other = OTHER_LANGUAGE.get(language[:2], "en")
    return render(
        request,
        "staff/builder/preview.html",
        {
            "title": _("Aperçu du formulaire — %(call)s") % {"call": call.title},
            "call": call,
            "steps": asked,
            "step": step,
            "position": position,
            "next": asked[position] if 0 < position < len(asked) else None,
            "previous": asked[position - 2] if position > 1 else None,
            "form": CandidateStepForm(step.ordered, {}) if step is not None else None,
            "files": {},
            "other_language": other,
            "other_language_url": translate_url(request.get_full_path(), other),
            **_crumbs(call),
        },
    )


# --- Steps --------------------------------------------------------------------------------------


def _refused(request, call, error: DomainError):
    messages.error(request, str(error))
    return redirect(_builder_url(call))


def _structure_closed(request, call, what: str):
    """A structural page asked for after the call opened: back to the builder, saying why."""
    return _refused(request, call, DomainError(builder.refusal_after_opening(call, what)))


def _step_page(request, call, form, *, title, action, step=None, status=200):
    return render(
        request,
        "staff/builder/step_form.html",
        {"title": title, "call": call, "form": form, "step": step, "action": action, **_crumbs(call)},
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def step_add(request, slug):
    call = _call(slug)
    if builder.has_opened(call):
        return _structure_closed(request, call, _("ajouter une étape"))
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step = builder.add_step(call, **form.texts(), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Étape « %(step)s » ajoutée.") % {"step": step.title})
            return redirect(_builder_url(call) + f"#etape-{step.pk}")
    return _step_page(
        request,
        call,
        form,
        title=_("Ajouter une étape — %(call)s") % {"call": call.title},
        action=_("Ajouter l'étape"),
        status=400 if form.is_bound else 200,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def step_edit(request, slug, step):
    call = _call(slug)
    step = _step(call, step)
    form = StepForm(request.POST or None, initial=StepForm.initial_of(step))
    if request.method == "POST" and form.is_valid():
        try:
            builder.edit_step(step, **form.texts(), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Étape « %(step)s » enregistrée.") % {"step": step.title})
            return redirect(_builder_url(call) + f"#etape-{step.pk}")
    return _step_page(
        request,
        call,
        form,
        title=_("Modifier l'étape « %(step)s »") % {"step": step.title},
        action=_("Enregistrer l'étape"),
        step=step,
        status=400 if form.is_bound else 200,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def step_delete(request, slug, step):
    call = _call(slug)
    step = _step(call, step)
    if builder.has_opened(call):
        return _structure_closed(request, call, _("supprimer une étape"))
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            builder.delete_step(step, by=request.user)
        except DomainError as error:
            return _refused(request, call, error)
        messages.success(request, _("Étape « %(step)s » supprimée.") % {"step": step.title})
        return redirect(_builder_url(call))
    count = step.questions.count()
    return _confirm(
        request,
        call,
        title=_("Supprimer l'étape « %(step)s »") % {"step": step.title},
        confirm_title=_("Supprimer cette étape ?"),
        consequences=[
            _("L'étape « %(step)s » disparaît du formulaire, avec ses %(n)d questions.")
            % {"step": step.title, "n": count},
            _("Une étape à laquelle un dossier a déjà répondu ne peut pas être supprimée."),
        ],
        action=reverse("staff:builder_step_delete", kwargs={"slug": call.slug, "step": step.pk}),
        label=_("Supprimer l'étape"),
    )


@staff_only
@require_POST
def step_move(request, slug, step):
    call = _call(slug)
    step = _step(call, step)
    return _move(
        request,
        call,
        step,
        kind="etape",
        unknown=_("Choisissez de monter ou de descendre l'étape."),
        move=builder.move_step,
        siblings=Step.objects.filter(call=call),
        done=lambda n, total: (
            _("Étape « %(step)s » déplacée : elle est maintenant en position %(n)d sur %(total)d.")
            % {"step": step.title, "n": n, "total": total}
        ),
    )


def _move(request, call, item, *, kind, unknown, move, siblings, done):
    """Move a step or a question up or down (`move`), say where it is now among its `siblings`, and
    come back with the focus on the button pressed (or its twin at an end)."""
    direction = DIRECTIONS.get(request.POST.get("sens", ""))
    if direction is None:
        return _refused(request, call, DomainError(unknown))
    try:
        position = move(item, direction, by=request.user)
    except DomainError as error:
        return _refused(request, call, error)
    total = siblings.count()
    messages.success(request, done(position, total))
    return redirect(_builder_url(call, _focus(kind, item.pk, direction, position, total)))


def _focus(kind: str, pk: int, direction: str, position: int, total: int) -> str:
    """The id of the button to focus after a move: the one pressed, or its twin when the item reached an end."""
    at_end = position == 1 if direction == "up" else position == total
    pressed = "monter" if direction == "up" else "descendre"
    twin = "descendre" if direction == "up" else "monter"
    return f"{kind}-{pk}-{twin if at_end else pressed}"


def _confirm(request, call, *, title, confirm_title, consequences, action, label):
    return render(
        request,
        "staff/builder/delete.html",
        {
            "title": title,
            "call": call,
            "confirm_title": confirm_title,
            "consequences": consequences,
            "confirm_action": action,
            "hidden": [],
            "confirm_label": label,
            "cancel_url": _builder_url(call),
            "cancel_label": _("Revenir au formulaire"),
            **_crumbs(call),
        },
    )


# --- Questions ----------------------------------------------------------------------------------


def _question_page(request, call, form, rows, *, title, action, step, question=None, status=200):
    return render(
        request,
        "staff/builder/question_form.html",
        {
            "title": title,
            "call": call,
            "form": form,
            "rows": rows,
            "step": step,
            "question": question,
            "action": action,
            "opened_notice": _opened_notice(call) if form.wording_only else "",
            **_crumbs(call),
        },
        status=status,
    )


def _save_question(request, form, rows, save) -> Question | None:
    """Read both forms, call the service; None (the refusal shown on the form) when refused."""
    if not (form.is_valid() and rows.is_valid()):
        return None
    try:
        return save(form.spec(rows))
    except DomainError as error:
        form.add_error(None, str(error))
        return None


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def question_add(request, slug, step):
    call = _call(slug)
    step = _step(call, step)
    if builder.has_opened(call):
        return _structure_closed(request, call, _("ajouter une question"))
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, initial={"required": True})
    rows = choice_rows(data)
    if data is not None:
        question = _save_question(request, form, rows, lambda spec: builder.add_question(step, spec, by=request.user))
        if question is not None:
            messages.success(request, _("Question « %(label)s » ajoutée.") % {"label": question.label})
            return redirect(_builder_url(call) + f"#question-{question.pk}")
    return _question_page(
        request,
        call,
        form,
        rows,
        title=_("Ajouter une question à l'étape « %(step)s »") % {"step": step.title},
        action=_("Ajouter la question"),
        step=step,
        status=400 if data is not None else 200,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, slug, question):
    call = _call(slug)
    question = _question(call, question)
    wording_only = builder.has_opened(call)
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, question=question, wording_only=wording_only)
    rows = choice_rows(data, question=question, wording_only=wording_only)
    if data is not None:
        saved = _save_question(request, form, rows, lambda spec: builder.edit_question(question, spec, by=request.user))
        if saved is not None:
            messages.success(request, _("Question « %(label)s » enregistrée.") % {"label": saved.label})
            return redirect(_builder_url(call) + f"#question-{saved.pk}")
    return _question_page(
        request,
        call,
        form,
        rows,
        title=_("Modifier la question « %(label)s »") % {"label": question.label},
        action=_("Corriger la formulation") if wording_only else _("Enregistrer la question"),
        step=question.step,
        question=question,
        status=400 if data is not None else 200,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def question_delete(request, slug, question):
    call = _call(slug)
    question = _question(call, question)
    if builder.has_opened(call):
        return _structure_closed(request, call, _("supprimer une question"))
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            builder.delete_question(question, by=request.user)
        except DomainError as error:
            return _refused(request, call, error)
        messages.success(request, _("Question « %(label)s » supprimée.") % {"label": question.label})
        return redirect(_builder_url(call) + f"#etape-{question.step_id}")
    return _confirm(
        request,
        call,
        title=_("Supprimer la question « %(label)s »") % {"label": question.label},
        confirm_title=_("Supprimer cette question ?"),
        consequences=[
            _("La question « %(label)s » disparaît de l'étape « %(step)s ».")
            % {"label": question.label, "step": question.step.title},
            _("Une question à laquelle un dossier a déjà répondu ne peut pas être supprimée."),
        ],
        action=reverse("staff:builder_question_delete", kwargs={"slug": call.slug, "question": question.pk}),
        label=_("Supprimer la question"),
    )


@staff_only
@require_POST
def question_move(request, slug, question):
    call = _call(slug)
    question = _question(call, question)
    return _move(
        request,
        call,
        question,
        kind="question",
        unknown=_("Choisissez de monter ou de descendre la question."),
        move=builder.move_question,
        siblings=Question.objects.filter(step_id=question.step_id),
        done=lambda n, total: (
            _("Question « %(label)s » déplacée : elle est maintenant en position %(n)d sur %(total)d dans son étape.")
            % {"label": question.label, "n": n, "total": total}
        ),
    )
