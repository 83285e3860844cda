"""The administration agents' space: their administrations, the challenges they
propose step by step to the receipt, and the programme's questions.

Thin views: read the request, authorise, call one service, redirect. A proposal
belongs to its administration: every confirmed agent of it works on the same
dossier; to anyone else it does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls import services as dossier_services
from eig.calls.models import Call, DossierVersion, Step
from eig.core.errors import DomainError
from eig.proposals import proconnect as proposal_proconnect
from eig.proposals import services as proposal_services
from eig.proposals.models import Proposal, StaffQuestion
from eig.web.dossiers import progress as dossier_progress
from eig.web.dossiers.forms import StepForm, refused_post

from . import progress, queries
from .forms import JoinForm, StartForm


def _proposal(request, number) -> Proposal:
    """The proposal, if the signed-in person is a confirmed agent of its administration; else 404."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("dossier__call__promotion", "dossier__owner", "administration"),
        dossier__number=number,
    )
    if not proposal_services.is_agent_of(request.user, proposal.administration_id):
        raise Http404
    return proposal


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


@require_safe
@login_required
def space(request):
    agencies = list(queries.agencies_of(request.user))
    proposals = [
        {"proposal": p, "title": p.title_answer or p.dossier.number, "badge": progress.badge(p)}
        for p in queries.proposals_of(request.user)
    ]
    return render(
        request,
        "administrations/space.html",
        {
            "title": _("Espace administration"),
            "agencies": agencies,
            "confirmed": [a for a in agencies if a.confirmed],
            "pending": [a for a in agencies if a.is_pending],
            "proposals": proposals,
            "open_calls": list(queries.open_challenge_calls()),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            administration = form.administration()
            agent = proposal_services.join_administration(
                request.user,
                administration,
                function=form.cleaned_data["function"].strip(),
                proconnect_siret=proposal_proconnect.session_siret(request),
            )
        if agent.confirmed:
            messages.success(
                request, _("Vous agissez désormais pour %(administration)s.") % {"administration": administration.name}
            )
        elif agent.refused:
            messages.warning(
                request,
                _("L'équipe du programme a refusé votre demande pour agir au nom de %(administration)s.")
                % {"administration": administration.name},
            )
        else:
            messages.info(
                request,
                _(
                    "Votre demande pour agir au nom de %(administration)s est enregistrée : "
                    "l'équipe du programme doit la confirmer. Vous recevrez un courriel, "
                    "et l'accès à ses propositions, une fois confirmé."
                )
                % {"administration": administration.name},
            )
        return redirect("administrations:space")
    return render(request, "administrations/join.html", {"title": _("Agir pour une administration"), "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def start(request, call):
    call = get_object_or_404(Call.objects.select_related("promotion"), slug=call, kind=Call.Kind.CHALLENGES)
    administrations = proposal_services.administrations_of(request.user).order_by("name")
    form = StartForm(administrations, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_services.start_proposal(
                call, by=request.user, administration=form.cleaned_data["administration"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            first = Step.objects.filter(call=call).order_by("order").values_list("slug", flat=True).first()
            if first is None:
                return redirect(progress.overview_url(proposal))
            return redirect(progress.step_url(proposal, first))
    return render(
        request,
        "administrations/start.html",
        {
            "title": _("Proposer un défi : %(call)s") % {"call": call.title},
            "call": call,
            "is_open": call.is_open(),
            "form": form,
            "has_administration": administrations.exists(),
        },
        status=status,
    )


@require_safe
@login_required
def proposal(request, number):
    proposal = _proposal(request, number)
    return render(
        request,
        "administrations/proposal.html",
        {
            "title": _("Proposition %(number)s") % {"number": proposal.dossier.number},
            "proposal": proposal,
            "dossier": proposal.dossier,
            **progress.overview(proposal),
        },
    )


def _render_step(request, proposal, step, form, errors=None, status=200):
    steps = progress.steps_of(proposal)
    position = next(i for i, s in enumerate(steps) if s.slug == step.slug)
    return render(
        request,
        "administrations/step.html",
        {
            "title": _("%(step)s — proposition %(number)s") % {"step": step.title, "number": proposal.dossier.number},
            "proposal": proposal,
            "dossier": proposal.dossier,
            "step": step,
            "steps": steps,
            "position": position + 1,
            "previous": steps[position - 1] if position else None,
            "next": steps[position + 1] if position + 1 < len(steps) else None,
            "form": form,
            "files": dossier_progress.files_of(proposal.dossier, form.questions),
            "editable": progress.is_editable(proposal),
            "locked_reason": progress.locked_reason(proposal),
            "errors": errors or {},
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def step(request, number, step):
    proposal = _proposal(request, number)
    dossier = proposal.dossier
    step = get_object_or_404(Step.objects.prefetch_related("questions"), call=dossier.call, slug=step)
    questions = list(step.questions.all())
    if request.method != "POST":
        return _render_step(request, proposal, step, StepForm(questions, dossier_services.answers_of(dossier)))

    # A bound form shows what was posted: the saved answers are not read.
    form = StepForm(questions, {}, request.POST, request.FILES)
    refusal = refused_post(request, form)
    if refusal:
        # Nothing is read from such a body: the saved answers stay, and the client is not told « saved ».
        if _is_autosave(request):
            return JsonResponse({"saved": False, "message": refusal}, status=400)
        messages.error(request, refusal)
        saved = StepForm(questions, dossier_services.answers_of(dossier))
        return _render_step(request, proposal, step, saved, status=400)
    try:
        if proposal.state not in progress.EDITABLE_STATES:
            # The selection has started: the dossier the programme reviews no longer changes.
            raise DomainError(progress.locked_reason(proposal))
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
        # Closed call or frozen proposal: nothing is saved, the typed text is shown back.
        if _is_autosave(request):
            return JsonResponse({"saved": False, "message": str(error)}, status=409)
        messages.error(request, str(error))
        return _render_step(request, proposal, step, form, status=409)

    if _is_autosave(request):
        return JsonResponse({"saved": True, "errors": errors, "saved_at": timezone.localtime().strftime("%H:%M:%S")})
    if errors:
        for key, message in errors.items():
            form.add_error(key, message)
        messages.warning(
            request,
            _("Certaines réponses n'ont pas pu être enregistrées : corrigez-les. Les autres sont enregistrées."),
        )
        return _render_step(request, proposal, step, form, errors=errors)
    messages.success(request, _("Étape « %(step)s » enregistrée.") % {"step": step.title})
    return redirect(progress.after_save(proposal, step.slug, request.POST.get("action")))


@require_POST
@login_required
def submit(request, number):
    proposal = _proposal(request, number)
    try:
        if proposal.state not in progress.EDITABLE_STATES:
            raise DomainError(progress.locked_reason(proposal))
        version = proposal_services.submit_proposal(proposal, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(progress.overview_url(proposal))
    return redirect("administrations:receipt", number=proposal.dossier.number, version=version.number)


@require_POST
@login_required
def answer(request, number, question):
    proposal = _proposal(request, number)
    question = get_object_or_404(StaffQuestion, pk=question, proposal=proposal)
    try:
        proposal_services.answer_question(question, request.POST.get("answer", ""), by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Votre réponse est transmise à l'équipe du programme."))
    return redirect(progress.overview_url(proposal) + "#questions")


def _version(request, number, version) -> DossierVersion:
    proposal = _proposal(request, number)
    return get_object_or_404(
        DossierVersion.objects.select_related("dossier__call", "dossier__owner"),
        dossier=proposal.dossier,
        number=version,
    )


@require_safe
@login_required
def receipt(request, number, version):
    version = _version(request, number, version)
    return render(
        request,
        "administrations/receipt.html",
        {
            "title": _("Récépissé de la proposition %(number)s") % {"number": version.dossier.number},
            "version": version,
            "dossier": version.dossier,
            "is_latest": version.number == version.dossier.version,
        },
    )


@require_safe
@login_required
def receipt_pdf(request, number, version):
    from eig.calls.receipt_pdf import render_receipt_pdf

    version = _version(request, number, version)
    response = HttpResponse(render_receipt_pdf(version), content_type="application/pdf")
    filename = f"recepisse-{version.dossier.number}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
