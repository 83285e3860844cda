"""« Mon espace »: the candidate's dossiers, step by step, to the receipt.

Thin views: read the request, call one service, redirect. Every save lands on
the server at once (and the page's script saves while typing and on leaving),
so a lost session or a closed tab loses nothing already typed and sent.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.models import Role
from eig.applications.queries import offered_positions, wishes_in_dossier, wishes_of
from eig.calls import services as dossier_services
from eig.calls.models import Call, Dossier, DossierVersion, Step
from eig.core.errors import DomainError
from eig.core.markdown import render_markdown
from eig.selection import queries as selection_queries
from eig.web.common import spaces
from eig.web.dossiers import progress as dossier_progress
from eig.web.dossiers.forms import StepForm, refused_post

from . import offers, progress
from .forms import WishesForm


def _own_dossier(request, number) -> Dossier:
    """The signed-in person's dossier, or 404: another's dossier does not exist for them."""
    return get_object_or_404(
        Dossier.objects.select_related("call__promotion", "call__rules_page"),
        number=number,
        owner=request.user,
        shared=False,  # an administration's proposal is followed from /administration/
    )


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


@require_safe
@login_required
def space(request):
    """« Mon espace »: the signed-in person's dossiers with their timeline, and their account."""
    user = request.user
    known = {role.value: role.label for role in Role}
    user_offers = list(selection_queries.offers_for(user))
    outcomes = offers.outcomes_for(user)
    return render(
        request,
        "candidates/space.html",
        {
            "title": _("Mon espace"),
            "role_labels": [known[r] for r in user.roles or [] if r in known],
            "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
            "dossiers": progress.timelines(user, user_offers, outcomes),
            "open_calls": progress.open_calls_without_dossier(user),
            # The selection's answers to the person: offers to accept, decisions told (two queries).
            "offers": user_offers,
            "outcomes": outcomes,
            # Only candidates (or people with no role yet) are invited to apply; the others see
            # their own spaces instead (eig.web.common.spaces orders them).
            "may_apply": spaces.may_apply(user),
            "spaces": spaces.spaces_of(user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def apply(request, call):
    call = get_object_or_404(
        Call.objects.select_related("promotion", "rules_page"), slug=call, kind=Call.Kind.APPLICATIONS
    )
    existing = Dossier.objects.filter(call=call, owner=request.user).first()
    if existing is not None:
        return redirect("candidates:resume", number=existing.number)
    if request.method == "POST":
        try:
            dossier = dossier_services.start_dossier(call, owner=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            first = progress.steps_of(dossier)[0]
            return redirect(first.url)
    return render(
        request,
        "candidates/apply.html",
        {
            "title": _("Candidater : %(call)s") % {"call": call.title},
            "call": call,
            "is_open": call.is_open(),
            "privacy_notice": render_markdown(call.privacy_notice) if call.privacy_notice else "",
        },
    )


@require_safe
@login_required
def resume(request, number):
    """Back to the step the candidate last opened (after a pause or a new sign-in)."""
    dossier = _own_dossier(request, number)
    steps = progress.steps_of(dossier)
    target = next((s for s in steps if s.slug == dossier.last_step), steps[0])
    return redirect(target.url)


@require_safe
@login_required
def dossier_overview(request, number):
    dossier = _own_dossier(request, number)
    state = progress.overview(dossier)
    # The same state as the dossier's card in « Mon espace »: a closed call's dossier shows where
    # it stands, never what it would lack « pour déposer ».
    status = progress.status_of(
        dossier,
        selection_queries.offers_for(request.user).filter(dossier=dossier),
        [o for o in offers.outcomes_for(request.user) if o.dossier_id == dossier.pk],
        unsubmitted_changes=state["unsubmitted_changes"],
    )
    return render(
        request,
        "candidates/dossier.html",
        {"title": _("Dossier %(number)s") % {"number": dossier.number}, "dossier": dossier, "status": status, **state},
    )


def _render_step(request, dossier, step, form, errors=None, status=200):
    steps = progress.steps_of(dossier)
    position = next(i for i, s in enumerate(steps) if s.slug == step.slug)
    return render(
        request,
        "candidates/step.html",
        {
            "title": _("%(step)s — dossier %(number)s") % {"step": step.title, "number": dossier.number},
            "dossier": dossier,
            "step": step,
            "steps": steps,
            "position": position + 1,
            "previous": steps[position - 1] if position else None,
            "next": steps[position + 1] if position + 1 < len(steps) else None,
            "form": form,
            "files": dossier_progress.files_of(dossier, form.questions),
            "editable": progress.is_editable(dossier),
            "errors": errors or {},
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def step(request, number, step):
    dossier = _own_dossier(request, number)
    step = get_object_or_404(Step.objects.prefetch_related("questions"), call=dossier.call, slug=step)
    questions = list(step.questions.all())
    if request.method != "POST":
        if dossier.last_step != step.slug and progress.is_editable(dossier):
            Dossier.objects.filter(pk=dossier.pk).update(last_step=step.slug)
        return _render_step(request, dossier, step, StepForm(questions, dossier_services.answers_of(dossier)))

    # A bound form shows what was posted: the saved answers are not read.
    form = StepForm(questions, {}, request.POST, request.FILES)
    refusal = refused_post(request, form)
    if refusal:
        # Nothing is read from such a body: the saved answers stay, and the client is not told « saved ».
        if _is_autosave(request):
            return JsonResponse({"saved": False, "message": refusal}, status=400)
        messages.error(request, refusal)
        saved = StepForm(questions, dossier_services.answers_of(dossier))
        return _render_step(request, dossier, step, saved, status=400)
    try:
        errors = dossier_services.save_step(dossier, step, form.answer_data(), by=request.user)
        for key, upload in form.uploads().items():
            question = next(q for q in questions if q.key == key)
            try:
                dossier_services.attach_file(dossier, question, upload, by=request.user)
            except DomainError as error:
                errors[key] = str(error)
        for question in questions:
            if question.kind == question.Kind.FILE and request.POST.get(f"{question.key}-clear"):
                dossier_services.remove_file(dossier, question, by=request.user)
    except DomainError as error:
        # Closed call or withdrawn dossier: nothing is saved, the typed text is shown back.
        if _is_autosave(request):
            return JsonResponse({"saved": False, "message": str(error)}, status=409)
        messages.error(request, str(error))
        return _render_step(request, dossier, step, form, status=409)

    if _is_autosave(request):
        return JsonResponse({"saved": True, "errors": errors, "saved_at": timezone.localtime().strftime("%H:%M:%S")})
    if errors:
        for key, message in errors.items():
            form.add_error(key, message)
        messages.warning(
            request,
            _("Certaines réponses n'ont pas pu être enregistrées : corrigez-les. Les autres sont enregistrées."),
        )
        return _render_step(request, dossier, step, form, errors=errors)
    messages.success(request, _("Étape « %(step)s » enregistrée.") % {"step": step.title})
    return redirect(progress.after_save(dossier, step.slug, request.POST.get("action")))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def wishes(request, number):
    dossier = _own_dossier(request, number)
    call = dossier.call
    if not (wishes_in_dossier(call) or hasattr(dossier, "wish_window")):
        raise Http404
    positions = list(offered_positions(call))
    current = [w.position_id for w in wishes_of(dossier)]
    form = WishesForm(positions, call.max_wishes, current, request.POST or None)
    context = {
        "title": _("Vos vœux — dossier %(number)s") % {"number": dossier.number},
        "dossier": dossier,
        "steps": progress.steps_of(dossier),
        "positions": positions,
        "editable": progress.wishes_editable(dossier),
    }
    if request.method == "POST":
        try:
            from eig.applications.services import set_wishes

            set_wishes(dossier, form.position_ids(), by=request.user)
        except DomainError as error:
            if _is_autosave(request):
                return JsonResponse({"saved": False, "message": str(error)}, status=409)
            form.add_error(None, str(error))
            return render(request, "candidates/wishes.html", {**context, "form": form}, status=409)
        if _is_autosave(request):
            return JsonResponse({"saved": True, "errors": {}, "saved_at": timezone.localtime().strftime("%H:%M:%S")})
        messages.success(request, _("Vos vœux sont enregistrés."))
        return redirect(progress.after_save(dossier, progress.WISHES_SLUG, request.POST.get("action")))
    if dossier.last_step != progress.WISHES_SLUG and progress.is_editable(dossier):
        Dossier.objects.filter(pk=dossier.pk).update(last_step=progress.WISHES_SLUG)
    return render(request, "candidates/wishes.html", {**context, "form": form})


@require_POST
@login_required
def submit(request, number):
    dossier = _own_dossier(request, number)
    try:
        version = dossier_services.submit_dossier(dossier, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("candidates:dossier", number=dossier.number)
    return redirect("candidates:receipt", number=dossier.number, version=version.number)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def withdraw(request, number):
    dossier = _own_dossier(request, number)
    if dossier.status == Dossier.Status.WITHDRAWN:
        messages.info(request, _("Ce dossier est déjà retiré."))
        return redirect("candidates:dossier", number=dossier.number)
    error = None
    if request.method == "POST":
        if request.POST.get("confirm") == "1":
            dossier_services.withdraw_dossier(dossier, by=request.user)
            messages.success(request, _("Votre dossier %(number)s est retiré.") % {"number": dossier.number})
            return redirect("candidates:space")
        error = _("Cochez la case pour confirmer le retrait de votre dossier.")
    return render(
        request,
        "candidates/withdraw.html",
        {"title": _("Retirer le dossier %(number)s") % {"number": dossier.number}, "dossier": dossier, "error": error},
    )


def _own_version(request, number, version) -> DossierVersion:
    dossier = _own_dossier(request, number)
    return get_object_or_404(
        DossierVersion.objects.select_related("dossier__call", "dossier__owner"), dossier=dossier, number=version
    )


@require_safe
@login_required
def receipt(request, number, version):
    version = _own_version(request, number, version)
    return render(
        request,
        "candidates/receipt.html",
        {
            "title": _("Récépissé du dossier %(number)s") % {"number": version.dossier.number},
            "version": version,
            "dossier": version.dossier,
            "is_latest": version.number == version.dossier.version,
        },
    )


@require_safe
@login_required
def receipt_pdf(request, number, version):
    from eig.calls.receipt_pdf import render_receipt_pdf

    version = _own_version(request, number, version)
    response = HttpResponse(render_receipt_pdf(version), content_type="application/pdf")
    filename = f"recepisse-{version.dossier.number}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
