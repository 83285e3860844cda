"""The candidate's personal data: download everything, delete the account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.personal_data import delete_account, deletion_plan, export_personal_data, retention_end
from eig.calls.models import Dossier
from eig.core.markdown import render_markdown


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("J'ai compris ce qui sera supprimé et je confirme la suppression de mon compte."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer la suppression de votre compte.")},
    )


@require_safe
@login_required
def personal_data(request):
    """What the platform keeps about the person, for how long, and their rights."""
    dossiers = Dossier.objects.filter(owner=request.user).select_related("call").order_by("call__closes_at", "pk")
    calls = []
    for dossier in dossiers:
        calls.append(
            {
                "call": dossier.call,
                "dossier": dossier,
                "retention_days": dossier.call.retention_days,
                "anonymised_from": retention_end(dossier.call),
                "notice": render_markdown(dossier.call.privacy_notice),
            }
        )
    return render(request, "candidates/privacy/index.html", {"title": _("Mes données personnelles"), "calls": calls})


@login_required
@require_POST
def export_data(request):
    """Everything held about the person, as a zip: POST only (it is logged, and may be large)."""
    archive = export_personal_data(request.user, by=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-eig-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    """GET says exactly what will happen; POST, with the box ticked, does it and signs out."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        plan = delete_account(user, by=user)
        logout(request)
        if plan.immediate:
            messages.success(request, _("Votre compte et toutes les données qui s'y rattachent ont été supprimés."))
        else:
            messages.success(
                request,
                _(
                    "Votre compte est fermé. Vos dossiers déposés sont conservés jusqu'à la fin de leur durée "
                    "de conservation, puis anonymisés."
                ),
            )
        return redirect("public:home")
    return render(
        request,
        "candidates/privacy/delete.html",
        {"title": _("Supprimer mon compte"), "plan": deletion_plan(request.user), "form": form},
    )


urlpatterns = [
    path("donnees/", personal_data, name="personal_data"),
    path("donnees/telecharger/", export_data, name="export_data"),
    path("donnees/supprimer-mon-compte/", delete, name="delete_account"),
]
