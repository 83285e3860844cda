"""The demo's finished promotion (eig/demo/finished.py): closed a few weeks ago, with its results page,
its handover outcomes, its survey and its alumni; and the issue 16 to-dos of the demo accounts.

The demo is built once for the module inside a transaction rolled back at the end (as
test_programme_demo.py does); each test runs in a savepoint of it."""

import datetime
import html

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from eig.accounts.models import Role
from eig.alumni.models import Alumnus, Invitation
from eig.calls import services as dossier_services
from eig.challenges.models import Challenge, KeyFigure
from eig.content.models import NewsPost, Story
from eig.core.models import ActivityLog
from eig.demo.accounts import demo_email
from eig.demo.builder import build_demo
from eig.programme.models import AgendaItem, Event, Fellow
from eig.promotions.models import Promotion
from eig.results import handover
from eig.results.models import Closing, Deliverable, Handover, Participation, Response, Survey
from eig.results.survey_results import aggregate

pytestmark = pytest.mark.django_db

FINISHED, RUNNING = "eig-6", "eig-7"
TEAMS = ["Carte scolaire ouverte", "Proches aidants", "Routes plus sûres", "Trait de côte"]
TEAMS_EN = ["Open School Map", "Family Carers", "Safer Roads", "Coastline Watch"]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory, media_root):
    """The whole demo, loaded once for the module and rolled back after its last test."""
    files = override_settings(
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        MEDIA_ROOT=media_root,
        FILE_SCANNER="eig.files.scanners.NoopScanner",
    )
    with files, django_db_blocker.unblock(), transaction.atomic():
        report = build_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def media(demo, settings, media_root):
    """The photo and the news image are read from the module's media root (the autouse fixture of
    conftest.py points each test at its own, empty one)."""
    settings.MEDIA_ROOT = media_root


def account(role):
    return get_user_model().objects.get(email=demo_email(role))


def signed_in(role) -> Client:
    client = Client()
    client.force_login(account(role))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def results_url(language="fr") -> str:
    with translation.override(language):
        return reverse("public:promotion_results", kwargs={"slug": FINISHED})


# --- The finished promotion ------------------------------------------------------------------------


def test_the_finished_promotion_ended_a_few_weeks_ago_and_is_closed(demo):
    promotion = Promotion.objects.get(slug=FINISHED)
    closing = Closing.objects.get(promotion=promotion)
    last_day = promotion.programme_setup.end_date

    assert promotion.number == 6 and promotion.is_published
    assert datetime.timedelta(weeks=3) <= demo.now.date() - last_day <= datetime.timedelta(weeks=8)
    assert timezone.localdate(closing.closed_at) > last_day and closing.closed_at < demo.now
    challenges = Challenge.objects.filter(promotion=promotion)
    assert sorted(c.title for c in challenges) == TEAMS
    assert {c.status for c in challenges} == {Challenge.Status.FINISHED}
    assert all(c.title_en and c.summary_en for c in challenges)
    fellows = Fellow.objects.filter(promotion=promotion)
    assert fellows.count() == 10 and {f.status for f in fellows} == {Fellow.Status.FINISHED}
    assert set(fellows.values_list("left_on", flat=True)) == {last_day}


def test_every_fellow_became_an_alumnus_and_six_consented_to_the_directory(demo):
    alumni = Alumnus.objects.filter(promotion__slug=FINISHED)

    assert alumni.count() == 10
    listed = alumni.filter(listed=True)
    assert listed.count() == 6
    assert all(a.skills and a.current_role and a.listed_at for a in listed)
    # The demo reviewer account is one of them: the demo shows an alumna reviewing dossiers.
    alumna = alumni.get(user=account(Role.REVIEWER))
    assert alumna.listed and alumna.challenge.title == "Trait de côte"
    # Their accounts were kept; the fictional ones cannot sign in.
    assert not alumni.exclude(user=account(Role.REVIEWER)).filter(user__password__regex=r"^[^!]").exists()


def test_the_results_page_shows_the_teams_their_figures_outcomes_and_the_demo_day_in_french(demo, client, media):
    response = client.get(results_url())

    assert response.status_code == 200
    page = text(response)
    for title in TEAMS:
        assert title in page
    assert "dépôts de code source ouverts" in page and "jeux de données ouverts" in page
    assert "services en production" in page and "objectifs atteints" in page
    assert "6 sur 7" in page  # the objectives reached, all teams together: one was not
    assert "33 %" in page and "Enquête auprès des utilisateurs du simulateur" in page  # the sourced figure
    assert "Poursuivi par l'administration" in page
    assert "Repris par une autre structure" in page and "Caisse nationale de solidarité pour l'autonomie" in page
    assert "Arrêté" in page and "Faute de budget pour une équipe après le programme" in page
    assert "Vidéo du demo day : Trait de côte" in page
    assert "Table ronde : et après le programme ?" in page
    assert "Élise Marchetti" in page and "(profil non public)" in page
    photo = Promotion.objects.get(slug=FINISHED).photo
    assert photo.url in page and "Illustration de démonstration" in page
    assert photo.storage.exists(photo.name) and photo.size < 100_000


