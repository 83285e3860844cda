"""« Mon espace »: the signed-in person's own space."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_candidate_space_requires_sign_in(client):
    response = client.get(reverse("candidates:space"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('candidates:space')}"


def test_the_candidate_space_shows_the_account_and_an_empty_list_of_dossiers(client):
    user = UserFactory(email="lea@example.org", roles=["candidate"])
    client.force_login(user)

    response = client.get(reverse("candidates:space"))

    assert response.status_code == 200
    assert "<title>Mon espace — Entrepreneurs d'intérêt général</title>" in response.text
    assert "lea@example.org" in response.text
    assert "Candidat ou candidate" in response.text
    assert "Vous n'avez pas encore de dossier de candidature." in response.text
    for name in ["account_change_password", "account_email", "mfa_index"]:
        assert f'href="{reverse(name)}"' in response.text


def test_the_candidate_space_is_read_only(client):
    client.force_login(UserFactory())
    for method in ["post", "put", "patch", "delete"]:
        assert getattr(client, method)(reverse("candidates:space")).status_code == 405, method


def test_the_header_offers_sign_in_and_sign_up_then_the_space_and_sign_out(client):
    anonymous = client.get(reverse("public:faq")).text
    assert f'href="{reverse("account_login")}"' in anonymous
    assert f'href="{reverse("account_signup")}"' in anonymous

    client.force_login(UserFactory())
    signed_in = client.get(reverse("candidates:space")).text
    assert f'href="{reverse("candidates:space")}"' in signed_in
    assert f'<form method="post" action="{reverse("account_logout")}">' in signed_in


def test_the_admin_sends_anonymous_visitors_to_the_allauth_sign_in(client):
    response = client.get(reverse("admin:login") + "?next=/admin/challenges/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Fchallenges%2F"


def test_the_admin_sign_in_ignores_a_foreign_next_url(client):
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")

    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_the_admin_sign_in_refuses_a_signed_in_person_without_admin_access(client):
    client.force_login(UserFactory())

    assert client.get(reverse("admin:login")).status_code == 403


def test_the_admin_sign_in_lets_the_programme_team_through(client):
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:login"))

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
