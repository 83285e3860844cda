"""The handover plan's team pages (« plan de pérennisation », /programme/equipes/<challenge>/perennisation/).

- `programme:handover`: where the team's plan stands (not open yet: from which day; to start; being
  written; submitted, waiting for the host; confirmed, by whom and when), its outcome once staff
  recorded it, and the submitted answers, read as every reader of a dossier reads them (the
  latest submitted version, eig.calls.reading). Fellows start it there (`programme:handover_start`,
  POST) from mid-promotion.
- The plan itself is a shared dossier of the kit: `HandoverSpace` mounts the shared dossier pages
  under perennisation/dossiers/<number>/ with URL names prefixed « handover_ ». The team's fellows
  fill and submit it; its mentors, its host agents and staff (with their second factor) read the
  same pages, locked for them (and any POST of theirs answers 404: the writing pages are not theirs).
- `programme:handover_confirm`: a host agent's page: the submitted plan, then « Confirmer le plan »
  (POST, with the version read). It exists for the team's host agents only (404 to anyone else).

Anyone outside the team gets 404 everywhere (eig.programme.access). To-dos of « Mon programme »:
fellows « Remplir le plan de pérennisation » once it is open and until it is submitted; host agents
« Confirmer le plan de pérennisation » while a submitted version waits for them.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.accounts.two_factor import has_two_factor
from eig.calls.models import Dossier
from eig.core.errors import DomainError
from eig.programme.access import FELLOW_PART, STAFF_PART, live_fellows, parts_in, teams_of
from eig.results import handover as services
from eig.results.models import Handover
from eig.web.dossiers import pages
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from .retrospectives import team_crumbs
from .team import FORM, READ, WRITE, team_view
from .todo import Todo, register_todo


class HandoverSpace(DossierSpace):
    namespace = "programme"
    prefix = "perennisation/dossiers/<str:number>/"
    name_prefix = "handover_"
    home_name = "home"
    home_label = gettext_lazy("Mon programme")
    back_label = gettext_lazy("Revenir au plan")
    templates = {page: f"programme/handover/{page}.html" for page in ("step", "overview", "receipt")}
    titles = {
        "step": gettext_lazy("%(step)s — plan de pérennisation"),
        "overview": gettext_lazy("Plan de pérennisation de l'équipe"),
        "receipt": gettext_lazy("Plan de pérennisation déposé"),
    }
    menu = gettext_lazy("Plan de pérennisation")

    def get_dossier(self, request, number) -> Dossier:
        """The team's plan, for its members (404 to anyone else); its fellows alone write in it."""
        handover = get_object_or_404(
            Handover.objects.select_related(
                "dossier__call__promotion", "challenge__administration", "challenge__promotion", "confirmed_by"
            ),
            dossier__number=number,
        )
        parts = parts_in(request.user, handover.challenge)
        if not parts or (parts == {STAFF_PART} and not has_two_factor(request.user)):
            raise Http404
        writes = FELLOW_PART in parts
        if request.method not in ("GET", "HEAD") and not writes:
            raise Http404  # saving and submitting are the fellows' pages
        dossier = handover.dossier
        dossier.team, dossier.plan, dossier.writes = handover.challenge, handover, writes
        return dossier

    def locked_reason(self, dossier, now=None) -> str:
        if not getattr(dossier, "writes", False):
            return _("Vous lisez le plan de l'équipe : seul·es ses entrepreneur·es le remplissent et le déposent.")
        plan = getattr(dossier, "plan", None)
        if plan is not None and plan.outcome:
            return str(services.OUTCOME_LOCK)
        if not is_editable(dossier, now):
            return _("Le plan de pérennisation est clos : il reste consultable mais ne peut plus être modifié.")
        return ""

    def submit(self, dossier, *, by):
        return services.submit_plan(dossier.plan, by=by)

    def context(self, page, request, dossier, shown) -> dict:
        return {
            "team": dossier.team,
            "plan": dossier.plan,
            "plan_url": reverse("programme:handover", kwargs={"challenge": dossier.team.pk}),
        }


