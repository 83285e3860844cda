"""Calls set up by the programme team (eig.calls.setup): a new call gets the platform's form, last year's
call is copied with its questions in both languages and its grids, dates shifted and no dossier; the dates
of a call are set in one place, the promotion's calendar and the public pages follow, and the holders of a
draft are told once when an open call's deadline moves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call, Dossier, Question, Step
from eig.calls.services import start_dossier
from eig.calls.setup import create_call, duplicate_call, one_year_after, set_call_dates, sync_phase
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.juries.models import Jury
from eig.juries.services import create_jury
from eig.notifications.models import OutboxMessage
from eig.promotions.models import Phase
from eig.reviews.defaults import CANDIDATE_JURY, CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Criterion, Grid
from tests.factories import PromotionFactory, StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.reviews import submitted_dossier

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def eig9():
    return PromotionFactory(number=9, year=2025, slug="eig-9", title="EIG 9")


@pytest.fixture
def eig10():
    return PromotionFactory(number=10, year=2026, slug="eig-10", title="EIG 10")


def last_year_call(promotion):
    """EIG 9's call for applications, open now, its form translated in part, both grids and a jury."""
    call = application_call(promotion=promotion, slug="appel-candidatures-eig-9", title="Appel à candidatures EIG 9")
    call.title_en = "Call for applications EIG 9"
    call.privacy_notice = "Les données de l'appel EIG 9 sont conservées deux ans."
    call.contract_months = 10
    call.salary_terms = "Grille des contractuels, catégorie A"
    call.save()
    step = Step.objects.get(call=call, slug="identite")
    step.title_en, step.intro_fr, step.intro_en = "Identity", "Qui êtes-vous ?", "Who are you?"
    step.save()
    civility = Question.objects.get(step=step, key="civilite")
    civility.label_en = "Title"
    civility.help_text_fr, civility.help_text_en = "Comme sur vos papiers", "As on your papers"
    civility.choices_en = {"madame": "Ms", "monsieur": "Mr"}
    civility.save()
    install_grid(
        call, CANDIDATE_PRESCREENING, opens_at=call.closes_at, closes_at=call.closes_at + datetime.timedelta(days=14)
    )
    create_jury(call, by=None)  # installs the jury grid too
    submitted_dossier(call)
    return call


# --- A new call ------------------------------------------------------------------------------------


def test_a_call_for_applications_created_by_staff_gets_the_default_candidate_form(eig10, staff):
    opens = timezone.now() + datetime.timedelta(days=30)

    call = create_call(
        eig10, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=opens + datetime.timedelta(days=30), by=staff
    )

    assert (call.title_fr, call.slug, call.dossier_prefix) == (
        "Appel à candidatures EIG 10",
        "appel-candidatures-eig-10",
        "EIG10",
    )
    assert list(call.steps.values_list("slug", flat=True)) == [
        "identite",
        "parcours",
        "motivation",
        "disponibilite",
        "pieces",
        "declarations",
    ]
    assert Question.objects.filter(step__call=call, key="cv", kind="file").exists()
    assert ActivityLog.objects.filter(verb="call.created", target_id=str(call.pk), actor=staff).exists()


def test_a_call_for_challenges_created_by_staff_gets_the_proposal_form(eig10, staff):
    opens = timezone.now() + datetime.timedelta(days=30)

    call = create_call(eig10, Call.Kind.CHALLENGES, opens_at=opens, closes_at=opens + YEAR / 12, by=staff)

    assert (call.slug, call.dossier_prefix) == ("appel-defis-eig-10", "DEFI-EIG10")
    assert call.steps.count() > 0 and Question.objects.filter(step__call=call).count() > 10


def test_a_new_call_sets_its_step_of_the_promotion_calendar(eig10, staff):
    opens = timezone.now() + datetime.timedelta(days=30)
    closes = opens + datetime.timedelta(days=45)

    create_call(eig10, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=closes, by=staff)

    phase = Phase.objects.get(promotion=eig10, kind=Phase.Kind.APPLICATION_CALL)
    assert (phase.starts_at, phase.ends_at) == (opens, closes)


def test_a_second_call_of_the_same_kind_for_a_promotion_is_refused(eig10, staff):
    opens = timezone.now() + datetime.timedelta(days=30)
    create_call(eig10, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=opens + YEAR / 12, by=staff)

    with pytest.raises(DomainError, match="déjà son appel à candidatures"):
        create_call(eig10, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=opens + YEAR / 12, by=staff)
    assert Call.objects.filter(promotion=eig10).count() == 1


def test_a_call_closing_before_it_opens_is_refused(eig10, staff):
    opens = timezone.now() + datetime.timedelta(days=30)

    with pytest.raises(DomainError, match="La clôture de l'appel doit suivre son ouverture."):
        create_call(eig10, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=opens, by=staff)
    assert not Call.objects.filter(promotion=eig10).exists()


# --- A copy of last year's call -----------------------------------------------------------------------