def test_the_results_page_reads_in_english(demo, media):
    response = Client().get(results_url("en"))

    assert response.status_code == 200 and response["Content-Language"] == "en"
    page = text(response)
    for title in TEAMS_EN:
        assert title in page
    assert "Les équipes" not in page
    assert "The Shom continues the service" in page
    assert "With no budget for a team after the programme" in page
    assert "Round table: what comes after the programme?" in page
    assert "Demo illustration: the fellows and mentors" in page


def test_each_team_has_a_confirmed_handover_plan_and_an_outcome_two_continued_one_taken_over_one_stopped(demo):
    handovers = Handover.objects.filter(challenge__promotion__slug=FINISHED).select_related("dossier")

    assert sorted(h.outcome for h in handovers) == ["continued", "continued", "stopped", "taken_over"]
    assert all(
        handover.is_confirmed(h) and h.confirmed_by.email.endswith("programme.demo.eig.example") for h in handovers
    )
    for h in handovers:
        assert h.dossier.version == 1 and h.outcome_reason_fr and h.outcome_reason_en
    assert handovers.get(outcome="taken_over").taken_over_by


def test_deliverables_are_published_as_achievements_and_one_figure_is_sourced_by_staff(demo):
    published = Deliverable.objects.filter(challenge__promotion__slug=FINISHED)

    assert not published.exclude(status=Deliverable.Status.PUBLISHED).exists()
    assert set(published.values_list("kind", flat=True)) == set(Deliverable.Kind.values)
    assert all(d.achievement_id and d.url.startswith("https://") for d in published)
    assert all(d.licence for d in published.filter(kind=Deliverable.Kind.REPOSITORY))
    assert all(d.users for d in published.filter(kind=Deliverable.Kind.PRODUCT))
    assert KeyFigure.objects.filter(challenge__promotion__slug=FINISHED).exclude(source="").count() == 1


def test_the_anonymous_end_survey_shows_fellows_and_mentors_and_hides_the_hosts_group(demo):
    survey = Survey.objects.get(promotion__slug=FINISHED, moment=Survey.Moment.END)
    questions = dossier_services.questions_of(survey.call)
    audiences = [(a, str(Survey.Audience(a).label)) for a in survey.audiences]

    results = {r.key: r for r in aggregate(questions, survey.responses.all(), audiences)}

    assert survey.anonymous and survey.audiences == ["fellows", "mentors", "hosts"]
    assert not survey.responses.exclude(dossier=None).exists()
    satisfaction = results["satisfaction"]
    assert (satisfaction.group("fellows").hidden, satisfaction.group("fellows").answers) == (False, 8)
    assert (satisfaction.group("mentors").hidden, satisfaction.group("mentors").answers) == (False, 6)
    assert satisfaction.group("hosts").hidden
    asked = Participation.objects.filter(survey=survey)
    assert asked.count() == 22 and asked.filter(answered_on__isnull=False).count() == 17


def test_the_staff_survey_page_shows_the_hidden_group(demo):
    survey = Survey.objects.get(promotion__slug=FINISHED, moment=Survey.Moment.END)

    response = signed_in(Role.STAFF).get(
        reverse("staff:results_survey", kwargs={"promotion": FINISHED, "survey": survey.pk})
    )

    assert response.status_code == 200
    assert "Moins de 5 réponses : masqué — Administrations d'accueil" in text(response)


def test_the_demo_day_is_a_public_event_with_its_programme(demo):
    event = Event.objects.get(promotion__slug=FINISHED, kind=Event.Kind.DEMO_DAY)

    assert event.is_public and event.title_en == "EIG 6 demo day"
    agenda = AgendaItem.objects.filter(event=event).order_by("starts_at")
    assert agenda.count() >= 6 and all(item.title_en for item in agenda)
    assert agenda.filter(challenge__isnull=False).count() == 4


def test_one_story_is_published_in_the_news_with_its_image_and_one_waits_for_staff(demo, media, client):
    published = Story.objects.get(status=Story.Status.PUBLISHED)
    pending = Story.objects.get(status=Story.Status.PROPOSED)

    post = published.news_post
    assert post.image and post.image_alt_fr and post.image_alt_en
    assert Alumnus.objects.filter(user=published.author).exists()
    assert Alumnus.objects.filter(user=pending.author).exists()
    page = text(client.get(post.get_absolute_url()))
    assert published.title_fr in page and post.image.url in page
    assert NewsPost.objects.filter(slug=post.slug).count() == 1


