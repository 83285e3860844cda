"""« Écrire à un groupe »: the messages the programme team writes to a group, and the request for
complement on one dossier (issue 18, « Writing to people »).

A message is written (its group chosen first, then the group's parameters, the subject and the
text), previewed (how many people, the first ones, the message in French and in English) and
sent on the preview's confirmation, once, whatever the clicks (eig.notifications.broadcasts).
Every page answers 404 to anyone outside the team; each POST is one service call, a DomainError
coming back as a French message that changes nothing.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls.complements import request_complement
from eig.calls.models import Call
from eig.core.errors import DomainError
from eig.notifications import broadcasts
from eig.notifications.models import Broadcast

from .. import views as dossier_views
from ..permissions import staff_only
from .forms import AudienceForm, BroadcastForm, ComplementForm

PAGE_SIZE = 50


def _crumbs(**extra) -> dict:
    return {"parent_url": reverse("staff:message_list"), "parent_label": _("Écrire à un groupe"), **extra}


def _detail_url(broadcast: Broadcast) -> str:
    return reverse("staff:message_detail", kwargs={"broadcast": broadcast.pk})


@staff_only
@require_safe
def message_list(request):
    """The messages written to groups, newest first: drafts and sent ones (a flat number of queries)."""
    page = Paginator(Broadcast.objects.select_related("created_by").order_by("-created_at", "-id"), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    described = broadcasts.describe(page_obj.object_list)
    rows = [{"broadcast": b, "audience": described[b.pk]} for b in page_obj.object_list]
    return render(
        request,
        "staff/messages/list.html",
        {
            "title": _("Écrire à un groupe"),
            "rows": rows,
            "page_obj": page_obj,
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
    )


def _compose(request, form, *, broadcast=None, status=200):
    title = _("Modifier le message") if broadcast else _("Nouveau message à un groupe")
    return render(
        request,
        "staff/messages/compose.html",
        {"title": title, "form": form, "audience": form.audience, "broadcast": broadcast, **_crumbs()},
        status=status,
    )


def _save(request, form, broadcast=None):
    """Validate the message form and draft it; the preview, or the form again with its errors."""
    if not form.is_valid():
        return _compose(request, form, broadcast=broadcast, status=400)
    try:
        broadcast = broadcasts.draft_broadcast(
            audience=form.audience.key,
            parameters=form.parameters(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
            broadcast=broadcast,
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _compose(request, form, broadcast=broadcast, status=409)
    return redirect(_detail_url(broadcast))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def message_new(request):
    """First the group (a GET form: ?audience=…), then its parameters and the message."""
    key = request.POST.get("audience") if request.method == "POST" else request.GET.get("audience")
    choice = AudienceForm({"audience": key} if key else None)
    if not choice.is_valid():
        return render(
            request,
            "staff/messages/audience.html",
            {"title": _("Nouveau message à un groupe"), "form": choice, **_crumbs()},
            status=400 if key else 200,
        )
    audience = broadcasts.audience_of(choice.cleaned_data["audience"])
    if request.method == "POST":
        return _save(request, BroadcastForm(request.POST, audience=audience))
    return _compose(request, BroadcastForm(audience=audience, initial={"audience": audience.key}))


def _draft(broadcast_id) -> Broadcast:
    return get_object_or_404(Broadcast, pk=broadcast_id)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def message_edit(request, broadcast):
    broadcast = _draft(broadcast)
    if broadcast.sent_at is not None:
        messages.info(request, _("Ce message est déjà envoyé : il ne se modifie plus."))
        return redirect(_detail_url(broadcast))
    try:
        audience = broadcasts.audience_of(broadcast.audience)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("staff:message_new")
    if request.method == "POST":
        return _save(request, BroadcastForm(request.POST, audience=audience), broadcast)
    initial = {**(broadcast.parameters or {}), "subject": broadcast.subject, "body": broadcast.body}
    return _compose(request, BroadcastForm(audience=audience, initial=initial), broadcast=broadcast)


@staff_only
@require_safe
def message_detail(request, broadcast):
    """A draft: its preview and the confirmation that sends it. A sent message: what left, when, to how many."""
    broadcast = get_object_or_404(Broadcast.objects.select_related("created_by"), pk=broadcast)
    preview, problem = None, ""
    if broadcast.sent_at is None:
        try:
            preview = broadcasts.preview(broadcast)
        except DomainError as error:
            problem = str(error)
    return render(
        request,
        "staff/messages/detail.html",
        {
            "title": broadcast.subject,
            "broadcast": broadcast,
            "audience": broadcasts.describe([broadcast])[broadcast.pk],
            "preview": preview,
            "problem": problem,
            **_crumbs(),
        },
    )


@staff_only
@require_POST
def message_send(request, broadcast):
    broadcast = _draft(broadcast)
    expected = request.POST.get("expected", "")
    try:
        sent = broadcasts.send_broadcast(
            broadcast, by=request.user, expected=int(expected) if expected.isdigit() else None
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(broadcast))
    if sent:
        messages.success(
            request,
            ngettext(
                "Message envoyé : %(n)d courriel est parti dans la file d'envoi.",
                "Message envoyé : %(n)d courriels sont partis dans la file d'envoi.",
                sent,
            )
            % {"n": sent},
        )
    else:
        messages.info(request, _("Ce message était déjà envoyé : rien de plus n'est parti."))
    return redirect(_detail_url(broadcast))


# --- A request for complement, from the staff dossier page ----------------------------------------


@staff_only
@require_POST
def complement_request(request, slug, number):
    call = get_object_or_404(Call, slug=slug)
    dossier = dossier_views.dossier_of(call, number)
    form = ComplementForm(request.POST, auto_id="complement-%s")
    if not form.is_valid():
        return dossier_views.render_dossier_detail(request, call, dossier, complement_form=form, status=400)
    data = form.cleaned_data
    try:
        request_complement(dossier, data["kind"], data["message"], data["due_at"], by=request.user)
    except DomainError as error:
        form.add_error(None, str(error))
        return dossier_views.render_dossier_detail(request, call, dossier, complement_form=form, status=409)
    messages.success(request, _("Demande de complément envoyée : la personne est prévenue par courriel."))
    return redirect(
        reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number}) + "#complements"
    )
