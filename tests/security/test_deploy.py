"""Security by default: production settings pass `check --deploy`, and every
response carries the secure headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!Qp2@vL9#mZ4$wR8%tK1^yH6&bN3*cF5(jD0)gS-aE+uW=oI_eT[lM]rY{nU}",
    "ALLOWED_HOSTS": "eig.example.gouv.fr",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "EMAIL_BACKEND_CLASS": "django.core.mail.backends.smtp.EmailBackend",
    "DATABASE_URL": "sqlite:////tmp/eig-deploy-check.sqlite3",
}


def test_check_deploy_is_clean_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their process: not a production setting.
    env = {k: v for k, v in os.environ.items() if k not in {"DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE"}} | PRODUCTION_ENV
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_the_development_defaults():
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env | {"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


def check_deploy(**overrides):
    """`manage.py check --deploy` with the production settings and `overrides` (None unsets)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE"}} | PRODUCTION_ENV
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


DEVELOPMENT_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"


@pytest.mark.parametrize("key", [DEVELOPMENT_KEY, None, "change-me"], ids=["development", "missing", "placeholder"])
def test_without_debug_the_public_or_a_missing_secret_key_fails_the_check(key):
    result = check_deploy(SECRET_KEY=key)

    assert result.returncode != 0
    assert "(eig.E001) SECRET_KEY n'est pas définie ou vaut la clé publique de développement" in result.stderr


def test_a_random_secret_key_passes_the_check():
    result = check_deploy(SECRET_KEY=get_random_secret_key())  # 50 random characters

    assert result.returncode == 0, result.stdout + result.stderr
    assert "eig.E001" not in result.stdout + result.stderr


def test_a_key_starting_with_a_dollar_is_read_as_it_is():
    # django-environ reads "$name" as a reference to another variable: such a key used to become
    # the public development default.
    result = check_deploy(SECRET_KEY="$" + get_random_secret_key())

    assert result.returncode == 0, result.stdout + result.stderr


def test_with_debug_the_development_key_is_allowed(settings):
    from eig.core.checks import check_secret_key

    settings.SECRET_KEY = DEVELOPMENT_KEY
    settings.DEBUG = True
    assert check_secret_key() == []
    settings.DEBUG = False
    assert [error.id for error in check_secret_key()] == ["eig.E001"]


def test_the_application_server_refuses_to_start_with_the_public_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    from eig.core.checks import refuse_public_secret_key

    settings.SECRET_KEY, settings.DEBUG = DEVELOPMENT_KEY, False
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        refuse_public_secret_key()


@pytest.mark.django_db
def test_a_signed_in_persons_pages_are_stored_by_no_cache(client):
    client.force_login(UserFactory())

    response = client.get(reverse("candidates:space"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    first, second = client.get(reverse("public:home")), client.get(reverse("public:home"))

    assert "no-store" not in first.get("Cache-Control", "") and "private" not in first.get("Cache-Control", "")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


@pytest.mark.django_db
def test_a_page_that_sets_its_own_cache_control_keeps_it(client):
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_pages_carry_the_secure_headers(client):
    response = client.get(reverse("public:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_page_carries_an_inline_script_or_style(client):
    html = client.get(reverse("public:home")).content.decode()
    assert "<script>" not in html and " onload=" not in html and " onclick=" not in html
    assert "<style" not in html and ' style="' not in html
