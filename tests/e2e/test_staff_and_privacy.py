"""The programme team's follow-up pages and the candidate's personal-data pages, in the
browser: they render, pass axe-core and keep the console clean."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call

from .audit import check_accessibility, check_no_browser_problems, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.clear_cookies()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser_context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def world(settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eig.applications.services import set_wishes
    from eig.calls import services
    from eig.calls.models import Question, Step
    from eig.files.models import StoredFile
    from tests.factories.calls import COMPLETE_ANSWERS
    from tests.factories.files import PDF_BYTES

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call = application_call(positions=3, title="Appel à candidatures EIG 9")
    positions = list(call.promotion.challenges.get().positions.order_by("order"))
    dossiers = []
    for i in range(3):
        user = UserFactory(email=f"candidate{i}@example.org")
        dossier = services.start_dossier(call, owner=user)
        steps = list(COMPLETE_ANSWERS.items())
        for slug, answers in steps if i == 2 else steps[: 2 + i]:
            services.save_step(dossier, Step.objects.get(call=call, slug=slug), answers, by=user)
        set_wishes(dossier, [p.pk for p in positions[: i + 1]], by=user)
        if i == 2:
            cv = Question.objects.get(step__call=call, key="cv")
            stored = services.attach_file(dossier, cv, SimpleUploadedFile("cv.pdf", PDF_BYTES), by=user)
            StoredFile.objects.filter(pk=stored.pk).update(scan_status="clean")
            services.submit_dossier(dossier, by=user)
        dossiers.append(dossier)
    return call, dossiers


def test_the_team_follows_a_call_from_funnel_to_dossier(page, browser_context, live_server, world):
    call, dossiers = world
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))

    page.goto(reverse("staff:call_list"))
    assert page.get_by_role("heading", level=1).is_visible()
    screenshot(page, "fr-staff-calls")
    check_accessibility(page, "fr-staff-calls")

    page.goto(reverse("staff:dossier_list", args=[call.slug]))
    assert page.get_by_text(dossiers[2].number).first.is_visible()
    screenshot(page, "fr-staff-dossiers")
    check_accessibility(page, "fr-staff-dossiers")

    page.goto(reverse("staff:dossier_list", args=[call.slug]) + "?status=submitted")
    assert page.get_by_text(dossiers[2].number).first.is_visible()
    assert page.get_by_text(dossiers[0].number).count() == 0

    page.goto(reverse("staff:dossier_detail", args=[call.slug, dossiers[2].number]))
    assert page.get_by_role("link", name="cv.pdf").first.is_visible()
    screenshot(page, "fr-staff-dossier")
    check_accessibility(page, "fr-staff-dossier")
    check_no_browser_problems(page)


def test_a_candidate_reads_what_is_kept_and_the_deletion_confirmation(page, browser_context, live_server, world):
    call, dossiers = world
    sign_in(browser_context, live_server, dossiers[2].owner)

    page.goto(reverse("candidates:space"))
    screenshot(page, "fr-candidate-space-with-dossier")
    check_accessibility(page, "fr-candidate-space-with-dossier")

    page.goto(reverse("candidates:personal_data"))
    screenshot(page, "fr-personal-data")
    check_accessibility(page, "fr-personal-data")

    page.goto(reverse("candidates:delete_account"))
    screenshot(page, "fr-delete-account")
    check_accessibility(page, "fr-delete-account")
    check_no_browser_problems(page)
