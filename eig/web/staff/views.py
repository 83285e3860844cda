"""The programme team's pages of a call: funnel, dossiers, one dossier, exports.

Read-only (GET/HEAD); every page answers 404 to anyone outside the team.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.applications.queries import filter_staff_dossiers, funnel_of_calls, staff_dossiers
from eig.calls.display import answer_steps
from eig.calls.models import Call
from eig.calls.queries import activity_of, calls_for_staff, complements_of, versions_of
from eig.calls.reading import files_of, submitted_answers
from eig.calls.services import missing_for, questions_of
from eig.programme.queries import promotions_in_programme
from eig.reviews.queries import dossier_reviews

from . import exports
from .activity import describe
from .forms import DossierFilterForm, RemarkForm
from .funnel import bars
from .messages.forms import ComplementForm
from .permissions import staff_only

PAGE_SIZE = 50


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _filtered(request, call):
    """The form and the call's dossiers it selects (none while the form is invalid)."""
    form = DossierFilterForm(request.GET or None, call=call)
    dossiers = staff_dossiers(call)
    if form.is_bound:
        dossiers = filter_staff_dossiers(dossiers, **form.filters()) if form.is_valid() else dossiers.none()
    return form, dossiers


@staff_only
@require_safe
def call_list(request):
    calls = list(calls_for_staff())
    funnel = funnel_of_calls(calls)
    rows = [{"call": call, "counts": funnel[call.pk], "bars": bars(funnel[call.pk])} for call in calls]
    return render(
        request,
        "staff/call_list.html",
        {
            "title": _("Appels : suivi des dossiers"),
            "rows": rows,
            # The promotions in their ten months, each with its teams' overview (eig/web/staff/programme/).
            "programme_promotions": list(promotions_in_programme()),
        },
    )


@staff_only
@require_safe
def dossier_list(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form, dossiers = _filtered(request, call)
    paginator = Paginator(dossiers, PAGE_SIZE)
    if not form.is_bound:
        # Unfiltered, the count is the call's: counted without the completeness the rows carry (the ORM
        # spent 2 ms building that count).
        paginator.count = call.dossiers.count()
    page = paginator.get_page(request.GET.get("page"))
    querystring = _querystring_without_page(request)
    export_suffix = f"?{querystring}" if querystring else ""
    return render(
        request,
        "staff/dossier_list.html",
        {
            "title": _("Dossiers — %(call)s") % {"call": call.title},
            "call": call,
            "form": form,
            "page_obj": page,
            "querystring": querystring,
            "csv_url": reverse("staff:export_csv", kwargs={"slug": call.slug}) + export_suffix,
            "xlsx_url": reverse("staff:export_xlsx", kwargs={"slug": call.slug}) + export_suffix,
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
    )


def dossier_of(call, number):
    return get_object_or_404(staff_dossiers(call), number=number)


@staff_only
@require_safe
def dossier_detail(request, slug, number):
    call = get_object_or_404(Call, slug=slug)
    return render_dossier_detail(request, call, dossier_of(call, number))


def render_dossier_detail(request, call, dossier, *, remark_form=None, complement_form=None, status=200):
    """The dossier in full, with its reviews, the programme's remarks and requests for complement
    (and their forms)."""
    questions = questions_of(call)
    read = submitted_answers(dossier, questions)
    answers, files = read.answers, read.files
    # The team may read the draft a candidate changed since submitting; it is never what is judged.
    show_draft = read.has_newer_draft and request.GET.get("lire") == "brouillon"
    if show_draft:
        answers = {answer.question_id: answer.value for answer in dossier.answers.all()}
        files = files_of(dossier, questions, answers)
    by_key = {q.key: answers.get(q.pk) for q in questions}
    detail_url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    return render(
        request,
        "staff/dossier_detail.html",
        {
            "title": _("Dossier %(number)s") % {"number": dossier.number},
            "call": call,
            "dossier": dossier,
            # The submitted version reads the words it was answered with (eig.calls.wording); the draft, today's.
            "steps": answer_steps(questions if show_draft else read.questions, answers, files),
            "missing": missing_for(dossier, questions, by_key),
            "newer_draft": read.has_newer_draft,
            "shown_version": read.version,
            "showing_draft": show_draft,
            "draft_url": f"{detail_url}?lire=brouillon" if read.has_newer_draft and not show_draft else "",
            "submitted_url": detail_url,
            "wishes": list(dossier.wishes.all()),
            "versions": versions_of(dossier),
            "activity": [describe(entry) for entry in activity_of(dossier)],
            "evaluations": dossier_reviews(dossier),
            "remarks": list(dossier.programme_remarks.select_related("author")),
            "remark_form": remark_form or RemarkForm(auto_id="remark-%s"),
            "complements": complements_of(dossier),
            "complement_form": complement_form or ComplementForm(auto_id="complement-%s"),
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
            "parent2_url": reverse("staff:dossier_list", kwargs={"slug": call.slug}),
            "parent2_label": _("Dossiers — %(call)s") % {"call": call.title},
        },
        status=status,
    )


@staff_only
@require_safe
def export(request, slug, kind):
    """The dossiers the filters select as a spreadsheet (`kind`: "csv" or "xlsx")."""
    call = get_object_or_404(Call, slug=slug)
    return exports.spreadsheet(request, call, kind, "dossiers", *_filtered(request, call), table=exports.dossier_table)
