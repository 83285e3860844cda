"""Optional two-factor authentication: an authenticator app (TOTP) and recovery codes."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret):
    """What the person's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before any change to two-factor authentication."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302


def activate_totp(client):
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.text  # shown for manual entry, next to the QR code
    return secret, client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})


def test_activating_totp_with_a_code_from_the_app_creates_the_authenticator_and_recovery_codes(client, verified_user):
    sign_in(client, verified_user)

    secret, response = activate_totp(client)

    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=verified_user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert "Activée" in client.get(reverse("candidates:space")).text


def test_a_wrong_code_does_not_activate_totp(client, verified_user):
    sign_in(client, verified_user)
    confirm_password(client)

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert "Code incorrect." in response.text
    assert not Authenticator.objects.filter(user=verified_user).exists()


def test_once_totp_is_active_sign_in_asks_for_the_code(client, verified_user):
    sign_in(client, verified_user)
    secret, _ = activate_totp(client)
    client.post(reverse("account_logout"))
    # A code is accepted once; this test signs in again within the same 30 seconds.
    cache.clear()

    response = sign_in(client, verified_user)

    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert response.status_code == 302 and response["Location"] == reverse("candidates:space")
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_the_totp_secret_and_recovery_seed_are_stored_encrypted(client, verified_user):
    sign_in(client, verified_user)
    secret, _ = activate_totp(client)

    totp = Authenticator.objects.get(user=verified_user, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=verified_user, type=Authenticator.Type.RECOVERY_CODES)
    assert secret not in str(totp.data)
    assert decrypt(totp.data["secret"]) == secret
    assert len(decrypt(codes.data["seed"])) == 80  # allauth's hex seed, readable again