# --- What each demo account finds to do ------------------------------------------------------------


def test_the_demo_fellow_has_the_mid_term_survey_and_a_returned_deliverable_to_correct(demo):
    page = text(signed_in(Role.FELLOW).get(reverse("programme:home")))

    assert "Répondre au questionnaire « Questionnaire à mi-parcours — EIG 7 »" in page
    assert "Corriger la réalisation « Résultats du contrôle sanitaire de l'eau » renvoyée" in page


def test_the_demo_mentor_has_the_mid_term_survey_to_answer(demo):
    page = text(signed_in(Role.MENTOR).get(reverse("programme:home")))

    assert "Répondre au questionnaire « Questionnaire à mi-parcours — EIG 7 »" in page


def test_the_running_mid_term_survey_is_open_and_unanswered_by_the_demo_accounts(demo):
    survey = Survey.objects.get(promotion__slug=RUNNING, moment=Survey.Moment.MID_TERM)
    waiting = Participation.objects.filter(survey=survey, answered_on__isnull=True)

    assert survey.call.opens_at < demo.now < survey.call.closes_at
    for role in (Role.FELLOW, Role.MENTOR, Role.ADMINISTRATION_AGENT):
        assert waiting.filter(user=account(role)).exists(), role
    assert Response.objects.filter(survey=survey).count() == 8


def test_the_running_handover_plan_is_not_open_yet_so_the_demo_agent_has_none_to_confirm(demo):
    running = Promotion.objects.get(slug=RUNNING)

    # Its fifth month comes before mid-promotion, when the plans open.
    assert handover.opens_on(running) > demo.now.date()
    assert not Handover.objects.filter(challenge__promotion=running).exists()


def test_the_demo_staff_has_deliverables_a_story_and_alumni_to_look_after(demo):
    client = signed_in(Role.STAFF)

    deliverables = text(client.get(reverse("staff:results_deliverables", kwargs={"promotion": RUNNING})))
    assert (
        "Code source de l'inventaire des friches" in deliverables and "Espace en ligne des gens de mer" in deliverables
    )
    stories = text(client.get(reverse("staff:stories")))
    assert Story.objects.get(status=Story.Status.PROPOSED).title_fr in stories
    alumni = client.get(reverse("staff:alumni"))
    assert alumni.status_code == 200 and "Margaux Tessier" in text(alumni)
    results = client.get(reverse("staff:results_handovers", kwargs={"promotion": FINISHED}))
    assert results.status_code == 200 and "Trait de côte" in text(results)


def test_the_demo_reviewer_is_an_alumna_who_reads_the_directory_and_has_a_jury_invitation(demo):
    client = signed_in(Role.REVIEWER)

    directory = text(client.get(reverse("alumni:directory")))
    listed = Alumnus.objects.filter(listed=True)
    assert all(a.name in directory for a in listed)
    assert not any(a.name in directory for a in Alumnus.objects.filter(promotion__slug=FINISHED, listed=False))
    invitation = Invitation.objects.get(alumnus__user=account(Role.REVIEWER))
    assert invitation.kind == Invitation.Kind.JURY and invitation.status == Invitation.Status.PENDING
    assert "Siéger dans un jury" in text(client.get(reverse("alumni:invitations")))


def test_the_demo_home_page_says_what_the_accounts_can_try_with_the_results(demo, client, settings):
    settings.DEMO = True

    page = text(client.get(reverse("public:home")))

    assert "Ancienne de la promotion EIG 6 : consulter l'annuaire des anciens" in page
    assert "répondre au questionnaire à mi-parcours, corriger la réalisation" in page
    assert "pour la promotion EIG 6, close : sa page des résultats" in page


# --- Idempotence -----------------------------------------------------------------------------------------


def _counts():
    models = [
        *apps.get_app_config("results").get_models(),
        *apps.get_app_config("alumni").get_models(),
        *apps.get_app_config("programme").get_models(),
        Story,
        NewsPost,
        KeyFigure,
        ActivityLog,
        get_user_model(),
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_a_second_build_changes_nothing_of_the_finished_promotion(demo):
    promotion = Promotion.objects.get(slug=FINISHED)
    before, phase, photo = _counts(), promotion.phases.get(), promotion.photo.name

    build_demo(now=timezone.now() + datetime.timedelta(days=1))

    assert _counts() == before
    promotion.refresh_from_db()
    assert promotion.phases.get().starts_at == phase.starts_at and promotion.photo.name == photo
    assert set(Challenge.objects.filter(promotion=promotion).values_list("status", flat=True)) == {"finished"}
    assert Deliverable.objects.filter(challenge__promotion__slug=RUNNING, achievement__isnull=False).count() == 2
