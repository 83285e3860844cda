"""« Mon espace »: the candidate's dossiers, and what is theirs besides the shared dossier pages.

The dossier's steps, overview, submit and receipt are the shared pages of eig.web.dossiers, in
the candidate's space (space.py, mounted in urls.py). Here: « Mon espace », starting a dossier,
resuming it, the ranked wishes (a section of the dossier with its own step), withdrawing.
Thin views: read the request, call one service, redirect.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.models import Role
from eig.applications.queries import offered_positions, wishes_in_dossier, wishes_of
from eig.applications.sections import WISHES_SLUG
from eig.applications.services import set_wishes
from eig.calls import navigation
from eig.calls import services as dossier_services
from eig.calls.models import Call, Dossier
from eig.calls.queries import open_complements_for
from eig.calls.states import DOSSIER
from eig.core.errors import DomainError
from eig.core.markdown import render_markdown
from eig.selection import queries as selection_queries
from eig.web.common import spaces
from eig.web.dossiers import pages

from . import offers, progress
from .forms import WishesForm
from .space import SPACE


@require_safe
@login_required
def space(request):
    """« Mon espace »: the signed-in person's dossiers with their timeline, and their account."""
    user = request.user
    known = {role.value: role.label for role in Role}
    dossiers = progress.own_dossiers(request)
    # Offers, decisions and requests for complement are read only when the dossiers' query saw one: a person
    # who has none (every candidate of a deadline evening) is spared their three queries.
    user_offers = list(selection_queries.offers_for(user)) if progress.told(dossiers, "has_offer") else []
    outcomes = offers.outcomes_for(user) if progress.told(dossiers, "has_outcome") else []
    return render(
        request,
        "candidates/space.html",
        {
            "title": _("Mon espace"),
            "role_labels": [known[r] for r in user.roles or [] if r in known],
            "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
            "dossiers": progress.timelines(dossiers, user_offers, outcomes),
            "open_calls": progress.open_calls_without_dossier(request, dossiers),
            # What the programme team asks of the person and is still open (eig.calls.complements).
            "complements": open_complements_for(user) if progress.told(dossiers, "has_open_complement") else [],
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
            return redirect(pages.first_step_url(SPACE, dossier))
    privacy_notice = render_markdown(call.privacy_notice) if call.privacy_notice else ""
    title = _("Candidater : %(call)s")
    return pages.start_page(request, "candidates/apply.html", call, title, {"privacy_notice": privacy_notice})


@require_safe
@login_required
def resume(request, number):
    """Back to the step the candidate last opened (after a pause or a new sign-in)."""
    return redirect(pages.resume_url(SPACE, SPACE.get_dossier(request, number)))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def wishes(request, number):
    """The wishes' step: a section of the dossier (eig.applications.sections), autosaved as a step is."""
    dossier = SPACE.get_dossier(request, number)
    call = dossier.call
    if not (wishes_in_dossier(call) or hasattr(dossier, "wish_window")):
        raise Http404
    positions = list(offered_positions(call))
    current = [w.position_id for w in wishes_of(dossier)]
    form = WishesForm(positions, call.max_wishes, current, request.POST or None)
    if request.method == "POST":
        try:
            set_wishes(dossier, form.position_ids(), by=request.user)
        except DomainError as error:
            if pages.is_autosave(request):
                return pages.not_saved(str(error), 409)
            form.add_error(None, str(error))
            return _render_wishes(request, dossier, positions, form, status=409)
        if pages.is_autosave(request):
            return pages.autosaved({})
        messages.success(request, _("Vos vœux sont enregistrés."))
        return redirect(pages.after_save(SPACE, dossier, WISHES_SLUG, request.POST.get("action")))
    if dossier.last_step != WISHES_SLUG and SPACE.is_editable(dossier):
        Dossier.objects.filter(pk=dossier.pk).update(last_step=WISHES_SLUG)
    return _render_wishes(request, dossier, positions, form)


def _render_wishes(request, dossier, positions, form, status=200):
    steps = navigation.steps_of(
        dossier, dossier_services.questions_of(dossier.call), dossier_services.answers_of(dossier)
    )
    context = {
        **pages.menu_context(SPACE, dossier, steps),
        "title": _("Vos vœux — dossier %(number)s") % {"number": dossier.number},
        "positions": positions,
        "editable": progress.wishes_editable(dossier),
        "form": form,
    }
    return render(request, "candidates/wishes.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def withdraw(request, number):
    dossier = SPACE.get_dossier(request, number)
    if not DOSSIER.can_move(dossier.status, Dossier.Status.WITHDRAWN):
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
