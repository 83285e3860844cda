"""A visitor creates an account, verifies the address from the email, lands in « Mon espace ».

The live server runs in this process: the verification email is read from django.core.mail.outbox.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from .audit import check_accessibility, check_no_browser_problems, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "camille@example.org"
PASSWORD = "mot-de-passe-solide-42"


def test_sign_up_verify_the_address_and_land_signed_in_in_the_candidate_space(page, live_server):
    mail.outbox.clear()

    response = page.goto(reverse("account_login"))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
    screenshot(page, "fr-account-login")
    check_accessibility(page, "fr-account-login")
    check_no_browser_problems(page)

    page.get_by_role("link", name="Créer un compte").click()
    assert page.url.endswith(reverse("account_signup"))
    screenshot(page, "fr-account-signup")
    check_accessibility(page, "fr-account-signup")

    page.get_by_label("Courriel").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)  # its label also holds the password rules
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Création de compte").click()
    assert page.url.endswith(reverse("account_email_verification_sent"))
    check_accessibility(page, "fr-account-verification-sent")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(path)
    check_accessibility(page, "fr-account-confirm-email")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer").click()

    assert page.url.endswith(reverse("candidates:space"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert page.get_by_text(EMAIL).first.is_visible()
    assert page.get_by_text("Vous n'avez pas encore de dossier de candidature.").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").first.is_visible()
    screenshot(page, "fr-candidate-space")
    check_accessibility(page, "fr-candidate-space")
    check_no_browser_problems(page)
