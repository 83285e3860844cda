"""The evaluation in the browser: a reviewer signs in with their second factor and scores
three dossiers (autosave included); a team member reads the calibrated ranking and
marks two dossiers admissible after the preview; the candidates are notified."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.notifications.models import OutboxMessage
from eig.reviews import services
from eig.reviews.models import Assignment, Decision, Review
from tests.factories import StaffFactory, UserFactory
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier, totp_code

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-solide-42"
# The level each of the three dossiers gets on every criterion from the browser's reviewer.
LEVELS = ["4 — excellent", "3 — bon", "1 — insuffisant"]


def choose(page, criterion, level):
    """Click the level's label, as a person does (the DSFR draws the radio under it)."""
    page.locator(f"#criterion-{criterion.pk}").locator("label", has_text=level).click()


@pytest.fixture
def world():
    """A closed call, its jury grid (k = 2), three dossiers; a colleague has already scored them."""
    call = closed_call(title="Appel à candidatures EIG 9")
    grid = grid_of(call, k=2)
    dossiers = [
        submitted_dossier(call, first=first, last=last)
        for first, last in (("Ada", "Lovelace"), ("Grace", "Hopper"), ("Alan", "Turing"))
    ]
    reviewer_user = UserFactory(email="evaluatrice@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=reviewer_user, email=reviewer_user.email, verified=True, primary=True)
    reviewer = seated_reviewer(grid, reviewer_user, capacity=3)
    colleague = seated_reviewer(grid, capacity=3)
    services.run_assignment(grid, by=StaffFactory(email="equipe-setup@example.org"))
    criteria = list(grid.criteria.all())
    for assignment, level in zip(colleague.assignments.order_by("dossier__number"), (3, 3, 1), strict=True):
        scores = {str(c.pk): level for c in criteria}
        Review.objects.create(assignment=assignment, scores=scores, total=5 * level, submitted_at=timezone.now())
    return call, grid, dossiers, reviewer


def test_a_reviewer_scores_three_dossiers_and_the_team_marks_two_admissible(page, browser_context, live_server, world):
    call, grid, dossiers, reviewer = world
    criteria = list(grid.criteria.all())

    # Signing in takes the password, then the code of the authenticator app.
    browser_context.clear_cookies()
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(reviewer.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/authenticate/**")
    screenshot(page, "fr-evaluation-second-factor")
    page.locator("#id_code").fill(totp_code())
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/authenticate/" not in url)

    page.goto(reverse("evaluation:queue"))
    for dossier in dossiers:
        assert page.get_by_role("link", name=dossier.number).is_visible()
    screenshot(page, "fr-evaluation-queue")
    check_accessibility(page, "fr-evaluation-queue")

    for index, (dossier, level) in enumerate(zip(dossiers, LEVELS, strict=True)):
        page.goto(reverse("evaluation:queue"))
        page.get_by_role("link", name=dossier.number).click()
        choose(page, criteria[0], level)
        if index == 0:
            # Autosave: the first level is saved without pressing any button.
            page.get_by_role("status").filter(has_text="enregistré").wait_for()
            saved = Review.objects.get(assignment__reviewer=reviewer, assignment__dossier=dossier)
            assert saved.scores == {str(criteria[0].pk): int(level[0])} and saved.submitted_at is None
            screenshot(page, "fr-evaluation-review")
            check_accessibility(page, "fr-evaluation-review")
        for criterion in criteria[1:]:
            choose(page, criterion, level)
        page.get_by_role("button", name="Valider l'évaluation").click()
        page.get_by_text(f"Évaluation du dossier {dossier.number} validée.").wait_for()

    submitted = Review.objects.filter(assignment__reviewer=reviewer, submitted_at__isnull=False)
    assert sorted(submitted.values_list("total", flat=True)) == [5, 15, 20]
    check_no_browser_problems(page)

    # The team: the calibrated ranking, then two dossiers admissible after the preview.
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))
    page.goto(reverse("staff:evaluation_overview", args=[call.slug]))
    page.get_by_role("heading", level=1).wait_for()
    screenshot(page, "fr-evaluation-overview")
    check_accessibility(page, "fr-evaluation-overview")
    page.goto(reverse("staff:evaluation_grid", args=[call.slug, grid.pk]))
    assert page.get_by_text(reviewer.user.email).first.is_visible()
    screenshot(page, "fr-evaluation-grid")
    check_accessibility(page, "fr-evaluation-grid")
    page.goto(reverse("staff:evaluation_ranking", args=[call.slug, grid.pk]))
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_by_role("columnheader", name="Score corrigé").is_visible()
    rows = page.locator("tbody tr")
    assert rows.nth(0).get_by_role("link", name=dossiers[0].number).is_visible()  # 20 and 15
    assert rows.nth(2).get_by_role("link", name=dossiers[2].number).is_visible()  # 5 and 5
    screenshot(page, "fr-evaluation-ranking")
    check_accessibility(page, "fr-evaluation-ranking")

    for dossier in dossiers[:2]:
        # The DSFR draws the box in the label's ::before, which Playwright cannot aim at.
        page.get_by_label(f"Sélectionner le dossier {dossier.number}").check(force=True)
    page.locator("label", has_text="Admissible").first.click()
    page.get_by_label("Motif").select_option("selected")
    page.get_by_role("button", name="Prévisualiser les décisions").click()
    page.get_by_role("cell", name=f"Votre dossier {dossiers[0].number} : retenu pour la suite").wait_for()
    assert not Decision.objects.exists() and not OutboxMessage.objects.filter(template="admissibility_decision")
    screenshot(page, "fr-evaluation-decisions-preview")
    check_accessibility(page, "fr-evaluation-decisions-preview")
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_text("2 décisions enregistrées").wait_for()

    decided = Decision.objects.filter(grid=grid, admissible=True)
    assert sorted(decided.values_list("dossier__number", flat=True)) == [d.number for d in dossiers[:2]]
    notified = OutboxMessage.objects.filter(template="admissibility_decision")
    assert sorted(notified.values_list("recipient", flat=True)) == sorted(d.owner.email for d in dossiers[:2])
    assert Assignment.objects.filter(reviewer=reviewer).count() == 3
    check_no_browser_problems(page)
