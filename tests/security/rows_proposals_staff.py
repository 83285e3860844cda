"""Permission-matrix rows of the programme team's proposal URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a call
for challenges with one submitted proposal, owned by nobody in the matrix.

The programme team (is_staff) reads the pages, the PDF and the exports; the
decision and question URLs take POST only (GET and HEAD: 405). Every unsafe
method without its CSRF token fails the CSRF check first (403; with a token, the
pages answer 405 and the actions act, tests/web/test_staff_proposals.py).
Everyone else, anonymous included, gets 404 on GET and HEAD: the staff area does
not tell it exists; their unsafe methods fail the CSRF check too (403), which
runs before the view and says nothing of the objects.
"""

import datetime

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import Call, Dossier
from eig.calls.services import save_step
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Proposal
from eig.proposals.services import start_proposal
from tests.factories import AdministrationFactory, PromotionFactory, UserFactory
from tests.factories.agents import confirmed_agent

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = [
    "staff:proposal_list",
    "staff:proposal_detail",
    "staff:proposal_pdf",
    "staff:proposal_export_csv",
    "staff:proposal_export_xlsx",
]
ACTIONS = ["staff:proposal_decide", "staff:proposal_ask"]


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    opens = datetime.datetime(2024, 3, 4, 9, 0, tzinfo=datetime.UTC)
    during = opens + datetime.timedelta(days=1)
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis de la matrice",
        slug="appel-defis-matrice",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        dossier_prefix="MATD",
    )
    install_challenge_form(call)
    agent = UserFactory(email="agent@administration.matrix.example")
    administration = AdministrationFactory(name="Administration de la matrice")
    confirmed_agent(agent, administration)
    proposal = start_proposal(call, by=agent, administration=administration, now=during)
    save_step(
        proposal.dossier, call.steps.get(slug="projet"), {"nom_projet": "Défi de la matrice"}, by=agent, now=during
    )
    # Submitted as the state says (a full dossier with its files would cost every matrix test a few uploads).
    Dossier.objects.filter(pk=proposal.dossier_id).update(status=Dossier.Status.SUBMITTED, submitted_at=during)
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.SUBMITTED)
    slug = {"slug": call.slug}
    number = {**slug, "number": proposal.dossier.number}
    return {
        "staff:proposal_list": reverse("staff:proposal_list", kwargs=slug),
        "staff:proposal_export_csv": reverse("staff:proposal_export_csv", kwargs=slug),
        "staff:proposal_export_xlsx": reverse("staff:proposal_export_xlsx", kwargs=slug),
        **{name: reverse(name, kwargs=number) for name in ["staff:proposal_detail", "staff:proposal_pdf", *ACTIONS]},
    }
