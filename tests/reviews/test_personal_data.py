"""The evaluation in a person's personal data: export, account deletion, end of retention."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from eig.accounts.personal_data import anonymise_dossier, delete_account, export_personal_data
from eig.reviews.models import Assignment, Conflict, Decision, Remark, Review, Reviewer
from eig.reviews.services import add_remark, decide
from tests.factories import StaffFactory
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    call = closed_call()
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    reviewer = seated_reviewer(grid)
    assignment = Assignment.objects.create(reviewer=reviewer, dossier=dossier, source="engine")
    review = Review.objects.create(
        assignment=assignment,
        scores={"1": 3},
        comments={"1": "Solide"},
        comment="Très bon parcours",
        total=15,
        submitted_at=timezone.now(),
    )
    return grid, dossier, reviewer, review


def _exported(user):
    with zipfile.ZipFile(io.BytesIO(export_personal_data(user))) as archive:
        return json.loads(archive.read("donnees.json"))["evaluation"]


def test_a_reviewer_gets_their_reviews_and_a_candidate_the_decisions_on_their_dossier(reviewed):
    grid, dossier, reviewer, _review = reviewed
    decide(grid, [dossier], admissible=True, reason=Decision.Reason.SELECTED, by=StaffFactory())
    mine = _exported(reviewer.user)["reviewer_seats"][0]
    assert mine["reviews"][0]["comment"] == "Très bon parcours" and mine["reviews"][0]["dossier"] == dossier.number
    decisions = _exported(dossier.owner)["admissibility_decisions"]
    assert [(d["dossier"], d["admissible"]) for d in decisions] == [(dossier.number, True)]


def test_a_deleted_reviewer_account_leaves_anonymous_reviews(reviewed):
    _grid, _dossier, reviewer, review = reviewed
    delete_account(reviewer.user, by=reviewer.user)
    seat = Reviewer.objects.get(pk=reviewer.pk)
    assert seat.user is None and seat.email.endswith("@anonyme.invalid") and seat.dropped_at is not None
    assert Review.objects.get(pk=review.pk).total == 15


def test_the_end_of_retention_deletes_the_free_text_about_the_candidate_and_keeps_the_levels(reviewed):
    _grid, dossier, reviewer, review = reviewed
    add_remark(dossier, "Profil rare", by=StaffFactory())
    Conflict.objects.create(
        reviewer=seated_reviewer(reviewer.grid), dossier=dossier, source="declared", reason="Ma sœur"
    )
    anonymise_dossier(dossier, now=timezone.now())
    review.refresh_from_db()
    assert (review.comment, review.comments, review.scores, review.total) == ("", {}, {"1": 3}, 15)
    assert not Remark.objects.filter(dossier=dossier).exists()
    assert Conflict.objects.get(dossier=dossier).reason == ""
