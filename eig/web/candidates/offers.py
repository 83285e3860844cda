"""A laureate's offer (« Mon espace » › offres): read it, accept or decline it, give or withdraw consent.

Règlement 2020 art. 6.5 (« les résultats définitifs seront notifiés aux candidats ») and art. 8
(the laureates commit to start on the promotion's first day): each placed candidate gets an
offer of their position, to answer before a deadline the server's clock enforces
(eig.selection.services.respond). The page says why this position (the approved run's
explanation for the person, and for a replacement why the place came to them), and asks for
the consent to appear by name on the promotion's public page, unchecked by default and
changeable later (eig.selection.services.set_public_profile).

Only the owner of the offer's dossier sees it; anyone else, staff included (they have their
own pages), gets 404. Declining is final, so it goes through a confirmation page. A
DomainError of a service (a late answer, an offer already answered) is shown as its French
message with status 400, and nothing changes.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.programme.queries import contract_terms
from eig.selection import queries, services
from eig.selection.models import Offer, Outcome
from eig.selection.states import OFFER

CONSENT_LABEL = gettext_lazy("J'accepte que mon nom et mon profil figurent sur la page publique de la promotion")
CONSENT_HELP = gettext_lazy(
    "Sans votre accord, la page de la promotion montre votre équipe sans vous nommer. Vous pourrez changer "
    "d'avis à tout moment depuis cette page."
)


class RespondForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"

    public_profile = forms.BooleanField(label=CONSENT_LABEL, help_text=CONSENT_HELP, required=False)
    # Set by the button pressed (« Accepter la proposition » or « Décliner la proposition »).
    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (DECLINE, DECLINE)])
    # « 1 » from the confirmation page only: declining is final.
    confirm = forms.BooleanField(required=False)


class ConsentForm(forms.Form):
    public_profile = forms.BooleanField(label=CONSENT_LABEL, help_text=CONSENT_HELP, required=False)


def outcomes_for(user) -> list[Outcome]:
    """The selection decisions told to the person, newest first, each with `explanation`: the
    approved run's explanation for their dossier (what they were told), in one query."""
    outcomes = list(
        Outcome.objects.filter(dossier__owner=user, dossier__shared=False)
        .select_related("run__call", "dossier")
        .order_by("-notified_at", "-id")
    )
    for outcome in outcomes:
        outcome.explanation = outcome.run.explanations.get(str(outcome.dossier_id), "")
    return outcomes


def _own_offer(request, pk) -> Offer:
    """The signed-in person's offer, or 404: another's offer does not exist for them."""
    return get_object_or_404(
        queries.offers_for(request.user).select_related("position__challenge__promotion", "run__call__promotion"),
        pk=pk,
    )


def _answerable(offer: Offer) -> bool:
    """Still waiting for an answer, and before the deadline (the service decides; this only
    chooses what the page offers)."""
    return OFFER.is_in(offer.status, "awaiting_answer") and timezone.now() <= offer.deadline


def _crumbs() -> dict:
    return {"parent_url": reverse("candidates:space"), "parent_label": _("Mon espace")}


def _render_offer(request, offer, *, respond_form=None, consent_form=None, error="", status=200):
    challenge = offer.position.challenge
    public = challenge.status in Challenge.PUBLIC_STATUSES
    return render(
        request,
        "candidates/offer.html",
        {
            "title": _("Proposition de poste : %(challenge)s") % {"challenge": challenge.title},
            "offer": offer,
            "challenge": challenge,
            "challenge_url": challenge.get_absolute_url() if public else "",
            "explanation": offer.run.explanations.get(str(offer.dossier_id), ""),
            # The contract the call states (duration, salary, place of work: the challenge's by default).
            "contract": contract_terms(offer.run.call, challenge),
            "answerable": _answerable(offer),
            "late": OFFER.is_in(offer.status, "awaiting_answer") and timezone.now() > offer.deadline,
            "respond_form": respond_form or RespondForm(auto_id="offer-%s"),
            "consent_form": consent_form
            or ConsentForm(initial={"public_profile": offer.public_profile}, auto_id="consent-%s"),
            "error": error,
            **_crumbs(),
        },
        status=status,
    )


@require_safe
@login_required
def offer(request, offer):
    return _render_offer(request, _own_offer(request, offer))


@require_safe
@login_required
def decline(request, offer):
    """The confirmation page of a decline: the one step that cannot be undone."""
    offer = _own_offer(request, offer)
    if not _answerable(offer):
        return redirect("candidates:offer", offer=offer.pk)
    return render(
        request,
        "candidates/offer_decline.html",
        {
            "title": _("Décliner la proposition : %(challenge)s") % {"challenge": offer.position.challenge.title},
            "offer": offer,
            "parent_url": reverse("candidates:space"),
            "parent_label": _("Mon espace"),
            "parent2_url": reverse("candidates:offer", kwargs={"offer": offer.pk}),
            "parent2_label": _("Proposition de poste"),
        },
    )


@require_POST
@login_required
def respond(request, offer):
    offer = _own_offer(request, offer)
    form = RespondForm(request.POST, auto_id="offer-%s")
    if not form.is_valid():
        return _render_offer(
            request, offer, respond_form=form, error=_("Choisissez : accepter ou décliner la proposition."), status=400
        )
    accept = form.cleaned_data["decision"] == RespondForm.ACCEPT
    if not accept and not form.cleaned_data["confirm"]:
        # « Décliner » on the offer page leads to the confirmation page; nothing is recorded yet.
        return redirect("candidates:offer_decline", offer=offer.pk)
    public = form.cleaned_data["public_profile"]
    try:
        services.respond(offer, accept=accept, by=request.user, public_profile=public)
    except DomainError as error:
        return _render_offer(request, _own_offer(request, offer.pk), respond_form=form, error=str(error), status=400)
    if not accept:
        messages.success(request, _("Vous avez décliné la proposition. Merci de nous avoir répondu."))
    elif public:
        messages.success(
            request,
            _(
                "Vous avez accepté la proposition : bienvenue dans la promotion ! Votre nom et votre profil "
                "figureront sur la page publique de la promotion."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Vous avez accepté la proposition : bienvenue dans la promotion ! La page publique de la "
                "promotion montrera votre équipe sans vous nommer."
            ),
        )
    return redirect("candidates:offer", offer=offer.pk)


@require_POST
@login_required
def consent(request, offer):
    offer = _own_offer(request, offer)
    form = ConsentForm(request.POST, auto_id="consent-%s")
    form.is_valid()  # a lone optional checkbox: always valid
    public = bool(form.cleaned_data.get("public_profile"))
    try:
        services.set_public_profile(offer, public=public, by=request.user)
    except DomainError as error:
        return _render_offer(request, _own_offer(request, offer.pk), consent_form=form, error=str(error), status=400)
    if public:
        message = _(
            "C'est noté : vous acceptez que votre nom et votre profil figurent sur la page publique de la promotion."
        )
    else:
        message = _(
            "C'est noté : votre nom et votre profil ne figureront pas sur la page publique de la promotion ; "
            "votre équipe y apparaît sans vous nommer."
        )
    messages.success(request, message)
    return redirect("candidates:offer", offer=offer.pk)
