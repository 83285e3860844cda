"""The programme team's pages of the teams (/equipe/programme/…): the promotion's overview and the mentors.

The overview has one row per team (a challenge with fellows): fellows in the team and started,
mentors, the retrospectives of the last two full weeks (submitted out of expected), the pending
signals and the objectives whose latest measure is off track, every figure an annotation of
eig.programme.queries.overview_rows (a flat number of queries whatever the promotion's size),
then the fellows who have not started yet and why. Each team's page is the members' own
(programme:team, where staff hold the « staff » part); from it staff add a mentor (an existing
account, by its email) or remove one after a confirmation.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.programme import fellows, queries, team
from eig.programme.models import Mentor

from ..permissions import staff_only
from .common import crumbs, overview_label, promotion_of


class MentorForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique du compte"),
        help_text=gettext_lazy("La personne doit déjà avoir un compte sur la plateforme."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Rôle"), choices=Mentor.Kind.choices)
    function = forms.CharField(label=gettext_lazy("Fonction (facultatif)"), max_length=200, required=False)


def _team_url(challenge) -> str:
    return reverse("programme:team", kwargs={"challenge": challenge.pk}) + "#membres"


def _crumbs(challenge) -> dict:
    promotion = challenge.promotion
    return {
        **crumbs(promotion),
        "parent2_url": _team_url(challenge),
        "parent2_label": challenge.title,
    }


def _challenge(pk) -> Challenge:
    return get_object_or_404(Challenge.objects.select_related("promotion", "administration"), pk=pk)


@staff_only
@require_safe
def overview(request, promotion):
    promotion = promotion_of(promotion)
    today = timezone.localdate()
    weeks = queries.last_full_weeks(today)
    rows = list(queries.overview_rows(promotion, today))
    return render(
        request,
        "staff/programme/overview.html",
        {
            "title": overview_label(promotion),
            "promotion": promotion,
            "rows": rows,
            "pending_signals_total": sum(row.pending_signals for row in rows),
            "not_started": list(queries.not_started(promotion)),
            "forms_missing": fellows.forms_missing(promotion),
            "first_week": weeks[-1],
            "last_week": weeks[0],
            "parent_url": reverse("staff:call_list"),
            "parent_label": _("Appels : suivi des dossiers"),
        },
    )


@staff_only
@require_POST
def install_forms(request, promotion):
    """Install the promotion's forms of the ten months (they install themselves at the first
    accepted offer, once the programme is on the promotion's calendar)."""
    promotion = promotion_of(promotion)
    if fellows.ensure_forms(promotion, by=request.user):
        messages.success(
            request,
            _(
                "Les formulaires des dix mois sont prêts : listes d'arrivée et d'accueil, bilan hebdomadaire, "
                "plan de pérennisation."
            ),
        )
    else:
        messages.error(
            request,
            _(
                "Ajoutez d'abord l'étape « Dix mois du programme » au calendrier de la promotion : "
                "les formulaires s'ouvrent selon ses dates."
            ),
        )
    return redirect("staff:programme_overview", promotion=promotion.slug)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def mentor_add(request, challenge):
    challenge = _challenge(challenge)
    form = MentorForm(request.POST or None, auto_id="mentor-%s")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                mentor = team.add_mentor(challenge, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s est désormais %(kind)s de l'équipe.")
                    % {"name": mentor.name, "kind": mentor.get_kind_display().lower()},
                )
                return redirect(_team_url(challenge))
        status = 400
    return render(
        request,
        "staff/programme/mentor_form.html",
        {
            "title": _("Ajouter un mentor à l'équipe %(team)s") % {"team": challenge.title},
            "challenge": challenge,
            "form": form,
            "cancel_url": _team_url(challenge),
            **_crumbs(challenge),
        },
        status=status,
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def mentor_remove(request, challenge, mentor):
    challenge = _challenge(challenge)
    mentor = get_object_or_404(Mentor.objects.select_related("user"), pk=mentor, challenge=challenge)
    if request.method == "POST" and request.POST.get("confirm"):
        team.remove_mentor(mentor, by=request.user)
        messages.success(request, _("%(name)s ne fait plus partie des mentors de l'équipe.") % {"name": mentor.name})
        return redirect(_team_url(challenge))
    return render(
        request,
        "staff/programme/mentor_remove.html",
        {
            "title": _("Retirer %(name)s de l'équipe %(team)s") % {"name": mentor.name, "team": challenge.title},
            "confirm_title": _("Retirer ce mentor ?"),
            "consequences": [
                _("%(name)s (%(kind)s) n'aura plus accès à la page de l'équipe ni à ses bilans.")
                % {"name": mentor.name, "kind": mentor.get_kind_display().lower()},
                _("Ses notes de mentorat restent dans l'historique de l'équipe."),
            ],
            "confirm_action": reverse(
                "staff:programme_mentor_remove", kwargs={"challenge": challenge.pk, "mentor": mentor.pk}
            ),
            "hidden": [],
            "confirm_label": _("Retirer le mentor"),
            "cancel_url": _team_url(challenge),
            "cancel_label": _("Revenir à l'équipe"),
            **_crumbs(challenge),
        },
    )
