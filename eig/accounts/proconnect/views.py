import json

from allauth.account.internal.decorators import login_not_required
from allauth.core.internal.deferred import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare

# What ProConnect signs with (its discovery document lists RS256 and ES256). Refusing
# anything else keeps a token from choosing its own check ("none", HMAC with the public key).
SIGNING_ALGORITHMS = {"RS256", "ES256"}
KEY_TYPES = {"RSA": "RS256", "EC": "ES256"}
# The id_token of the ProConnect sign-in, sent back as a hint when signing out (adapters.py).
LOGOUT_HINT_SESSION_KEY = "proconnect_id_token"


def lookup_kid(keys_data, kid):
    """The public key `kid` of a JWKS; like jwtkit.lookup_kid_jwk, but a key without "alg"
    takes the algorithm of its type (jwtkit would read an EC key as RSA)."""
    algorithms = jwt.algorithms.get_default_algorithms()
    for key in keys_data.get("keys", []):
        if key.get("kid") == kid:
            alg = key.get("alg") or KEY_TYPES.get(key.get("kty"))
            if alg not in SIGNING_ALGORITHMS:
                raise OAuth2Error(f"Unsupported signing algorithm: {alg}")
            return algorithms[alg].from_jwk(json.dumps(key))
    return None


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, with ProConnect's signed userinfo and a nonce."""

    provider_id = "proconnect"
    # Set by ProConnectCallbackView from allauth's per-flow state (it holds the nonce).
    state = None

    def __init__(self, request):
        super().__init__(request, self.provider_id)

    def get_callback_url(self, request, app):
        return build_absolute_uri(request, reverse("proconnect_callback"), self.redirect_uri_protocol)

    def _verify_and_decode(self, credential: str) -> dict:
        try:
            header = jwt.get_unverified_header(credential)
        except jwt.PyJWTError as e:
            raise OAuth2Error("ProConnect answered a malformed JWT") from e
        if header.get("alg") not in SIGNING_ALGORITHMS or not header.get("kid"):
            raise OAuth2Error(f"ProConnect JWT signed with {header.get('alg')!r}, or without key id")
        return jwtkit.verify_and_decode(
            credential=credential,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=self.get_provider().app.client_id,
            lookup_kid=lookup_kid,
        )

    def _decode_id_token(self, app, id_token: str) -> dict:
        # allauth skips the signature when the token came straight from the token endpoint
        # over TLS (allowed by OIDC Core 3.1.3.7); the keys are fetched for the userinfo
        # anyway, so the id_token is checked too.
        return self._verify_and_decode(id_token)

    def _fetch_user_info(self, access_token: str) -> dict:
        headers = {"Authorization": f"Bearer {access_token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/jwt":
            return self._verify_and_decode(response.text.strip())
        # A plain OpenID Connect server (or a future ProConnect) may answer JSON.
        return response.json()

    def complete_login(self, request, app, token, **kwargs):
        id_token_str = kwargs["response"].get("id_token")
        if not id_token_str:
            raise OAuth2Error("ProConnect returned no id_token")
        id_token = self._decode_id_token(app, id_token_str)
        expected_nonce = (self.state or {}).get("nonce")
        if not expected_nonce or not constant_time_compare(str(id_token.get("nonce", "")), expected_nonce):
            raise OAuth2Error("ProConnect id_token nonce mismatch")
        userinfo = self._fetch_user_info(token.token)
        if userinfo.get("sub") != id_token.get("sub"):
            raise OAuth2Error("ProConnect userinfo is about another subject")
        # Django keeps session data across the sign-in (it only renews the key).
        request.session[LOGOUT_HINT_SESSION_KEY] = id_token_str
        return self.get_provider().sociallogin_from_response(request, {"userinfo": userinfo, "id_token": id_token})


class ProConnectCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        # allauth hands the flow's state to the login only after complete_login; the
        # adapter needs its nonce before.
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


@login_not_required
def login(request):
    try:
        return OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist:
        # ProConnect is not configured (PROCONNECT_CLIENT_ID unset).
        raise Http404 from None


@login_not_required
def callback(request):
    try:
        return ProConnectCallbackView.adapter_view(ProConnectOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
