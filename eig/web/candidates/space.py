"""The candidate's space for the shared dossier pages (eig.web.dossiers): their own dossiers only."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.calls.models import Call, Dossier
from eig.calls.queries import complements_of
from eig.calls.states import DOSSIER
from eig.core import prepared
from eig.promotions.models import Promotion
from eig.selection import queries as selection_queries
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from . import offers, progress


class CandidateSpace(DossierSpace):
    namespace = "candidates"
    section_pages = {"wishes": "wishes"}
    tracks_last_step = True  # « Reprendre » goes back to the step last opened
    templates = {**DossierSpace.templates, "overview": "candidates/dossier.html", "receipt": "candidates/receipt.html"}
    titles = {
        "step": gettext_lazy("%(step)s — dossier %(number)s"),
        "overview": gettext_lazy("Dossier %(number)s"),
        "receipt": gettext_lazy("Récépissé du dossier %(number)s"),
    }
    menu = gettext_lazy("Dossier %(number)s")

    def get_dossier(self, request, number) -> Dossier:
        """The signed-in person's dossier with its call and promotion, or 404: another's dossier does not exist
        for them. Read on every autosave of a deadline evening: three reads by equality (eig.core.prepared)
        cost less CPU than the ORM building the same join."""
        # shared=False: an administration's proposal is followed from /administration/.
        dossier = prepared.first(Dossier, number=number, owner_id=request.user.pk, shared=False)
        if dossier is None:
            raise Http404
        dossier.call = call = prepared.first(Call, id=dossier.call_id)
        call.promotion = prepared.first(Promotion, id=call.promotion_id)
        return dossier

    def locked_reason(self, dossier, now=None) -> str:
        if is_editable(dossier, now):
            return ""
        if DOSSIER.is_in(dossier.status, "closed"):
            return _("Ce dossier est retiré : vos réponses restent consultables mais ne peuvent plus être modifiées.")
        return _("L'appel est clos : vos réponses restent consultables mais ne peuvent plus être modifiées.")

    def context(self, page, request, dossier, shown) -> dict:
        if page != "overview":
            return {}
        # The same state as the dossier's card in « Mon espace »: a closed call's dossier shows where
        # it stands, never what it would lack « pour déposer ».
        status = progress.status_of(
            dossier,
            selection_queries.offers_for(request.user).filter(dossier=dossier),
            [o for o in offers.outcomes_for(request.user) if o.dossier_id == dossier.pk],
            unsubmitted_changes=shown["unsubmitted_changes"],
        )
        # The programme team's requests for complement on this dossier (complements.py), with the clock
        # that says which are still open.
        return {"status": status, "complements": complements_of(dossier), "now": timezone.now()}


SPACE = CandidateSpace()
