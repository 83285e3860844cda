"""The demo's running promotion in its fifth month (eig/demo/programme.py): teams at work, twenty weeks
of retrospectives, signals, mentoring and events, and each demo account landing on something to do.

The demo is built once for the module (it takes seconds) inside a transaction rolled back at the
end; each test runs in a savepoint of it, as pytest-django's tests do."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Dossier
from eig.core.models import ActivityLog
from eig.demo.accounts import DEMO_PASSWORD, demo_email
from eig.demo.builder import build_demo
from eig.demo.reviews import DEMO_TOTP_SECRET
from eig.programme import onboarding
from eig.programme.event_calendar import feed_of
from eig.programme.models import Event, Fellow, MentorNote, Registration, Retrospective, Signal
from eig.programme.states import SIGNAL
from eig.programme.weeks import current_week, week_of
from eig.promotions.models import Phase, Promotion
from eig.promotions.queries import current_call
from tests.factories.reviews import totp_code

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
RUNNING = "eig-7"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for the module and rolled back after its last test."""
    files = override_settings(
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        FILE_SCANNER="eig.files.scanners.NoopScanner",
    )
    with files, django_db_blocker.unblock(), transaction.atomic():
        report = build_demo()
        yield report
        transaction.set_rollback(True)


def account(role):
    return get_user_model().objects.get(email=demo_email(role))


def promotion():
    return Promotion.objects.get(slug=RUNNING)


def text(response) -> str:
    return response.content.decode()


