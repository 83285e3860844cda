"""The reviewers' pages (/evaluation/): a seat and two-factor authentication, then only
what is assigned; the grid saves while scoring; nothing of the others before the reveal;
blind mode hides who the person is until the phase ends."""

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Answer, Question
from eig.reviews import services
from eig.reviews.defaults import CANDIDATE_PRESCREENING
from eig.reviews.models import Assignment, Conflict, Grid, Remark, Review, Reviewer
from tests.factories import UserFactory
from tests.factories.files import StoredFileFactory
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def call():
    return closed_call()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assign(seat, dossier) -> Assignment:
    return Assignment.objects.create(reviewer=seat, dossier=dossier, source=Assignment.Source.PIN)


def review_url(grid, dossier) -> str:
    return reverse("evaluation:review", kwargs={"grid": grid.pk, "number": dossier.number})


def conflict_url(grid, dossier) -> str:
    return reverse("evaluation:conflict", kwargs={"grid": grid.pk, "number": dossier.number})


def scores_post(grid, levels, *, action="draft", comments=None, verdict="", comment=""):
    """The form's POST data: `levels` maps a criterion's order (1, 2…) to a level."""
    data = {"action": action, "comment": comment}
    if verdict:
        data["verdict"] = verdict
    for criterion in grid.criteria.all():
        if criterion.order in levels:
            data[f"score-{criterion.pk}"] = str(levels[criterion.order])
        data[f"comment-{criterion.pk}"] = (comments or {}).get(criterion.order, "")
    return data


def full_scores(grid, level=3) -> dict:
    return {str(c.pk): level for c in grid.criteria.all()}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Who reaches the pages --------------------------------------------------------------


def test_a_reviewer_without_two_factor_authentication_is_sent_to_set_it_up(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid, totp=False)
    assign(seat, dossier)
    client = client_of(seat.user)
    for url in [reverse("evaluation:queue"), review_url(grid, dossier)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("state", ["no seat", "invited only", "dropped"])
def test_a_person_without_an_active_seat_gets_404(call, state):
    grid = grid_of(call)
    user = UserFactory(roles=[Role.REVIEWER])
    if state == "invited only":
        Reviewer.objects.create(grid=grid, email=user.email)
    elif state == "dropped":
        seat = seated_reviewer(grid, user)
        Reviewer.objects.filter(pk=seat.pk).update(dropped_at=timezone.now())
    assert client_of(user).get(reverse("evaluation:queue")).status_code == 404


def test_the_queue_lists_only_the_reviewers_own_dossiers_with_their_state(call):
    grid = grid_of(call)
    mine = submitted_dossier(call, first="Ada", last="Lovelace")
    started = submitted_dossier(call, first="Alan", last="Turing")
    done = submitted_dossier(call, first="Grace", last="Hopper")
    theirs = submitted_dossier(call, first="Katherine", last="Johnson")
    seat, other = seated_reviewer(grid), seated_reviewer(grid)
    for dossier in (mine, started, done):
        assign(seat, dossier)
    assign(other, theirs)
    services.save_review(Assignment.objects.get(reviewer=seat, dossier=started), scores={}, comment="…", by=seat.user)
    services.save_review(
        Assignment.objects.get(reviewer=seat, dossier=done), scores=full_scores(grid), by=seat.user, submit=True
    )

    response = client_of(seat.user).get(reverse("evaluation:queue"))

    assert response.status_code == 200
    (item,) = response.context["grids"]
    assert {row.assignment.dossier.number: row.state for row in item.rows} == {
        mine.number: "todo",
        started.number: "draft",
        done.number: "submitted",
    }
    content = response.content.decode()
    assert "Ada Lovelace" in content and theirs.number not in content and "Johnson" not in content
    assert "15 / 20" in content  # 5 criteria at 3 out of 4
    assert grid.closes_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M") in content


def test_the_queue_keeps_a_flat_query_count_from_1_to_30_assignments(call):
    grid = grid_of(call)
    seat = seated_reviewer(grid)
    client = client_of(seat.user)

    def grow(count):
        for _ in range(count):
            assignment = assign(seat, submitted_dossier(call))
            services.save_review(assignment, scores={}, comment="Brouillon", by=seat.user)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("evaluation:queue")).status_code == 200
        return len(context.captured_queries)

    grow(1)
    # The first page reads the site's DSFR settings, kept under the content version.
    client.get(reverse("evaluation:queue"))
    with_one = count_queries()
    grow(29)
    assert count_queries() == with_one


