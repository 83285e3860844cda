"""Permission-matrix rows of the administration agents' URLs (see test_permission_matrix.py).

The proposal of the matrix world belongs to an administration none of the matrix's
users acts for: to every signed-in role it does not exist (404), an anonymous visitor
is sent to the sign-in form (302). The space, the form to act for an administration
and the page of an open call for challenges are offered to anyone signed in. Every
unsafe method without its CSRF token is refused (403); submitting and answering are
POST only (405 to a GET, before anything else).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call, DossierVersion
from eig.proposals.defaults import install_challenge_form
from eig.proposals.services import ask_question, start_proposal
from tests.factories import AdministrationFactory, PromotionFactory, UserFactory
from tests.factories.agents import confirmed_agent

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
NOT_FOUND = {"get": 404, "head": 404}
POST_ONLY = {"get": 405, "head": 405}


def _rows(anonymous, signed_in):
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


ANOTHER_ADMINISTRATIONS_PROPOSAL = _rows(REDIRECT, NOT_FOUND)
ROWS = {
    "administrations:space": _rows(REDIRECT, SHOWN),
    "administrations:join": _rows(REDIRECT, SHOWN),
    "administrations:start": _rows(REDIRECT, SHOWN),
    "administrations:proposal": ANOTHER_ADMINISTRATIONS_PROPOSAL,
    "administrations:step": ANOTHER_ADMINISTRATIONS_PROPOSAL,
    "administrations:receipt": ANOTHER_ADMINISTRATIONS_PROPOSAL,
    "administrations:receipt_pdf": ANOTHER_ADMINISTRATIONS_PROPOSAL,
    "administrations:submit": _rows(POST_ONLY, POST_ONLY),
    "administrations:answer": _rows(POST_ONLY, POST_ONLY),
}


def world():
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis de la matrice",
        slug="appel-matrice-defis",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
        dossier_prefix="DEFM",
    )
    install_challenge_form(call)
    administration = AdministrationFactory(name="Administration hors matrice", slug="hors-matrice")
    agent = UserFactory(email="agent@outside-matrix.example")
    confirmed_agent(agent, administration)
    proposal = start_proposal(call, by=agent, administration=administration)
    dossier = proposal.dossier
    DossierVersion.objects.create(dossier=dossier, number=1, submitted_at=now, content={}, digest="0" * 64)
    question = ask_question(proposal, "Quel est le calendrier ?", by=None)
    number = dossier.number
    return {
        "administrations:space": reverse("administrations:space"),
        "administrations:join": reverse("administrations:join"),
        "administrations:start": reverse("administrations:start", args=[call.slug]),
        "administrations:proposal": reverse("administrations:proposal", args=[number]),
        "administrations:step": reverse("administrations:step", args=[number, "projet"]),
        "administrations:submit": reverse("administrations:submit", args=[number]),
        "administrations:answer": reverse("administrations:answer", args=[number, question.pk]),
        "administrations:receipt": reverse("administrations:receipt", args=[number, 1]),
        "administrations:receipt_pdf": reverse("administrations:receipt_pdf", args=[number, 1]),
    }
