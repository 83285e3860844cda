from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
    _pick_data,
)
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import urlencode

from .views import ProConnectOAuth2Adapter

# Partenaires ProConnect, « implémentation technique FS »: eidas1 is the level every
# identity provider of the federation delivers.
ACR_VALUES = "eidas1"
SCOPES = ["openid", "email", "given_name", "usual_name", "uid", "siret"]


class ProConnectProvider(OpenIDConnectProvider):
    id = "proconnect"
    name = "ProConnect"
    account_class = OpenIDConnectProviderAccount
    oauth2_adapter_class = ProConnectOAuth2Adapter
    # Bearer-token sign-in (the headless API) is not offered to agents.
    supports_token_authentication = False

    def __init__(self, *args, **kwargs):
        # OpenIDConnectProvider takes its name from the app, often blank when configured in settings.
        OAuth2Provider.__init__(self, *args, **kwargs)
        self.name = self.app.name or "ProConnect"

    # One ProConnect app: plain URL names, without the openid_connect provider_id segment.
    def get_login_url(self, request, **kwargs):
        url = reverse("proconnect_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("proconnect_callback")

    def get_oauth2_adapter(self, request):
        return self.oauth2_adapter_class(request)

    def get_default_scope(self):
        return list(SCOPES)

    def get_auth_params(self):
        return {**super().get_auth_params(), "acr_values": ACR_VALUES}

    def get_auth_params_from_request(self, request, action):
        # A query string may add parameters (prompt, login_hint…) but never lower the level.
        return {**super().get_auth_params_from_request(request, action), "acr_values": ACR_VALUES}

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # The nonce travels in the authorization request and comes back inside the
        # id_token; it is kept in allauth's per-flow state (the session) to compare.
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        kwargs["auth_params"] = {**auth_params, "nonce": nonce}
        return super().redirect(request, process, next_url, data, nonce=nonce, **kwargs)

    def extract_common_fields(self, data):
        data = _pick_data(data)
        return {
            "email": (data.get("email") or "").lower() or None,
            "first_name": data.get("given_name") or "",
            "last_name": data.get("usual_name") or "",
        }

    def extract_email_addresses(self, data):
        data = _pick_data(data)
        email = (data.get("email") or "").lower()
        if not email:
            return []
        # ProConnect vouches for the professional address of the agent it signs in.
        return [EmailAddress(email=email, verified=True, primary=True)]


provider_classes = [ProConnectProvider]
