"""« Mon programme » and the team space (/programme/, /programme/equipes/<challenge>/).

Who reaches what is eig.programme.access: a person outside the team gets 404 on every team page
(they do not learn it exists). « Mon programme » belongs to whoever `eig.web.common.spaces.
in_programme` names: fellows and mentors by their role (between teams, or once their programme
ended, the page says why it is empty) and agents whose administration hosts a team; anyone else,
staff included (their overview is /equipe/programme/<promotion>/), gets 404.

On the team page: its members and contacts, the contract the call states, the objectives (at most
four) with their chart and measures, the documents and links. Fellows, mentors and staff keep the
objectives and add measures; every member adds a document or a link; its adder or staff remove
it. Deleting an objective or removing a resource goes through a confirmation page. Each change is
one service of eig.programme.team; its DomainError is shown as a form error, keeping what was typed.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eig.accounts.two_factor import has_two_factor
from eig.alumni import queries as alumni_queries
from eig.challenges.models import Challenge
from eig.content import stories
from eig.core.errors import DomainError
from eig.files.services import upload_limit
from eig.programme import queries, team
from eig.programme.access import STAFF_PART, Membership, membership
from eig.programme.models import Measure, Objective, Resource
from eig.web.common import spaces
from eig.web.common.two_factor import set_up_two_factor

from .todo import Todo, register_todo, todos_for

# A number typed the French way (« 12,5 »): a text input with the decimal keypad on phones.
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})
LINK_KINDS = [(k.value, k.label) for k in (Resource.Kind.REPOSITORY, Resource.Kind.DATASET, Resource.Kind.LINK)]


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Objectif"), max_length=300)
    indicator = forms.CharField(
        label=gettext_lazy("Indicateur"),
        max_length=300,
        help_text=gettext_lazy(
            "Ce que l'on mesure pour suivre l'objectif, par exemple « démarches traitées par mois »."
        ),
    )
    unit = forms.CharField(label=gettext_lazy("Unité (facultatif)"), max_length=40, required=False)
    # localize: a French decimal comma is read (« 12,5 »).
    baseline = forms.FloatField(label=gettext_lazy("Valeur de départ"), initial=0, localize=True, widget=DECIMAL)
    target = forms.FloatField(label=gettext_lazy("Cible"), localize=True, widget=DECIMAL)
    target_date = forms.DateField(
        label=gettext_lazy("Échéance (facultatif)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MeasureForm(forms.Form):
    value = forms.FloatField(label=gettext_lazy("Valeur mesurée"), localize=True, widget=DECIMAL)
    on = forms.DateField(
        label=gettext_lazy("Date de la mesure"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    course = forms.ChoiceField(label=gettext_lazy("Trajectoire"), choices=Measure.Course.choices)
    note = forms.CharField(label=gettext_lazy("Commentaire (facultatif)"), max_length=500, required=False)


class LinkForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Type de lien"), choices=LINK_KINDS)
    url = forms.CharField(
        label=gettext_lazy("Adresse"),
        max_length=500,
        help_text=gettext_lazy("Une adresse complète commençant par https://"),
        widget=forms.URLInput,
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titre (facultatif)"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("Document"))


# --- Helpers ---------------------------------------------------------------------------------------


def _team(request, challenge_id: int) -> tuple[Challenge, Membership]:
    """The team and the person's parts in it, or 404 (a challenge that does not exist, or not theirs)."""
    try:
        challenge = queries.team_challenge(challenge_id)
    except Challenge.DoesNotExist:
        raise Http404 from None
    return challenge, membership(request.user, challenge)


STAFF_TWO_FACTOR_MESSAGE = gettext_lazy(
    "Les pages des équipes lues par l'équipe du programme exigent la double authentification : "
    "activez une application d'authentification pour continuer."
)


