"""The programme team and the admin need a second factor (security review F5), as approvers,
reviewers and jurors already do: a member of the team without an authenticator is sent to set
one up, with a French message; everyone else still gets 404 on /equipe/."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from eig.accounts.two_factor import has_two_factor
from tests.factories import StaffFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_the_team_pages():
    response = client_of(StaffFactory(totp=False)).get(reverse("staff:call_list"))

    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert messages_of(response) == [
        "Les pages de l'équipe du programme exigent la double authentification : "
        "activez une application d'authentification pour continuer."
    ]


def test_staff_with_an_authenticator_reach_the_team_pages():
    assert client_of(StaffFactory()).get(reverse("staff:call_list")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "signed_in_with_an_authenticator"])
def test_the_team_pages_still_answer_404_to_everyone_else(who):
    client = Client() if who == "anonymous" else client_of(with_totp(UserFactory(roles=["staff"])))
    assert client.get(reverse("staff:call_list")).status_code == 404


def test_staff_without_an_authenticator_are_sent_from_the_admin_to_set_one_up():
    client = client_of(StaffFactory(totp=False))

    to_sign_in = client.get(reverse("admin:index"))
    to_set_up = client.get(to_sign_in["Location"])

    assert to_sign_in.status_code == 302 and to_sign_in["Location"].startswith(reverse("admin:login"))
    assert to_set_up.status_code == 302 and to_set_up["Location"] == reverse("mfa_activate_totp")
    assert messages_of(to_set_up) == [
        "L'administration du site exige la double authentification : "
        "activez une application d'authentification pour continuer."
    ]
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_staff_with_an_authenticator_use_the_admin_as_before():
    client = client_of(StaffFactory())
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor():
    user = UserFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert not has_two_factor(user)


def test_a_webauthn_key_counts_only_when_webauthn_is_enabled(settings):
    user = UserFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    assert not has_two_factor(user)  # the platform offers TOTP only (MFA_SUPPORTED_TYPES)

    settings.MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
    assert has_two_factor(user)


def test_staff_without_an_authenticator_cannot_download_a_file(client, settings, tmp_path):
    from tests.factories.files import StoredFileFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    stored_file = StoredFileFactory(owner=UserFactory(email="owner@second-factor.example"))
    url = stored_file.get_absolute_url()
    client.force_login(StaffFactory(totp=False))
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory(email="with-totp@second-factor.example"))
    assert client.get(url).status_code == 200
