"""Sign-up with a mandatory verified address, sign-in by email, password reset."""

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import PASSWORD, link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un-autre-mot-de-passe-99"


def sign_up(client, email="nouvelle@example.org"):
    return client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_sign_up_sends_a_verification_email_and_does_not_sign_in(client):
    response = sign_up(client)

    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@example.org"]
    assert mail.outbox[0].subject.startswith("[EIG] ")
    assert "/compte/confirm-email/" in mail.outbox[0].body


def test_an_unverified_account_cannot_sign_in(client):
    sign_up(client)
    client.logout()

    response = client.post(reverse("account_login"), {"login": "nouvelle@example.org", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)
    assert client.get(reverse("candidates:space")).status_code == 302


def test_following_the_verification_link_verifies_the_address_and_signs_in(client):
    sign_up(client)
    confirm_url = link_in(mail.outbox[0], "/compte/confirm-email/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "nouvelle@example.org" in page.text
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert signed_in(client)
    space = client.get(reverse("candidates:space"))
    assert space.status_code == 200 and "nouvelle@example.org" in space.text


def test_sign_in_with_a_wrong_password_shows_a_french_error(client, verified_user):
    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": "faux"})

    assert response.status_code == 200
    assert not signed_in(client)
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.text
    assert 'class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert"' in response.text


def test_sign_in_by_email_lands_in_the_candidate_space(client, verified_user):
    response = client.post(reverse("account_login"), {"login": "Claire@Example.org", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("candidates:space")
    assert signed_in(client)


def test_a_field_error_is_tied_to_its_input(client):
    response = client.post(reverse("account_signup"), {"email": "pas-une-adresse", "password1": "", "password2": ""})

    assert response.status_code == 200
    assert 'class="fr-input-group fr-input-group--error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert '<p class="fr-error-text">' in response.text
    assert 'id="id_email-desc-error" role="alert"' in response.text


def test_password_reset_emails_a_link_that_sets_a_new_password(client, verified_user):
    response = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [verified_user.email]

    reset_url = link_in(mail.outbox[0], "/compte/password/reset/key/")
    # allauth swaps the key for a session token, then shows the form.
    form_url = client.get(reset_url)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_from_key_done")
    verified_user.refresh_from_db()
    assert verified_user.check_password(NEW_PASSWORD)


def test_a_password_reset_for_an_unknown_address_sends_no_link(client):
    response = client.post(reverse("account_reset_password"), {"email": "inconnue@example.org"})

    # Same answer as for a known address: the form reveals nobody's account.
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_repeated_failed_sign_ins_are_throttled(client, verified_user):
    # allauth's default: 5 failures per account in 5 minutes.
    for _ in range(5):
        client.post(reverse("account_login"), {"login": verified_user.email, "password": "faux"})

    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": PASSWORD})

    assert not signed_in(client)
    assert "Trop de tentatives de connexion échouées" in response.text
