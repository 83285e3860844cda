"""The demo accounts listed on the home page sign in through allauth."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from eig.accounts.models import Role
from eig.demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_email
from eig.demo.builder import build_demo

pytestmark = pytest.mark.django_db


def test_demo_accounts_have_a_verified_address_and_can_sign_in(client, settings, tmp_path):
    # The demo stores CVs, a promotion's photo and a news image.
    settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT = tmp_path / "private", tmp_path / "media"
    build_demo()
    build_demo()  # idempotent: still one address per account

    assert EmailAddress.objects.filter(verified=True, primary=True).count() == len(DEMO_USERS)
    response = client.post(reverse("account_login"), {"login": demo_email(Role.CANDIDATE), "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("candidates:space")