def test_duplicate_copies_steps_and_questions_in_both_languages_shifts_the_dates_and_copies_no_dossier(
    eig9, eig10, staff
):
    source = last_year_call(eig9)

    call = duplicate_call(source, promotion=eig10, offset=YEAR, by=staff)

    assert (call.promotion, call.title_fr, call.title_en) == (
        eig10,
        "Appel à candidatures EIG 10",
        "Call for applications EIG 10",
    )
    assert (call.opens_at, call.closes_at) == (source.opens_at + YEAR, source.closes_at + YEAR)
    assert (call.slug, call.dossier_prefix) == ("appel-candidatures-eig-10", "EIG10")
    assert call.privacy_notice == "Les données de l'appel EIG 10 sont conservées deux ans."
    assert (call.contract_months, call.salary_terms, call.wishes_mode, call.max_wishes) == (
        10,
        "Grille des contractuels, catégorie A",
        source.wishes_mode,
        source.max_wishes,
    )
    assert not call.dossiers.exists() and source.dossiers.count() == 1

    def form(c):
        return [
            (q.step.slug, q.step.order, q.key, q.order, q.kind, q.label_fr, q.label_en, q.required, q.max_length)
            for q in Question.objects.filter(step__call=c).select_related("step").order_by("step__order", "order")
        ]

    assert form(call) == form(source) and len(form(call)) > 20
    step = Step.objects.get(call=call, slug="identite")
    assert (step.title_fr, step.title_en, step.intro_fr, step.intro_en) == (
        "Identité et coordonnées",
        "Identity",
        "Qui êtes-vous ?",
        "Who are you?",
    )
    civility = Question.objects.get(step=step, key="civilite")
    assert (civility.label_en, civility.help_text_fr, civility.help_text_en) == (
        "Title",
        "Comme sur vos papiers",
        "As on your papers",
    )
    assert civility.choices_en == {"madame": "Ms", "monsieur": "Mr"}
    assert civility.labelled_choices("en")[:2] == [("madame", "Ms"), ("monsieur", "Mr")]
    # The source keeps its own questions: nothing was moved.
    assert Question.objects.filter(step__call=source).count() == len(form(source))


def test_duplicate_copies_the_grids_with_their_criteria_and_the_jury_settings(eig9, eig10, staff):
    source = last_year_call(eig9)
    jury = Jury.objects.get(call=source)
    jury.break_every, jury.charter = 50, "Charte EIG 9"
    jury.save()

    call = duplicate_call(source, promotion=eig10, offset=YEAR, by=staff)

    grids = {g.phase: g for g in Grid.objects.filter(call=call)}
    assert set(grids) == {Grid.Phase.PRESCREENING, Grid.Phase.JURY}
    for phase, grid in grids.items():
        original = Grid.objects.get(call=source, phase=phase)
        assert (grid.opens_at, grid.closes_at, grid.reveals_at) == (
            original.opens_at + YEAR,
            original.closes_at + YEAR,
            original.reveals_at + YEAR,
        )
        assert (grid.title_fr, grid.scale_min, grid.scale_max, grid.level_labels_fr, grid.has_verdict, grid.mode) == (
            original.title_fr,
            original.scale_min,
            original.scale_max,
            original.level_labels_fr,
            original.has_verdict,
            original.mode,
        )
        assert list(Criterion.objects.filter(grid=grid).values_list("order", "label_fr", "weight")) == list(
            Criterion.objects.filter(grid=original).values_list("order", "label_fr", "weight")
        )
        assert not grid.reviewers.exists() and not grid.decisions.exists()
    assert len(CANDIDATE_PRESCREENING["criteria"]) == grids[Grid.Phase.PRESCREENING].criteria.count()
    assert len(CANDIDATE_JURY["criteria"]) == grids[Grid.Phase.JURY].criteria.count()
    copy = Jury.objects.get(call=call)
    assert (copy.grid, copy.break_every, copy.charter, copy.audition_format) == (
        grids[Grid.Phase.JURY],
        50,
        "Charte EIG 9",
        jury.audition_format,
    )
    assert not copy.jurors.exists() and not copy.half_days.exists()
    entry = ActivityLog.objects.get(verb="call.duplicated", target_id=str(call.pk))
    assert entry.data["copied"] == ["reviews.grids", "juries.settings"] and entry.actor == staff


def test_a_copy_that_would_already_be_open_is_refused(eig9, eig10, staff):
    source = last_year_call(eig9)  # opened ten days ago

    with pytest.raises(DomainError, match="date déjà passée"):
        duplicate_call(source, promotion=eig10, offset=datetime.timedelta(days=5), by=staff)
    assert not Call.objects.filter(promotion=eig10).exists()


def test_one_year_is_365_or_366_days():
    assert one_year_after(timezone.make_aware(datetime.datetime(2025, 3, 1, 10))) == datetime.timedelta(days=365)
    assert one_year_after(timezone.make_aware(datetime.datetime(2027, 3, 1, 10))) == datetime.timedelta(days=366)
    assert one_year_after(timezone.make_aware(datetime.datetime(2028, 2, 29, 10))) == datetime.timedelta(days=365)


# --- The dates of a call -------------------------------------------------------------------------------