def sign_in(role) -> tuple[Client, object]:
    """Sign in through the form with the demo password (and the demo authenticator's code when the
    account has one), following the redirects to the page the person lands on."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": demo_email(role), "password": DEMO_PASSWORD}, follow=True
    )
    if response.redirect_chain and response.redirect_chain[-1][0] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)}, follow=True)
    return client, response


# --- The promotion and its calendar -------------------------------------------------------------


def test_the_running_promotion_is_in_the_fifth_month_of_its_programme(demo):
    running = promotion()
    phase = running.phases.get()

    assert phase.kind == Phase.Kind.PROGRAMME
    starts = phase.starts_at.astimezone(PARIS)
    assert starts.weekday() == 0
    assert datetime.timedelta(weeks=18) <= demo.now - phase.starts_at <= datetime.timedelta(weeks=22)
    assert 300 <= (phase.ends_at - phase.starts_at).days <= 310
    assert demo.counts["programme_month"] == 5
    assert f"Promotion EIG 7 ({running.year}, en programme, 5e mois) : 4 équipes, 9 entrepreneur·es" in "\n".join(
        demo.lines()
    )


def test_its_teams_are_three_or_four_challenges_each_with_a_host_administration_and_positions(demo):
    challenges = list(promotion().challenges.select_related("administration"))

    assert 3 <= len(challenges) <= 4
    assert all(c.administration_id and c.positions.exists() for c in challenges)
    assert {c.status for c in challenges} == {"in_progress"}
    fellows = Counter(Fellow.objects.filter(promotion__slug=RUNNING).values_list("challenge__title", flat=True))
    assert sum(fellows.values()) == 9 and set(fellows.values()) <= {2, 3}


def test_a_programme_phase_alone_leaves_the_current_calls_and_the_home_page_to_the_current_promotion(demo, client):
    assert current_call(Phase.Kind.APPLICATION_CALL).promotion.slug == "eig-9"
    assert current_call(Phase.Kind.CHALLENGE_CALL).promotion.slug == "eig-9"

    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    assert [phase.promotion.slug for phase in response.context["calls"]] == ["eig-9", "eig-9"]


def test_the_demo_fellow_the_mentor_and_the_agent_are_in_the_same_team(demo):
    fellow = Fellow.objects.get(promotion__slug=RUNNING, user=account(Role.FELLOW))
    team = fellow.challenge

    assert fellow.name == "Malik Ferreira"
    assert team.mentors.filter(user=account(Role.MENTOR), kind="operational").exists()
    assert team.mentors.filter(kind="high_level").exists()
    assert team.administration.agents.filter(user=account(Role.ADMINISTRATION_AGENT), confirmed=True).exists()


# --- Onboarding and retrospectives -------------------------------------------------------------------


def test_onboarding_is_done_except_the_host_checklist_the_demo_agent_still_has_to_finish(demo):
    found = onboarding.promotion_onboarding(promotion())

    assert found.not_started == 0 and found.fellows_finished == len(found.fellows) == 9
    unfinished = [row for row in found.hosts if not row.checklist.finished]
    assert [(row.challenge.title, row.checklist.remaining) for row in unfinished] == [("Eau claire", 1)]


def test_one_fellow_started_three_weeks_late_with_the_reason_logged(demo):
    start = promotion().programme_setup.start_date
    late = Fellow.objects.filter(promotion__slug=RUNNING).exclude(started_on=start).get()

    assert late.started_on - start == datetime.timedelta(weeks=3)
    assert ActivityLog.objects.filter(verb="fellow.start_delayed", target_id=str(late.pk)).exists()


def test_every_fellow_has_a_retrospective_for_each_past_week_and_the_current_week_is_still_to_write(demo):
    this_week = current_week(demo.now)
    fellows = Fellow.objects.filter(promotion__slug=RUNNING, status=Fellow.Status.ACTIVE)

    for fellow in fellows:
        submitted = Retrospective.objects.filter(fellow=fellow, submitted_at__isnull=False)
        weeks = (this_week - week_of(fellow.started_on)).days // 7
        assert sorted(submitted.values_list("week", flat=True)) == [
            week_of(fellow.started_on) + datetime.timedelta(weeks=n) for n in range(weeks)
        ], fellow.name
        assert 17 <= weeks <= 20
    demo_fellow = fellows.get(user=account(Role.FELLOW))
    assert not Retrospective.objects.filter(fellow=demo_fellow, week=this_week).exists()


def test_the_retrospectives_tell_help_asked_low_moods_and_one_answer_for_the_programme_only(demo):
    retros = Retrospective.objects.filter(fellow__promotion__slug=RUNNING, submitted_at__isnull=False)
    last_week = current_week(demo.now) - datetime.timedelta(weeks=1)

    assert retros.filter(asks_help=True, week=last_week).count() == 1
    assert retros.filter(programme_only=True).count() == 1
    assert len(set(retros.values_list("mood", flat=True))) >= 3
    # Every retrospective is the submitted dossier of its week, as the kit keeps them.
    assert not retros.exclude(dossier__status=Dossier.Status.SUBMITTED).exists()
    assert all(r.dossier.versions.count() == 1 for r in retros.select_related("dossier")[:5])


# --- Signals and mentoring ---------------------------------------------------------------------------


def test_open_signals_of_at_least_two_kinds_one_followed_up_and_one_closed_with_a_note(demo):
    signals = Signal.objects.filter(promotion__slug=RUNNING)

    open_kinds = set(signals.filter(state=Signal.State.OPEN).values_list("kind", flat=True))
    assert {Signal.Kind.HELP_ASKED, Signal.Kind.LOW_MOOD} <= open_kinds
    assert signals.filter(state=Signal.State.FOLLOWED_UP).exclude(note="").exists()
    closed = signals.filter(state__in=SIGNAL.group("closed"))
    assert closed.exists() and not closed.filter(note="").exists()
    assert all(s.closed_at <= demo.now for s in closed)


def test_mentors_wrote_notes_and_monthly_points_and_the_demo_mentor_flagged_a_difficulty(demo):
    notes = MentorNote.objects.filter(challenge__promotion__slug=RUNNING)
    mentor = account(Role.MENTOR)

    assert set(notes.values_list("kind", flat=True)) == {MentorNote.Kind.NOTE, MentorNote.Kind.MONTHLY_POINT}
    assert notes.filter(author=mentor).exclude(difficulties="").exists()
    assert Signal.objects.filter(kind=Signal.Kind.DIFFICULTY, raised_by=mentor).exists()


# --- Events ------------------------------------------------------------------------------------------


def test_past_events_have_their_attendance_and_the_bootcamp_one_absent(demo):
    events = Event.objects.filter(promotion__slug=RUNNING)
    past = events.filter(ends_at__lte=demo.now)

    assert past.filter(kind=Event.Kind.COLLECTIVE).count() >= 5
    for event in past:
        marks = list(event.registrations.values_list("attendance", flat=True))
        assert marks and Registration.Attendance.UNKNOWN not in marks, event.title
    bootcamp = past.get(kind=Event.Kind.BOOTCAMP)
    assert bootcamp.compulsory
    assert bootcamp.registrations.filter(attendance=Registration.Attendance.ABSENT).count() == 1


def test_coming_events_are_open_with_a_seminar_a_webinar_and_the_public_demo_day(demo, client):
    coming = Event.objects.filter(promotion__slug=RUNNING, starts_at__gt=demo.now)

    assert {Event.Kind.COLLECTIVE, Event.Kind.SEMINAR, Event.Kind.WEBINAR, Event.Kind.DEMO_DAY} <= set(
        coming.values_list("kind", flat=True)
    )
    demo_day = coming.get(kind=Event.Kind.DEMO_DAY)
    assert demo_day.is_public and demo_day.starts_at.date() <= promotion().programme_setup.end_date
    assert demo_day.title in text(client.get(reverse("public:promotion_detail", kwargs={"slug": RUNNING})))
    next_session = coming.filter(kind=Event.Kind.COLLECTIVE).order_by("starts_at").first()
    assert next_session.compulsory and next_session.registrations.exists()
    assert not next_session.registrations.filter(user=account(Role.FELLOW)).exists()


def test_the_demo_fellow_s_calendar_feed_lists_the_bootcamp(demo, client):
    response = client.get(reverse("programme:feed", kwargs={"token": feed_of(account(Role.FELLOW)).token}))

    assert response.status_code == 200
    assert "Semaine d'intégration de la promotion EIG 7" in text(response)


# --- Each demo account lands on something to do --------------------------------------------------------


def test_the_demo_fellow_lands_on_mon_programme_with_this_week_s_retrospective_and_an_event_to_register_to(demo):
    _client, response = sign_in(Role.FELLOW)

    assert response.request["PATH_INFO"] == reverse("programme:home")
    page = text(response)
    assert "Bilan de la semaine à remplir" in page
    assert "Inscrivez-vous : Session collective" in page
    assert "Eau claire" in page


def test_the_demo_mentor_lands_on_mon_programme_with_a_retrospective_asking_for_help_to_read(demo):
    client, response = sign_in(Role.MENTOR)

    assert response.request["PATH_INFO"] == reverse("programme:home")
    assert "Lire le bilan de Inès Besson (Eau claire), qui demande de l&#x27;aide" in text(response)
    team = Fellow.objects.get(user=account(Role.FELLOW)).challenge
    notes = client.get(reverse("programme:team_notes", kwargs={"challenge": team.pk}))
    assert "Signaler une difficulté" in text(notes)


def test_the_demo_agent_lands_on_its_space_and_finds_its_team_s_host_checklist_in_mon_programme(demo):
    client, response = sign_in(Role.ADMINISTRATION_AGENT)

    assert response.request["PATH_INFO"] == reverse("administrations:space")
    assert f'href="{reverse("programme:home")}"' in text(response)
    home = text(client.get(reverse("programme:home")))
    assert "Liste d&#x27;accueil de l&#x27;équipe « Eau claire » : 1 élément restant" in home
    team = Fellow.objects.get(user=account(Role.FELLOW)).challenge
    page = client.get(reverse("programme:team", kwargs={"challenge": team.pk}))
    assert page.status_code == 200
    assert "Publier la qualité de l&#x27;eau de toutes les communes" in text(page)


def test_the_demo_staff_finds_the_promotion_s_open_signals_and_its_onboarding(demo):
    client, response = sign_in(Role.STAFF)

    assert response.request["PATH_INFO"] == reverse("staff:call_list")
    assert "Promotion EIG 7 : les équipes" in text(response)
    signals_page = text(client.get(reverse("staff:programme_signals", kwargs={"promotion": RUNNING})))
    assert "Inès Besson (Eau claire) demande de l&#x27;aide" in signals_page
    assert "Chloé Caron (Friches à reconvertir) : état d&#x27;esprit bas" in signals_page
    arrivals = client.get(reverse("staff:programme_onboarding", kwargs={"promotion": RUNNING}))
    assert arrivals.status_code == 200 and "Mehdi Colin" in text(arrivals)


def test_the_demo_home_page_says_what_the_programme_accounts_can_try(demo, client, settings):
    settings.DEMO = True

    page = text(client.get(reverse("public:home")))

    assert "Mentor de l&#x27;équipe « Eau claire » (EIG 7)" in page
    assert "Membre de l&#x27;équipe « Eau claire » (EIG 7) : écrire le bilan de la semaine" in page


# --- Idempotence ---------------------------------------------------------------------------------------


def _counts():
    models = [*apps.get_app_config("programme").get_models(), Dossier, ActivityLog, get_user_model(), EmailAddress]
    return {model._meta.label: model.objects.count() for model in models}


def test_a_second_build_changes_no_row_count_nor_the_programme_phase(demo):
    before, phase = _counts(), promotion().phases.get()

    build_demo(now=timezone.now() + datetime.timedelta(days=1))

    assert _counts() == before
    assert promotion().phases.get().starts_at == phase.starts_at
