"""The alumni's pages (/anciens/): the directory, one's own profile, one's invitations.

Who reaches what: the directory belongs to signed-in alumni (a person with at least one
`Alumnus` row) and to the programme team (with their second factor, as on /equipe/); the
profile and the invitations are an alumnus's own. Anyone else signed in gets 404 (the pages do
not say they exist); an anonymous visitor is sent to sign in, like every personal page.

Thin views: read the request, authorise, call one service of eig.alumni.services, redirect; a
`DomainError` comes back as a French message, what was typed kept.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.two_factor import has_two_factor
from eig.alumni import queries, services
from eig.alumni.models import Alumnus, Invitation
from eig.alumni.states import INVITATION
from eig.core.errors import DomainError
from eig.web.common.two_factor import set_up_two_factor

from .forms import ACCEPT, AnswerForm, DirectoryFilter, ProfileForm, PublicProfileForm

PAGE_SIZE = 20

STAFF_TWO_FACTOR_MESSAGE = gettext_lazy(
    "L'annuaire des anciens lu par l'équipe du programme exige la double authentification : "
    "activez une application d'authentification pour continuer."
)


def _home_crumbs() -> dict:
    return {"parent_url": reverse("alumni:directory"), "parent_label": _("Annuaire des anciens")}


def alumni_only(view):
    """A page of an alumnus's own: signed in, then an alumnus (404 otherwise)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not queries.is_alumnus(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- The directory -----------------------------------------------------------------------------