def test_a_dossier_of_the_same_grid_assigned_to_someone_else_answers_404(call):
    grid = grid_of(call)
    theirs = submitted_dossier(call)
    seat, other = seated_reviewer(grid), seated_reviewer(grid)
    assign(seat, submitted_dossier(call))
    assign(other, theirs)
    client = client_of(seat.user)
    assert client.get(review_url(grid, theirs)).status_code == 404
    assert client.post(review_url(grid, theirs), scores_post(grid, {1: 3})).status_code == 404
    assert client.post(conflict_url(grid, theirs), {"confirm": "on"}).status_code == 404
    assert not Review.objects.exists() and not Conflict.objects.exists()


def test_an_assigned_dossier_answers_404_under_another_grid_of_the_call(call):
    jury = grid_of(call)
    prescreening = grid_of(call, CANDIDATE_PRESCREENING, mode=Grid.Mode.NEXT)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(jury)
    assign(seat, dossier)
    client = client_of(seat.user)
    assert client.get(review_url(jury, dossier)).status_code == 200
    assert client.get(review_url(prescreening, dossier)).status_code == 404


def test_the_review_page_shows_the_dossier_its_files_and_the_grid(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call, first="Ada", last="Lovelace")
    cv = StoredFileFactory(owner=dossier.owner, name="cv-ada.pdf")
    Answer.objects.create(
        dossier=dossier,
        question=Question.objects.get(step__call=call, key="cv"),
        value=str(cv.public_id),
        stored_file=cv,
    )
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)

    response = client.get(review_url(grid, dossier))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Développeuse depuis sept ans." in content and "Ada Lovelace" in content
    assert cv.get_absolute_url() in content and "cv-ada.pdf" in content
    assert client.get(cv.get_absolute_url()).status_code == 200  # the reviewer reads the assigned dossier's files
    assert content.count('type="radio" name="score-') == 5 * 5  # five criteria, levels 0 to 4
    assert "4 — excellent" in content and "Enregistrer le brouillon" in content and "Valider l'évaluation" in content
    assert "evaluation/review.js" in content and "<script>" not in content and "style=" not in content


def test_programme_remarks_are_shown_to_the_jury_only(call):
    jury = grid_of(call)
    prescreening = grid_of(call, CANDIDATE_PRESCREENING, mode=Grid.Mode.NEXT)
    dossier = submitted_dossier(call)
    Remark.objects.create(dossier=dossier, text="Profil rare : à regarder de près.")
    jury_seat, screening_seat = seated_reviewer(jury), seated_reviewer(prescreening)
    assign(jury_seat, dossier)
    assign(screening_seat, dossier)
    assert "Profil rare" in client_of(jury_seat.user).get(review_url(jury, dossier)).content.decode()
    assert "Profil rare" not in client_of(screening_seat.user).get(review_url(prescreening, dossier)).content.decode()


# --- Scoring --------------------------------------------------------------------------


def test_autosave_keeps_partial_scores_and_answers_json(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assignment = assign(seat, dossier)
    first = grid.criteria.get(order=1)

    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False):
        response = client_of(seat.user).post(
            review_url(grid, dossier),
            # The buttons' action never reaches an autosave (and would not validate it).
            scores_post(grid, {1: 3}, action="submit", comments={1: "Très motivée."}),
            headers={"X-Autosave": "1"},
        )
        saved_at = timezone.localtime().strftime("%H:%M:%S")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "saved": True,
        "saved_at": saved_at,
        "submitted": False,
        "total": None,
        "total_text": "—",
    }
    review = Review.objects.get(assignment=assignment)
    assert review.scores == {str(first.pk): 3}
    assert review.comments == {str(first.pk): "Très motivée."}
    assert review.submitted_at is None


def test_autosave_refused_answers_json_with_the_french_reason(call):
    grid = grid_of(call, opens_at=timezone.now() - 10 * DAY, closes_at=timezone.now() - DAY)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    response = client_of(seat.user).post(
        review_url(grid, dossier), scores_post(grid, {1: 3}), headers={"X-Autosave": "1"}
    )
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["saved"] is False and body["message"].startswith("L'évaluation est close depuis le")


