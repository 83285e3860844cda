"""Security by default: production settings pass `check --deploy`, and every
response carries the secure headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

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
