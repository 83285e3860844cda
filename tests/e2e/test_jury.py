"""A jury in the browser: staff form the panels and compute the timetable, move one slot
(accepted) and another into a conflict (refused with the reason); a juror downloads their
ICS, fills the collective grid, then the general grid after the last audition; the merged
ranking appears for staff."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from eig.juries.models import Audition, CollectiveScore, Jury, Panel, Verdict
from tests.factories import StaffFactory
from tests.factories.juries import jury_world

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def local_input(moment) -> str:
    """The value of a datetime-local field, in Paris time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def world():
    """A challenge jury: 10 jurors free on both half-days of tomorrow, 4 challenges, one room;
    two panels of five are wanted, each hearing two challenges."""
    world = jury_world(jurors=10, auditions=4, panels=0, rooms=1, scheduled=False, timekeeper=False)
    Jury.objects.filter(pk=world.jury.pk).update(
        panels_wanted=2, panel_size_min=5, panel_size_max=5, items_min=2, items_max=2
    )
    for juror in world.jurors:
        juror.available.set(world.half_days)
    return world


def test_staff_plan_the_jury_and_a_juror_deliberates(page, browser_context, live_server, world):
    call, jury = world.call, world.jury
    sign_in(browser_context, live_server, StaffFactory(email="equipe@example.org"))

    page.goto(reverse("staff:jury_panels", args=[call.slug]))
    page.get_by_role("button", name="Former les groupes").click()
    page.wait_for_load_state()
    assert Panel.objects.filter(jury=jury).count() == 2
    screenshot(page, "fr-jury-panels")
    check_accessibility(page, "fr-jury-panels")

    page.goto(reverse("staff:jury_timetable", args=[call.slug]))
    page.get_by_role("button", name="Calculer les horaires").click()
    page.wait_for_load_state()
    assert not Audition.objects.filter(jury=jury, starts_at__isnull=True).exists()
    screenshot(page, "fr-jury-timetable")
    check_accessibility(page, "fr-jury-timetable")

    panel = Panel.objects.filter(jury=jury).order_by("index").first()
    first, second = Audition.objects.filter(panel=panel).order_by("starts_at")
    # Accepted: the panel's second audition ten minutes later (a longer break).
    later = second.starts_at + datetime.timedelta(minutes=10)
    page.locator(f"#move-{second.pk}").fill(local_input(later))
    page.locator(f"#audition-{second.pk}").get_by_role("button", name="Déplacer").click()
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.starts_at == later
    # Refused: the first audition onto the second one's time, same room, same jurors.
    page.locator(f"#move-{first.pk}").fill(local_input(second.starts_at))
    page.locator(f"#audition-{first.pk}").get_by_role("button", name="Déplacer").click()
    page.get_by_text("Déplacement refusé").first.wait_for()
    screenshot(page, "fr-jury-move-refused")
    before = first.starts_at
    first.refresh_from_db()
    assert first.starts_at == before
    # The refusal answers 409 (the browser logs it); nothing else may have gone wrong.
    page.problems.console_errors[:] = [e for e in page.problems.console_errors if "409 (Conflict)" not in e]
    page.problems.failed_requests[:] = [r for r in page.problems.failed_requests if not r.endswith("HTTP 409")]
    check_no_browser_problems(page)

    # A juror of the first panel: the calendar, then the collective grid of an audition.
    juror = panel.members.select_related("juror__user").first().juror
    sign_in(browser_context, live_server, juror.user)
    page.goto(reverse("juries:schedule"))
    screenshot(page, "fr-jury-schedule")
    check_accessibility(page, "fr-jury-schedule")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes auditions (fichier ICS)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    starts = sorted(event.decoded("dtstart") for event in calendar.walk("VEVENT"))
    assert starts == [first.starts_at, second.starts_at]

    page.goto(reverse("juries:audition", args=[first.pk]))
    for criterion in jury.grid.criteria.all():
        page.locator(f"#criterion-{criterion.pk}").locator("label", has_text="4 — excellent").click()
    page.get_by_role("button", name="Enregistrer la grille collective").click()
    page.wait_for_load_state()
    assert CollectiveScore.objects.get(audition=first).total == 20
    screenshot(page, "fr-jury-audition")
    check_accessibility(page, "fr-jury-audition")

    # After the panel's last audition: the general grid.
    with time_machine.travel(second.ends_at + datetime.timedelta(minutes=5), tick=True):
        page.goto(reverse("juries:general_grid", args=[panel.pk]))
        for audition, rank in ((first, "1"), (second, "2")):
            block = page.locator(f"#verdict-{audition.pk}")
            block.locator("label", has_text="Favorable").first.click()
            block.get_by_label("Rang").select_option(rank)
        screenshot(page, "fr-jury-general-grid")
        check_accessibility(page, "fr-jury-general-grid")
        page.get_by_role("button", name="Enregistrer la grille générale").click()
        page.wait_for_load_state()
    assert sorted(Verdict.objects.filter(panel=panel).values_list("rank", flat=True)) == [1, 2]

    sign_in(browser_context, live_server, StaffFactory(email="equipe2@example.org"))
    page.goto(reverse("staff:jury_results", args=[call.slug]))
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_by_text(first.dossier.number).first.is_visible()
    assert page.get_by_text(second.dossier.number).first.is_visible()
    screenshot(page, "fr-jury-results")
    check_accessibility(page, "fr-jury-results")
    check_no_browser_problems(page)
