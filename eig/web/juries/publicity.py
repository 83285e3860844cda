"""The juror's consent to the promotion's public jury page (/jury/publication/<seat>/, issue 18, point 9).

One page per seat says what the public page would show (name, function, organisation, photo), what it
never shows, and lets the juror give their consent, update what is shown, or revoke it (a POST of its
own, `publicity_revoke`). Only the person's own signed seats exist here: any other answers 404, as the
rest of the juror space (eig.web.juries.permissions: a signed seat and two-factor authentication).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eig.core.errors import DomainError
from eig.juries import publicity
from eig.juries.permissions import signed_seats

from .forms import PublicityForm
from .permissions import juror_only

PHOTO_ACCEPT = "image/png,image/jpeg,.png,.jpg,.jpeg"


def _seat(request, juror):
    return get_object_or_404(signed_seats(request.user).select_related("jury__call__promotion"), pk=juror)


def _page(request, seat, form, status=200):
    promotion = seat.jury.call.promotion
    return render(
        request,
        "juries/publicity.html",
        {
            "title": _("Ma présence sur la page publique du jury"),
            "parent_url": reverse("juries:schedule"),
            "parent_label": _("Mon jury"),
            "juror": seat,
            "jury": seat.jury,
            "promotion": promotion,
            "public_url": reverse("public:promotion_jury", kwargs={"slug": promotion.slug})
            if promotion.is_published
            else "",
            "form": form,
            "photo_limit_mb": publicity.PHOTO_MAX_BYTES // (1024 * 1024),
            "photo_max_side": publicity.PHOTO_MAX_SIDE,
            "photo_accept": PHOTO_ACCEPT,
        },
        status=status,
    )


@juror_only
@require_http_methods(["GET", "HEAD", "POST"])
def publicity_page(request, juror):
    seat = _seat(request, juror)
    if request.method != "POST":
        initial = {
            "consent": seat.is_public,
            "role": seat.public_role,
            "organisation": seat.public_organisation or seat.organisation,
        }
        return _page(request, seat, PublicityForm(initial=initial, auto_id="publicity-%s"))
    form = PublicityForm(request.POST, request.FILES, auto_id="publicity-%s")
    if not form.is_valid():
        return _page(request, seat, form, status=400)
    try:
        publicity.give_consent(
            seat,
            by=request.user,
            role=form.cleaned_data["role"],
            organisation=form.cleaned_data["organisation"],
            photo=form.cleaned_data["photo"],
            remove_photo=form.cleaned_data["remove_photo"],
        )
    except DomainError as error:
        form.add_error("photo" if form.cleaned_data["photo"] else None, str(error))
        return _page(request, seat, form, status=400)
    messages.success(request, _("C'est enregistré : vous figurez sur la page publique des membres du jury."))
    return redirect("juries:publicity", juror=seat.pk)


@juror_only
@require_POST
def publicity_revoke(request, juror):
    seat = _seat(request, juror)
    publicity.revoke_consent(seat, by=request.user)
    messages.success(
        request,
        _(
            "C'est enregistré : vous ne figurez plus sur la page publique des membres du jury, et votre photo est supprimée."
        ),
    )
    return redirect("juries:publicity", juror=seat.pk)
