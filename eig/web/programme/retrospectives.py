"""The weekly retrospectives' pages (/programme/bilans/, /programme/equipes/<challenge>/bilans/).

A fellow's retrospective is a dossier of the kit: `RetrospectiveSpace` mounts the shared dossier
pages (eig.web.dossiers) under /programme/bilans/<number>/, with URL names prefixed
« retrospective_ » (the onboarding's spaces share the « programme » namespace). Only its author
reaches a retrospective's dossier there (404 otherwise); it no longer changes once the fellow has
left or the form has closed. « Mes bilans » lists the fellow's weeks, the current first, and starts
a week's retrospective (POST).

The team page of the retrospectives shows them week by week, read as every reader of a dossier
reads it (its submitted version, eig.calls.display), to every part of the team: those marked for
the programme team only are shown to staff and their author alone (access.readable_retrospectives).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eig.calls.models import Call, Dossier
from eig.core.errors import DomainError
from eig.programme import retrospective_queries as queries
from eig.programme import retrospectives
from eig.programme.access import Membership
from eig.programme.models import Fellow, Retrospective
from eig.programme.states import FELLOW
from eig.programme.weeks import current_week, period_of, week_from_period, week_label, week_of
from eig.web.dossiers.pages import first_step_url
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from .team import READ, team_view
from .todo import Todo, register_todo

# Weeks shown per page of a team's retrospectives.
WEEKS_PER_PAGE = 4


class RetrospectiveSpace(DossierSpace):
    namespace = "programme"
    prefix = "bilans/<str:number>/"
    name_prefix = "retrospective_"
    overview_name = "dossier"
    home_name = "retrospectives"
    home_label = gettext_lazy("Mes bilans")
    back_label = gettext_lazy("Revenir au bilan")
    templates = {
        "step": "programme/retrospectives/step.html",
        "overview": "programme/retrospectives/overview.html",
        "receipt": "programme/retrospectives/receipt.html",
    }
    titles = {
        "step": gettext_lazy("%(step)s — bilan de la %(week)s"),
        "overview": gettext_lazy("Bilan de la %(week)s"),
        "receipt": gettext_lazy("Bilan de la %(week)s déposé"),
    }
    menu = gettext_lazy("Bilan de la %(week)s")

    def get_dossier(self, request, number) -> Dossier:
        """The signed-in fellow's own retrospective, or 404: another's does not exist for them."""
        return get_object_or_404(
            Dossier.objects.select_related("call__promotion", "retrospective__fellow"),
            number=number,
            owner=request.user,
            shared=False,
            call__kind=Call.Kind.RETROSPECTIVE,
            retrospective__isnull=False,
        )

    def _words(self, dossier, step=None) -> dict:
        week = dossier.retrospective.week
        return {"week": week_label(week), "number": dossier.number, "step": step.title if step is not None else ""}

    def title(self, page, dossier, step=None) -> str:
        return self.titles[page] % self._words(dossier, step)

    def menu_title(self, dossier) -> str:
        return self.menu % self._words(dossier)

    def locked_reason(self, dossier, now=None) -> str:
        if FELLOW.is_in(dossier.retrospective.fellow.status, "gone"):
            return _(
                "Vous avez quitté le programme : vos bilans restent consultables mais ne peuvent plus être modifiés."
            )
        if not is_editable(dossier, now):
            return _(
                "Les bilans de cette promotion sont clos : celui-ci reste consultable mais ne peut plus être modifié."
            )
        return ""

    def submit(self, dossier, *, by):
        return retrospectives.submit_retrospective(dossier.retrospective, by=by)

    def context(self, page, request, dossier, shown) -> dict:
        retrospective = dossier.retrospective
        return {"retrospective": retrospective, "period": period_of(retrospective.week)}


SPACE = RetrospectiveSpace()


# --- « Mes bilans » ----------------------------------------------------------------------------------


def _fellowships(user) -> list[Fellow]:
    fellows = list(Fellow.objects.filter(user=user).select_related("promotion", "challenge").order_by("-created_at"))
    if not fellows:
        raise Http404
    return fellows


@require_safe
@login_required
def my_retrospectives(request):
    now = timezone.now()
    fellowships = [
        {
            "fellow": fellow,
            "writes": FELLOW.is_in(fellow.status, "writes_retrospectives"),
            "weeks": queries.my_weeks(fellow, now),
        }
        for fellow in _fellowships(request.user)
    ]
    return render(
        request,
        "programme/retrospectives/mine.html",
        {
            "title": _("Mes bilans hebdomadaires"),
            "fellowships": fellowships,
            "current": period_of(current_week(now)),
            "space": SPACE,
            "parent_url": reverse("programme:home"),
            "parent_label": _("Mon programme"),
        },
    )


@login_required
def start_retrospective(request, period):
    """Start (or find) a week's retrospective, then its first step. A person who writes none gets 404,
    before the method's check (POST only)."""
    week = week_from_period(period)
    fellow = (
        Fellow.objects.filter(user=request.user, status__in=FELLOW.group("writes_retrospectives"))
        .select_related("promotion")
        .order_by("-created_at")
        .first()
    )
    if week is None or fellow is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        retrospective = retrospectives.open_retrospective(fellow, week, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("programme:retrospectives")
    return redirect(first_step_url(SPACE, retrospective.dossier))


@register_todo
def retrospective_todos(user, today) -> list[Todo]:
    """« Bilan de la semaine à remplir » while this week's is not submitted."""
    week = week_of(today)
    fellow = (
        Fellow.objects.filter(user=user, status__in=FELLOW.group("writes_retrospectives"), started_on__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if fellow is None or week < week_of(fellow.started_on):
        return []
    if Retrospective.objects.filter(fellow=fellow, week=week, submitted_at__isnull=False).exists():
        return []
    url = reverse("programme:retrospectives") + f"#semaine-{period_of(week)}"
    return [Todo(_("Bilan de la semaine à remplir"), url, kind="retrospective", detail=week_label(week))]


# --- The team's retrospectives -------------------------------------------------------------------------


def team_crumbs(member: Membership) -> dict:
    """A team sub-page's parents: « Mon programme » (or the promotion's overview for staff), the team."""
    challenge = member.challenge
    if member.parts == {"staff"}:
        parent = {
            "parent_url": reverse("staff:programme_overview", kwargs={"promotion": challenge.promotion.slug}),
            "parent_label": _("Promotion %(promotion)s : les équipes") % {"promotion": challenge.promotion},
        }
    else:
        parent = {"parent_url": reverse("programme:home"), "parent_label": _("Mon programme")}
    team = {
        "parent2_url": reverse("programme:team", kwargs={"challenge": challenge.pk}),
        "parent2_label": challenge.title,
    }
    return parent | team


@team_view(READ)
def team_retrospectives(request, challenge, member):
    paginator = Paginator(queries.team_weeks(request.user, challenge), WEEKS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    weeks = list(page.object_list)
    return render(
        request,
        "programme/retrospectives/team.html",
        {
            "title": _("Bilans hebdomadaires — %(team)s") % {"team": challenge.title},
            "membership": member,
            "page": page,
            "weeks": queries.team_week_rows(request.user, challenge, weeks),
            "moods": queries.mood_lines(request.user, challenge),
            "mood_weeks": queries.MOOD_WEEKS,
            **team_crumbs(member),
        },
    )
