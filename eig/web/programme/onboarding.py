"""The onboarding checklists' pages: a fellow's « liste d'arrivée » (/programme/arrivee/) and a
host team's « liste d'accueil » (/programme/equipes/<challenge>/accueil/).

Both are dossiers of the kit (eig.programme.onboarding): the pages are the shared dossier pages
(eig.web.dossiers) of two spaces, each in the « programme » namespace under its own prefix and
URL names (`name_prefix`). A fellow reaches only their own checklist; a host checklist is reached
by every confirmed agent of the team's administration, and by nobody else (404). « J'ai terminé
ma liste » is the kit's submit, which sends no receipt for these forms.

Each checklist not finished is a to-do of « Mon programme » (eig/web/programme/todo.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from eig.calls.models import Call, Dossier
from eig.calls.states import DOSSIER
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.programme import onboarding
from eig.programme.access import HOST_PART, live_fellows, membership, parts_in, teams_of
from eig.programme.defaults import form_call
from eig.programme.models import Fellow, HostOnboarding
from eig.web.dossiers import pages
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from .todo import Todo, register_todo

TEMPLATES = {page: f"programme/onboarding/{page}.html" for page in ("step", "overview", "receipt")}


class ChecklistSpace(DossierSpace):
    """What the two checklists share: the namespace, the templates, the lock and the items."""

    namespace = "programme"
    home_name = "home"
    home_label = gettext_lazy("Mon programme")
    back_label = gettext_lazy("Revenir à la liste")
    templates = TEMPLATES

    def locked_reason(self, dossier, now=None) -> str:
        if is_editable(dossier, now):
            return ""
        if DOSSIER.is_in(dossier.status, "closed"):
            return _("Cette liste est retirée : ses réponses restent consultables mais ne peuvent plus être modifiées.")
        if (now or timezone.now()) < dossier.call.opens_at:
            opens = formats.date_format(timezone.localtime(dossier.call.opens_at), "j F Y")
            return _("La liste n'est pas encore ouverte : elle ouvre le %(date)s.") % {"date": opens}
        return _(
            "Le programme de la promotion est terminé : la liste reste consultable mais ne peut plus être modifiée."
        )

    def context(self, page, request, dossier, shown) -> dict:
        if page != "overview":
            return {}
        return {"checklist": onboarding.checklist_of(dossier)}


class FellowChecklistSpace(ChecklistSpace):
    prefix = "arrivee/<str:number>/"
    name_prefix = "onboarding_"
    titles = {
        "step": gettext_lazy("%(step)s — ma liste d'arrivée"),
        "overview": gettext_lazy("Ma liste d'arrivée"),
        "receipt": gettext_lazy("Liste d'arrivée terminée"),
    }
    menu = gettext_lazy("Ma liste d'arrivée")

    def get_dossier(self, request, number) -> Dossier:
        """The fellow's own checklist; anyone else's does not exist for them (404)."""
        return get_object_or_404(
            Dossier.objects.select_related("call__promotion"),
            number=number,
            owner=request.user,
            shared=False,
            call__kind=Call.Kind.FELLOW_ONBOARDING,
            onboarding_of__user=request.user,
        )


class HostChecklistSpace(ChecklistSpace):
    prefix = "accueil/<str:number>/"
    name_prefix = "host_onboarding_"
    titles = {
        "step": gettext_lazy("%(step)s — liste d'accueil"),
        "overview": gettext_lazy("Liste d'accueil de l'équipe"),
        "receipt": gettext_lazy("Liste d'accueil terminée"),
    }
    menu = gettext_lazy("Liste d'accueil")

    def get_dossier(self, request, number) -> Dossier:
        """The team's shared checklist, for the confirmed agents of its administration only (404 otherwise)."""
        host = get_object_or_404(
            HostOnboarding.objects.select_related(
                "dossier__call__promotion", "challenge__administration", "challenge__promotion"
            ),
            dossier__number=number,
        )
        if HOST_PART not in parts_in(request.user, host.challenge):
            raise Http404
        dossier = host.dossier
        dossier.team = host.challenge  # for the pages' header
        return dossier

    def context(self, page, request, dossier, shown) -> dict:
        return {"team": dossier.team, **super().context(page, request, dossier, shown)}


FELLOW_SPACE = FellowChecklistSpace()
HOST_SPACE = HostChecklistSpace()


