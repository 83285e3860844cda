"""Permission-matrix rows of the administration agents' URLs (see test_permission_matrix.py).

The proposal of the matrix world belongs to an administration none of the matrix's
users acts for: to every signed-in role it does not exist (404), an anonymous visitor
is sent to the sign-in form (302). The space, the form to act for an administration
and the page of an open call for challenges are offered to anyone signed in. Every
unsafe method without its CSRF token is refused (403); submitting and answering are
POST only (405 to a GET, before anything else).
"""

from django.urls import reverse

from eig.proposals.services import ask_question, start_proposal
from tests.factories import AdministrationFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.security.dossier_rows import POST_ONLY, REDIRECT, SHOWN, dossier_page_rows, dossier_page_urls, rows
from tests.web.test_administration_proposals import challenge_call

ROWS = {
    "administrations:space": rows(REDIRECT, SHOWN),
    "administrations:join": rows(REDIRECT, SHOWN),
    "administrations:start": rows(REDIRECT, SHOWN),
    "administrations:answer": rows(POST_ONLY, POST_ONLY),
    **dossier_page_rows("administrations", "proposal"),
}


def world():
    call = challenge_call(slug="appel-matrice-defis", dossier_prefix="DEFM")
    administration = AdministrationFactory(name="Administration hors matrice", slug="hors-matrice")
    agent = UserFactory(email="agent@outside-matrix.example")
    confirmed_agent(agent, administration)
    proposal = start_proposal(call, by=agent, administration=administration)
    dossier = proposal.dossier
    question = ask_question(proposal, "Quel est le calendrier ?", by=None)
    number = dossier.number
    return {
        "administrations:space": reverse("administrations:space"),
        "administrations:join": reverse("administrations:join"),
        "administrations:start": reverse("administrations:start", args=[call.slug]),
        "administrations:answer": reverse("administrations:answer", args=[number, question.pk]),
        **dossier_page_urls("administrations", "proposal", dossier, "projet"),
    }
