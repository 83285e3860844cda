"""The programme team's « Versions anglaises » (/equipe/versions-anglaises/, issue 18 point 3).

The list shows the public texts of one kind (the challenges of a promotion, the profiles, the pages
with the calls' rules, the FAQ, the promotions) with where their English version stands: to
translate, incomplete, French changed since it was written, translated; and who wrote it last. A
fixed number of queries whatever the number of texts. The page of one text shows each French text,
read-only, beside its English field (a challenge's positions with it); saving goes through
eig.content.english, which validates the lengths and logs the change. Every page answers 404 to
anyone outside the programme team.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.content import english
from eig.core.activity import verb_label
from eig.web.common.english_forms import ChallengeEnglishForm, EnglishForm, save_english

from ..permissions import staff_only
from .forms import TranslationFilterForm


def _crumbs(inside: bool = True) -> dict:
    found = {"parent_url": reverse("staff:call_list"), "parent_label": _("Espace de l'équipe du programme")}
    if inside:
        found |= {"parent2_url": reverse("staff:translations"), "parent2_label": _("Versions anglaises")}
    return found


def edit_url(obj) -> str:
    return reverse("staff:translation_edit", kwargs={"kind": english.kind_of(obj).slug, "pk": obj.pk})


@staff_only
@require_safe
def translation_list(request):
    form = TranslationFilterForm(request.GET or None)
    filters = form.filters()
    kind = filters["kind"]
    queryset = kind.queryset()
    if kind.with_positions and filters["promotion"] is not None:
        queryset = queryset.filter(promotion=filters["promotion"])
    objects = list(queryset)
    rows = english.challenge_readings(objects) if kind.with_positions else english.readings(objects)
    counts = {status: sum(1 for row in rows if row.status == status) for status in english.STATUS_ORDER}
    if filters["status"]:
        rows = [row for row in rows if row.status == filters["status"]]
    return render(
        request,
        "staff/translations/list.html",
        {
            "title": _("Versions anglaises"),
            "form": form,
            "kind": kind,
            "rows": [{"reading": row, "heading": kind.heading(row.obj), "url": edit_url(row.obj)} for row in rows],
            "counts": [
                {"label": status.label, "badge": english.BADGES[status], "count": counts[status]}
                for status in english.STATUS_ORDER
            ],
            "total": sum(counts.values()),
            **_crumbs(False),
        },
    )


def _object(kind_slug, pk):
    kind = english.KINDS.get(kind_slug)
    if kind is None:
        raise Http404
    try:
        return kind, kind.queryset().get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _public_url(obj) -> str:
    """The object's public page in English, if it has one."""
    if not hasattr(obj, "get_absolute_url"):
        return ""
    with translation.override("en"):
        return obj.get_absolute_url()


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def translation_edit(request, kind, pk):
    kind, obj = _object(kind, pk)
    data = request.POST if request.method == "POST" else None
    if kind.with_positions:
        form = ChallengeEnglishForm(obj, data)
        forms = [form.main, *form.positions]
    else:
        form = EnglishForm(obj, data, auto_id="en-%s")
        forms = [form]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = form.save(by=request.user) if kind.with_positions else save_english(form, by=request.user)
            if changed is not None:
                messages.success(request, _("Version anglaise enregistrée.") if changed else _("Rien n'a changé."))
                return redirect(edit_url(obj))
        status = 400
    children = [f.obj for f in forms[1:]]
    # A position's entry names its profile (the challenge's own entries name nothing more).
    parts = {(c._meta.label_lower, str(c.pk)): c.profile.label_fr for c in children}
    return render(
        request,
        "staff/translations/edit.html",
        {
            "title": _("Version anglaise : %(name)s") % {"name": kind.heading(obj)},
            "kind": kind,
            "obj": obj,
            "reading": english.readings([obj], children=lambda _obj: children)[0],
            "main": forms[0],
            "positions": forms[1:],
            "history": [
                {
                    "entry": entry,
                    "label": verb_label(entry.verb),
                    "part": parts.get((entry.target_type, entry.target_id)),
                }
                for entry in english.history([obj, *children])
            ],
            "public_url": _public_url(obj),
            "action": edit_url(obj),
            **_crumbs(),
        },
        status=status,
    )
