"""Passwords are hashed with Argon2id; older PBKDF2 hashes still verify and are upgraded."""

import pytest
from django.contrib.auth.hashers import check_password, make_password

from config import settings as project_settings


def test_the_project_hashes_new_passwords_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_a_pbkdf2_password_still_verifies_and_is_upgraded_to_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    from tests.factories import UserFactory

    user = UserFactory()
    user.password = make_password("mot-de-passe-solide-42", hasher="pbkdf2_sha256")
    user.save()

    assert user.check_password("mot-de-passe-solide-42")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert check_password("mot-de-passe-solide-42", user.password)
