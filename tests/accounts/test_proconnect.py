"""ProConnect sign-in for state agents (eig/accounts/proconnect).

No network: allauth's HTTP session is replaced by a fake ProConnect serving its discovery
document, its keys (an RSA key made here), a token answer with a signed id_token, and a
userinfo answered as a signed JWT (`application/jwt`), as ProConnect does.
"""

import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from eig.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SERVER = "https://proconnect.test/api/v2"
CLIENT_ID = "eig-client"
KID = "proconnect-key-1"
CLAIMS = {
    "sub": "agent-42",
    "email": "Camille.Agent@finances.gouv.fr",
    "given_name": "Camille",
    "usual_name": "Agent",
    "uid": "42",
    "siret": "11000101300017",
}
DISCOVERY = {
    "issuer": SERVER,
    "authorization_endpoint": f"{SERVER}/authorize",
    "token_endpoint": f"{SERVER}/token",
    "userinfo_endpoint": f"{SERVER}/userinfo",
    "jwks_uri": f"{SERVER}/jwks",
    "end_session_endpoint": f"{SERVER}/session/end",
    "token_endpoint_auth_methods_supported": ["client_secret_post"],
    "id_token_signing_alg_values_supported": ["RS256", "ES256"],
    "userinfo_signing_alg_values_supported": ["RS256", "ES256"],
}


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


SIGNING_KEY = _key()
FOREIGN_KEY = _key()


def _jwks():
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(SIGNING_KEY.public_key()))
    return {"keys": [jwk | {"kid": KID, "alg": "RS256", "use": "sig"}]}


def _signed(claims, key=SIGNING_KEY):
    now = int(time.time())
    payload = {"iss": SERVER, "aud": CLIENT_ID, "iat": now, "exp": now + 60} | claims
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KID})


def _response(url, status=200, *, json_body=None, text=None, content_type="application/json"):
    response = requests.Response()
    response.url = url
    response.status_code = status
    response.headers["Content-Type"] = content_type
    body = json.dumps(json_body) if json_body is not None else text
    response._content = body.encode()
    return response


class FakeProConnect:
    """What ProConnect answers; `nonce` is taken from the authorization request."""

    def __init__(self):
        self.nonce = None
        self.userinfo_key = SIGNING_KEY
        self.userinfo_as_json = False
        self.requests = []

    def session(self):
        return FakeSession(self)

    def answer(self, method, url, **kwargs):
        self.requests.append((method, url, kwargs))
        if url == f"{SERVER}/.well-known/openid-configuration":
            return _response(url, json_body=DISCOVERY)
        if url == DISCOVERY["jwks_uri"]:
            return _response(url, json_body=_jwks())
        if url == DISCOVERY["token_endpoint"] and method == "POST":
            assert kwargs["data"]["code"] == "code-from-proconnect"
            id_token = _signed({"sub": CLAIMS["sub"], "nonce": self.nonce, "acr": "eidas1"})
            return _response(url, json_body={"access_token": "access", "token_type": "Bearer", "id_token": id_token})
        if url == DISCOVERY["userinfo_endpoint"]:
            assert kwargs["headers"]["Authorization"] == "Bearer access"
            if self.userinfo_as_json:
                return _response(url, json_body=CLAIMS)
            return _response(url, text=_signed(CLAIMS, self.userinfo_key), content_type="application/jwt")
        return _response(url, 404, text="not found", content_type="text/plain")


