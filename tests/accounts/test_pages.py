"""Every allauth page is a page of the site: DSFR layout, one <h1>, no inline script or style."""

import re

import pytest
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

VISITOR_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
]
ACCOUNT_PAGES = ["account_change_password", "account_email", "account_reauthenticate", "account_logout", "mfa_index"]


def check_site_page(response):
    assert response.status_code == 200
    html = response.text
    assert 'class="fr-header"' in html and 'class="fr-footer"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "Menu:" not in html  # allauth's own unstyled layout
    # External scripts and allauth's JSON data blocks only.
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))', html), "inline script"
    assert " style=" not in html and "<style" not in html
    assert re.search(r"<title>\s*\S", html)


@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_visitor_pages_use_the_site_layout(client, name):
    check_site_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_account_pages_use_the_site_layout(client, verified_user, name):
    client.post(reverse("account_login"), {"login": verified_user.email, "password": PASSWORD})
    response = client.get(reverse(name))
    check_site_page(response)
    if name != "account_logout":
        assert f'href="{reverse("candidates:space")}"' in response.text


def test_an_invalid_verification_link_says_so(client):
    response = client.get(reverse("account_confirm_email", kwargs={"key": "invalid-key"}))

    check_site_page(response)
    assert "Ce lien de confirmation d" in response.text


def test_an_invalid_password_reset_link_says_so(client):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "invalid-key"}))

    check_site_page(response)
    assert "Mauvais jeton" in response.text