SPACE = HandoverSpace()


# --- The plan's page -----------------------------------------------------------------------------------


def _plan_url(challenge) -> str:
    return reverse("programme:handover", kwargs={"challenge": challenge.pk})


def _page_context(request, challenge, member) -> dict:
    row = services.handover_of(challenge)
    plan = services.plan_of(row, services.opens_on(challenge.promotion), timezone.localdate())
    dossier = plan.dossier
    return {
        "membership": member,
        "plan": plan,
        "handover": row,
        "reading": services.read_plan(row),
        "dossier_url": SPACE.overview_url(dossier) if dossier is not None else "",
        "resume_url": pages.resume_url(SPACE, dossier) if dossier is not None and member.is_fellow else "",
        **team_crumbs(member),
    }


@team_view(READ)
def plan_page(request, challenge, member):
    return render(
        request,
        "programme/handover/plan.html",
        {
            "title": _("Plan de pérennisation — %(team)s") % {"team": challenge.title},
            **_page_context(request, challenge, member),
        },
    )


@team_view(WRITE)
def start(request, challenge, member):
    """A fellow starts the team's plan (or finds the one another fellow started), then fills it."""
    try:
        handover = services.start_plan(challenge, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_plan_url(challenge))
    return redirect(pages.resume_url(SPACE, handover.dossier))


@team_view(FORM)
def confirm_page(request, challenge, member):
    """The host agent reads the submitted plan and confirms it (the version read is posted back)."""
    if not member.is_host:
        raise Http404
    context = _page_context(request, challenge, member)
    plan = context["plan"]
    if not services.is_submitted(plan.handover):
        messages.info(request, _("L'équipe n'a pas encore déposé son plan : il n'y a rien à confirmer."))
        return redirect(_plan_url(challenge))
    status = 200
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.confirm(plan.handover, by=request.user, version=version)
        except DomainError as error:
            messages.error(request, str(error))
            status = 409
            context = _page_context(request, challenge, member)
        else:
            messages.success(request, _("Vous avez confirmé le plan de pérennisation de l'équipe."))
            return redirect(_plan_url(challenge))
    return render(
        request,
        "programme/handover/confirm.html",
        {
            "title": _("Confirmer le plan de pérennisation — %(team)s") % {"team": challenge.title},
            "plan_url": _plan_url(challenge),
            **context,
        },
        status=status,
    )


# --- « Mon programme » ----------------------------------------------------------------------------------


@register_todo
def handover_todos(user, today) -> list[Todo]:
    """Fellows: the plan to fill once open, until submitted. Host agents: a submitted plan to confirm."""
    todos = []
    fellowships = live_fellows().filter(user=user).select_related("challenge", "promotion").order_by("pk")
    for fellow in fellowships:
        opens = services.opens_on(fellow.promotion)
        row = services.handover_of(fellow.challenge)
        plan = services.plan_of(row, opens, today)
        if plan.state in (services.State.TO_START, services.State.DRAFT) and not plan.outcome:
            todos.append(
                Todo(
                    _("Remplir le plan de pérennisation"),
                    _plan_url(fellow.challenge),
                    kind="handover",
                    detail=fellow.challenge.title,
                )
            )
    hosted = (
        teams_of(user)
        .filter(administration__agents__user=user, administration__agents__confirmed=True)
        .distinct()
        .order_by("title", "pk")
    )
    for challenge in hosted:
        if services.awaits_confirmation(services.handover_of(challenge)):
            todos.append(
                Todo(
                    _("Confirmer le plan de pérennisation"),
                    reverse("programme:handover_confirm", kwargs={"challenge": challenge.pk}),
                    kind="handover",
                    detail=challenge.title,
                )
            )
    return todos
