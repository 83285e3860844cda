"""The programme team's pages to set up a call (/equipe/appels/…): « Nouvel appel », « Dupliquer » with a
preview of the shifted dates, the « Calendrier » with a confirmation before an open call's deadline moves,
and « Ouvrir les vœux » of a two-stage call, which opens each admissible candidate's wish window once."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.applications.models import WishWindow
from eig.calls.models import Call, Question
from eig.calls.services import start_dossier
from eig.calls.setup import create_call
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.promotions.models import Phase
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Decision, Grid
from tests.factories import PromotionFactory, StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.reviews import closed_call, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def calendar_url(call) -> str:
    return reverse("staff:call_calendar", kwargs={"slug": call.slug})


def test_the_call_list_links_each_setup_page(staff_client):
    call = application_call(wishes_mode=Call.WishesMode.AFTER_PRESELECTION)
    page = staff_client.get(reverse("staff:call_list")).content.decode()
    for name in ["call_calendar", "call_duplicate", "call_wishes"]:
        assert reverse(f"staff:{name}", kwargs={"slug": call.slug}) in page
    assert reverse("staff:call_create") in page


# --- « Nouvel appel » ------------------------------------------------------------------------------


def test_staff_create_a_call_from_the_page_and_it_has_the_default_form(staff_client, staff):
    promotion = PromotionFactory(number=10, slug="eig-10", title="EIG 10")
    opens = timezone.now() + datetime.timedelta(days=20)
    closes = opens + datetime.timedelta(days=30)

    response = staff_client.post(
        reverse("staff:call_create"),
        {
            "promotion": promotion.pk,
            "kind": Call.Kind.APPLICATIONS,
            "title_fr": "",
            "title_en": "Call for applications EIG 10",
            "opens_at": local(opens),
            "closes_at": local(closes),
            "wishes_mode": Call.WishesMode.WITH_DOSSIER,
            "max_wishes": 3,
        },
    )

    call = Call.objects.get(promotion=promotion)
    assert (response.status_code, response["Location"]) == (302, calendar_url(call))
    assert (call.title_fr, call.title_en) == ("Appel à candidatures EIG 10", "Call for applications EIG 10")
    assert Question.objects.filter(step__call=call).count() > 20
    assert Phase.objects.filter(promotion=promotion, kind=Phase.Kind.APPLICATION_CALL).exists()
    page = staff_client.get(response["Location"]).content.decode()
    assert "Appel à candidatures EIG 10" in page and "formulaire par défaut" in page


def test_a_call_closing_before_it_opens_is_refused_by_the_page(staff_client):
    promotion = PromotionFactory()
    opens = timezone.now() + datetime.timedelta(days=20)
    response = staff_client.post(
        reverse("staff:call_create"),
        {
            "promotion": promotion.pk,
            "kind": Call.Kind.CHALLENGES,
            "opens_at": local(opens),
            "closes_at": local(opens - datetime.timedelta(days=1)),
            "wishes_mode": Call.WishesMode.WITH_DOSSIER,
            "max_wishes": 3,
        },
    )
    assert response.status_code == 400
    assert "La clôture de l&#x27;appel doit suivre son ouverture." in response.content.decode()
    assert not Call.objects.exists()


# --- « Dupliquer » ---------------------------------------------------------------------------------


def test_duplicate_shows_the_shifted_dates_then_creates_the_copy_on_confirmation(staff_client):
    eig9 = PromotionFactory(number=9, year=2025, slug="eig-9", title="EIG 9")
    eig10 = PromotionFactory(number=10, year=2026, slug="eig-10", title="EIG 10")
    source = application_call(promotion=eig9, slug="appel-eig-9", title="Appel à candidatures EIG 9")
    install_grid(source, CANDIDATE_PRESCREENING)
    url = reverse("staff:call_duplicate", kwargs={"slug": source.slug})

    form = staff_client.get(url)
    assert form.context["form"].initial["promotion"] == eig10  # the next promotion, offered first
    assert form.context["form"].initial["offset_days"] in (365, 366)

    preview = staff_client.post(url, {"promotion": eig10.pk, "offset_days": 365})
    assert preview.status_code == 200 and not Call.objects.filter(promotion=eig10).exists()
    shifted = preview.context["preview"]["dates"]
    assert shifted[0]["new"] == source.opens_at + datetime.timedelta(days=365)
    assert [row["what"] for row in shifted][2] == "Présélection : ouverture de l'évaluation"

    created = staff_client.post(url, {"promotion": eig10.pk, "offset_days": 365, "confirm": "1"})
    copy = Call.objects.get(promotion=eig10)
    assert (created.status_code, created["Location"]) == (302, calendar_url(copy))
    assert copy.opens_at == source.opens_at + datetime.timedelta(days=365)
    assert Grid.objects.filter(call=copy, phase=Grid.Phase.PRESCREENING).exists()


def test_a_copy_that_would_already_be_open_is_refused_before_the_preview(staff_client):
    source = application_call(promotion=PromotionFactory(number=9, slug="eig-9"))
    target = PromotionFactory(number=10, slug="eig-10")
    response = staff_client.post(
        reverse("staff:call_duplicate", kwargs={"slug": source.slug}), {"promotion": target.pk, "offset_days": 2}
    )
    assert response.status_code == 409 and "date déjà passée" in response.content.decode()
    assert not Call.objects.filter(promotion=target).exists()


# --- « Calendrier » --------------------------------------------------------------------------------


def test_extending_an_open_call_is_confirmed_with_both_deadlines_and_the_drafts_told_then_announced_once(
    staff_client, staff
):
    call = application_call()
    start_dossier(call, owner=UserFactory(email="ada@example.org"))
    start_dossier(call, owner=UserFactory(email="grace@example.org"))
    later = timezone.localtime(call.closes_at + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    data = {"action": "extend", "closes_at": local(later)}

    confirmation = staff_client.post(calendar_url(call), data)

    assert confirmation.status_code == 200
    sentences = [str(s) for s in confirmation.context["consequences"]]
    assert sentences[0].startswith("Clôture actuelle") and sentences[1].startswith("Nouvelle clôture")
    assert "2 personnes qui ont un brouillon en cours seront prévenues par courriel." in sentences
    call.refresh_from_db()
    assert call.closes_at < later and not OutboxMessage.objects.exists()

    done = staff_client.post(calendar_url(call), {**data, "confirm": "1"})
    again = staff_client.post(calendar_url(call), {**data, "confirm": "1"})  # a double click

    assert (done.status_code, again.status_code) == (302, 302)
    call.refresh_from_db()
    assert call.closes_at == later
    assert sorted(
        OutboxMessage.objects.filter(template="call_deadline_changed").values_list("recipient", flat=True)
    ) == [
        "ada@example.org",
        "grace@example.org",
    ]
    assert ActivityLog.objects.filter(verb="call.dates_changed", target_id=str(call.pk), actor=staff).count() == 1
    page = staff_client.get(calendar_url(call)).content.decode()
    assert "Dates de l&#x27;appel modifiées" in page


def test_closing_an_open_call_now_from_the_page(staff_client):
    call = application_call()
    confirmation = staff_client.post(calendar_url(call), {"action": "close_now"})
    assert confirmation.status_code == 200 and "maintenant" in str(confirmation.context["consequences"][1])

    staff_client.post(calendar_url(call), {"action": "close_now", "confirm": "1"})

    call.refresh_from_db()
    assert not call.is_open()
    phase = Phase.objects.get(promotion=call.promotion, kind=Phase.Kind.APPLICATION_CALL)
    assert phase.state() == "closed"
    page = staff_client.get(calendar_url(call)).content.decode()
    assert "Rouvrir l'appel maintenant" in page and "Clore l'appel maintenant" not in page


def test_opening_an_upcoming_call_now_needs_no_confirmation(staff_client, staff):
    opens = timezone.now() + datetime.timedelta(days=3)
    call = create_call(
        PromotionFactory(),
        Call.Kind.APPLICATIONS,
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        by=staff,
    )
    response = staff_client.post(calendar_url(call), {"action": "open_now", "closes_at": local(call.closes_at)})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.is_open()


def test_dates_closing_before_opening_are_refused_on_the_calendar(staff_client):
    call = application_call()
    before = call.opens_at - datetime.timedelta(days=1)
    response = staff_client.post(
        calendar_url(call), {"action": "set", "opens_at": local(call.opens_at), "closes_at": local(before)}
    )
    assert response.status_code == 400
    assert "La clôture de l&#x27;appel doit suivre son ouverture." in response.content.decode()


def test_the_evaluation_page_no_longer_says_closed_for_an_open_call(staff_client):
    call = application_call()
    page = staff_client.get(reverse("staff:evaluation_overview", kwargs={"slug": call.slug})).content.decode()
    assert "Appel ouvert jusqu" in page and "Appel clos le" not in page


# --- « Ouvrir les vœux » ----------------------------------------------------------------------------


def two_stage_call(admissible=2, refused=1):
    call = closed_call(wishes_mode=Call.WishesMode.AFTER_PRESELECTION)
    grid = install_grid(call, CANDIDATE_PRESCREENING)
    dossiers = []
    for index in range(admissible + refused):
        dossier = submitted_dossier(call, owner=UserFactory(email=f"candidate{index}@example.org"))
        Decision.objects.create(
            grid=grid,
            dossier=dossier,
            admissible=index < admissible,
            reason=Decision.Reason.SELECTED if index < admissible else Decision.Reason.PROFILE,
            decided_at=timezone.now(),
        )
        dossiers.append(dossier)
    return call, dossiers


def test_staff_open_the_wishes_of_the_admissible_candidates_once_and_they_see_the_wish_step(staff_client, staff):
    call, (first, second, refused) = two_stage_call()
    url = reverse("staff:call_wishes", kwargs={"slug": call.slug})
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    candidate = Client()
    candidate.force_login(first.owner)
    wishes_step = reverse("candidates:wishes", kwargs={"number": first.number})
    assert candidate.get(wishes_step).status_code == 404

    page = staff_client.get(url).content.decode()
    assert first.number in page and second.number in page and refused.number not in page

    confirmation = staff_client.post(url, {"closes_at": local(closes)})
    assert confirmation.status_code == 200 and not WishWindow.objects.exists()
    assert "2 personnes admissibles" in str(confirmation.context["consequences"][0])

    staff_client.post(url, {"closes_at": local(closes), "confirm": "1"})
    staff_client.post(url, {"closes_at": local(closes + datetime.timedelta(days=1)), "confirm": "1"})  # again

    windows = WishWindow.objects.order_by("dossier__number")
    assert [(w.dossier, w.closes_at) for w in windows] == [(first, closes), (second, closes)]
    sent = OutboxMessage.objects.filter(template="wish_window_opened").order_by("recipient")
    assert [m.recipient for m in sent] == [first.owner.email, second.owner.email]
    assert wishes_step in sent[0].body_text
    assert ActivityLog.objects.filter(verb="call.wish_windows_opened", target_id=str(call.pk), actor=staff).count() == 1
    assert candidate.get(wishes_step).status_code == 200


def test_the_wish_page_exists_only_for_a_two_stage_call(staff_client):
    call = application_call()
    assert staff_client.get(reverse("staff:call_wishes", kwargs={"slug": call.slug})).status_code == 404


def test_the_wish_page_keeps_a_flat_query_count(staff_client):
    def queries(call):
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(reverse("staff:call_wishes", kwargs={"slug": call.slug})).status_code == 200
        return len(context.captured_queries)

    small, _ = two_stage_call(admissible=1, refused=0)
    with_one = queries(small)
    Call.objects.filter(pk=small.pk).update(slug="petit")
    large, _ = two_stage_call(admissible=12, refused=3)
    # Session, user and second factor, the call, the rows (holder and window joined), the grid, the
    # positions' count; the site's DSFR settings under the content version (one read of the version row,
    # and of the settings as the new call moved it): the same nine for one admissible dossier or twelve.
    assert (with_one, queries(large)) == (9, 9)


# --- No second place to edit the dates --------------------------------------------------------------


def test_the_admin_shows_the_calls_steps_of_the_calendar_read_only(staff_client, staff):
    opens = timezone.now() + datetime.timedelta(days=3)
    call = create_call(
        PromotionFactory(),
        Call.Kind.APPLICATIONS,
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=30),
        by=staff,
    )
    Phase.objects.create(
        promotion=call.promotion, kind=Phase.Kind.AUDITIONS, starts_at=opens + datetime.timedelta(days=60)
    )

    response = staff_client.get(reverse("admin:promotions_promotion_change", args=[call.promotion.pk]))

    calls_inline, others_inline = response.context["inline_admin_formsets"]
    assert [f.form.instance.kind for f in calls_inline] == [Phase.Kind.APPLICATION_CALL]
    assert set(calls_inline.readonly_fields) == {"kind", "starts_at", "ends_at"}
    assert not calls_inline.has_add_permission and not calls_inline.has_delete_permission
    editable = [f.form.instance.kind for f in others_inline if f.form.instance.pk]
    assert editable == [Phase.Kind.AUDITIONS]
    kinds = {value for value, _label in others_inline.formset.empty_form.fields["kind"].choices}
    assert Phase.Kind.APPLICATION_CALL not in kinds and Phase.Kind.AUDITIONS in kinds
    call_page = staff_client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert 'name="closes_at' not in call_page  # the call's dates are set on its « Calendrier »