def _upcoming(promotion, staff, **kwargs):
    opens = timezone.now() + datetime.timedelta(days=3)
    return create_call(promotion, Call.Kind.APPLICATIONS, opens_at=opens, closes_at=opens + YEAR / 12, by=staff)


def test_open_now_extend_and_close_now(eig10, staff):
    call = _upcoming(eig10, staff)
    now = timezone.now()

    set_call_dates(call, opens_at=now, closes_at=call.closes_at, by=staff, now=now)
    call.refresh_from_db()
    assert call.is_open(now)

    later = call.closes_at + datetime.timedelta(days=7)
    set_call_dates(call, opens_at=call.opens_at, closes_at=later, by=staff, now=now)
    call.refresh_from_db()
    assert call.closes_at == later

    moment = now + datetime.timedelta(minutes=1)
    set_call_dates(call, opens_at=call.opens_at, closes_at=moment, by=staff, now=moment)
    call.refresh_from_db()
    assert not call.is_open(moment) and call.closes_at == moment
    assert ActivityLog.objects.filter(verb="call.dates_changed", target_id=str(call.pk)).count() == 3


def test_dates_that_close_before_opening_are_refused_in_french(eig10, staff):
    call = _upcoming(eig10, staff)

    with pytest.raises(DomainError, match="La clôture de l'appel doit suivre son ouverture."):
        set_call_dates(call, opens_at=call.closes_at, closes_at=call.opens_at, by=staff)
    call.refresh_from_db()
    assert call.opens_at < call.closes_at


def test_the_promotion_calendar_follows_every_change_of_the_dates(eig10, staff):
    call = _upcoming(eig10, staff)
    later = call.closes_at + datetime.timedelta(days=10)

    set_call_dates(call, opens_at=call.opens_at, closes_at=later, by=staff)

    phase = Phase.objects.get(promotion=eig10, kind=Phase.Kind.APPLICATION_CALL)
    assert (phase.starts_at, phase.ends_at) == (call.opens_at, later)


def test_moving_an_open_call_deadline_tells_each_draft_holder_once_in_their_language(eig9, staff):
    call = application_call(promotion=eig9)
    ada = start_dossier(call, owner=UserFactory(email="ada@example.org", first_name="Ada"))
    grace = start_dossier(call, owner=UserFactory(email="grace@example.org", first_name="Grace"))
    Dossier.objects.filter(pk=grace.pk).update(language="en")
    submitted_dossier(call, owner=UserFactory(email="deposee@example.org"))  # submitted: not told
    old = call.closes_at
    later = old + datetime.timedelta(days=7)

    change = set_call_dates(call, opens_at=call.opens_at, closes_at=later, by=staff)
    again = set_call_dates(call, opens_at=call.opens_at, closes_at=later, by=staff)  # a double click

    assert (change.announced, again.changed, again.announced) == (2, False, 0)
    messages = {m.recipient: m for m in OutboxMessage.objects.filter(template="call_deadline_changed")}
    assert sorted(messages) == ["ada@example.org", "grace@example.org"]
    assert "est prolongé" in messages["ada@example.org"].body_text
    assert ada.number in messages["ada@example.org"].body_text
    assert "is extended" in messages["grace@example.org"].body_text
    entry = ActivityLog.objects.get(verb="call.dates_changed", target_id=str(call.pk))
    assert (entry.actor, entry.data["announced"], entry.data["old_closes_at"]) == (staff, 2, old.isoformat())


def test_closing_an_open_call_now_tells_the_draft_holders_it_is_closed(eig9, staff):
    call = application_call(promotion=eig9)
    start_dossier(call, owner=UserFactory(email="ada@example.org"))
    now = timezone.now()

    set_call_dates(call, opens_at=call.opens_at, closes_at=now, by=staff, now=now)

    message = OutboxMessage.objects.get(template="call_deadline_changed")
    assert "est clos" in message.subject and "ne peut plus l'être" in message.body_text


def test_changing_the_dates_of_a_call_not_yet_open_tells_nobody(eig10, staff):
    call = _upcoming(eig10, staff)

    set_call_dates(call, opens_at=call.opens_at, closes_at=call.closes_at + YEAR / 12, by=staff)

    assert not OutboxMessage.objects.filter(template="call_deadline_changed").exists()


def test_the_public_page_says_open_after_staff_extend_a_closed_call_for_challenges(client, eig10, staff):
    """Field test, item 9: reopening the call for challenges left the public page saying « clos »."""
    now = timezone.now()
    call = Call.objects.create(
        promotion=eig10,
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis EIG 10",
        slug="appel-defis-eig-10",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=1),
        dossier_prefix="DEFI-EIG10",
    )
    sync_phase(call)
    page = reverse("public:participate_administrations")
    assert "Appel à défis de la promotion EIG 10 : clos" in client.get(page).content.decode()

    set_call_dates(call, opens_at=call.opens_at, closes_at=now + datetime.timedelta(days=14), by=staff)

    body = client.get(page).content.decode()
    assert "Appel à défis de la promotion EIG 10 : ouvert" in body and ": clos" not in body
