"""Passwords are hashed with Argon2id; older PBKDF2 hashes still verify and are upgraded."""

import pytest
from django.contrib.auth.hashers import check_password, make_password

from config import settings as project_settings


def test_the_project_hashes_new_passwords_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith(".Argon2PasswordHasher")


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


def test_new_passwords_use_owasp_argon2id_parameters(settings):
    """OWASP's first Argon2id configuration: 19 MiB, 2 iterations, 1 lane (a sign-in costs ~20 ms, not ~210)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0] == "eig.accounts.hashers.Argon2PasswordHasher"
    encoded = make_password("mot-de-passe-solide-42")
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in encoded


@pytest.mark.django_db
def test_a_hash_with_django_default_argon2_parameters_is_rehashed_at_sign_in(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoDefault

    from tests.factories import UserFactory

    user = UserFactory()
    user.password = DjangoDefault().encode("mot-de-passe-solide-42", DjangoDefault().salt())
    user.save()
    assert "m=102400" in user.password

    assert user.check_password("mot-de-passe-solide-42")
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
