"""The reviewers' pages: the queue, an invitation, the next dossier, a dossier's review, a conflict.

Thin views: read the request, authorise (eig.web.evaluation.permissions and
eig.reviews.permissions: anything not assigned answers 404), call one service,
redirect. The review form saves while the reviewer scores (review.js posts it
with `X-Autosave: 1` and gets JSON back); without the script its two buttons save.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.applications.models import Wish
from eig.calls.display import answer_steps
from eig.calls.models import Call, Dossier
from eig.calls.queries import complements_of
from eig.calls.reading import submitted_answers
from eig.calls.services import questions_of
from eig.core.errors import DomainError
from eig.reviews import services
from eig.reviews.blind import is_hidden_when_blind
from eig.reviews.models import Assignment, Grid, Remark, Review, Reviewer
from eig.reviews.permissions import active_seats, assignment_for, sees_other_scores
from eig.reviews.queries import name_in

from . import queries
from .forms import ConflictForm, ReviewForm
from .permissions import evaluator_only


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _assigned(request, grid, number) -> Assignment:
    """The person's assignment to this dossier of this grid, or 404 (not assigned, conflicted, no seat)."""
    grid = get_object_or_404(Grid.objects.select_related("call"), pk=grid)
    dossier = get_object_or_404(Dossier.objects.select_related("owner"), number=number, call_id=grid.call_id)
    assignment = assignment_for(request.user, grid, dossier)
    if assignment is None:
        raise Http404
    assignment.dossier = dossier
    assignment.reviewer.grid.call = grid.call
    return assignment


def _review_url(assignment) -> str:
    return reverse(
        "evaluation:review", kwargs={"grid": assignment.reviewer.grid_id, "number": assignment.dossier.number}
    )


# --- The queue -----------------------------------------------------------------------


