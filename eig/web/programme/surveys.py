"""The questionnaires' pages of the people asked (/programme/questionnaires/).

« Mes questionnaires » lists the person's surveys (to answer, answered on a day, closed) and says
what « anonyme » and « nominatif » mean for them. Answering is a dossier of the kit
(eig.results.surveys): `SurveySpace` mounts the shared dossier pages under
/programme/questionnaires/dossiers/<number>/ with URL names prefixed « survey_ »; only its author
reaches a draft (404 otherwise). The submit is this module's (`submit`), not the kit's: it records
a Response (eig.results.surveys.submit_response), and an anonymous survey's draft is erased on
submit, so there is no receipt to show — the person goes back to « Mes questionnaires » with a
thank-you; a named survey shows the kit's receipt.

While a survey is open and the person has not answered, « Répondre au questionnaire … » is a to-do
of « Mon programme » (eig/web/programme/todo.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eig.calls.models import Call, Dossier
from eig.core.errors import DomainError
from eig.results import surveys
from eig.results.models import Participation, Survey
from eig.web.common import spaces
from eig.web.dossiers.pages import first_step_url, resume_url
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from .todo import Todo, register_todo


class SurveySpace(DossierSpace):
    namespace = "programme"
    prefix = "questionnaires/dossiers/<str:number>/"
    name_prefix = "survey_"
    overview_name = "dossier"
    home_name = "surveys"
    home_label = gettext_lazy("Mes questionnaires")
    back_label = gettext_lazy("Revenir au questionnaire")
    templates = {
        "step": "programme/surveys/step.html",
        "overview": "programme/surveys/overview.html",
        "receipt": "programme/surveys/receipt.html",
    }
    titles = {
        "step": gettext_lazy("%(step)s — %(call)s"),
        "overview": gettext_lazy("%(call)s : vérifier et déposer"),
        "receipt": gettext_lazy("%(call)s : réponses déposées"),
    }
    menu = gettext_lazy("%(call)s")

    def get_dossier(self, request, number) -> Dossier:
        """The person's own answers to a survey; anyone else's do not exist for them (404)."""
        return get_object_or_404(
            Dossier.objects.select_related("call__survey", "call__promotion"),
            number=number,
            owner=request.user,
            shared=False,
            call__kind=Call.Kind.SURVEY,
        )

    def _words(self, dossier, step=None) -> dict:
        return {"call": dossier.call.title, "number": dossier.number, "step": step.title if step is not None else ""}

    def title(self, page, dossier, step=None) -> str:
        return self.titles[page] % self._words(dossier, step)

    def menu_title(self, dossier) -> str:
        return self.menu % self._words(dossier)

    def locked_reason(self, dossier, now=None) -> str:
        if dossier.status == Dossier.Status.SUBMITTED:
            return _("Vous avez répondu à ce questionnaire : vos réponses ne changent plus.")
        if is_editable(dossier, now):
            return ""
        if (now or timezone.now()) < dossier.call.opens_at:
            return _("Ce questionnaire n'est pas encore ouvert.")
        return _("Ce questionnaire est clos : il ne reçoit plus de réponses.")

    def submit(self, dossier, *, by):
        return surveys.submit_response(dossier, by=by)

    def context(self, page, request, dossier, shown) -> dict:
        return {"survey": dossier.call.survey}


SPACE = SurveySpace()


# --- « Mes questionnaires » -------------------------------------------------------------------------


def _state(participation: Participation, now) -> str:
    call = participation.survey.call
    if participation.answered_on is not None:
        return "answered"
    if now < call.opens_at:
        return "upcoming"
    if now >= call.closes_at:
        return "closed"
    return "open"


def _resume(dossier: Dossier) -> str:
    """Where a draft resumes, with no query: its last step saved, else its overview (its steps)."""
    if dossier.last_step:
        return SPACE.url("step", dossier.number, dossier.last_step)
    return SPACE.overview_url(dossier)


@require_safe
@login_required
def my_surveys(request):
    """The person's surveys, the latest first; 404 to whoever is asked none and is outside the programme."""
    now = timezone.now()
    participations = list(
        Participation.objects.filter(user=request.user)
        .select_related("survey__call")
        .order_by("-survey__call__opens_at", "-pk")
    )
    if not participations and not spaces.in_programme(request.user):
        raise Http404
    drafts = {
        d.call_id: d
        for d in Dossier.objects.filter(
            owner=request.user, call_id__in=[p.survey.call_id for p in participations], shared=False, period=""
        )
    }
    rows = []
    for participation in participations:
        dossier = drafts.get(participation.survey.call_id)
        rows.append(
            {
                "participation": participation,
                "survey": participation.survey,
                "state": _state(participation, now),
                "dossier": dossier,
                "resume_url": _resume(dossier) if dossier is not None else "",
            }
        )
    return render(
        request,
        "programme/surveys/mine.html",
        {
            "title": _("Mes questionnaires"),
            "rows": rows,
            "space": SPACE,
            "parent_url": reverse("programme:home"),
            "parent_label": _("Mon programme"),
        },
    )


@login_required
def start(request, survey):
    """Start (or resume) the person's answers, then the first step. Whoever the survey does not ask
    gets 404, before the method's check (POST only)."""
    survey = get_object_or_404(Survey.objects.select_related("call"), pk=survey)
    if surveys.participation_of(survey, request.user) is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        dossier = surveys.start_response(survey, request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("programme:surveys")
    return redirect(resume_url(SPACE, dossier) if dossier.last_step else first_step_url(SPACE, dossier))


@require_POST
@login_required
def submit(request, number):
    """The survey's submit (in place of the kit's): a named survey shows the kit's receipt; an
    anonymous one has none (its draft is erased): back to « Mes questionnaires » with a thank-you."""
    dossier = SPACE.get_dossier(request, number)
    try:
        response = SPACE.submit(dossier, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(SPACE.overview_url(dossier))
    if response.dossier_id is None:
        messages.success(
            request,
            _("Merci ! Vos réponses sont enregistrées, sans aucun lien avec vous : votre brouillon est effacé."),
        )
        return redirect("programme:surveys")
    messages.success(request, _("Merci ! Vos réponses sont enregistrées."))
    version = Dossier.objects.values_list("version", flat=True).get(pk=dossier.pk)
    return redirect(SPACE.url("receipt", dossier.number, version))


# --- « Mon programme »: a survey to answer ---------------------------------------------------------------


@register_todo
def survey_todos(user, today) -> list[Todo]:
    """« Répondre au questionnaire … » while it is open and the person has not answered (one query)."""
    now = timezone.now()
    waiting = (
        Participation.objects.filter(
            user=user, answered_on__isnull=True, survey__call__opens_at__lte=now, survey__call__closes_at__gt=now
        )
        .select_related("survey__call")
        .order_by("survey__call__closes_at", "pk")
    )
    url = reverse("programme:surveys")
    return [
        Todo(
            _("Répondre au questionnaire « %(title)s »") % {"title": p.survey.call.title},
            f"{url}#questionnaire-{p.survey_id}",
            kind="survey",
            detail=_("Jusqu'au %(date)s")
            % {"date": formats.date_format(timezone.localtime(p.survey.call.closes_at), "j F Y")},
        )
        for p in waiting
    ]