def team_view(methods: list[str]):
    """A page of a team: signed in, then a member (404 otherwise: before the method's check, so a
    non-member learns nothing from a 405), then one of `methods`. The view gets the challenge and
    the person's Membership instead of the challenge's id."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, challenge, **kwargs):
            challenge, member = _team(request, challenge)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if member.parts == {STAFF_PART} and not has_two_factor(request.user):
                # Staff outside the team read it as the programme team: with a second factor, as on /equipe/.
                return set_up_two_factor(request, STAFF_TWO_FACTOR_MESSAGE)
            return view(request, challenge, member, **kwargs)

        return wrapper

    return decorate


READ, FORM, WRITE = ["GET", "HEAD"], ["GET", "HEAD", "POST"], ["POST"]


def _team_url(challenge, anchor: str = "") -> str:
    return reverse("programme:team", kwargs={"challenge": challenge.pk}) + (f"#{anchor}" if anchor else "")


def _crumbs(request, member: Membership) -> dict:
    """The team page's parent: « Mon programme », or the promotion's overview for staff who are not members."""
    if member.parts == {"staff"}:
        promotion = member.challenge.promotion
        return {
            "parent_url": reverse("staff:programme_overview", kwargs={"promotion": promotion.slug}),
            "parent_label": _("Promotion %(promotion)s : les équipes") % {"promotion": promotion},
        }
    return {"parent_url": reverse("programme:home"), "parent_label": _("Mon programme")}


def _sub_crumbs(request, member: Membership) -> dict:
    """The parents of a page under the team page: its parent, then the team page."""
    crumbs = _crumbs(request, member)
    return {**crumbs, "parent2_url": _team_url(member.challenge), "parent2_label": member.challenge.title}


def _may_edit_objectives(member: Membership) -> None:
    if not member.may_edit_objectives:
        raise Http404


def _render_team(request, challenge, member, *, measure_form=None, link_form=None, document_form=None, status=200):
    page = queries.team_page(challenge)
    for resource in page.resources:
        resource.removable = team.may_remove(resource, request.user)
    objectives = []
    for objective in page.objectives:
        form = measure_form if measure_form is not None and measure_form.objective_id == objective.pk else None
        objectives.append(
            {
                "objective": objective,
                "measures": list(objective.measures.all()),
                "form": form or MeasureForm(prefix=f"measure-{objective.pk}", initial={"on": timezone.localdate()}),
            }
        )
    return render(
        request,
        "programme/team.html",
        {
            "title": challenge.title,
            "membership": member,
            "page": page,
            "objectives": objectives,
            "link_form": link_form or LinkForm(auto_id="link-%s"),
            "document_form": document_form or DocumentForm(auto_id="document-%s"),
            "upload_limit_mb": upload_limit() // (1024 * 1024),
            **_crumbs(request, member),
        },
        status=status,
    )


# --- « Mon programme » -----------------------------------------------------------------------------


@register_todo
def objectives_to_set(user, today):
    """A team with no objective yet: its fellows and mentors set them (the call asks for up to four)."""
    return [
        Todo(
            _("Fixer les objectifs de l'équipe %(team)s") % {"team": challenge.title},
            _team_url(challenge, "objectifs"),
            kind="team",
        )
        for challenge in queries.teams_without_objectives(user)
    ]


@require_safe
@login_required
def home(request):
    teams = queries.my_teams(request.user)
    # Stories (eig.content.stories): alumni propose them too, even without a team or a role here.
    may_propose_story = stories.may_propose(request.user)
    if not teams and not spaces.in_programme(request.user) and not may_propose_story:
        raise Http404
    return render(
        request,
        "programme/home.html",
        {
            "title": _("Mon programme"),
            "teams": teams,
            "is_fellow": any(item.fellow for item in teams),
            # Former fellows of a closed promotion: the alumni's pages (eig.web.alumni).
            "is_alumnus": alumni_queries.is_alumnus(request.user),
            "todos": todos_for(request.user, timezone.localdate()),
            "may_propose_story": may_propose_story,
        },
    )


# --- The team page -----------------------------------------------------------------------------------


@team_view(READ)
def team_page(request, challenge, member):
    return _render_team(request, challenge, member)


@team_view(FORM)
def objective_form(request, challenge, member, objective=None):
    """Create an objective (at most four) or change one: fellows, mentors and staff."""
    _may_edit_objectives(member)
    instance = get_object_or_404(Objective, pk=objective, challenge=challenge) if objective else None
    initial = None
    if instance is not None:
        initial = {f: getattr(instance, f) for f in ("title", "indicator", "unit", "baseline", "target", "target_date")}
    form = ObjectiveForm(request.POST or None, initial=initial, auto_id="objective-%s")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = team.save_objective(challenge, objective=instance, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Objectif enregistré : %(title)s") % {"title": saved.title})
                return redirect(_team_url(challenge, f"objectif-{saved.pk}"))
        status = 400
    title = _("Modifier l'objectif") if instance else _("Ajouter un objectif")
    return render(
        request,
        "programme/objective_form.html",
        {
            "title": title,
            "membership": member,
            "form": form,
            "objective": instance,
            "cancel_url": _team_url(challenge, "objectifs"),
            **_sub_crumbs(request, member),
        },
        status=status,
    )


@team_view(FORM)
def objective_delete(request, challenge, member, objective):
    _may_edit_objectives(member)
    objective = get_object_or_404(Objective, pk=objective, challenge=challenge)
    if request.method == "POST" and request.POST.get("confirm"):
        team.delete_objective(objective, by=request.user)
        messages.success(request, _("Objectif supprimé : %(title)s") % {"title": objective.title})
        return redirect(_team_url(challenge, "objectifs"))
    count = objective.measures.count()
    return render(
        request,
        "programme/confirm.html",
        {
            "title": _("Supprimer l'objectif « %(title)s »") % {"title": objective.title},
            "membership": member,
            "confirm_title": _("Supprimer cet objectif ?"),
            "consequences": [
                _("L'objectif « %(title)s » et ses %(count)s mesures seront supprimés pour toute l'équipe.")
                % {"title": objective.title, "count": count},
                _("La suppression est définitive."),
            ],
            "confirm_action": reverse(
                "programme:team_objective_delete", kwargs={"challenge": challenge.pk, "objective": objective.pk}
            ),
            "hidden": [],
            "confirm_label": _("Supprimer l'objectif"),
            "cancel_url": _team_url(challenge, f"objectif-{objective.pk}"),
            "cancel_label": _("Revenir à l'équipe"),
            **_sub_crumbs(request, member),
        },
    )


@team_view(WRITE)
def measure_add(request, challenge, member, objective):
    _may_edit_objectives(member)
    objective = get_object_or_404(Objective, pk=objective, challenge=challenge)
    form = MeasureForm(request.POST, prefix=f"measure-{objective.pk}")
    form.objective_id = objective.pk
    if form.is_valid():
        try:
            team.add_measure(objective, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mesure ajoutée à l'objectif « %(title)s ».") % {"title": objective.title})
            return redirect(_team_url(challenge, f"objectif-{objective.pk}"))
    return _render_team(request, challenge, member, measure_form=form, status=400)


@team_view(WRITE)
def link_add(request, challenge, member):
    form = LinkForm(request.POST, auto_id="link-%s")
    if form.is_valid():
        try:
            team.add_link(challenge, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, _("Lien ajouté : %(title)s") % {"title": form.cleaned_data["title"]})
            return redirect(_team_url(challenge, "ressources"))
    return _render_team(request, challenge, member, link_form=form, status=400)


@team_view(WRITE)
def document_add(request, challenge, member):
    form = DocumentForm(request.POST, request.FILES, auto_id="document-%s")
    if form.is_valid():
        try:
            resource = team.add_document(
                challenge, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"], by=request.user
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Document déposé : %(title)s") % {"title": resource.title})
            return redirect(_team_url(challenge, "ressources"))
    return _render_team(request, challenge, member, document_form=form, status=400)


@team_view(FORM)
def resource_remove(request, challenge, member, resource):
    resource = get_object_or_404(Resource, pk=resource, challenge=challenge)
    if not team.may_remove(resource, request.user):
        raise Http404
    if request.method == "POST" and request.POST.get("confirm"):
        team.remove_resource(resource, by=request.user)
        messages.success(request, _("Retiré de l'équipe : %(title)s") % {"title": resource.title})
        return redirect(_team_url(challenge, "ressources"))
    return render(
        request,
        "programme/confirm.html",
        {
            "title": _("Retirer « %(title)s »") % {"title": resource.title},
            "membership": member,
            "confirm_title": _("Retirer cet élément des documents et liens de l'équipe ?"),
            "consequences": [
                _("« %(title)s » ne figurera plus sur la page de l'équipe.") % {"title": resource.title},
            ],
            "confirm_action": reverse(
                "programme:team_resource_remove", kwargs={"challenge": challenge.pk, "resource": resource.pk}
            ),
            "hidden": [],
            "confirm_label": _("Retirer"),
            "cancel_url": _team_url(challenge, "ressources"),
            "cancel_label": _("Revenir à l'équipe"),
            **_sub_crumbs(request, member),
        },
    )