@require_safe
@login_required
def directory(request):
    user = request.user
    is_alumnus = queries.is_alumnus(user)
    if not is_alumnus:
        if not user.is_staff:
            raise Http404
        if not has_two_factor(user):
            # The programme team reads the directory as on /equipe/: with a second factor.
            return set_up_two_factor(request, STAFF_TWO_FACTOR_MESSAGE)
    promotions, challenges = queries.directory_choices()
    filters = DirectoryFilter(request.GET or None, promotions=promotions, challenges=challenges)
    page = Paginator(queries.directory(**filters.values()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "alumni/directory.html",
        {
            "title": _("Annuaire des anciens"),
            "filters": filters,
            "page_obj": page,
            "rows": [_directory_row(alumnus) for alumnus in page],
            "querystring": filters.querystring(),
            "is_alumnus": is_alumnus,
        },
    )


def _directory_row(alumnus: Alumnus) -> dict:
    """One line of the directory; the email address only when the person chose to show it."""
    shows_email = alumnus.contact_preference == Alumnus.Contact.EMAIL
    return {
        "alumnus": alumnus,
        "email": alumnus.user.email if shows_email else "",
        "contact": {
            Alumnus.Contact.EMAIL: "",
            Alumnus.Contact.PROGRAMME: _("Par l'intermédiaire de l'équipe du programme"),
            Alumnus.Contact.NONE: _("Ne souhaite pas être contacté·e"),
        }[alumnus.contact_preference],
    }


# --- One's profile ------------------------------------------------------------------------------


def _chosen(request, rows: list[Alumnus]) -> Alumnus:
    """The alumnus row the page edits: the latest promotion, or the one asked (`?parcours=`)."""
    asked = request.GET.get("parcours", "")
    if asked.isdigit():
        for row in rows:
            if row.pk == int(asked):
                return row
        raise Http404
    return rows[0]


@require_http_methods(["GET", "HEAD", "POST"])
@alumni_only
def profile(request):
    rows = list(queries.alumni_of(request.user))
    alumnus = _chosen(request, rows)
    profile_form = ProfileForm.of(alumnus)
    public_form = PublicProfileForm.of(alumnus.person)
    status = 200
    if request.method == "POST":
        part = request.POST.get("annuaire-part") or request.POST.get("public-part")
        if part == "directory":
            profile_form = ProfileForm.of(alumnus, request.POST)
            if profile_form.is_valid():
                data = profile_form.cleaned_data
                try:
                    services.save_profile(
                        alumnus,
                        skills=data["skills"],
                        current_role=data["current_role"],
                        contact_preference=data["contact_preference"],
                        listed=data["listed"],
                        by=request.user,
                        now=timezone.now(),
                    )
                except DomainError as error:
                    profile_form.add_error(None, str(error))
                else:
                    if data["listed"]:
                        messages.success(
                            request, _("Votre fiche est enregistrée : l'annuaire des anciens la présente.")
                        )
                    else:
                        messages.success(
                            request,
                            _("Votre fiche est enregistrée : vous n'apparaissez pas dans l'annuaire des anciens."),
                        )
                    return redirect(_profile_url(alumnus, rows))
        elif part == "public":
            public_form = PublicProfileForm.of(alumnus.person, request.POST)
            if public_form.is_valid():
                data = public_form.cleaned_data
                try:
                    services.save_public_profile(
                        alumnus,
                        bio=data["bio"],
                        links=data["links"],
                        is_public=data["is_public"],
                        by=request.user,
                    )
                except DomainError as error:
                    public_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Votre profil public est enregistré."))
                    return redirect(_profile_url(alumnus, rows))
        else:
            messages.error(
                request, _("Ce formulaire n'est pas reconnu : enregistrez l'une des deux parties de la page.")
            )
        status = 400
    return render(
        request,
        "alumni/profile.html",
        {
            "title": _("Mon profil d'ancien"),
            "alumnus": alumnus,
            "rows": rows,
            "profile_form": profile_form,
            "public_form": public_form,
            "person": alumnus.person,
            "action": _profile_url(alumnus, rows),
            **_home_crumbs(),
        },
        status=status,
    )


def _profile_url(alumnus: Alumnus, rows: list[Alumnus]) -> str:
    url = reverse("alumni:profile")
    return url if alumnus.pk == rows[0].pk else f"{url}?parcours={alumnus.pk}"


# --- One's invitations ---------------------------------------------------------------------------


def seat_space(invitation: Invitation) -> tuple[str, str]:
    """Where an accepted invitation's seat is used: (URL, its name)."""
    if invitation.reviewer_id:
        return reverse("evaluation:queue"), _("Mon espace évaluation")
    if invitation.juror_id:
        return reverse("juries:schedule"), _("Mon espace jury")
    if invitation.mentor_id:
        return reverse("programme:team", kwargs={"challenge": invitation.challenge_id}), _("La page de l'équipe")
    return "", ""


def _invitation_row(invitation: Invitation, form=None) -> dict:
    url, label = seat_space(invitation) if invitation.status == Invitation.Status.ACCEPTED else ("", "")
    pending = INVITATION.is_in(invitation.status, "pending")
    return {
        "invitation": invitation,
        "seat": services.describe_seat(invitation),
        "form": (form or AnswerForm(invitation=invitation)) if pending else None,
        "space_url": url,
        "space_label": label,
    }


@require_safe
@alumni_only
def invitations(request):
    return _invitations_page(request)


def _invitations_page(request, *, failed: AnswerForm | None = None, status=200):
    rows = [
        _invitation_row(invitation, failed if failed is not None and failed.invitation.pk == invitation.pk else None)
        for invitation in queries.invitations_of(request.user)
    ]
    return render(
        request,
        "alumni/invitations.html",
        {"title": _("Mes invitations"), "rows": rows, **_home_crumbs()},
        status=status,
    )


@login_required
def invitation_answer(request, invitation):
    """Accept or decline one's invitation (POST, a `decision` field): someone else's answers 404,
    before the method's check, so it says nothing of the invitation."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("alumnus", "grid__call", "jury", "challenge"),
        pk=invitation,
        alumnus__user=request.user,
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST, invitation=invitation)
    if not form.is_valid():
        return _invitations_page(request, failed=form, status=400)
    now = timezone.now()
    try:
        if form.cleaned_data["decision"] == ACCEPT:
            invitation = services.accept(invitation, user=request.user, now=now)
        else:
            invitation = services.decline(invitation, user=request.user, now=now)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("alumni:invitations")
    seat = services.describe_seat(invitation)
    if invitation.status == Invitation.Status.ACCEPTED:
        if invitation.juror_id:
            done = _(
                "Merci : vous siégez dans %(seat)s et vous avez signé sa charte. Indiquez vos disponibilités "
                "dans votre espace jury."
            )
        else:
            done = _("Merci : votre place est créée pour %(seat)s.")
        messages.success(request, done % {"seat": seat})
    else:
        messages.info(request, _("Vous avez décliné l'invitation pour %(seat)s.") % {"seat": seat})
    return redirect(reverse("alumni:invitations") + f"#invitation-{invitation.pk}")
