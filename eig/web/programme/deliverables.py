"""The team's deliverables (/programme/equipes/<challenge>/realisations/): what the team produced.

The team's fellows declare a deliverable (a source repository, an open dataset, a product in
service, a publication or talk, the demo day's video or slides), correct it, withdraw it until it is
published; its mentors, its host and staff read the list (staff review on /equipe/, eig/web/staff/
programme/deliverables.py). Anyone else gets 404, as on every team page; a member who is not a
fellow of the team gets 404 on the forms too. Each change is one service of eig.results.deliverables,
its DomainError shown as a form error with what was typed kept.

A fellow whose team has a deliverable returned by the programme team finds it in « Mon programme ».
"""

from django import forms
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.core.errors import DomainError
from eig.programme.access import Membership, live_fellows
from eig.results import deliverables as services
from eig.results.models import Deliverable
from eig.results.states import DELIVERABLE

from .retrospectives import team_crumbs
from .team import FORM, team_view
from .todo import Todo, register_todo

# The team reads first what it has to correct, then what waits for the programme team, then what is public.
STATUS_ORDER = Case(
    When(status=Deliverable.Status.RETURNED, then=Value(0)),
    When(status=Deliverable.Status.PROPOSED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class DeliverableForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type de réalisation"), choices=Deliverable.Kind.choices)
    title_fr = forms.CharField(label=gettext_lazy("Titre en français"), max_length=services.TITLE_MAX)
    title_en = forms.CharField(
        label=gettext_lazy("Titre en anglais (facultatif)"),
        max_length=services.TITLE_MAX,
        required=False,
        help_text=gettext_lazy("Sans traduction, la page anglaise du défi montre le titre français."),
    )
    description_fr = forms.CharField(
        label=gettext_lazy("Description courte en français"),
        max_length=services.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Ce que c'est et à qui cela sert, en quelques phrases (600 caractères au plus)."),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description courte en anglais (facultatif)"),
        max_length=services.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.CharField(
        label=gettext_lazy("Adresse"),
        max_length=services.URL_MAX,
        widget=forms.URLInput,
        help_text=gettext_lazy(
            "Une adresse complète commençant par https:// : le dépôt sur la forge, la page du jeu de "
            "données (data.gouv.fr ou autre), le service, la publication, la vidéo."
        ),
    )
    licence = forms.CharField(
        label=gettext_lazy("Licence (obligatoire pour un dépôt de code source)"),
        max_length=services.LICENCE_MAX,
        required=False,
        help_text=gettext_lazy("Par exemple MIT, AGPL-3.0, EUPL-1.2, Licence Ouverte 2.0."),
    )
    users = forms.IntegerField(
        label=gettext_lazy("Nombre d'utilisateurs (service en production, facultatif)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy(
            "Les utilisateurs et utilisatrices du service : ils s'ajoutent aux chiffres clés du défi."
        ),
    )

    FIELDS = ("kind", "title_fr", "title_en", "description_fr", "description_en", "url", "licence", "users")

    @classmethod
    def of(cls, deliverable: Deliverable, data=None) -> "DeliverableForm":
        initial = {name: getattr(deliverable, name) for name in cls.FIELDS}
        return cls(data, initial=initial, auto_id="deliverable-%s")


def _list_url(challenge, anchor: str = "") -> str:
    url = reverse("programme:deliverables", kwargs={"challenge": challenge.pk})
    return url + (f"#{anchor}" if anchor else "")


def _fellows_only(member: Membership) -> None:
    """The forms are the team's fellows': its mentors, host and staff read the list only."""
    if not member.is_fellow:
        raise Http404


def _deliverable(challenge, pk) -> Deliverable:
    return get_object_or_404(Deliverable, pk=pk, challenge=challenge)


@register_todo
def returned_deliverables(user, today):
    """A deliverable the programme team returned to the team: its fellows correct it (one query)."""
    returned = (
        Deliverable.objects.filter(
            status=Deliverable.Status.RETURNED,
            challenge__in=live_fellows().filter(user=user).values("challenge_id"),
        )
        .select_related("challenge")
        .order_by("challenge__title", "id")
    )
    return [
        Todo(
            _("Corriger la réalisation « %(title)s » renvoyée par l'équipe du programme") % {"title": item.title},
            reverse("programme:deliverable_edit", kwargs={"challenge": item.challenge_id, "deliverable": item.pk}),
            kind="deliverables",
            detail=item.challenge.title,
        )
        for item in returned
    ]


@team_view(FORM)
def deliverable_list(request, challenge, member):
    """The team's deliverables, and the form to declare one (the team's fellows)."""
    form = None
    status = 200
    if member.is_fellow:
        form = DeliverableForm(request.POST or None, auto_id="deliverable-%s")
    if request.method == "POST":
        _fellows_only(member)
        if form.is_valid():
            try:
                deliverable = services.propose(challenge, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Réalisation déclarée : « %(title)s ». L'équipe du programme la relira avant de la publier.")
                    % {"title": deliverable.title},
                )
                return redirect(_list_url(challenge, f"realisation-{deliverable.pk}"))
        status = 400
    rows = list(Deliverable.objects.filter(challenge=challenge).order_by(STATUS_ORDER, "kind", "id"))
    return render(
        request,
        "programme/deliverables/list.html",
        {
            "title": _("Réalisations — %(team)s") % {"team": challenge.title},
            "membership": member,
            "rows": [
                {
                    "deliverable": deliverable,
                    "withdrawable": DELIVERABLE.is_in(deliverable.status, "withdrawable"),
                }
                for deliverable in rows
            ],
            "form": form,
            **team_crumbs(member),
        },
        status=status,
    )


@team_view(FORM)
def deliverable_edit(request, challenge, member, deliverable):
    _fellows_only(member)
    deliverable = _deliverable(challenge, deliverable)
    form = DeliverableForm.of(deliverable, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            was_published = deliverable.status == Deliverable.Status.PUBLISHED
            try:
                services.edit(deliverable, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                if was_published and deliverable.status == Deliverable.Status.PUBLISHED:
                    messages.info(request, _("Réalisation inchangée : elle reste publiée."))
                elif was_published:
                    messages.warning(
                        request,
                        _(
                            "Réalisation modifiée : elle est retirée de la page publique du défi jusqu'à ce que "
                            "l'équipe du programme la relise."
                        ),
                    )
                else:
                    messages.success(request, _("Réalisation modifiée : l'équipe du programme la relira."))
                return redirect(_list_url(challenge, f"realisation-{deliverable.pk}"))
        status = 400
    return render(
        request,
        "programme/deliverables/edit.html",
        {
            "title": _("Modifier la réalisation « %(title)s »") % {"title": deliverable.title},
            "membership": member,
            "deliverable": deliverable,
            "form": form,
            "cancel_url": _list_url(challenge, f"realisation-{deliverable.pk}"),
            **_sub_crumbs(member),
        },
        status=status,
    )


@team_view(FORM)
def deliverable_withdraw(request, challenge, member, deliverable):
    _fellows_only(member)
    deliverable = _deliverable(challenge, deliverable)
    back = _list_url(challenge, f"realisation-{deliverable.pk}")
    if not DELIVERABLE.is_in(deliverable.status, "withdrawable"):
        messages.error(
            request,
            _(
                "Cette réalisation est publiée sur la page du défi : demandez à l'équipe du programme "
                "de la retirer de la publication avant de la supprimer."
            ),
        )
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            services.withdraw(deliverable, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, _("Réalisation retirée : « %(title)s ».") % {"title": deliverable.title})
        return redirect(_list_url(challenge))
    return render(
        request,
        "programme/deliverables/withdraw.html",
        {
            "title": _("Retirer la réalisation « %(title)s »") % {"title": deliverable.title},
            "membership": member,
            "confirm_title": _("Retirer cette réalisation ?"),
            "consequences": [
                _("« %(title)s » sera supprimée des réalisations de l'équipe ; l'équipe du programme ne la relira pas.")
                % {"title": deliverable.title},
                _("La suppression est définitive : pour la proposer à nouveau, il faudra la déclarer de nouveau."),
            ],
            "confirm_action": reverse(
                "programme:deliverable_withdraw", kwargs={"challenge": challenge.pk, "deliverable": deliverable.pk}
            ),
            "hidden": [],
            "confirm_label": _("Retirer la réalisation"),
            "cancel_url": back,
            "cancel_label": _("Revenir aux réalisations"),
            **_sub_crumbs(member),
        },
    )


def _sub_crumbs(member: Membership) -> dict:
    """A page under the team's deliverables: back to the team, then to its deliverables (the
    breadcrumb has two parents: the team stands for « Mon programme » there)."""
    challenge = member.challenge
    return {
        **team_crumbs(member),
        "parent_url": reverse("programme:team", kwargs={"challenge": challenge.pk}),
        "parent_label": challenge.title,
        "parent2_url": _list_url(challenge),
        "parent2_label": _("Réalisations"),
    }
