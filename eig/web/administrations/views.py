"""The administration agents' space: their administrations, the challenges they propose, and
the programme's questions.

A proposal's steps, overview, submit and receipt are the shared pages of eig.web.dossiers, in
the agents' space (space.py, mounted in urls.py). Here: the space, acting for an administration,
starting a proposal, answering the programme's questions. Thin views: read the request,
authorise, call one service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.calls.models import Call
from eig.challenges.models import Challenge
from eig.content import english
from eig.core.errors import DomainError
from eig.proposals import proconnect as proposal_proconnect
from eig.proposals import services as proposal_services
from eig.proposals.models import StaffQuestion
from eig.web.common.english_forms import ChallengeEnglishForm
from eig.web.dossiers import pages

from . import queries
from .forms import JoinForm, StartForm
from .space import SPACE


@require_safe
@login_required
def space(request):
    agencies = list(queries.agencies_of(request.user))
    proposals = [
        {"proposal": p, "title": p.title_answer or p.dossier.number} for p in queries.proposals_of(request.user)
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
            # Their administrations' challenges, whose English version they write (challenge_english).
            "challenges": english.challenge_readings(queries.challenges_of(request.user)),
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
            return redirect(pages.first_step_url(SPACE, proposal.dossier))
    extra = {"form": form, "has_administration": administrations.exists()}
    title = _("Proposer un défi : %(call)s")
    return pages.start_page(request, "administrations/start.html", call, title, extra, status=status)


@require_POST
@login_required
def answer(request, number, question):
    proposal = SPACE.get_proposal(request, number)
    question = get_object_or_404(StaffQuestion, pk=question, proposal=proposal)
    try:
        proposal_services.answer_question(question, request.POST.get("answer", ""), by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Votre réponse est transmise à l'équipe du programme."))
    return redirect(SPACE.overview_url(proposal.dossier) + "#questions")


def _english_page(challenge) -> str:
    """The challenge's public page in English, once it is public (a proposed challenge has none)."""
    if challenge.status not in Challenge.PUBLIC_STATUSES or not challenge.promotion.is_published:
        return ""
    with translation.override("en"):
        return challenge.get_absolute_url()


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def challenge_english(request, challenge):
    """The English version of a challenge of the agent's administration: its title, summary and
    presentation, its positions' mission and skills, each beside the French text. 404 to anyone who
    is not a confirmed agent of the challenge's administration."""
    challenge = get_object_or_404(queries.challenges_of(request.user), pk=challenge)
    form = ChallengeEnglishForm(challenge, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and (changed := form.save(by=request.user)) is not None:
            if changed:
                messages.success(request, _("Version anglaise enregistrée : l'équipe du programme la voit."))
            else:
                messages.info(request, _("Rien n'a changé."))
            return redirect("administrations:challenge_english", challenge=challenge.pk)
        status = 400
    return render(
        request,
        "administrations/challenge_english.html",
        {
            "title": _("Version anglaise du défi « %(title)s »") % {"title": challenge.title_fr},
            "challenge": challenge,
            "reading": english.challenge_readings([challenge])[0],
            "main": form.main,
            "positions": form.positions,
            "action": request.path,
            "public_url": _english_page(challenge),
        },
        status=status,
    )
