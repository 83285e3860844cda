"""Every signed-in person lands on their own space, never on « Candidater » (field test item 5):
the sign-in sends each role to its space, a person with several roles to the first of
eig.web.common.spaces.SPACES, and « Mon espace » invites only candidates to apply."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from eig.web.common import spaces
from tests.factories import UserFactory
from tests.factories.calls import application_call
from tests.factories.juries import add_juror, jury_world
from tests.factories.programme import programme_world
from tests.factories.reviews import closed_call, grid_of, seated_reviewer

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"  # UserFactory's


def seated(user):
    """The seats behind the jury and reviewer roles (a role alone outlives its seats)."""
    if "reviewer" in user.roles:
        seated_reviewer(grid_of(closed_call()), user, totp=False)
    if "jury_member" in user.roles:
        add_juror(jury_world(jurors=0, panels=0, auditions=0).jury, user, totp=False)
    return user


def sign_in(client, user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("roles", "is_staff", "space"),
    [
        (["staff"], True, "/equipe/"),
        (["administration_agent"], False, "/administration/"),
        (["reviewer"], False, "/evaluation/"),
        (["jury_member"], False, "/jury/"),
        (["approver"], False, "/validation/"),
        (["candidate"], False, "/espace/"),
        (["mentor"], False, "/programme/"),
        (["fellow"], False, "/programme/"),
        ([], False, "/espace/"),
    ],
)
def test_sign_in_lands_on_the_space_of_the_role(client, roles, is_staff, space):
    user = seated(UserFactory(roles=roles, is_staff=is_staff))

    response = sign_in(client, user)

    assert response.status_code == 302
    assert response["Location"] == space


@pytest.mark.parametrize(
    ("roles", "space"),
    [
        (["administration_agent", "reviewer"], "/evaluation/"),
        (["reviewer", "jury_member"], "/jury/"),
        (["candidate", "administration_agent"], "/administration/"),
        (["jury_member", "approver"], "/validation/"),
    ],
)
def test_several_roles_land_on_the_highest_priority_one(client, roles, space):
    response = sign_in(client, seated(UserFactory(roles=roles)))

    assert response["Location"] == space


@pytest.mark.parametrize("role", ["reviewer", "jury_member"])
def test_a_reviewer_or_juror_without_a_seat_lands_on_mon_espace(client, role):
    response = sign_in(client, UserFactory(roles=[role]))

    assert response["Location"] == "/espace/"


def test_a_staff_member_who_also_reviews_lands_on_the_team_s_space(client):
    response = sign_in(client, UserFactory(roles=["reviewer", "approver"], is_staff=True))

    assert response["Location"] == "/equipe/"


def test_a_fellow_who_also_applies_lands_on_mon_programme(client):
    response = sign_in(client, UserFactory(roles=["candidate", "fellow"]))

    assert response["Location"] == "/programme/"


def test_an_agent_lands_on_the_administration_space_even_when_it_hosts_a_team(client):
    world = programme_world()

    response = sign_in(client, world.user("agnes"))

    assert response["Location"] == "/administration/"
    assert spaces.in_programme(world.user("agnes"))


def test_a_next_url_still_wins_over_the_role_s_space(client):
    user = UserFactory(roles=["administration_agent"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(
        reverse("account_login") + "?next=/espace/", {"login": user.email, "password": PASSWORD, "next": "/espace/"}
    )

    assert response["Location"] == "/espace/"


def test_the_header_s_mon_espace_leads_to_the_role_s_space_and_mon_compte_to_the_account(client):
    client.force_login(UserFactory(roles=["administration_agent"]))

    page = client.get(reverse("public:faq")).text

    assert '<a class="fr-btn fr-icon-account-circle-line" href="/administration/">Mon espace</a>' in page
    assert 'href="/espace/">Mon compte</a>' in page


def test_an_agent_s_space_has_no_candidater_button_even_with_a_call_open(client):
    application_call()  # open now
    client.force_login(UserFactory(roles=["administration_agent"]))

    page = client.get(reverse("candidates:space")).text

    assert ">Candidater</a>" not in page.split("<main", 1)[1]
    assert "Espace administration" in page and 'href="/administration/"' in page


def test_a_mentor_s_space_leads_to_mon_programme_instead_of_candidater(client):
    application_call()
    client.force_login(UserFactory(roles=["mentor"]))

    page = client.get(reverse("candidates:space")).text

    assert ">Candidater</a>" not in page.split("<main", 1)[1]
    assert 'href="/programme/">Mon programme</a>' in page.split("<main", 1)[1]


def test_a_candidate_s_space_still_offers_to_apply_to_an_open_call(client):
    call = application_call()
    client.force_login(UserFactory(roles=["candidate"]))

    page = client.get(reverse("candidates:space")).text

    assert f'href="{reverse("candidates:apply", args=[call.slug])}">Candidater</a>' in page


def test_the_order_is_written_once_staff_first_the_programme_last():
    assert [role for role, _name, _label in spaces.SPACES] == [
        "staff",
        "approver",
        "jury_member",
        "reviewer",
        "administration_agent",
        "programme",
    ]
