"""The agents' space for the shared dossier pages (eig.web.dossiers): a proposal belongs to its
administration, and every confirmed agent of it works on the same dossier; to anyone else it does
not exist (404). Once its selection has started, the proposal is frozen (eig.proposals.states)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.calls.models import Dossier
from eig.calls.states import DOSSIER
from eig.proposals import services as proposal_services
from eig.proposals.models import Proposal
from eig.proposals.states import PROPOSAL
from eig.web.dossiers.progress import is_editable
from eig.web.dossiers.space import DossierSpace

from .queries import TITLE_KEY


class ProposalSpace(DossierSpace):
    namespace = "administrations"
    prefix = "propositions/<str:number>/"
    overview_name = "proposal"
    home_label = gettext_lazy("Espace administration")
    back_label = gettext_lazy("Revenir à la proposition")
    templates = {page: f"administrations/{page}.html" for page in ("step", "receipt")} | {
        "overview": "administrations/proposal.html"
    }
    titles = {
        "step": gettext_lazy("%(step)s — proposition %(number)s"),
        "overview": gettext_lazy("Proposition %(number)s"),
        "receipt": gettext_lazy("Récépissé de la proposition %(number)s"),
    }
    menu = gettext_lazy("Proposition %(number)s")

    def get_proposal(self, request, number) -> Proposal:
        """The proposal, if the signed-in person is a confirmed agent of its administration; else 404."""
        proposal = get_object_or_404(
            Proposal.objects.select_related("dossier__call__promotion", "dossier__owner", "administration"),
            dossier__number=number,
        )
        if not proposal_services.is_agent_of(request.user, proposal.administration_id):
            raise Http404
        return proposal

    def get_dossier(self, request, number) -> Dossier:
        return self.get_proposal(request, number).dossier  # its `proposal` comes along (one-to-one)

    def locked_reason(self, dossier, now=None) -> str:
        state = dossier.proposal.state
        if is_editable(dossier, now) and PROPOSAL.is_in(state, "editable"):
            return ""
        if DOSSIER.is_in(dossier.status, "closed"):
            return _(
                "Cette proposition est retirée : ses réponses restent consultables mais ne peuvent plus être modifiées."
            )
        if not PROPOSAL.is_in(state, "editable"):
            return _(
                "Cette proposition est « %(state)s » : ses réponses restent consultables "
                "mais ne peuvent plus être modifiées."
            ) % {"state": PROPOSAL.label(state)}
        return _("L'appel est clos : les réponses restent consultables mais ne peuvent plus être modifiées.")

    def submit(self, dossier, *, by):
        return proposal_services.submit_proposal(dossier.proposal, by=by)

    def context(self, page, request, dossier, shown) -> dict:
        proposal = dossier.proposal
        if page != "overview":
            return {"proposal": proposal}
        return {
            "proposal": proposal,
            "questions": list(proposal.questions.all()),
            "heading": shown["answers"].get(TITLE_KEY) or "",  # the project's name, else the title
        }


SPACE = ProposalSpace()