def test_submitting_with_a_missing_criterion_shows_the_error_and_keeps_what_was_posted(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assignment = assign(seat, dossier)
    first, second = grid.criteria.get(order=1), grid.criteria.get(order=2)
    levels = {1: 3, 3: 2, 4: 4, 5: 1}  # criterion 2 forgotten

    response = client_of(seat.user).post(
        review_url(grid, dossier),
        scores_post(grid, levels, action="submit", comments={1: "Parcours solide."}, comment="Bonne impression."),
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert f"Il manque encore : {second.label}." in content
    assert "Vos notes sont enregistrées comme brouillon." in content
    assert f'<input type="radio" name="score-{first.pk}" value="3" id="id_score-{first.pk}_3" checked>' in content
    assert response.context["form"]["comment"].value() == "Bonne impression."
    assert response.context["form"][f"comment-{first.pk}"].value() == "Parcours solide."
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is None
    assert review.scores == {str(grid.criteria.get(order=o).pk): level for o, level in levels.items()}


def test_a_complete_grid_is_validated_and_the_queue_says_so(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assignment = assign(seat, dossier)
    client = client_of(seat.user)

    response = client.post(review_url(grid, dossier), scores_post(grid, dict.fromkeys(range(1, 6), 4), action="submit"))

    assert response.status_code == 302 and response["Location"] == reverse("evaluation:queue")
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is not None and review.total == 20.0
    queue = client.get(response["Location"])
    assert f"Évaluation du dossier {dossier.number} validée." in messages_of(queue)
    assert [row.state for row in queue.context["grids"][0].rows] == ["submitted"]


def test_a_draft_saved_with_the_button_comes_back_on_the_page(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)
    first = grid.criteria.get(order=1)

    response = client.post(review_url(grid, dossier), scores_post(grid, {1: 2}, comment="À revoir."))

    assert response.status_code == 302 and response["Location"] == review_url(grid, dossier)
    page = client.get(response["Location"])
    assert "Brouillon enregistré." in messages_of(page)
    assert page.context["form"][f"score-{first.pk}"].value() == "2"
    assert page.context["form"]["comment"].value() == "À revoir."


def test_a_closed_grid_is_read_only_and_refuses_a_save_with_a_message(call):
    grid = grid_of(call, opens_at=timezone.now() - 10 * DAY, closes_at=timezone.now() - DAY)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)

    page = client.get(review_url(grid, dossier)).content.decode()
    assert (
        "L'évaluation est close depuis le" in page
        and "Valider l'évaluation" not in page
        and "data-autosave" not in page
    )

    response = client.post(review_url(grid, dossier), scores_post(grid, dict.fromkeys(range(1, 6), 4), action="submit"))
    assert response.status_code == 409
    assert "L'évaluation est close depuis le" in response.content.decode()
    assert not Review.objects.exists()


# --- The others' scores ---------------------------------------------------------------


def _two_reviewers_scored(call, *, reveals_at):
    grid = grid_of(call, reveals_at=reveals_at, closes_at=timezone.now() + 10 * DAY)
    dossier = submitted_dossier(call)
    me, other = seated_reviewer(grid), seated_reviewer(grid)
    mine, theirs = assign(me, dossier), assign(other, dossier)
    criteria = list(grid.criteria.all())
    services.save_review(mine, scores={str(c.pk): 2 for c in criteria}, by=me.user, submit=True)
    # Criterion 1 spreads by 2 points (2 and 4); the others by 0 or 1.
    theirs_scores = {str(c.pk): level for c, level in zip(criteria, [4, 3, 2, 2, 2], strict=True)}
    services.save_review(theirs, scores=theirs_scores, comment="Avis secret de l'autre.", by=other.user, submit=True)
    return grid, dossier, me


def test_no_other_reviewers_score_reaches_the_page_before_the_reveal_date(call):
    grid, dossier, me = _two_reviewers_scored(call, reveals_at=timezone.now() + 2 * DAY)

    response = client_of(me.user).get(review_url(grid, dossier))

    content = response.content.decode()
    assert response.context["panel"] is None
    assert "Évaluateur 1" not in content and "Désaccord" not in content
    assert "Avis secret" not in content and "12 / 20" not in content  # the other's total


def test_after_the_reveal_date_the_others_scores_are_shown_anonymised_with_disagreements(call):
    grid, dossier, me = _two_reviewers_scored(call, reveals_at=timezone.now() + 2 * DAY)
    client = client_of(me.user)

    with time_machine.travel(timezone.now() + 3 * DAY, tick=False):
        response = client.get(review_url(grid, dossier))

    panel = response.context["panel"]
    assert [(row.label, row.levels, row.total) for row in panel.rows] == [
        ("Vous", [2, 2, 2, 2, 2], 10.0),
        ("Évaluateur 1", [4, 3, 2, 2, 2], 13.0),
    ]
    assert panel.disagreements == [grid.criteria.get(order=1).label]
    content = response.content.decode()
    assert "13 / 20" in content and "Désaccord" in content
    assert "Avis secret" not in content  # comments stay with their author and the staff
    assert all(reviewer.user.email not in content for reviewer in grid.reviewers.exclude(pk=me.pk))


# --- Blind mode ------------------------------------------------------------------------


def test_blind_mode_hides_name_civility_contact_and_file_names_until_the_phase_ends(call):
    grid = grid_of(call, blind=True, reveals_at=timezone.now() + DAY, closes_at=timezone.now() + 5 * DAY)
    owner = UserFactory(first_name="Ada", last_name="Lovelace", email="ada.lovelace@example.org")
    dossier = submitted_dossier(
        call, owner=owner, first="Ada", last="Lovelace", answers={"civilite": "madame", "telephone": "0611223344"}
    )
    cv = StoredFileFactory(owner=owner, name="cv-ada-lovelace.pdf")
    Answer.objects.create(
        dossier=dossier,
        question=Question.objects.get(step__call=call, key="cv"),
        value=str(cv.public_id),
        stored_file=cv,
    )
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)
    hidden = ["Lovelace", "Madame", "0611223344", "ada.lovelace@example.org", "cv-ada-lovelace"]

    for url in [reverse("evaluation:queue"), review_url(grid, dossier)]:
        content = client.get(url).content.decode()
        assert dossier.number in content
        assert [text for text in hidden if text in content] == []
    assert cv.get_absolute_url() in client.get(review_url(grid, dossier)).content.decode()

    with time_machine.travel(grid.closes_at + DAY, tick=False):
        content = client.get(review_url(grid, dossier)).content.decode()
    assert [text for text in hidden if text not in content] == []


# --- Conflicts -------------------------------------------------------------------------


def test_declaring_a_conflict_removes_the_dossier_and_it_answers_404(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)

    response = client.post(conflict_url(grid, dossier), {"reason": "Ancienne collègue.", "confirm": "on"})

    assert response.status_code == 302 and response["Location"] == reverse("evaluation:queue")
    queue = client.get(response["Location"])
    assert messages_of(queue) == ["Conflit déclaré : ce dossier vous a été retiré."]
    assert dossier.number not in queue.content.decode()
    conflict = Conflict.objects.get(reviewer=seat, dossier=dossier)
    assert (conflict.source, conflict.reason) == (Conflict.Source.DECLARED, "Ancienne collègue.")
    assert client.get(review_url(grid, dossier)).status_code == 404


def test_a_conflict_recorded_on_a_still_assigned_pair_hides_the_dossier_too(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    # A conflict stored without its pair removed (as if written by another path): the rule still holds.
    Conflict.objects.create(reviewer=seat, dossier=dossier, source=Conflict.Source.STAFF, reason="Signalé.")
    client = client_of(seat.user)
    assert client.get(review_url(grid, dossier)).status_code == 404
    assert dossier.number not in client.get(reverse("evaluation:queue")).content.decode()


def test_a_conflict_needs_the_confirmation_box(call):
    grid = grid_of(call)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)

    response = client_of(seat.user).post(conflict_url(grid, dossier), {"reason": "Peut-être."})

    assert response.status_code == 400
    assert "Cochez la case pour confirmer le conflit d&#x27;intérêts." in response.content.decode()
    assert Assignment.objects.filter(reviewer=seat, dossier=dossier).exists() and not Conflict.objects.exists()


# --- Next dossier ----------------------------------------------------------------------


def test_next_dossier_serves_the_same_dossier_to_a_double_click_then_another_once_scored(call):
    grid = grid_of(call, CANDIDATE_PRESCREENING, mode=Grid.Mode.NEXT, k=1)
    submitted_dossier(call)
    submitted_dossier(call)
    seat = seated_reviewer(grid)
    client = client_of(seat.user)
    url = reverse("evaluation:next", kwargs={"grid": grid.pk})

    assert "Dossier suivant" in client.get(reverse("evaluation:queue")).content.decode()
    first, again = client.post(url), client.post(url)

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    (assignment,) = Assignment.objects.filter(reviewer=seat)
    assert first["Location"] == review_url(grid, assignment.dossier)
    answers = {"verdict": "favourite", "action": "submit"}
    client.post(first["Location"], {**scores_post(grid, {1: 4, 2: 4, 3: 5}), **answers})
    second = client.post(url)
    assert second["Location"] != first["Location"]
    assert Assignment.objects.filter(reviewer=seat).count() == 2


def test_next_dossier_says_when_nothing_is_left(call):
    grid = grid_of(call, CANDIDATE_PRESCREENING, mode=Grid.Mode.NEXT, k=1)
    seat = seated_reviewer(grid)
    client = client_of(seat.user)

    response = client.post(reverse("evaluation:next", kwargs={"grid": grid.pk}))

    assert response.status_code == 302 and response["Location"] == reverse("evaluation:queue")
    assert messages_of(client.get(response["Location"])) == [
        "Il n'y a plus de dossier à évaluer pour vous dans cette grille."
    ]


def test_next_dossier_is_refused_with_a_message_once_the_grid_is_closed(call):
    grid = grid_of(
        call,
        CANDIDATE_PRESCREENING,
        mode=Grid.Mode.NEXT,
        opens_at=timezone.now() - 10 * DAY,
        closes_at=timezone.now() - DAY,
    )
    submitted_dossier(call)
    seat = seated_reviewer(grid)
    client = client_of(seat.user)

    assert "Dossier suivant" not in client.get(reverse("evaluation:queue")).content.decode()
    response = client.post(reverse("evaluation:next", kwargs={"grid": grid.pk}))

    assert response["Location"] == reverse("evaluation:queue")
    assert messages_of(client.get(response["Location"]))[0].startswith("L'évaluation est close depuis le")
    assert not Assignment.objects.exists()


def test_the_evaluation_pages_refuse_other_methods(call):
    grid = grid_of(call, CANDIDATE_PRESCREENING, mode=Grid.Mode.NEXT)
    dossier = submitted_dossier(call)
    seat = seated_reviewer(grid)
    assign(seat, dossier)
    client = client_of(seat.user)
    assert client.post(reverse("evaluation:queue")).status_code == 405
    assert client.get(reverse("evaluation:next", kwargs={"grid": grid.pk})).status_code == 405
    assert client.get(conflict_url(grid, dossier)).status_code == 405
    assert client.put(review_url(grid, dossier)).status_code == 405


# --- Invitation ------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(call):
    invitation = Reviewer.objects.create(grid=grid_of(call), email="invitee@example.org")
    url = reverse("evaluation:invitation", kwargs={"token": invitation.token})
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_an_unknown_invitation_answers_404():
    url = reverse("evaluation:invitation", kwargs={"token": "inconnu"})
    assert client_of(UserFactory()).get(url).status_code == 404


def test_accepting_an_invitation_takes_the_seat_then_asks_for_two_factor_authentication(call):
    grid = grid_of(call)
    invitation = Reviewer.objects.create(grid=grid, email="invitee@example.org")
    user = UserFactory(email="invitee@example.org")
    client = client_of(user)
    url = reverse("evaluation:invitation", kwargs={"token": invitation.token})

    page = client.get(url).content.decode()
    assert grid.title in page and call.title in page and "Accepter l'invitation" in page

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("evaluation:queue")
    invitation.refresh_from_db()
    user.refresh_from_db()
    assert invitation.user == user and invitation.accepted_at is not None
    assert Role.REVIEWER in user.roles
    queue = client.get(response["Location"])
    assert queue.status_code == 302 and queue["Location"] == reverse("mfa_activate_totp")


def test_an_invitation_taken_by_someone_else_is_refused(call):
    grid = grid_of(call)
    taken = seated_reviewer(grid)
    url = reverse("evaluation:invitation", kwargs={"token": taken.token})
    client = client_of(UserFactory())

    assert "déjà été acceptée par une autre personne" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 409
    assert messages_of(response) == ["Cette invitation a déjà été acceptée par une autre personne."]
    taken.refresh_from_db()
    assert taken.user.email != response.wsgi_request.user.email


# --- Header ----------------------------------------------------------------------------


def test_the_header_links_to_the_evaluation_for_a_person_with_an_active_seat(call):
    grid = grid_of(call)
    seat = seated_reviewer(grid)
    without_seat = UserFactory(roles=[Role.REVIEWER])
    link = f'href="{reverse("evaluation:queue")}"'
    assert link in client_of(seat.user).get(reverse("candidates:space")).content.decode()
    assert link not in client_of(without_seat).get(reverse("candidates:space")).content.decode()
    Reviewer.objects.filter(pk=seat.pk).update(dropped_at=timezone.now())
    assert link not in client_of(seat.user).get(reverse("candidates:space")).content.decode()
