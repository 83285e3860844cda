"""The programme team's pages of a promotion's results (/equipe/programme/<promotion>/…): the
deliverables the teams declared and the challenges' key figures.

- « Réalisations »: the promotion's deliverables by status, those to read first, each with the
  state of its link (manage.py check_deliverable_links).
- One deliverable: its texts in French and English (saved as they are; a published one's achievement
  follows at once), « Publier » (it becomes an achievement of the challenge's public page),
  « Renvoyer à l'équipe » with a note, « Retirer de la publication » after a confirmation.
- « Chiffres clés »: each challenge's figures computed from its published deliverables and its
  objectives (eig.results.figures), its sourced figures, the form to add one (a source is required)
  and, after a confirmation, the removal of one.

Every page answers 404 to anyone outside the programme team; each POST calls one service of
eig.results (deliverables, key_figures), whose DomainError comes back as a French message.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.challenges.models import Challenge, KeyFigure
from eig.core.errors import DomainError
from eig.results import deliverables as services
from eig.results import figures, key_figures
from eig.results.models import Deliverable
from eig.results.states import DELIVERABLE

from ..permissions import staff_only
from .common import crumbs, promotion_of

Status = Deliverable.Status

# The programme team reads first what waits for it, then what it returned, then what is public.
STATUS_ORDER = Case(
    When(status=Status.PROPOSED, then=Value(0)),
    When(status=Status.RETURNED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
GROUPS = [
    (Status.PROPOSED, gettext_lazy("À relire")),
    (Status.RETURNED, gettext_lazy("Renvoyées aux équipes")),
    (Status.PUBLISHED, gettext_lazy("Publiées sur les pages des défis")),
]


class TextsForm(forms.Form):
    title_fr = forms.CharField(label=gettext_lazy("Titre en français"), max_length=services.TITLE_MAX)
    title_en = forms.CharField(label=gettext_lazy("Titre en anglais"), max_length=services.TITLE_MAX, required=False)
    description_fr = forms.CharField(
        label=gettext_lazy("Description en français"),
        max_length=services.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description en anglais"),
        max_length=services.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Ce que l'équipe doit changer"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Les entrepreneur·es de l'équipe lisent cette remarque avec la réalisation."),
    )


class FigureForm(forms.Form):
    challenge = forms.ModelChoiceField(label=gettext_lazy("Défi"), queryset=Challenge.objects.none())
    amount = forms.CharField(
        label=gettext_lazy("Chiffre"),
        max_length=key_figures.AMOUNT_MAX,
        help_text=gettext_lazy("Tel qu'il s'affiche : « 12 000 », « 30 % », « 3 jours »."),
    )
    description_fr = forms.CharField(
        label=gettext_lazy("Ce qu'il compte, en français"), max_length=key_figures.DESCRIPTION_MAX
    )
    description_en = forms.CharField(
        label=gettext_lazy("Ce qu'il compte, en anglais (facultatif)"),
        max_length=key_figures.DESCRIPTION_MAX,
        required=False,
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=key_figures.SOURCE_MAX,
        help_text=gettext_lazy("D'où vient le chiffre : un rapport, un tableau de bord de l'administration…"),
    )
    source_url = forms.CharField(
        label=gettext_lazy("Adresse de la source (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        help_text=gettext_lazy("Une adresse complète commençant par https://"),
    )

    def __init__(self, promotion, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(promotion=promotion).order_by("title")


def _list_crumbs(promotion) -> dict:
    return crumbs(promotion, "staff:results_deliverables", _("Réalisations"))


def _deliverable_url(deliverable) -> str:
    return reverse(
        "staff:results_deliverable",
        kwargs={"promotion": deliverable.challenge.promotion.slug, "deliverable": deliverable.pk},
    )


def _figures_url(promotion, anchor: str = "") -> str:
    url = reverse("staff:results_figures", kwargs={"promotion": promotion.slug})
    return url + (f"#{anchor}" if anchor else "")


# --- The deliverables ---------------------------------------------------------------------------------


@staff_only
@require_safe
def deliverable_list(request, promotion):
    promotion = promotion_of(promotion)
    rows = list(
        Deliverable.objects.filter(challenge__promotion=promotion)
        .select_related("challenge")
        .order_by(STATUS_ORDER, "challenge__title", "kind", "id")
    )
    groups = [
        {"status": status, "label": label, "rows": [d for d in rows if d.status == status]} for status, label in GROUPS
    ]
    return render(
        request,
        "staff/programme/deliverables.html",
        {
            "title": _("Réalisations — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "groups": groups,
            "total": len(rows),
            "dead": sum(1 for d in rows if d.link_state == Deliverable.LinkState.DEAD),
            **crumbs(promotion),
        },
    )


def _deliverable_page(request, promotion, deliverable, *, texts=None, note=None, status=200):
    return render(
        request,
        "staff/programme/deliverables_detail.html",
        {
            "title": deliverable.title_fr,
            "promotion": promotion,
            "deliverable": deliverable,
            "texts": texts or TextsForm(initial={name: getattr(deliverable, name) for name in TextsForm.base_fields}),
            "note": note or ReturnForm(),
            "may_publish": DELIVERABLE.can_move(deliverable.status, Status.PUBLISHED),
            "may_return": DELIVERABLE.can_move(deliverable.status, Status.RETURNED),
            "published": deliverable.status == Status.PUBLISHED,
            **_list_crumbs(promotion),
        },
        status=status,
    )


def _unpublish_confirmation(request, promotion, deliverable):
    return render(
        request,
        "staff/programme/deliverables_unpublish.html",
        {
            "title": _("Retirer « %(title)s » de la publication") % {"title": deliverable.title_fr},
            "confirm_title": _("Retirer cette réalisation de la page publique du défi ?"),
            "consequences": [
                _(
                    "« %(title)s » ne figurera plus parmi les réalisations de la page publique de « %(team)s » ni dans ses chiffres clés."
                )
                % {"title": deliverable.title_fr, "team": deliverable.challenge.title},
                _(
                    "La réalisation redevient « à relire » : vous pourrez la publier de nouveau ou la renvoyer à l'équipe."
                ),
            ],
            "confirm_action": _deliverable_url(deliverable),
            "hidden": [("action", "unpublish")],
            "confirm_label": _("Retirer de la publication"),
            "cancel_url": _deliverable_url(deliverable),
            "cancel_label": _("Revenir à la réalisation"),
            **_list_crumbs(promotion),
        },
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def deliverable_detail(request, promotion, deliverable):
    promotion = promotion_of(promotion)
    deliverable = get_object_or_404(
        Deliverable.objects.select_related("challenge__promotion", "proposed_by", "published_by"),
        pk=deliverable,
        challenge__promotion=promotion,
    )
    action = request.POST.get("action") if request.method == "POST" else request.GET.get("action")
    if action == "unpublish" and not (request.method == "POST" and request.POST.get("confirm")):
        return _unpublish_confirmation(request, promotion, deliverable)
    if request.method != "POST":
        return _deliverable_page(request, promotion, deliverable)
    if action == "unpublish":
        try:
            services.unpublish(deliverable, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Réalisation retirée de la page publique du défi."))
        return redirect(_deliverable_url(deliverable))
    if action == "return":
        note = ReturnForm(request.POST)
        if note.is_valid():
            try:
                services.return_to_team(deliverable, note.cleaned_data["note"], by=request.user)
            except DomainError as error:
                note.add_error(None, str(error))
            else:
                messages.success(request, _("Réalisation renvoyée à l'équipe avec votre remarque."))
                return redirect(_deliverable_url(deliverable))
        return _deliverable_page(request, promotion, deliverable, note=note, status=400)
    # « Enregistrer » and « Enregistrer et publier »: the texts first, then the publication.
    texts = TextsForm(request.POST)
    if texts.is_valid():
        try:
            # Both or neither: a refused publication keeps the texts as they were.
            with transaction.atomic():
                services.edit(deliverable, by=request.user, as_staff=True, **texts.cleaned_data)
                if action == "publish":
                    services.publish(deliverable, by=request.user)
        except DomainError as error:
            texts.add_error(None, str(error))
        else:
            if action == "publish":
                messages.success(request, _("Réalisation publiée sur la page publique du défi."))
            else:
                messages.success(request, _("Textes de la réalisation enregistrés."))
            return redirect(_deliverable_url(deliverable))
    return _deliverable_page(request, promotion, deliverable, texts=texts, status=400)


# --- The key figures ------------------------------------------------------------------------------------


def _figures_page(request, promotion, form=None, status=200):
    challenges = list(Challenge.objects.filter(promotion=promotion).order_by("title"))
    ids = [challenge.pk for challenge in challenges]
    computed = figures.tallies(ids)
    sourced = {pk: [] for pk in ids}
    for figure in KeyFigure.objects.filter(challenge_id__in=ids).order_by("order", "id"):
        sourced[figure.challenge_id].append(figure)
    rows = [
        {"challenge": challenge, "computed": computed[challenge.pk].figures(), "sourced": sourced[challenge.pk]}
        for challenge in challenges
    ]
    total = figures.Tally(counts={})
    for tally in computed.values():
        total.add(tally)
    return render(
        request,
        "staff/programme/deliverables_figures.html",
        {
            "title": _("Chiffres clés — %(promotion)s") % {"promotion": promotion},
            "promotion": promotion,
            "rows": rows,
            "totals": total.figures(),
            "form": form or FigureForm(promotion, auto_id="figure-%s"),
            **crumbs(promotion),
        },
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def figure_list(request, promotion):
    promotion = promotion_of(promotion)
    if request.method != "POST":
        return _figures_page(request, promotion)
    form = FigureForm(promotion, request.POST, auto_id="figure-%s")
    if form.is_valid():
        values = dict(form.cleaned_data)
        challenge = values.pop("challenge")
        try:
            figure = key_figures.add_figure(challenge, by=request.user, **values)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Chiffre clé ajouté à « %(team)s » : %(amount)s %(description)s")
                % {"team": challenge.title, "amount": figure.amount, "description": figure.description_fr},
            )
            return redirect(_figures_url(promotion, f"defi-{challenge.pk}"))
    return _figures_page(request, promotion, form=form, status=400)


@staff_only
@require_POST
def figure_remove(request, promotion, figure):
    """POST without « confirm »: the confirmation page; with it, the removal."""
    promotion = promotion_of(promotion)
    figure = get_object_or_404(KeyFigure.objects.select_related("challenge"), pk=figure, challenge__promotion=promotion)
    if request.POST.get("confirm"):
        key_figures.remove_figure(figure, by=request.user)
        messages.success(
            request,
            _("Chiffre clé retiré de « %(team)s » : %(amount)s %(description)s")
            % {"team": figure.challenge.title, "amount": figure.amount, "description": figure.description_fr},
        )
        return redirect(_figures_url(promotion, f"defi-{figure.challenge_id}"))
    return render(
        request,
        "staff/programme/deliverables_figure_remove.html",
        {
            "title": _("Retirer un chiffre clé de « %(team)s »") % {"team": figure.challenge.title},
            "confirm_title": _("Retirer ce chiffre clé ?"),
            "consequences": [
                _("« %(amount)s %(description)s » (source : %(source)s) ne figurera plus sur la page publique du défi.")
                % {"amount": figure.amount, "description": figure.description_fr, "source": figure.source or "—"},
                _("Le retrait est définitif : pour le montrer de nouveau, il faudra l'ajouter de nouveau."),
            ],
            "confirm_action": reverse(
                "staff:results_figure_remove", kwargs={"promotion": promotion.slug, "figure": figure.pk}
            ),
            "hidden": [],
            "confirm_label": _("Retirer le chiffre clé"),
            "cancel_url": _figures_url(promotion, f"defi-{figure.challenge_id}"),
            "cancel_label": _("Revenir aux chiffres clés"),
            **crumbs(promotion, "staff:results_figures", _("Chiffres clés")),
        },
    )
