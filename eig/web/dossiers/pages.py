"""The dossier pages every filling audience shares, each parameterised by the audience's space
(space.py): a step (its form, its save, its autosave), the overview with the checklist, the
submit, the receipt and its PDF.

Thin views: read the request, ask the space who may see what, call one service, redirect. Every
save lands on the server at once (and the page's script saves while typing and on leaving), so a
lost session or a closed tab loses nothing already typed and sent. The autosave protocol: a POST
with `X-Autosave: 1` is answered in JSON, {"saved": true, "errors": {…}, "saved_at": "HH:MM:SS"}
or {"saved": false, "message": …} with 400 (a body that is not a step form: nothing read) or 409
(the domain refused: closed call, withdrawn dossier, frozen proposal).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls import navigation
from eig.calls import services as dossier_services
from eig.calls.models import Dossier, Question
from eig.calls.reading import has_newer_draft
from eig.calls.receipt_pdf import render_receipt_pdf
from eig.calls.structure import form_of
from eig.core.errors import DomainError

from .forms import StepForm, refused_post
from .progress import files_of, links
from .space import DossierSpace


def is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def autosaved(errors: dict) -> JsonResponse:
    return JsonResponse({"saved": True, "errors": errors, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


def not_saved(message: str, status: int) -> JsonResponse:
    return JsonResponse({"saved": False, "message": message}, status=status)


def after_save(space: DossierSpace, dossier: Dossier, slug: str, action: str | None) -> str:
    """Where a saved step (or section) leads: the next or previous step, the overview, or itself."""
    steps = navigation.outline(dossier)
    previous, following = steps.neighbours(slug)
    if action == "next" and following is not None:
        return space.step_url(dossier, following)
    if action == "previous" and previous is not None:
        return space.step_url(dossier, previous)
    current = steps.get(slug) or steps.first()
    if action in ("next", "overview") or current is None:
        return space.overview_url(dossier)
    return space.step_url(dossier, current)


def first_step_url(space: DossierSpace, dossier: Dossier) -> str:
    """The first step of a new dossier, or its overview when the call asks nothing."""
    first = navigation.outline(dossier).first()
    return space.overview_url(dossier) if first is None else space.step_url(dossier, first)


def resume_url(space: DossierSpace, dossier: Dossier) -> str:
    """The step last opened (or saved), else the first."""
    steps = navigation.outline(dossier)
    target = steps.get(dossier.last_step) or steps.first()
    return space.overview_url(dossier) if target is None else space.step_url(dossier, target)


def start_page(request, template: str, call, title: str, extra: dict, *, status=200):
    """The page that starts a dossier on `call`, headed by dossiers/_call_intro.html; `title` names the call."""
    shown = {"title": title % {"call": call.title}, "call": call, "is_open": call.is_open()}
    return render(request, template, shown | extra, status=status)


def menu_context(space: DossierSpace, dossier: Dossier, steps) -> dict:
    """What the steps menu (dossiers/_steps_menu.html) reads."""
    return {
        "space": space,
        "dossier": dossier,
        "steps": links(space, dossier, steps),
        "menu_title": space.menu_title(dossier),
    }


# --- The pages ------------------------------------------------------------------------------


def _save(request, dossier, step, questions, form) -> dict:
    """Save what the POST carried: typed answers, uploads, files removed. {key: error} of the refused ones."""
    errors = dossier_services.save_step(dossier, step, form.answer_data(), by=request.user)
    for key, upload in form.uploads().items():
        question = next(q for q in questions if q.key == key)
        try:
            dossier_services.attach_file(dossier, question, upload, by=request.user)
        except DomainError as error:
            errors[key] = str(error)
    for question in questions:
        if question.kind == Question.Kind.FILE and request.POST.get(f"{question.key}-clear"):
            dossier_services.remove_file(dossier, question, by=request.user)
    return errors


class DossierPages:
    """The shared views of one space; `urlpatterns(space)` mounts them with their decorators."""

    def __init__(self, space: DossierSpace):
        self.space = space

    def show(self, request, page: str, dossier: Dossier, shown: dict, *, step=None, status=200):
        """Render a page with what the kit computed (`shown`) and what the space adds to it."""
        space = self.space
        shown = {"space": space, "dossier": dossier, "title": space.title(page, dossier, step), **shown}
        extra = space.context(page, request, dossier, shown)
        return render(request, space.templates[page], shown | extra, status=status)

    def render_step(self, request, dossier, step, form, *, questions, answers, errors=None, status=200):
        """The step page; `questions`: every question of the call (questions_of), `answers`: the saved ones."""
        steps = navigation.steps_of(dossier, questions, answers)
        menu = menu_context(self.space, dossier, steps)
        index = steps.index(step.slug) or 0  # a step without questions is in no list: shown as the first
        locked_reason = self.space.locked_reason(dossier)
        form.stored_files = files_of(dossier, form.questions)
        shown = {
            **menu,
            "step": step,
            "position": index + 1,
            "previous": menu["steps"][index - 1] if index > 0 else None,
            "next": menu["steps"][index + 1] if index + 1 < len(steps) else None,
            "form": form,
            "editable": not locked_reason,
            "locked_reason": locked_reason,
            "errors": errors or {},
        }
        return self.show(request, "step", dossier, shown, step=step, status=status)

    def step(self, request, number, step):
        space = self.space
        dossier = space.get_dossier(request, number)
        # The call's form as this process keeps it (eig.calls.structure): no query for the step or its questions.
        form_of_call = form_of(dossier.call)
        step = form_of_call.step(step)
        # A save (an autosave, most often) needs only this step's questions (copies: the form keeps them);
        # the page, when shown, reads the call's questions for the navigation without copying them.
        questions = form_of_call.questions_of_step(step.pk)

        def page(form=None, *, status=200, errors=None):
            """The step page; without `form`, the saved answers in it."""
            answers = dossier_services.answers_of(dossier)
            form = form or StepForm(questions, answers)
            return self.render_step(
                request,
                dossier,
                step,
                form,
                questions=form_of_call.questions,  # the process's own instances: the navigation only reads them
                answers=answers,
                errors=errors,
                status=status,
            )

        if request.method != "POST":
            if space.tracks_last_step and dossier.last_step != step.slug and space.is_editable(dossier):
                Dossier.objects.filter(pk=dossier.pk).update(last_step=step.slug)
            return page()

        # A bound form shows what was posted: the saved answers are not read into it.
        form = StepForm(questions, {}, request.POST, request.FILES)
        refusal = refused_post(request, form)
        if refusal:
            # Nothing is read from such a body: the saved answers stay, and the client is not told « saved ».
            if is_autosave(request):
                return not_saved(refusal, 400)
            messages.error(request, refusal)
            return page(status=400)
        try:
            errors = _save(request, dossier, step, questions, form)
        except DomainError as error:
            # Closed call, withdrawn dossier, frozen proposal: nothing is saved, the typed text is shown back.
            if is_autosave(request):
                return not_saved(str(error), 409)
            messages.error(request, str(error))
            return page(form, status=409)

        if is_autosave(request):
            return autosaved(errors)
        if errors:
            for key, message in errors.items():
                form.add_error(key, message)
            messages.warning(
                request,
                _("Certaines réponses n'ont pas pu être enregistrées : corrigez-les. Les autres sont enregistrées."),
            )
            return page(form, errors=errors)
        messages.success(request, _("Étape « %(step)s » enregistrée.") % {"step": step.title})
        return redirect(after_save(space, dossier, step.slug, request.POST.get("action")))

    def overview(self, request, number):
        space = self.space
        dossier = space.get_dossier(request, number)
        questions = dossier_services.questions_of(dossier.call)
        answers = dossier_services.answers_of(dossier)
        steps = navigation.steps_of(dossier, questions, answers)
        versions = list(dossier.versions.order_by("-number"))
        latest = versions[0] if versions else None
        locked_reason = space.locked_reason(dossier)
        shown = {
            **menu_context(space, dossier, steps),
            "answers": answers,  # {question key: value}, the live draft
            "missing": steps.missing,
            "versions": versions,
            "latest": latest,
            "unsubmitted_changes": has_newer_draft(dossier, latest, questions, answers),
            "editable": not locked_reason,
            "locked_reason": locked_reason,
        }
        return self.show(request, "overview", dossier, shown)

    def submit(self, request, number):
        space = self.space
        dossier = space.get_dossier(request, number)
        try:
            version = space.submit(dossier, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(space.overview_url(dossier))
        return redirect(space.url("receipt", dossier.number, version.number))

    def receipt(self, request, number, version):
        version = self.space.get_version(request, number, version)
        shown = {"version": version, "is_latest": version.number == version.dossier.version}
        return self.show(request, "receipt", version.dossier, shown)

    def receipt_pdf(self, request, number, version):
        version = self.space.get_version(request, number, version)
        response = HttpResponse(render_receipt_pdf(version), content_type="application/pdf")
        filename = f"recepisse-{version.dossier.number}-v{version.number}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def urlpatterns(space: DossierSpace) -> list:
    """The shared pages under the space's prefix, with the URL names every audience keeps (after the
    space's `name_prefix`, if any); every page needs a signed-in person (the space then answers 404
    to whoever may not see the dossier)."""
    pages, prefix = DossierPages(space), space.prefix
    read, write = require_safe, require_POST
    edit = require_http_methods(["GET", "HEAD", "POST"])
    routes = [
        ("", read, pages.overview, space.overview_name),
        ("etapes/<slug:step>/", edit, pages.step, "step"),
        ("deposer/", write, pages.submit, "submit"),
        ("recepisse/<int:version>/", read, pages.receipt, "receipt"),
        ("recepisse/<int:version>/pdf/", read, pages.receipt_pdf, "receipt_pdf"),
    ]
    named = space.name_prefix  # several spaces in one namespace keep their names apart (space.names)
    return [
        path(prefix + route, methods(login_required(view)), name=named + name) for route, methods, view, name in routes
    ]