# --- Starting (or resuming) a checklist ------------------------------------------------------------


def current_fellowship(user) -> Fellow | None:
    """The person's fellowship still in a team (the latest promotion's, should there be two)."""
    return (
        live_fellows()
        .filter(user=user)
        .select_related("promotion", "challenge", "onboarding")
        .order_by("-promotion__year", "-pk")
        .first()
    )


def _start_page(request, space, existing, open_checklist, call, context):
    """A checklist's start page: its overview once it exists; a POST opens it (`open_checklist()`)."""
    if existing is not None:
        return redirect(space.overview_url(existing))
    status = 200
    if request.method == "POST":
        try:
            dossier = open_checklist()
        except DomainError as error:
            messages.error(request, str(error))
            status = 409
        else:
            return redirect(pages.first_step_url(space, dossier))
    context = {"call": call, "checklist": onboarding.checklist_of(None, call), **context}
    return render(request, "programme/onboarding/start.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def fellow_start(request):
    """The fellow's checklist: started here (POST) the first time, then resumed."""
    fellow = current_fellowship(request.user)
    if fellow is None:
        raise Http404
    return _start_page(
        request,
        FELLOW_SPACE,
        fellow.onboarding,
        lambda: onboarding.open_fellow_checklist(fellow),
        form_call(fellow.promotion, Call.Kind.FELLOW_ONBOARDING),
        {"title": _("Ma liste d'arrivée"), "fellow": fellow, "host": False},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def host_start(request, challenge):
    """The team's host checklist: opened here (POST) by the first agent, then shared."""
    challenge = get_object_or_404(Challenge.objects.select_related("promotion", "administration"), pk=challenge)
    member = membership(request.user, challenge)
    if not member.is_host:
        raise Http404
    return _start_page(
        request,
        HOST_SPACE,
        onboarding.host_checklist(challenge),
        lambda: onboarding.open_host_checklist(challenge, by=request.user),
        form_call(challenge.promotion, Call.Kind.HOST_ONBOARDING),
        {"title": _("Liste d'accueil de l'équipe"), "membership": member, "host": True},
    )


# --- « Mon programme »: what is left to do -----------------------------------------------------------


def _remaining_label(kind: str, checklist: onboarding.Checklist, team: str = "") -> str:
    if checklist.remaining:
        if kind == "fellow":
            return ngettext(
                "Liste d'arrivée : %(n)d élément restant",
                "Liste d'arrivée : %(n)d éléments restants",
                checklist.remaining,
            ) % {"n": checklist.remaining}
        return ngettext(
            "Liste d'accueil de l'équipe « %(team)s » : %(n)d élément restant",
            "Liste d'accueil de l'équipe « %(team)s » : %(n)d éléments restants",
            checklist.remaining,
        ) % {"n": checklist.remaining, "team": team}
    if kind == "fellow":
        return _("Liste d'arrivée : confirmez que vous avez terminé")
    return _("Liste d'accueil de l'équipe « %(team)s » : confirmez que vous avez terminé") % {"team": team}


@register_todo
def onboarding_todos(user, today) -> list[Todo]:
    """The person's checklists not finished: their own as a fellow, their teams' as a host agent."""
    todos = []
    fellow = current_fellowship(user)
    if fellow is not None:
        call = form_call(fellow.promotion, Call.Kind.FELLOW_ONBOARDING)
        checklist = onboarding.checklist_of(fellow.onboarding, call)
        if call is not None and call.is_open() and not checklist.finished:
            todos.append(Todo(_remaining_label("fellow", checklist), reverse("programme:onboarding"), "onboarding"))
    hosted = (
        teams_of(user)
        .filter(administration__agents__user=user, administration__agents__confirmed=True)
        .select_related("promotion")
        .distinct()
        .order_by("title", "pk")
    )
    for challenge in hosted:
        call = form_call(challenge.promotion, Call.Kind.HOST_ONBOARDING)
        checklist = onboarding.checklist_of(onboarding.host_checklist(challenge), call)
        if call is not None and call.is_open() and not checklist.finished:
            url = reverse("programme:host_onboarding", kwargs={"challenge": challenge.pk})
            todos.append(Todo(_remaining_label("host", checklist, challenge.title), url, "onboarding"))
    return todos