class FakeSession:
    def __init__(self, server):
        self.server = server

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def request(self, method, url, **kwargs):
        return self.server.answer(method.upper(), url, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


@pytest.fixture
def proconnect(settings, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "proconnect": {"APPS": [{"client_id": CLIENT_ID, "secret": "secret", "settings": {"server_url": SERVER}}]}
    }
    server = FakeProConnect()
    monkeypatch.setattr(DefaultSocialAccountAdapter, "get_requests_session", lambda self: server.session())
    return server


def start(client, server):
    """Clicks the ProConnect button; returns the authorization request's parameters."""
    response = client.post(reverse("proconnect_login"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == DISCOVERY["authorization_endpoint"]
    params = {key: values[0] for key, values in parse_qs(location.query).items()}
    server.nonce = params.get("nonce")
    return params


def come_back(client, params):
    return client.get(reverse("proconnect_callback"), {"code": "code-from-proconnect", "state": params["state"]})


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_login_url_redirects_to_proconnect_with_eidas1_the_scopes_and_a_nonce(client, proconnect):
    params = start(client, proconnect)

    assert params["acr_values"] == "eidas1"
    assert set(params["scope"].split()) == {"openid", "email", "given_name", "usual_name", "uid", "siret"}
    assert len(params["nonce"]) >= 32
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver" + reverse("proconnect_callback")
    assert params["state"]


def test_a_query_string_cannot_lower_the_level(client, proconnect):
    response = client.post(reverse("proconnect_login") + "?auth_params=acr_values%3Dnone")
    assert parse_qs(urlsplit(response["Location"]).query)["acr_values"] == ["eidas1"]


def test_the_callback_signs_the_agent_in_with_names_and_a_verified_email(client, proconnect):
    response = come_back(client, start(client, proconnect))

    assert response.status_code == 302 and response["Location"] == reverse("candidates:space")
    user = signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == ("camille.agent@finances.gouv.fr", "Camille", "Agent")
    assert user.roles == []
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("proconnect", "agent-42")
    assert account.extra_data["userinfo"]["siret"] == "11000101300017"
    assert not user.has_usable_password()


def test_a_second_sign_in_finds_the_same_account(client, proconnect):
    come_back(client, start(client, proconnect))
    client.logout()

    come_back(client, start(client, proconnect))

    assert signed_in_user(client) is not None
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_an_existing_account_with_the_same_verified_email_is_connected(client, proconnect):
    agent = UserFactory(email="camille.agent@finances.gouv.fr", roles=["administration_agent"])
    EmailAddress.objects.create(user=agent, email=agent.email, verified=True, primary=True)

    response = come_back(client, start(client, proconnect))

    assert response.status_code == 302
    assert signed_in_user(client) == agent
    assert SocialAccount.objects.get(provider="proconnect").user == agent
    agent.refresh_from_db()
    assert agent.roles == ["administration_agent"]
    assert User.objects.count() == 1


def test_a_userinfo_signed_by_another_key_is_refused(client, proconnect):
    proconnect.userinfo_key = FOREIGN_KEY

    response = come_back(client, start(client, proconnect))

    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert any(url == DISCOVERY["userinfo_endpoint"] for _, url, _ in proconnect.requests)
    assert signed_in_user(client) is None
    assert not User.objects.exists()


def test_an_id_token_with_another_nonce_is_refused(client, proconnect):
    params = start(client, proconnect)
    proconnect.nonce = "a-nonce-from-another-flow-0123456789"

    response = come_back(client, params)

    assert response.status_code == 401
    assert signed_in_user(client) is None
    assert not any(url == DISCOVERY["userinfo_endpoint"] for _, url, _ in proconnect.requests)


def test_a_json_userinfo_is_read_as_well(client, proconnect):
    proconnect.userinfo_as_json = True

    come_back(client, start(client, proconnect))

    assert signed_in_user(client).last_name == "Agent"


def test_the_sign_in_page_shows_the_proconnect_button_when_configured(client, proconnect):
    html = client.get(reverse("account_login")).text

    assert 'class="fr-connect-group"' in html and 'class="fr-connect"' in html
    assert f'action="{reverse("proconnect_login")}' in html
    assert "S’identifier avec" in html and '<span class="fr-connect__brand">ProConnect</span>' in html
    assert "Qu’est-ce que ProConnect ?" in html
    assert ' style="' not in html and "<script>" not in html


def test_without_a_client_id_there_is_no_button_and_no_login_url(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    assert "fr-connect" not in client.get(reverse("account_login")).text
    assert client.get(reverse("proconnect_login")).status_code == 404
    assert client.post(reverse("proconnect_login")).status_code == 404
    assert client.get(reverse("proconnect_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_signing_out_of_a_proconnect_session_ends_it_at_proconnect(client, proconnect):
    come_back(client, start(client, proconnect))
    id_token = client.session["proconnect_id_token"]

    response = client.post(reverse("account_logout"))

    assert signed_in_user(client) is None
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == DISCOVERY["end_session_endpoint"]
    params = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver" + reverse("public:home")
    assert params["state"]


def test_signing_out_of_an_email_session_stays_on_the_site(client, proconnect):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("public:home")
