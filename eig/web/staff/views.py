"""The programme team's pages of a call: funnel, dossiers, one dossier, exports.

Read-only (GET/HEAD); every page answers 404 to anyone outside the team.
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.applications.queries import filter_staff_dossiers, funnel_of_calls, staff_dossiers
from eig.calls.models import Call
from eig.calls.queries import activity_of, calls_for_staff, versions_of
from eig.calls.reading import submitted_answers
from eig.calls.services import missing_for, questions_of
from eig.reviews.queries import dossier_reviews
from eig.web.dossiers.answers import file_ids, files_by_id, shown

from . import exports
from .activity import describe
from .forms import DossierFilterForm, RemarkForm
from .funnel import bars
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
    return render(request, "staff/call_list.html", {"title": _("Appels : suivi des dossiers"), "rows": rows})


@staff_only
@require_safe
def dossier_list(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form, dossiers = _filtered(request, call)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
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


def render_dossier_detail(request, call, dossier, *, remark_form=None, status=200):
    """The dossier in full, with its reviews and the programme's remarks (and their form)."""
    questions = questions_of(call)
    read = submitted_answers(dossier, questions)
    answers, files = read.answers, read.files
    # The team may read the draft a candidate changed since submitting; it is never what is judged.
    show_draft = read.has_newer_draft and request.GET.get("lire") == "brouillon"
    if show_draft:
        answers = {answer.question_id: answer.value for answer in dossier.answers.all()}
        files = files_by_id(file_ids(questions, [answers]))
    steps = [
        {"step": step, "answers": [shown(q, answers.get(q.pk), files) for q in step_questions]}
        for step, step_questions in groupby(questions, key=lambda q: q.step)
    ]
    by_key = {q.key: answers.get(q.pk) for q in questions}
    detail_url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    return render(
        request,
        "staff/dossier_detail.html",
        {
            "title": _("Dossier %(number)s") % {"number": dossier.number},
            "call": call,
            "dossier": dossier,
            "steps": steps,
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
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
            "parent2_url": reverse("staff:dossier_list", kwargs={"slug": call.slug}),
            "parent2_label": _("Dossiers — %(call)s") % {"call": call.title},
        },
        status=status,
    )


def _export(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form, dossiers = _filtered(request, call)
    if form.is_bound and not form.is_valid():
        return call, None
    return call, exports.dossier_table(call, dossiers, request.build_absolute_uri)


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_only
@require_safe
def export_csv(request, slug):
    call, table = _export(request, slug)
    if table is None:
        return HttpResponseBadRequest(_("Les filtres de l'export ne sont pas valides."))
    return _attachment(exports.to_csv(*table), exports.CSV_CONTENT_TYPE, f"{call.slug}-dossiers.csv")


@staff_only
@require_safe
def export_xlsx(request, slug):
    call, table = _export(request, slug)
    if table is None:
        return HttpResponseBadRequest(_("Les filtres de l'export ne sont pas valides."))
    content = exports.to_xlsx(*table, title=call.slug)
    return _attachment(content, exports.XLSX_CONTENT_TYPE, f"{call.slug}-dossiers.xlsx")