@evaluator_only
@require_safe
def queue(request):
    now = timezone.now()
    return render(
        request,
        "evaluation/queue.html",
        {"title": _("Évaluation des dossiers"), "grids": queries.queue_of(request.user, now)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invitation(request, token):
    """The link of the invitation email: the token is the credential; the seat goes to the signed-in account."""
    reviewer = get_object_or_404(Reviewer.objects.select_related("grid__call"), token=token)
    status = 200
    if request.method == "POST":
        try:
            services.accept_invitation(reviewer, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(
                request,
                _("Vous faites partie des évaluateurs de « %(grid)s ».") % {"grid": reviewer.grid.title},
            )
            return redirect("evaluation:queue")
    return render(
        request,
        "evaluation/invitation.html",
        {
            "title": _("Invitation à évaluer des dossiers"),
            "reviewer": reviewer,
            "grid": reviewer.grid,
            "mine": reviewer.user_id == request.user.pk and reviewer.accepted_at is not None,
            "taken": reviewer.user_id is not None and reviewer.user_id != request.user.pk,
            "dropped": reviewer.dropped_at is not None,
        },
        status=status,
    )


@evaluator_only
@require_POST
def next_dossier(request, grid):
    seat = active_seats(request.user).filter(grid_id=grid).select_related("grid").first()
    if seat is None:
        raise Http404
    if seat.grid.mode != Grid.Mode.NEXT:
        messages.info(request, _("Les dossiers de cette grille sont répartis à l'avance : ils sont dans votre liste."))
        return redirect("evaluation:queue")
    try:
        assignment = services.next_dossier(seat.grid, seat)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("evaluation:queue")
    return redirect("evaluation:review", grid=seat.grid_id, number=assignment.dossier.number)


# --- One dossier ---------------------------------------------------------------------


def _render_review(request, assignment, form, *, review=None, conflict_form=None, kept_draft=False, status=200):
    grid = assignment.reviewer.grid
    dossier = assignment.dossier
    now = timezone.now()
    blind = grid.is_blind(now)
    questions = questions_of(grid.call)
    # What was submitted is what is scored; a newer draft is only announced, never shown.
    read = submitted_answers(dossier, questions)
    submitted_by_key = {q.key: read.answers.get(q.pk) for q in questions}
    questions = read.questions  # worded as when the version was submitted (eig.calls.wording)
    if blind:
        questions = [q for q in questions if not is_hidden_when_blind(q.key)]
    if review is None:
        review = Review.objects.filter(assignment=assignment).first()
    revealed = sees_other_scores(grid, now)
    context = {
        "title": _("Dossier %(number)s") % {"number": dossier.number},
        "grid": grid,
        "call": grid.call,
        "dossier": dossier,
        "assignment": assignment,
        "blind": blind,
        "name": "" if blind else (name_in(submitted_by_key) or dossier.owner.get_full_name()),
        "steps": answer_steps(questions, read.answers, read.files),
        "newer_draft": read.has_newer_draft,
        # A proposal has no wishes: the section is shown for a candidate's dossier only.
        "wishes": list(Wish.objects.filter(dossier=dossier).select_related("position__challenge", "position__profile"))
        if grid.call.kind == Call.Kind.APPLICATIONS
        else None,
        "remarks": list(Remark.objects.filter(dossier=dossier)) if grid.phase == Grid.Phase.JURY else None,
        # The programme team's requests for complement and the holder's answers (eig.calls.complements).
        "complements": complements_of(dossier),
        "review": review,
        "state": queries.state_of(review),
        "max_total": queries.max_total(grid, form.criteria),
        "form": form,
        "conflict_form": conflict_form or ConflictForm(),
        "editable": grid.is_open(now),
        "not_yet_open": now < grid.opens_at,
        "opens_at": _when(grid.opens_at),
        "closes_at": _when(grid.closes_at),
        "kept_draft": kept_draft,
        # Before the reveal date nothing of the other reviewers reaches the page.
        "panel": queries.panel_of(assignment, form.criteria) if revealed else None,
        "reveals_at": _when(grid.reveals_at),
        "parent_url": reverse("evaluation:queue"),
        "parent_label": _("Évaluation des dossiers"),
    }
    return render(request, "evaluation/review.html", context, status=status)


@evaluator_only
@require_http_methods(["GET", "HEAD", "POST"])
def review(request, grid, number):
    assignment = _assigned(request, grid, number)
    grid = assignment.reviewer.grid
    criteria = list(grid.criteria.all())
    if request.method != "POST":
        current = Review.objects.filter(assignment=assignment).first()
        return _render_review(request, assignment, ReviewForm(grid, criteria, review=current), review=current)

    autosave = _is_autosave(request)
    # A bound form shows what was posted: nothing typed is lost when the save is refused.
    form = ReviewForm(grid, criteria, request.POST)
    if not form.is_valid():
        if autosave:
            return JsonResponse({"saved": False, "message": _("Corrigez les valeurs signalées.")}, status=400)
        return _render_review(request, assignment, form, status=400)
    data = form.review_data()
    submit = form.wants_submit and not autosave
    try:
        saved = services.save_review(assignment, **data, by=request.user, submit=submit)
    except DomainError as error:
        if autosave:
            return JsonResponse({"saved": False, "message": str(error)}, status=409)
        form.add_error(None, str(error))
        # Validating an incomplete grid is refused; what was scored stays as a draft.
        kept = isinstance(error, services.IncompleteReview)
        return _render_review(request, assignment, form, kept_draft=kept, status=409)

    if autosave:
        return JsonResponse(
            {
                "saved": True,
                "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                "submitted": saved.submitted_at is not None,
                "total": saved.total,
                "total_text": floatformat(saved.total, "-1") if saved.total is not None else "—",
            }
        )
    if submit:
        messages.success(
            request, _("Évaluation du dossier %(number)s validée.") % {"number": assignment.dossier.number}
        )
        return redirect("evaluation:queue")
    messages.success(
        request,
        _("Correction enregistrée.") if saved.submitted_at else _("Brouillon enregistré."),
    )
    return redirect(_review_url(assignment))


@evaluator_only
@require_POST
def declare_conflict(request, grid, number):
    assignment = _assigned(request, grid, number)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        current = Review.objects.filter(assignment=assignment).first()
        review_form = ReviewForm(
            assignment.reviewer.grid, list(assignment.reviewer.grid.criteria.all()), review=current
        )
        return _render_review(request, assignment, review_form, review=current, conflict_form=form, status=400)
    services.declare_conflict(
        assignment.reviewer, assignment.dossier, reason=form.cleaned_data["reason"], by=request.user
    )
    messages.success(request, _("Conflit déclaré : ce dossier vous a été retiré."))
    return redirect("evaluation:queue")
