"""The dossier pages of every audience cost a known number of queries (issue 14, acceptance).

Counted on the kit's dossier, which answers one question of each kind (a file, a table, choices…)
and has a submitted version, so every reader reads the version, resolves its file and its wishes.
A literal count: a page that starts reading per answer, per file or per step shows here at once.
The filling audiences' pages (step, overview, receipt) are counted in tests/web/test_dossier_pages.py.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .world import CANDIDATE_NUMBER, PROPOSAL_NUMBER

pytestmark = pytest.mark.django_db


def queries_of(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)  # the session and the per-process caches are warm, as for a person browsing
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


# (audience, page): the literal number of queries of its second visit. Issue 18 added one to every
# reader (the questions' wordings as at the version's submission, read once for the whole form) and
# one to the dossier readers (its requests for complement). Issue 20 took one from each: the call's
# questions are read once per process while the call's form stays the same (eig.calls.structure).
EXPECTED = {
    ("staff", "dossier_detail"): 20,
    ("staff", "proposal_detail"): 15,
    ("staff", "export_csv"): 9,
    ("staff", "proposal_export_csv"): 8,
    ("reviewer", "candidate"): 23,
    ("reviewer", "proposal"): 22,
    ("juror", "candidate"): 22,
    ("juror", "proposal"): 20,
}


def url_and_user(world, audience: str, page: str):
    if audience == "staff":
        if page == "dossier_detail":
            kwargs = {"slug": world.application_call.slug, "number": CANDIDATE_NUMBER}
        elif page == "proposal_detail":
            kwargs = {"slug": world.challenge_call.slug, "number": PROPOSAL_NUMBER}
        elif page == "export_csv":
            kwargs = {"slug": world.application_call.slug}
        else:
            kwargs = {"slug": world.challenge_call.slug}
        return reverse(f"staff:{page}", kwargs=kwargs), world.staff
    if audience == "reviewer":
        reviewer = world.reviewers[page]
        number = CANDIDATE_NUMBER if page == "candidate" else PROPOSAL_NUMBER
        return reverse("evaluation:review", kwargs={"grid": reviewer.grid_id, "number": number}), reviewer.user
    return reverse("juries:audition", kwargs={"audition": world.auditions[page].pk}), world.jurors[page].user


@pytest.mark.parametrize(("audience", "page"), list(EXPECTED))
def test_reader_pages_cost_a_known_number_of_queries(world, audience, page):
    url, user = url_and_user(world, audience, page)
    assert queries_of(user, url) == EXPECTED[(audience, page)]
