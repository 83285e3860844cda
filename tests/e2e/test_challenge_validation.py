"""The selected challenges of a call for challenges validated in the browser (issue 18, point 7):
staff submit the call's list from its page, an approver approves it through its confirmation step,
staff publish the challenges and the public page shows them; axe passes on each page.

The world is tests/factories/challenge_selection.py's: « Alpha » and « Bêta », validated by staff.
"""

import pytest
from django.test import Client
from django.urls import reverse

from eig.challenges.models import Challenge
from eig.proposals.models import ChallengeApproval, ChallengeSelection
from tests.factories.challenge_selection import selected_call
from tests.factories.reviews import with_totp

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import click, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_selected_challenges_are_submitted_approved_and_published(page, browser_context, live_server):
    world = selected_call()
    alpha = world.challenges["Alpha"]
    staff_page = reverse("staff:challenge_selection", args=[world.call.slug])

    # Staff submit the call's list.
    sign_in(browser_context, live_server, world.staff)
    visit(page, staff_page)
    check_accessibility(page, "fr-challenge-selection-staff")
    click(page, "Soumettre les 2 défis retenus aux valideurs")
    selection = ChallengeSelection.objects.get()
    assert selection.state == ChallengeSelection.State.SUBMITTED
    assert Client().get(alpha.get_absolute_url()).status_code == 404  # not public yet

    # The approver reads it and approves it through the confirmation step.
    sign_in(browser_context, live_server, with_totp(world.approver))
    visit(page, reverse("approvals:list"))
    page.get_by_role("link", name=str(selection)).first.click()
    page.wait_for_load_state()
    assert page.get_by_text(selection.digest).count() >= 1
    screenshot(page, "fr-challenge-selection-approval")
    check_accessibility(page, "fr-challenge-selection-approval")
    page.get_by_label("Commentaire").fill("Conforme aux délibérations du jury des défis.")
    click(page, "Approuver")
    assert page.get_by_role("heading", name="Cette approbation est définitive").is_visible()
    check_accessibility(page, "fr-challenge-selection-approval-confirm")
    click(page, "Confirmer l'approbation")
    selection.refresh_from_db()
    assert selection.state == ChallengeSelection.State.APPROVED
    assert ChallengeApproval.objects.get().comment == "Conforme aux délibérations du jury des défis."

    # Staff publish the approved challenges; the public page shows them.
    sign_in(browser_context, live_server, world.staff)
    visit(page, staff_page)
    click(page, "Publier les 2 défis approuvés")
    assert set(Challenge.objects.values_list("status", flat=True)) == {Challenge.Status.RECRUITING}
    check_accessibility(page, "fr-challenge-selection-published")
    visit(page, alpha.get_absolute_url())
    assert page.get_by_role("heading", name="Alpha").first.is_visible()
    check_no_browser_problems(page)
