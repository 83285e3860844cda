"""The programme team's pages of the alumni network (/equipe/anciens/).

The list of every alumnus (filter by promotion): their consent to the directory and its date,
their contact preference, the invitations sent to them and their states; the invitation form
(to review a grid's dossiers, sit on a jury, mentor a team, with a message); withdrawing an
invitation still waiting for its answer, after a confirmation. Every page answers 404 to anyone
outside the programme team; each POST calls one service of eig.alumni.services, whose
DomainError comes back as a French message, what was typed kept.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.alumni import queries, services
from eig.alumni.models import Alumnus, Invitation
from eig.alumni.services import MESSAGE_MAX
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.juries.models import Jury
from eig.programme.models import Mentor
from eig.reviews.models import Grid

from ..permissions import staff_only

PAGE_SIZE = 50
Kind = Invitation.Kind


def _crumbs(inside: bool = False) -> dict:
    found = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if inside:
        found |= {"parent2_url": reverse("staff:alumni"), "parent2_label": _("Anciens du programme")}
    return found


# --- The list ------------------------------------------------------------------------------------


class PromotionFilter(forms.Form):
    promotion = forms.TypedChoiceField(label=gettext_lazy("Promotion"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, promotions):
        super().__init__(data)
        self.fields["promotion"].choices = [("", gettext_lazy("Toutes"))] + [(p.pk, str(p)) for p in promotions]

    def value(self):
        return self.cleaned_data.get("promotion") if self.is_valid() else None


@staff_only
@require_safe
def alumni_list(request):
    filters = PromotionFilter(request.GET or None, promotions=queries.alumni_promotions())
    promotion = filters.value()
    page = Paginator(queries.staff_alumni(promotion=promotion), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/alumni.html",
        {
            "title": _("Anciens du programme"),
            "filters": filters,
            "page_obj": page,
            "rows": [
                {
                    "alumnus": alumnus,
                    "invitations": [
                        {"invitation": i, "seat": services.describe_seat(i)} for i in alumnus.invitations.all()
                    ],
                }
                for alumnus in page
            ],
            "querystring": f"promotion={promotion}" if promotion else "",
            **_crumbs(),
        },
    )


# --- Inviting ------------------------------------------------------------------------------------


class _GridChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.call.title} — {obj.title}"


class _TeamChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.promotion})"


class InviteForm(forms.Form):
    # The selects carry no help text (includes' _select.html would point to a missing hint): the
    # page says which grids, juries and teams are offered.
    kind = forms.ChoiceField(label=gettext_lazy("Inviter à"), choices=Kind.choices, widget=forms.RadioSelect)
    grid = _GridChoice(
        label=gettext_lazy("Grille d'évaluation (pour évaluer)"),
        queryset=Grid.objects.none(),
        required=False,
    )
    jury = forms.ModelChoiceField(
        label=gettext_lazy("Jury (pour siéger)"),
        queryset=Jury.objects.none(),
        required=False,
    )
    challenge = _TeamChoice(
        label=gettext_lazy("Équipe (pour mentorer)"),
        queryset=Challenge.objects.none(),
        required=False,
    )
    mentor_kind = forms.ChoiceField(
        label=gettext_lazy("Rôle de mentor (pour mentorer)"),
        choices=[("", "—"), *Mentor.Kind.choices],
        required=False,
    )
    message = forms.CharField(
        label=gettext_lazy("Message (facultatif)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Il figure dans le courriel d'invitation et sur la page de la personne."),
    )

    REQUIRED = {
        Kind.REVIEW: [("grid", gettext_lazy("Choisissez la grille d'évaluation."))],
        Kind.JURY: [("jury", gettext_lazy("Choisissez le jury."))],
        Kind.MENTOR: [
            ("challenge", gettext_lazy("Choisissez l'équipe à mentorer.")),
            ("mentor_kind", gettext_lazy("Choisissez le rôle de mentor.")),
        ],
    }

    def __init__(self, data=None, *, now):
        super().__init__(data)
        self.fields["grid"].queryset = (
            Grid.objects.filter(closes_at__gt=now).select_related("call").order_by("closes_at")
        )
        self.fields["jury"].queryset = Jury.objects.filter(results_published_at__isnull=True).order_by("title")
        self.fields["challenge"].queryset = (
            Challenge.objects.filter(status=Challenge.Status.IN_PROGRESS, fellows__isnull=False)
            .select_related("promotion__programme")
            .distinct()
            .order_by("-promotion__year", "title")
        )

    def clean(self):
        cleaned = super().clean()
        for name, message in self.REQUIRED.get(cleaned.get("kind"), []):
            if not cleaned.get(name):
                self.add_error(name, message)
        return cleaned


def _alumnus(pk) -> Alumnus:
    return get_object_or_404(Alumnus.objects.select_related("promotion__programme", "challenge", "user"), pk=pk)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def alumni_invite(request, alumnus):
    alumnus = _alumnus(alumnus)
    now = timezone.now()
    form = InviteForm(request.POST or None, now=now)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = services.invite(
                    alumnus,
                    kind=data["kind"],
                    grid=data["grid"],
                    jury=data["jury"],
                    challenge=data["challenge"],
                    mentor_kind=data["mentor_kind"],
                    message=data["message"],
                    by=request.user,
                    now=now,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Invitation envoyée à %(name)s : %(seat)s.")
                    % {"name": alumnus.name, "seat": services.describe_seat(invitation)},
                )
                return redirect(reverse("staff:alumni") + f"?promotion={alumnus.promotion_id}")
        status = 400
    return render(
        request,
        "staff/alumni_invite.html",
        {
            "title": _("Inviter %(name)s") % {"name": alumnus.name},
            "alumnus": alumnus,
            "form": form,
            **_crumbs(inside=True),
        },
        status=status,
    )


# --- Withdrawing -----------------------------------------------------------------------------------


@staff_only
@require_POST
def alumni_invitation_withdraw(request, invitation):
    invitation = get_object_or_404(
        Invitation.objects.select_related("alumnus", "grid__call", "jury", "challenge"), pk=invitation
    )
    back = reverse("staff:alumni") + f"?promotion={invitation.alumnus.promotion_id}"
    seat = services.describe_seat(invitation)
    if request.POST.get("confirm"):
        try:
            services.withdraw(invitation, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("L'invitation de %(name)s (%(seat)s) est retirée.") % {"name": invitation.alumnus.name, "seat": seat},
            )
        return redirect(back)
    return render(
        request,
        "staff/alumni_withdraw.html",
        {
            "title": _("Retirer l'invitation de %(name)s") % {"name": invitation.alumnus.name},
            "confirm_title": _("Retirer cette invitation ?"),
            "consequences": [
                _("%(name)s ne pourra plus l'accepter : %(seat)s.") % {"name": invitation.alumnus.name, "seat": seat},
                _("La personne n'est pas prévenue par courriel ; l'invitation reste visible, retirée, sur sa page."),
            ],
            "confirm_action": reverse("staff:alumni_invitation_withdraw", kwargs={"invitation": invitation.pk}),
            "hidden": [],
            "confirm_label": _("Retirer l'invitation"),
            "cancel_url": back,
            "cancel_label": _("Revenir à la liste des anciens"),
            **_crumbs(inside=True),
        },
    )
