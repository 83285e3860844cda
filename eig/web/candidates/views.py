from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.models import Role


@require_safe
@login_required
def space(request):
    """« Mon espace »: the signed-in person's account and, later, their application dossiers."""
    user = request.user
    known = {role.value: role.label for role in Role}
    return render(
        request,
        "candidates/space.html",
        {
            "title": _("Mon espace"),
            "role_labels": [known[r] for r in user.roles or [] if r in known],
            "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
            # The dossier model arrives with the calls (issue 4); until then the list is empty.
            "dossiers": [],
        },
    )


# Being written: the dossier views (this block is replaced in the next commit).
def _pending(request, **kwargs):
    from django.http import Http404

    raise Http404


apply = dossier_overview = resume = step = wishes = submit = withdraw = receipt = receipt_pdf = _pending
