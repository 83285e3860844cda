"""`manage.py load_demo`: the demo world of promotion 2 and of a promotion recruiting now."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from eig.accounts.models import Role
from eig.challenges.models import Achievement, Administration, Challenge, KeyFigure, Position
from eig.community.models import Membership, Person
from eig.content.models import FAQEntry, NewsPost, Page, Tag
from eig.demo.builder import build_demo
from eig.promotions.models import Phase, Promotion
from eig.web.public.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")

# Règlement de l'appel à candidature EIG promotion 2, article 3.
PROMOTION_2_TITLES = [
    "PrédiSauvetage",
    "Lab Santé",
    "Gobelins",
    "Prévisecours",
    "b@liseNav",
    "Signaux Faibles",
    "Hopkins",
    "SocialConnect",
    "ArchiFiltre",
    "Brigade Numérique",
    "EIG Link",
    "CoachÉlèves – AssistProf",
    "dataESR",
]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    return build_demo()


def _snapshot():
    models = [
        Administration,
        Promotion,
        Phase,
        Challenge,
        Position,
        KeyFigure,
        Achievement,
        Person,
        Membership,
        Page,
        NewsPost,
        Tag,
        FAQEntry,
        get_user_model(),
        # The running promotion's ten months (eig/demo/programme.py): fellows, retrospectives, signals, events…
        *apps.get_app_config("programme").get_models(),
    ]
    return {m._meta.label: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def test_load_demo_creates_the_13_promotion_2_challenges_with_their_real_titles(demo):
    challenges = Challenge.objects.filter(promotion__slug="eig-2").select_related("promotion")
    assert sorted(c.title for c in challenges) == sorted(PROMOTION_2_TITLES)
    assert {c.status for c in challenges} == {Challenge.Status.FINISHED}
    assert {c.promotion.year for c in challenges} == {2018}
    assert all(c.summary and c.summary_en and c.title_en and c.body.count("\n\n") >= 1 for c in challenges)


def test_promotion_2_has_28_positions_each_filled_by_a_fictional_fellow(demo):
    positions = Position.objects.filter(challenge__promotion__slug="eig-2")
    assert positions.count() == 28
    per_challenge = [c.positions.count() for c in Challenge.objects.filter(promotion__slug="eig-2")]
    assert sorted(set(per_challenge)) == [2, 3]
    fellows = Membership.objects.filter(challenge__promotion__slug="eig-2", role=Membership.Role.FELLOW)
    assert fellows.count() == 28


def test_each_demo_challenge_has_an_operational_and_a_high_level_mentor(demo):
    for challenge in Challenge.objects.filter(promotion__slug__in=["eig-2", "eig-9"]):
        roles = sorted(challenge.memberships.exclude(role=Membership.Role.FELLOW).values_list("role", flat=True))
        assert roles == [Membership.Role.HIGH_LEVEL_MENTOR, Membership.Role.OPERATIONAL_MENTOR], challenge.title


def test_promotion_2_keeps_its_real_application_call_dates(demo):
    call = Phase.objects.get(promotion__slug="eig-2", kind=Phase.Kind.APPLICATION_CALL)
    auditions = Phase.objects.get(promotion__slug="eig-2", kind=Phase.Kind.AUDITIONS)
    assert call.starts_at.astimezone(PARIS).date() == datetime.date(2017, 9, 27)
    assert call.ends_at == datetime.datetime(2017, 10, 27, 17, 0, tzinfo=PARIS)
    assert auditions.starts_at.astimezone(PARIS).date() == datetime.date(2017, 11, 14)
    assert auditions.ends_at.astimezone(PARIS).date() == datetime.date(2017, 11, 15)


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2026, 3, 28, 23, 30, tzinfo=PARIS),  # the night clocks go forward
        datetime.datetime(2026, 10, 24, 0, 5, tzinfo=PARIS),  # a week before they go back
        datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC),
    ],
)
def test_current_promotion_application_call_is_open_at_now_and_challenge_call_closed(now):
    build_demo(now=now)
    promotion = Promotion.objects.get(slug="eig-9")
    states = {p.kind: p.state(now) for p in promotion.phases.all()}
    assert states == {
        Phase.Kind.CHALLENGE_CALL: "closed",
        Phase.Kind.CHALLENGE_JURY: "closed",
        Phase.Kind.APPLICATION_CALL: "open",
        Phase.Kind.AUDITIONS: "upcoming",
        Phase.Kind.NOTIFICATION: "upcoming",
        Phase.Kind.ANNOUNCEMENT: "upcoming",
        Phase.Kind.PROGRAMME: "upcoming",
    }
    closes = promotion.phase(Phase.Kind.APPLICATION_CALL).ends_at.astimezone(PARIS)
    assert (closes.hour, closes.minute) == (23, 0)
    assert datetime.timedelta(days=20) < closes - now < datetime.timedelta(days=23)
    assert promotion.year == now.astimezone(PARIS).year


def test_current_promotion_recruits_on_a_handful_of_challenges(demo):
    challenges = Challenge.objects.filter(promotion__slug="eig-9")
    assert 5 <= challenges.count() <= 6
    assert {c.status for c in challenges} == {Challenge.Status.RECRUITING}
    assert all(c.positions.count() in (2, 3) for c in challenges)


def test_one_demo_account_per_role(demo):
    # The fictional candidates of the demo call share the domain but cannot sign in.
    users = get_user_model().objects.filter(email__endswith="@demo.eig.example").exclude(password__startswith="!")
    assert sorted(u.email for u in users) == sorted(f"{role}@demo.eig.example" for role in Role.values)
    for user in users:
        assert user.roles == [user.email.split("@")[0]]
        assert user.first_name and user.last_name
        assert user.check_password(DEMO_PASSWORD)
        assert (user.is_staff, user.is_superuser) == ((True, True) if user.roles == [Role.STAFF] else (False, False))


def test_a_second_run_gives_the_same_rows():
    build_demo()
    first = _snapshot()
    build_demo()
    assert _snapshot() == first
    assert Challenge.objects.filter(promotion__slug="eig-2").count() == 13


def test_pages_news_and_faq_exist_in_french_and_english(demo):
    pages = {p.slug: p for p in Page.objects.filter(kind__in=["programme", "candidates", "administrations", "rules"])}
    assert {
        "programme": Page.Kind.PROGRAMME,
        "participer-candidats": Page.Kind.CANDIDATES,
        "participer-administrations": Page.Kind.ADMINISTRATIONS,
        "reglement-appel-candidatures-eig-9": Page.Kind.RULES,
    }.items() <= {slug: p.kind for slug, p in pages.items()}.items()
    assert all(p.title_en and p.body_en for p in pages.values())
    assert "personne physique" in pages["participer-candidats"].body
    assert NewsPost.objects.filter(tags__isnull=False).distinct().count() >= 3
    audiences = set(FAQEntry.objects.values_list("audience", flat=True))
    assert audiences == {FAQEntry.Audience.CANDIDATES, FAQEntry.Audience.ADMINISTRATIONS}


def test_people_without_consent_stay_out_of_public_pages(client, demo):
    private = Person.objects.filter(is_public=False, memberships__isnull=False).first()
    assert private is not None
    challenge = private.memberships.first().challenge
    assert client.get(private.get_absolute_url()).status_code == 404
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert private.name not in page


def test_command_prints_a_french_summary(settings):
    settings.DEMO = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    summary = out.getvalue()
    assert "Démonstration chargée" in summary
    assert "13 défis, 28 postes" in summary
    assert "staff@demo.eig.example" in summary


def test_command_refuses_a_production_like_database(settings, monkeypatch):
    settings.DEMO = False
    settings.DEBUG = False
    monkeypatch.setattr("eig.demo.management.commands.load_demo.connection", type("C", (), {"vendor": "postgresql"}))
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not Challenge.objects.exists()


def test_home_page_lists_the_demo_accounts_when_demo_is_on(client, settings, demo):
    settings.DEMO = True
    page = client.get(reverse("public:home")).content.decode()
    assert "Comptes de démonstration" in page
    for role in Role:
        assert f"{role.value}@demo.eig.example" in page
    assert "Membre du jury" in page
    assert DEMO_PASSWORD in page
    # What each account can try: the approver has the previous promotion's proposal to decide on.
    assert "Approuver, ou renvoyer avec un commentaire, la proposition d&#x27;équipes" in page


def test_home_page_hides_the_demo_accounts_when_demo_is_off(client, settings, demo):
    settings.DEMO = False
    page = client.get(reverse("public:home")).content.decode()
    assert "demo.eig.example" not in page
    assert DEMO_PASSWORD not in page


def test_demo_pages_answer_and_a_recruiting_challenge_offers_to_apply(client, demo):
    challenge = Challenge.objects.filter(promotion__slug="eig-9").first()
    for url in [
        reverse("public:challenge_list"),
        Challenge.objects.get(promotion__slug="eig-2", slug="gobelins").get_absolute_url(),
        reverse("public:participate_candidates"),
        reverse("public:page", kwargs={"slug": "reglement-appel-candidatures-eig-9"}),
    ]:
        assert client.get(url).status_code == 200, url
    assert "Candidater à ce défi" in client.get(challenge.get_absolute_url()).content.decode()


def test_the_demo_staff_account_has_two_factor_authentication_as_the_team_pages_and_the_admin_require(
    client, settings, demo
):
    from eig.accounts.two_factor import has_two_factor

    staff = get_user_model().objects.get(email=f"{Role.STAFF.value}@demo.eig.example")
    assert has_two_factor(staff)
    client.force_login(staff)
    assert client.get(reverse("staff:call_list")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    settings.DEMO = True
    client.logout()
    page = client.get(reverse("public:home")).content.decode()
    assert "Comptes de démonstration" in page
    # The key is shown for the programme team's account too.
    assert "les comptes équipe du programme, évaluateur, membre du jury et valideur l'ont activée" in page


def test_a_demo_authenticator_stored_under_another_secret_key_is_set_up_again(settings):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from eig.demo.reviews import DEMO_TOTP_SECRET, with_demo_totp
    from tests.factories import UserFactory

    user = UserFactory()
    settings.SECRET_KEY = "a-key-of-an-earlier-demo-" + "x" * 30
    TOTP.activate(user, DEMO_TOTP_SECRET)
    settings.SECRET_KEY = "the-key-of-this-machine-" + "y" * 30

    with_demo_totp(user)

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert get_adapter().decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET
